//! The models behind one handle: loaded on first use, once, and shared by
//! every thread (the app runs detection off its UI thread; the CLI runs one
//! photo after another).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use image::RgbImage;

use clearpost_assets::{locate_in, Asset, CENTERFACE, OCR_DET, OCR_REC};

use crate::error::Result;
use crate::faces::{FaceDetector, FaceOptions};
use crate::records::{group_lines, interim_verdict, Line};
use crate::region::{Origin, Region, RegionKind};
use crate::text_detect::{TextDetectOptions, TextDetector};
use crate::text_recognize::TextRecognizer;

/// A recognised line below this mean character probability is treated as
/// unread (RapidOCR's default `text_score`).
const MIN_TEXT_SCORE: f32 = 0.5;

/// What to look for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DetectOptions {
    /// Look for faces.
    pub faces: bool,
    /// Look for records (text regions).
    pub records: bool,
    /// Read the text of records (slower; needed to classify them).
    pub read_text: bool,
    /// Face search settings.
    pub face: FaceOptions,
    /// Text search settings.
    pub text: TextDetectOptions,
}

impl Default for DetectOptions {
    fn default() -> Self {
        DetectOptions {
            faces: true,
            records: true,
            read_text: true,
            face: FaceOptions::default(),
            text: TextDetectOptions::default(),
        }
    }
}

/// Lazily loaded, shared models.
pub struct Vision {
    models_dir: PathBuf,
    faces: Lazy<FaceDetector>,
    text: Lazy<TextDetector>,
    reader: Lazy<TextRecognizer>,
}

impl std::fmt::Debug for Vision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vision")
            .field("models_dir", &self.models_dir)
            .finish_non_exhaustive()
    }
}

/// A model loaded on first use; a failed load is retried next time (the file
/// may have been fetched meanwhile).
#[derive(Debug)]
struct Lazy<T>(Mutex<Option<Arc<T>>>);

impl<T> Lazy<T> {
    fn new() -> Self {
        Lazy(Mutex::new(None))
    }

    fn get(&self, load: impl FnOnce() -> Result<T>) -> Result<Arc<T>> {
        let mut slot = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(value) = slot.as_ref() {
            return Ok(value.clone());
        }
        let value = Arc::new(load()?);
        *slot = Some(value.clone());
        Ok(value)
    }
}

impl Vision {
    /// Models from `models_dir` (nothing is read until first use).
    pub fn new(models_dir: &Path) -> Vision {
        Vision {
            models_dir: models_dir.to_path_buf(),
            faces: Lazy::new(),
            text: Lazy::new(),
            reader: Lazy::new(),
        }
    }

    /// The process-wide instance over the default models folder
    /// ([`clearpost_assets::assets_dir`]).
    pub fn shared() -> &'static Vision {
        static SHARED: OnceLock<Vision> = OnceLock::new();
        SHARED.get_or_init(|| Vision::new(&clearpost_assets::assets_dir()))
    }

    fn path(&self, asset: &Asset) -> Result<PathBuf> {
        Ok(locate_in(&self.models_dir, asset)?)
    }

    /// The face detector, loading it if needed.
    pub fn face_detector(&self) -> Result<Arc<FaceDetector>> {
        self.faces
            .get(|| FaceDetector::load(&self.path(&CENTERFACE)?))
    }

    /// The text line detector, loading it if needed.
    pub fn text_detector(&self) -> Result<Arc<TextDetector>> {
        self.text.get(|| TextDetector::load(&self.path(&OCR_DET)?))
    }

    /// The text recogniser, loading it if needed.
    pub fn text_recognizer(&self) -> Result<Arc<TextRecognizer>> {
        self.reader
            .get(|| TextRecognizer::load(&self.path(&OCR_REC)?))
    }

    /// Faces and records in an upright image, faces first.
    pub fn detect(&self, image: &RgbImage, options: &DetectOptions) -> Result<Vec<Region>> {
        let mut regions = Vec::new();
        if options.faces {
            regions.extend(self.face_detector()?.detect(image, &options.face)?);
        }
        if options.records {
            regions.extend(self.records(image, options)?);
        }
        Ok(regions)
    }

    fn records(&self, image: &RgbImage, options: &DetectOptions) -> Result<Vec<Region>> {
        let boxes = self.text_detector()?.detect(image, &options.text)?;
        let reader = if options.read_text && !boxes.is_empty() {
            Some(self.text_recognizer()?)
        } else {
            None
        };
        let mut lines = Vec::with_capacity(boxes.len());
        for b in boxes {
            let text = match &reader {
                Some(reader) => {
                    let read = reader.recognise(image, &b.rect)?;
                    if read.score >= MIN_TEXT_SCORE {
                        read.text
                    } else {
                        String::new()
                    }
                }
                None => String::new(),
            };
            lines.push(Line {
                rect: b.rect,
                score: b.score,
                text,
            });
        }
        group_lines(&lines)
            .into_iter()
            .map(|record| {
                Ok(Region {
                    kind: RegionKind::Record,
                    rect: record.rect,
                    score: record.score,
                    // The shape of its tokens only: what the text says is
                    // classified by the application with the organisation's policy.
                    verdict: interim_verdict(&record.text),
                    text: options.read_text.then_some(record.text),
                    landmarks: Vec::new(),
                    origin: Origin::Detector,
                })
            })
            .collect()
    }
}
