//! End to end: an iPhone HEIC (from the shared metadata corpus, read at run
//! time) goes through `clearpost detect` and `clearpost redact`. Coordinates
//! are those of the upright photo (libheif applies the container's rotation),
//! the copy is a JPEG with no metadata whose hand-drawn box is painted over
//! and whose other pixels are the photo's, and the report says it was written
//! as JPEG. A damaged HEIC is a clear error, not a panic.
//!
//! Skips (a `SKIP:` line) without `../shared` or, for detection, without the
//! fetched models; under `CI=true` either fails instead.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use clearpost_core::{meta, vision};
use image::RgbImage;
use serde_json::Value;

/// An iPhone 13 Pro Max photo: 4032×3024 coded, shown as a 3024×4032
/// portrait (`irot`, and EXIF orientation 6), with maker notes, an ICC
/// profile and a thumbnail.
const IPHONE: &str = "exif-samples/heic__mobile__iphone_13_pro_max.HEIC";

/// The hand-drawn box the redaction must cover, in upright pixels.
const BOX: (u32, u32, u32, u32) = (1100, 1700, 800, 600);

/// A copy of the iPhone photo in `dir` named as the phone names it, or `None`
/// after a skip.
fn iphone_photo(dir: &Path) -> Option<PathBuf> {
    let original = common::skip::shared("corpus/metadata")?.join(IPHONE);
    if !original.is_file() {
        common::skip::skip(format!("{} is missing", original.display()));
        return None;
    }
    let photo = dir.join("IMG_0042.HEIC");
    fs::copy(original, &photo).unwrap();
    Some(photo)
}

fn write_box(dir: &Path) -> PathBuf {
    let (x, y, w, h) = BOX;
    let path = dir.join("boxes.json");
    let boxes = serde_json::json!([{ "x": x, "y": y, "w": w, "h": h }]);
    fs::write(&path, boxes.to_string()).unwrap();
    path
}

fn arg(path: &Path) -> String {
    path.display().to_string()
}

/// The mean over `block` (x, y, w, h) of the summed absolute channel
/// differences, and the share of pixels that differ by more than 48.
fn difference(a: &RgbImage, b: &RgbImage, block: (u32, u32, u32, u32)) -> (f64, f64) {
    let (x0, y0, w, h) = block;
    let (mut total, mut changed) = (0u64, 0u64);
    for y in y0..y0 + h {
        for x in x0..x0 + w {
            let (p, q) = (a.get_pixel(x, y), b.get_pixel(x, y));
            let d: u64 = (0..3).map(|c| u64::from(p[c].abs_diff(q[c]))).sum();
            total += d;
            changed += u64::from(d > 48);
        }
    }
    let n = f64::from(w * h);
    (total as f64 / n, changed as f64 / n)
}

/// A 64×64 block of the upright photo that no reported region (grown by
/// half its size on each side, for the painted margin) touches.
fn untouched_block(regions: &[Value], width: u32, height: u32) -> (u32, u32, u32, u32) {
    let near = |x: u32, y: u32| {
        regions.iter().any(|r| {
            let get = |k: &str| r[k].as_f64().unwrap();
            let (rx, ry, rw, rh) = (get("x"), get("y"), get("w"), get("h"));
            let (x, y) = (f64::from(x), f64::from(y));
            x + 64.0 > rx - rw / 2.0
                && x < rx + 1.5 * rw
                && y + 64.0 > ry - rh / 2.0
                && y < ry + 1.5 * rh
        })
    };
    (0..height - 64)
        .step_by(256)
        .flat_map(|y| (0..width - 64).step_by(256).map(move |x| (x, y)))
        .find(|&(x, y)| !near(x, y))
        .map(|(x, y)| (x, y, 64, 64))
        .expect("some part of the photo is not redacted")
}

#[test]
fn an_iphone_heic_is_detected_and_redacted_into_a_clean_jpeg() {
    if !common::models_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let Some(photo) = iphone_photo(dir.path()) else {
        return;
    };
    let data = dir.path().join("data");

    let detect = ["detect".to_string(), "--json".into(), arg(&photo)];
    let detected: Value = serde_json::from_str(&common::ok(&data, &detect)).unwrap();
    assert_eq!(detected["width"], 3024, "{detected}");
    assert_eq!(detected["height"], 4032, "{detected}");

    let out = dir.path().join("out");
    let redact = [
        "redact".to_string(),
        arg(&photo),
        "-o".into(),
        arg(&out),
        "--boxes".into(),
        arg(&write_box(dir.path())),
        "--json".into(),
    ];
    let report: Value = serde_json::from_str(&common::ok(&data, &redact)).unwrap();
    assert_eq!(report["written_as"], "JPEG", "{report}");
    assert_eq!(report["converted_from"], "HEIF", "{report}");
    let copy = out.join("IMG_0042.jpg");
    assert_eq!(report["output"], arg(&copy), "{report}");
    let regions = report["regions"].as_array().unwrap();
    assert!(
        regions
            .iter()
            .any(|r| r["origin"] == "user" && r["redacted"] == true),
        "{report}"
    );

    let bytes = fs::read(&copy).unwrap();
    assert!(
        bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        "the copy is not a JPEG"
    );
    let left = meta::inspect(&bytes).unwrap();
    assert!(left.is_clean(), "metadata left in the copy: {left:?}");

    let before = vision::decode_upright(&fs::read(&photo).unwrap())
        .unwrap()
        .image;
    let after = image::load_from_memory(&bytes).unwrap().to_rgb8();
    assert_eq!(after.dimensions(), before.dimensions());
    // Inside the box (inset past JPEG's 8×8 blocks at its edge) the photo is
    // gone: one flat colour where the photo had other pixels.
    let (x, y, w, h) = BOX;
    let inside = (x + 8, y + 8, w - 16, h - 16);
    let (mean, _) = difference(&before, &after, inside);
    assert!(mean > 20.0, "the box barely changed: {mean:.1}");
    let first = *after.get_pixel(inside.0, inside.1);
    let flat = RgbImage::from_pixel(after.width(), after.height(), first);
    let (spread, _) = difference(&after, &flat, inside);
    assert!(spread < 6.0, "the box is not painted over: {spread:.1}");
    // Elsewhere it is the same photo, the same way up.
    let (width, height) = after.dimensions();
    let block = untouched_block(regions, width, height);
    let (mean, share) = difference(&before, &after, block);
    assert!(
        mean < 12.0 && share < 0.05,
        "{block:?} differs: {mean:.1}, {share:.2}"
    );
}

#[test]
fn the_report_says_a_heic_was_written_as_jpeg() {
    let dir = tempfile::tempdir().unwrap();
    let Some(photo) = iphone_photo(dir.path()) else {
        return;
    };
    let out = dir.path().join("out");
    // Only the hand-drawn box: no model needed.
    let args = [
        "redact".to_string(),
        arg(&photo),
        "-o".into(),
        arg(&out),
        "--boxes".into(),
        arg(&write_box(dir.path())),
        "--no-detect".into(),
    ];
    let stdout = common::ok(&dir.path().join("data"), &args);
    assert!(
        stdout.contains("IMG_0042.jpg") && stdout.contains("written as JPEG: HEIF"),
        "{stdout}"
    );
    assert!(out.join("IMG_0042.jpg").is_file());
}

#[test]
fn a_cut_heic_is_a_clear_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let Some(photo) = iphone_photo(dir.path()) else {
        return;
    };
    let bytes = fs::read(&photo).unwrap();
    fs::write(&photo, &bytes[..bytes.len() / 3]).unwrap();
    let data = dir.path().join("data");
    let out = dir.path().join("out");
    let boxes = write_box(dir.path());
    for args in [
        vec!["detect".to_string(), arg(&photo)],
        vec![
            "redact".to_string(),
            arg(&photo),
            "-o".into(),
            arg(&out),
            "--boxes".into(),
            arg(&boxes),
            "--no-detect".into(),
        ],
    ] {
        let output = common::expect(common::run(&data, &args), 2, &args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("cannot read the photo: the HEIF file is damaged"),
            "{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    assert!(!out.join("IMG_0042.jpg").exists());
}
