//! A draft's photo in the app's Photos panel: looked at when attached (its
//! metadata, the faces and records in it, and the PHI in what the records
//! say, classified with the organisation's policy like the text), and saved
//! as a redacted copy with no metadata. Where it is stored is
//! [`crate::review::photos`]; the CLI's file-to-file counterpart is
//! [`crate::photo_files`].

use std::path::Path;

use serde::Serialize;

use crate::audit::store::{AttachmentStore, StoreError};
use crate::input::{self, InputError};
use crate::meta::{self, MetaError, MetadataReport};
use crate::phi::{Policy, Scanner};
use crate::review::photos::{BoxPhi, BoxRect, DraftPhoto, PhotoBox};
use crate::vision::{
    self, DetectOptions, Picture, Rect, RedactionStyle, Region, Vision, VisionError,
};

/// Why a photo could not be looked at or saved.
#[derive(Debug, thiserror::Error)]
pub enum PhotoEditError {
    /// The file could not be read, or is too large.
    #[error(transparent)]
    Input(#[from] InputError),
    /// Not a photo the metadata engine reads.
    #[error("this is not a photo Clearpost can read (JPEG, PNG, HEIC/HEIF, AVIF, WebP, TIFF or GIF expected)")]
    NotAPhoto(#[source] MetaError),
    /// Decoding, detecting or encoding failed (a picture over the pixel
    /// limit is refused here, from its header).
    #[error(transparent)]
    Vision(#[from] VisionError),
    /// The content store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The saved copy could not be checked.
    #[error("checking the saved photo")]
    Check(#[source] MetaError),
}

/// Where looking at a photo is, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Reading and checking the file.
    Reading,
    /// Looking for faces.
    Faces,
    /// Looking for records (charts, wristbands, badges, screens).
    Records,
    /// Finished.
    Done,
}

/// What looking at one photo found; its bytes are in the store as `sha256`.
#[derive(Debug, Clone)]
pub struct Analysed {
    /// The original in the content store.
    pub sha256: String,
    /// Upright width and height.
    pub width: u32,
    /// Upright height.
    pub height: u32,
    /// Faces and records found, each covered unless the author dismisses it.
    pub boxes: Vec<PhotoBox>,
    /// The metadata report of the original.
    pub metadata: MetadataReport,
    /// The format its redacted copy is written in (JPEG for HEIC/HEIF and
    /// AVIF, PNG for WebP, TIFF and GIF; the original's for JPEG and PNG).
    pub written_as: vision::OutputFormat,
}

/// Reads the photo at `path` (within [`crate::limits`]), stores it, and finds
/// its faces and records, classifying what the records say with `policy`.
/// `report` hears each [`Stage`]. Takes
/// seconds on a large photo: call it off any async runtime.
pub fn analyse(
    store: &AttachmentStore,
    path: &Path,
    scanner: &Scanner,
    policy: &Policy,
    report: impl Fn(Stage),
) -> Result<Analysed, PhotoEditError> {
    report(Stage::Reading);
    let bytes = input::read_photo(path)?;
    let metadata = meta::inspect(&bytes).map_err(PhotoEditError::NotAPhoto)?;
    let picture = vision::decode_upright(&bytes)?;
    let (width, height) = picture.image.dimensions();
    let sha256 = store.put(&bytes)?;
    let vision = Vision::shared();
    // One kind at a time, so the progress bar can say which.
    let detect = |faces: bool, records: bool| {
        let options = DetectOptions {
            faces,
            records,
            ..DetectOptions::default()
        };
        vision.detect(&picture.image, &options)
    };
    report(Stage::Faces);
    let faces = detect(true, false)?;
    report(Stage::Records);
    let records = detect(false, true)?;
    report(Stage::Done);
    let boxes = boxes_of(faces.iter().chain(&records), width, height, scanner, policy);
    Ok(Analysed {
        sha256,
        width,
        height,
        boxes,
        metadata,
        written_as: picture.format,
    })
}

/// Redacts the photo's included boxes irreversibly at full size in `style`
/// and stores the picture with no metadata: its hash, and what the saved
/// file still carries by the metadata engine (empty when clean).
pub fn save_redacted(
    store: &AttachmentStore,
    photo: &DraftPhoto,
    style: RedactionStyle,
) -> Result<(String, MetadataReport), PhotoEditError> {
    let original = store.get(&photo.original_sha256)?;
    let mut picture = vision::decode_upright(&original)?;
    redact(&mut picture, &photo.boxes, 1.0, style);
    let clean = vision::encode_clean(&picture.image, picture.format)?;
    let report = meta::inspect(&clean).map_err(PhotoEditError::Check)?;
    Ok((store.put(&clean)?, report))
}

/// One metadata item in plain words.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetadataItem {
    /// The family ("GPS position", "device", ...).
    pub label: String,
    /// What it says.
    pub detail: String,
}

/// The metadata engine's findings in plain words.
pub fn metadata_items(report: &meta::MetadataReport) -> Vec<MetadataItem> {
    report
        .findings
        .iter()
        .map(|f| MetadataItem {
            label: f.kind.label().to_string(),
            detail: f.detail.clone(),
        })
        .collect()
}

/// Plain-words items and the count of removable blocks from a report as
/// stored with a draft's photo ([`DraftPhoto::metadata`]).
pub fn stored_metadata(metadata: &serde_json::Value) -> (Vec<MetadataItem>, usize) {
    let items = metadata["findings"]
        .as_array()
        .map(|findings| {
            findings
                .iter()
                .map(|f| MetadataItem {
                    label: label_of(f["kind"].as_str().unwrap_or("other")).to_string(),
                    detail: f["detail"].as_str().unwrap_or("").to_string(),
                })
                .collect()
        })
        .unwrap_or_default();
    let blocks = metadata["blocks"]
        .as_array()
        .map(|blocks| blocks.iter().filter(|b| b["kept"] == false).count())
        .unwrap_or(0);
    (items, blocks)
}

/// The metadata engine's label for a serialised finding kind.
fn label_of(kind: &str) -> &'static str {
    use meta::FindingKind::*;
    [
        GpsPosition,
        DateTime,
        Device,
        SerialNumber,
        Person,
        Software,
        Thumbnail,
        Comment,
        MakerNote,
        Other,
    ]
    .into_iter()
    .find(|k| {
        serde_json::to_value(k)
            .ok()
            .as_ref()
            .and_then(|v| v.as_str())
            == Some(kind)
    })
    .unwrap_or(Other)
    .label()
}

/// Paints the included `boxes` (full-size coordinates) on `picture`, which
/// is `scale` times the full size (a preview).
pub fn redact(picture: &mut Picture, boxes: &[PhotoBox], scale: f32, style: RedactionStyle) {
    vision::redact(&mut picture.image, &regions_of(boxes, scale), style);
}

/// Detector regions as stored boxes; a record's text is scanned for PHI with
/// the organisation's `policy` (suppressed findings left out).
pub fn boxes_of<'a>(
    regions: impl Iterator<Item = &'a Region>,
    width: u32,
    height: u32,
    scanner: &Scanner,
    policy: &Policy,
) -> Vec<PhotoBox> {
    let mut boxes = Vec::new();
    for region in regions {
        let Some((x0, y0, x1, y1)) = region.rect.pixel_bounds(width, height) else {
            continue;
        };
        if x1 <= x0 || y1 <= y0 {
            continue;
        }
        let kind = region.kind;
        let text = region.text.clone().filter(|t| !t.trim().is_empty());
        let phi = text
            .as_deref()
            .map(|t| {
                scanner
                    .scan_plain(t, policy)
                    .into_iter()
                    .filter(|f| !f.suppressed)
                    .map(|f| BoxPhi {
                        category: f.category.as_str().to_string(),
                        blocking: f.is_blocking(),
                        excerpt: f.text,
                    })
                    .collect()
            })
            .unwrap_or_default();
        boxes.push(PhotoBox {
            id: format!("{kind}-{}", boxes.len() + 1),
            kind,
            rect: BoxRect {
                x: x0,
                y: y0,
                w: x1 - x0,
                h: y1 - y0,
            },
            score: region.score.clamp(0.0, 1.0),
            // Everything found is covered unless the author dismisses it.
            included: true,
            text,
            phi,
        });
    }
    boxes
}

/// The included boxes as regions to paint, scaled by `scale`.
pub fn regions_of(boxes: &[PhotoBox], scale: f32) -> Vec<Region> {
    boxes
        .iter()
        .filter(|b| b.included)
        .map(|b| {
            let rect = Rect::new(
                b.rect.x as f32 * scale,
                b.rect.y as f32 * scale,
                b.rect.w as f32 * scale,
                b.rect.h as f32 * scale,
            );
            let mut region = Region::manual(rect);
            region.kind = b.kind;
            region
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vision::RegionKind;

    fn face(id: &str, included: bool) -> PhotoBox {
        PhotoBox {
            id: id.into(),
            kind: RegionKind::Face,
            rect: BoxRect {
                x: 100,
                y: 50,
                w: 40,
                h: 20,
            },
            score: 0.9,
            included,
            text: None,
            phi: vec![],
        }
    }

    #[test]
    fn stored_report_reads_back_in_plain_words() {
        let metadata = serde_json::json!({
            "findings": [
                {"kind": "gps_position", "detail": "GPS position 33.49000° N, 111.92000° W"},
                {"kind": "device", "detail": "Apple iPhone 12"}
            ],
            "blocks": [{"kept": false}, {"kept": true}, {"kept": false}]
        });
        let (items, blocks) = stored_metadata(&metadata);
        assert_eq!(blocks, 2);
        assert_eq!(items[0].label, "GPS position");
        assert!(items[0].detail.contains("33.49"));
        assert_eq!(items[1].label, "device");
    }

    #[test]
    fn only_included_boxes_are_painted_at_the_preview_scale() {
        let regions = regions_of(&[face("a", true), face("b", false)], 0.5);
        assert_eq!(regions.len(), 1);
        assert_eq!(regions[0].rect, Rect::new(50.0, 25.0, 20.0, 10.0));
        assert_eq!(regions[0].kind, RegionKind::Face);
    }

    #[test]
    fn a_record_reading_an_email_address_is_classified_with_the_policy() {
        let mut record = Region::manual(Rect::new(10.0, 10.0, 30.0, 8.0));
        record.kind = RegionKind::Record;
        record.text = Some("Write to quill.harrow@example.org".into());
        let blank = {
            let mut r = Region::manual(Rect::new(60.0, 10.0, 20.0, 20.0));
            r.kind = RegionKind::Record;
            r.text = Some("   ".into());
            r
        };
        let scanner = Scanner::without_lists();
        let boxes = boxes_of(
            [record, blank].iter(),
            100,
            100,
            &scanner,
            &Policy::default(),
        );
        assert_eq!(boxes.len(), 2);
        assert_eq!(
            (boxes[0].id.as_str(), boxes[0].kind),
            ("record-1", RegionKind::Record)
        );
        assert!(boxes[0].included);
        assert!(
            boxes[0].phi.iter().any(|p| p.category == "email_address"),
            "{:?}",
            boxes[0].phi
        );
        assert_eq!(boxes[1].text, None, "blank text is no text");
        assert!(boxes[1].phi.is_empty());
    }

    #[test]
    fn non_images_and_missing_files_are_refused_clearly() {
        let dir = tempfile::tempdir().unwrap();
        let store = AttachmentStore::new(dir.path());
        let text = dir.path().join("notes.jpg");
        std::fs::write(&text, b"not a photo at all").unwrap();
        let scanner = Scanner::without_lists();
        let analyse = |path: &Path| analyse(&store, path, &scanner, &Policy::default(), |_| {});
        let err = analyse(&text).unwrap_err().to_string();
        assert!(err.contains("not a photo"), "{err}");
        assert!(matches!(
            analyse(&dir.path().join("missing.jpg")),
            Err(PhotoEditError::Input(_))
        ));
    }
}
