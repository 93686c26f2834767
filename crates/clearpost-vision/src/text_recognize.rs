//! Reading a text line with PP-OCRv4's recogniser (an SVTR/CRNN network with
//! CTC output). The character dictionary is the `character` entry of the
//! model's ONNX metadata (one character per line), as RapidOCR reads it.

use std::path::Path;

use image::{imageops, RgbImage};

use crate::engine::OnnxModel;
use crate::error::{Result, VisionError};
use crate::geometry::Rect;

/// The model's input height.
const INPUT_HEIGHT: u32 = 48;
/// Input widths lines are padded to (each needs its own compiled plan);
/// wider lines are squeezed into the widest.
const WIDTH_BUCKETS: [u32; 5] = [160, 320, 640, 960, 1280];

/// A recognised line.
#[derive(Debug, Clone, PartialEq)]
pub struct Recognised {
    /// The text, without leading or trailing spaces.
    pub text: String,
    /// Mean probability of the characters read (0 when none).
    pub score: f32,
}

/// The recognition model and its dictionary, loaded once.
#[derive(Debug)]
pub struct TextRecognizer {
    model: OnnxModel,
    /// Index 0 is the CTC blank; then the dictionary; then a space.
    characters: Vec<String>,
}

impl TextRecognizer {
    /// Loads `ch_PP-OCRv4_rec_infer.onnx` and its embedded dictionary.
    pub fn load(path: &Path) -> Result<TextRecognizer> {
        let model = OnnxModel::load("ppocr-rec", path, None)?;
        let dictionary = model
            .metadata("character")
            .ok_or_else(|| VisionError::Model {
                model: "ppocr-rec",
                message: "the model has no `character` dictionary in its metadata".into(),
            })?;
        let mut characters = vec![String::new()];
        characters.extend(dictionary.lines().map(str::to_owned));
        characters.push(" ".into());
        Ok(TextRecognizer { model, characters })
    }

    /// How many classes the decoder knows (blank + dictionary + space).
    pub fn class_count(&self) -> usize {
        self.characters.len()
    }

    /// Reads the text inside `rect` of `image`.
    pub fn recognise(&self, image: &RgbImage, rect: &Rect) -> Result<Recognised> {
        let (iw, ih) = image.dimensions();
        let Some((x0, y0, x1, y1)) = rect.pixel_bounds(iw, ih) else {
            return Ok(Recognised {
                text: String::new(),
                score: 0.0,
            });
        };
        let mut crop = imageops::crop_imm(image, x0, y0, x1 - x0, y1 - y0).to_image();
        // Vertical lines are read turned a quarter (PaddleOCR does the same).
        if crop.height() as f32 >= 1.5 * crop.width() as f32 {
            crop = imageops::rotate270(&crop);
        }
        let (cw, ch) = crop.dimensions();
        let natural = ((cw as f32 * INPUT_HEIGHT as f32 / ch as f32).ceil() as u32).max(1);
        let bucket = WIDTH_BUCKETS
            .iter()
            .copied()
            .find(|&b| natural <= b)
            .unwrap_or(WIDTH_BUCKETS[WIDTH_BUCKETS.len() - 1]);
        let resized_w = natural.min(bucket);
        let resized = imageops::resize(
            &crop,
            resized_w,
            INPUT_HEIGHT,
            imageops::FilterType::Triangle,
        );
        let plane = (bucket * INPUT_HEIGHT) as usize;
        // Normalised to -1..1; the padding stays 0, as RapidOCR pads.
        let mut data = vec![0f32; 3 * plane];
        for (x, y, p) in resized.enumerate_pixels() {
            let i = (y * bucket + x) as usize;
            for (c, value) in [p[2], p[1], p[0]].into_iter().enumerate() {
                data[c * plane + i] = (value as f32 / 255.0 - 0.5) / 0.5;
            }
        }
        let outputs = self
            .model
            .run(&[1, 3, INPUT_HEIGHT as usize, bucket as usize], data)?;
        let out = outputs.first().ok_or_else(|| VisionError::Model {
            model: "ppocr-rec",
            message: "no output".into(),
        })?;
        let classes = *out.shape.last().unwrap_or(&0);
        if classes != self.characters.len() {
            return Err(VisionError::Model {
                model: "ppocr-rec",
                message: format!(
                    "output has {classes} classes but the dictionary {}",
                    self.characters.len()
                ),
            });
        }
        Ok(ctc_greedy(&out.values, classes, &self.characters))
    }
}

/// Greedy CTC decoding: the best class per time step, repeats merged, blanks
/// (class 0) dropped.
fn ctc_greedy(probs: &[f32], classes: usize, characters: &[String]) -> Recognised {
    let mut text = String::new();
    let mut confidences = Vec::new();
    let mut previous = 0usize;
    for step in probs.chunks_exact(classes) {
        let (best, p) = step
            .iter()
            .copied()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap_or((0, 0.0));
        if best != 0 && best != previous {
            text.push_str(&characters[best]);
            confidences.push(p);
        }
        previous = best;
    }
    let score = if confidences.is_empty() {
        0.0
    } else {
        confidences.iter().sum::<f32>() / confidences.len() as f32
    };
    Recognised {
        text: text.trim().to_owned(),
        score,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctc_merges_repeats_and_drops_blanks() {
        let chars: Vec<String> = ["", "a", "b", " "].iter().map(|s| s.to_string()).collect();
        // Steps: a a blank a b b  -> "aab"
        let steps = [1, 1, 0, 1, 2, 2];
        let mut probs = Vec::new();
        for s in steps {
            let mut row = vec![0.0f32; 4];
            row[s] = 0.8;
            probs.extend(row);
        }
        let r = ctc_greedy(&probs, 4, &chars);
        assert_eq!(r.text, "aab");
        assert!((r.score - 0.8).abs() < 1e-6);
    }
}
