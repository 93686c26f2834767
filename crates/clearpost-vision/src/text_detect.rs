//! Text line detection with PP-OCRv4's DBNet: a per-pixel "text" probability
//! map, thresholded, split into connected components, each grown back to the
//! full line ("unclipped", since DBNet predicts shrunk text kernels).

use std::path::Path;

use image::{imageops, GrayImage, Luma, RgbImage};
use imageproc::region_labelling::{connected_components, Connectivity};

use crate::engine::OnnxModel;
use crate::error::{Result, VisionError};
use crate::geometry::Rect;

/// Sides are padded to a multiple of this (DBNet needs 32; 64 means fewer
/// distinct shapes to compile).
const PAD_MULTIPLE: u32 = 64;
/// ImageNet normalisation PaddleOCR applies (to BGR channels, in that order).
const MEAN: [f32; 3] = [0.485, 0.456, 0.406];
const STD: [f32; 3] = [0.229, 0.224, 0.225];

/// How text lines are searched for (PaddleOCR / RapidOCR defaults unless said).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextDetectOptions {
    /// The longer side of the model input; larger photos are scaled down
    /// (DBNet costs ~2.8 s on a 1504×2016 input), smaller ones up to 640.
    pub max_side: u32,
    /// A pixel is text when its probability exceeds this.
    pub pixel_threshold: f32,
    /// A line is kept when its mean probability exceeds this.
    pub box_threshold: f32,
    /// How far a shrunk kernel is grown back: area × ratio / perimeter.
    pub unclip_ratio: f32,
}

impl Default for TextDetectOptions {
    fn default() -> Self {
        TextDetectOptions {
            max_side: 1280,
            pixel_threshold: 0.3,
            box_threshold: 0.5,
            unclip_ratio: 1.6,
        }
    }
}

/// A detected text line in image pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineBox {
    /// Where.
    pub rect: Rect,
    /// Mean text probability of its pixels.
    pub score: f32,
}

/// The DBNet model, loaded once.
#[derive(Debug)]
pub struct TextDetector {
    model: OnnxModel,
}

impl TextDetector {
    /// Loads `ch_PP-OCRv4_det_infer.onnx`.
    pub fn load(path: &Path) -> Result<TextDetector> {
        Ok(TextDetector {
            model: OnnxModel::load("ppocr-det", path, None)?,
        })
    }

    /// Text lines in `image`, in its pixel coordinates.
    pub fn detect(&self, image: &RgbImage, options: &TextDetectOptions) -> Result<Vec<LineBox>> {
        let (width, height) = image.dimensions();
        if width == 0 || height == 0 {
            return Ok(Vec::new());
        }
        let long = width.max(height) as f32;
        let scale = long.clamp(640.0, options.max_side.max(64) as f32) / long;
        let sw = ((width as f32 * scale).round() as u32).max(1);
        let sh = ((height as f32 * scale).round() as u32).max(1);
        let scaled = imageops::resize(image, sw, sh, imageops::FilterType::Triangle);
        let pw = sw.div_ceil(PAD_MULTIPLE) * PAD_MULTIPLE;
        let ph = sh.div_ceil(PAD_MULTIPLE) * PAD_MULTIPLE;
        let plane = (pw * ph) as usize;
        let mut data = vec![0f32; 3 * plane];
        for (x, y, p) in scaled.enumerate_pixels() {
            let i = (y * pw + x) as usize;
            // BGR order, as PaddleOCR reads images with OpenCV.
            for (c, value) in [p[2], p[1], p[0]].into_iter().enumerate() {
                data[c * plane + i] = (value as f32 / 255.0 - MEAN[c]) / STD[c];
            }
        }
        let outputs = self.model.run(&[1, 3, ph as usize, pw as usize], data)?;
        let prob = outputs.first().ok_or_else(|| VisionError::Model {
            model: "ppocr-det",
            message: "no output".into(),
        })?;
        if prob.values.len() != plane {
            return Err(VisionError::Model {
                model: "ppocr-det",
                message: format!("unexpected output shape {:?}", prob.shape),
            });
        }
        let lines = lines_from_probability(&prob.values, pw, sw, sh, options);
        Ok(lines
            .into_iter()
            .map(|l| LineBox {
                rect: l.rect.scale(1.0 / scale).clamp_to(width, height),
                score: l.score,
            })
            .filter(|l| l.rect.area() > 0.0)
            .collect())
    }
}

/// Lines from a probability map of row length `stride`, looking only at its
/// top-left `width` × `height` (the rest is padding).
fn lines_from_probability(
    prob: &[f32],
    stride: u32,
    width: u32,
    height: u32,
    options: &TextDetectOptions,
) -> Vec<LineBox> {
    let binary = GrayImage::from_fn(width, height, |x, y| {
        Luma([u8::from(
            prob[(y * stride + x) as usize] > options.pixel_threshold,
        )])
    });
    let labels = connected_components(&binary, Connectivity::Eight, Luma([0u8]));
    // Per label: bounds, probability sum and pixel count.
    struct Component {
        x0: u32,
        y0: u32,
        x1: u32,
        y1: u32,
        sum: f32,
        count: u32,
    }
    let mut components: Vec<Option<Component>> = Vec::new();
    for (x, y, label) in labels.enumerate_pixels() {
        let label = label[0] as usize;
        if label == 0 {
            continue;
        }
        if components.len() <= label {
            components.resize_with(label + 1, || None);
        }
        let p = prob[(y * stride + x) as usize];
        let c = components[label].get_or_insert(Component {
            x0: x,
            y0: y,
            x1: x,
            y1: y,
            sum: 0.0,
            count: 0,
        });
        c.x0 = c.x0.min(x);
        c.y0 = c.y0.min(y);
        c.x1 = c.x1.max(x);
        c.y1 = c.y1.max(y);
        c.sum += p;
        c.count += 1;
    }
    components
        .into_iter()
        .flatten()
        .filter_map(|c| {
            let w = (c.x1 - c.x0 + 1) as f32;
            let h = (c.y1 - c.y0 + 1) as f32;
            let score = c.sum / c.count as f32;
            // PaddleOCR drops kernels under 3 px and low-confidence ones.
            if w.min(h) < 3.0 || score < options.box_threshold {
                return None;
            }
            let grow = w * h * options.unclip_ratio / (2.0 * (w + h));
            let rect = Rect::new(c.x0 as f32, c.y0 as f32, w, h)
                .expand(grow, grow)
                .clamp_to(width, height);
            Some(LineBox { rect, score })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_probability_blob_becomes_one_unclipped_line_and_padding_is_ignored() {
        let (stride, w, h) = (64u32, 60u32, 40u32);
        let mut prob = vec![0f32; (stride * 64) as usize];
        for y in 10..16 {
            for x in 10..40 {
                prob[(y * stride + x) as usize] = 0.9;
            }
        }
        // Probability in the padding (x >= 60) must not count.
        prob[(5 * stride + 62) as usize] = 0.99;
        let lines = lines_from_probability(&prob, stride, w, h, &TextDetectOptions::default());
        assert_eq!(lines.len(), 1);
        let r = lines[0].rect;
        // 30x6 kernel grown by 30*6*1.6/72 = 4 px on each side.
        assert!(
            (r.x - 6.0).abs() < 1e-3 && (r.w - 38.0).abs() < 1e-3,
            "{r:?}"
        );
        assert!((lines[0].score - 0.9).abs() < 1e-6);
    }

    #[test]
    fn faint_or_tiny_blobs_are_dropped() {
        let stride = 32u32;
        let mut prob = vec![0f32; 32 * 32];
        for x in 2..20 {
            prob[(3 * stride + x) as usize] = 0.9; // 1 px tall
            prob[(10 * stride + x) as usize] = 0.35;
            prob[(11 * stride + x) as usize] = 0.35;
            prob[(12 * stride + x) as usize] = 0.35; // mean 0.35 < 0.5
        }
        let lines = lines_from_probability(&prob, stride, 32, 32, &TextDetectOptions::default());
        assert!(lines.is_empty(), "{lines:?}");
    }
}
