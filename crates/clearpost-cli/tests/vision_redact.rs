//! End to end: a photo with a face and a visible document goes through
//! `clearpost redact`; both come out unreadable (a second `clearpost detect`
//! finds neither), the copy carries no metadata, the original is untouched,
//! and the report lists both. The photo is stored sideways with an EXIF
//! "rotate 90°" tag, so coordinates must be those of the upright picture.
//!
//! Skips (a `SKIP:` line) without the fetched models; without `../shared` the
//! face part is skipped and only the document is checked. Under `CI=true`
//! either fails instead.

mod common;

use assert_cmd::Command;
use font8x8::UnicodeFonts;
use image::{imageops, Rgb, RgbImage};

fn draw_text(img: &mut RgbImage, x: u32, y: u32, text: &str, scale: u32) {
    for (col, ch) in text.chars().enumerate() {
        let glyph = font8x8::BASIC_FONTS.get(ch).unwrap_or([0; 8]);
        for (gy, bits) in glyph.iter().enumerate() {
            for gx in 0..8u32 {
                if bits >> gx & 1 == 0 {
                    continue;
                }
                for d in 0..scale * scale {
                    let px = x + (col as u32 * 8 + gx) * scale + d % scale;
                    let py = y + gy as u32 * scale + d / scale;
                    if px < img.width() && py < img.height() {
                        img.put_pixel(px, py, Rgb([20, 20, 30]));
                    }
                }
            }
        }
    }
}

/// The tallest valid face of the shared set, cropped with context and scaled
/// to about 110 px tall; `None` when ../shared is absent.
fn corpus_face() -> Option<RgbImage> {
    let gt_path = common::skip::shared("corpus/faces/gt.json")?;
    let corpus = gt_path.parent().unwrap();
    let gt = std::fs::read(&gt_path).unwrap();
    let gt: serde_json::Value = serde_json::from_slice(&gt).unwrap();
    let mut best: Option<(String, [f64; 4])> = None;
    for entry in gt.as_array().unwrap() {
        for f in entry["faces"].as_array().unwrap() {
            let b = [
                f["x"].as_f64().unwrap(),
                f["y"].as_f64().unwrap(),
                f["w"].as_f64().unwrap(),
                f["h"].as_f64().unwrap(),
            ];
            if f["invalid"] == 0 && best.as_ref().is_none_or(|(_, o)| b[3] > o[3]) {
                best = Some((entry["file"].as_str().unwrap().to_string(), b));
            }
        }
    }
    let (file, [x, y, w, h]) = best?;
    let photo = image::open(corpus.join("images").join(file))
        .unwrap()
        .to_rgb8();
    let (pw, ph) = photo.dimensions();
    let x0 = (x - 0.5 * w).max(0.0) as u32;
    let y0 = (y - 0.5 * h).max(0.0) as u32;
    let cw = ((2.0 * w) as u32).min(pw - x0);
    let ch = ((2.0 * h) as u32).min(ph - y0);
    let crop = imageops::crop_imm(&photo, x0, y0, cw, ch).to_image();
    let factor = 220.0 / ch as f64;
    Some(imageops::resize(
        &crop,
        (cw as f64 * factor) as u32,
        220,
        imageops::FilterType::Triangle,
    ))
}

/// A JPEG with an APP1 Exif block (orientation) and a comment naming a patient.
fn jpeg_with_metadata(pixels: &RgbImage, orientation: u16) -> Vec<u8> {
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 95)
        .encode_image(pixels)
        .unwrap();
    let mut tiff = b"MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let comment = b"Patient Jane Doe, MRN 48213977";
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&[0xFF, 0xFE]);
    out.extend_from_slice(&((comment.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(comment);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// JPEG marker segments before the image data.
fn jpeg_markers(bytes: &[u8]) -> Vec<u8> {
    let mut markers = Vec::new();
    let mut i = 2;
    while i + 4 <= bytes.len() && bytes[i] == 0xFF {
        let marker = bytes[i + 1];
        markers.push(marker);
        if marker == 0xDA {
            break;
        }
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        i += 2 + len;
    }
    markers
}

fn clearpost(args: &[&str]) -> (serde_json::Value, String) {
    let output = Command::cargo_bin("clearpost")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(output.status.success(), "{args:?}: {stderr}");
    let line = String::from_utf8(output.stdout).unwrap();
    (
        serde_json::from_str(line.lines().next().unwrap()).unwrap(),
        stderr,
    )
}

#[test]
fn face_and_document_come_out_unreadable_without_metadata() {
    if !common::models_present() {
        return;
    }
    let mut upright = RgbImage::from_pixel(640, 400, Rgb([180, 190, 200]));
    let face = corpus_face();
    if let Some(face) = &face {
        imageops::overlay(&mut upright, face, 30, 90);
    }
    for y in 100..300 {
        for x in 300..620 {
            upright.put_pixel(x, y, Rgb([250, 250, 248]));
        }
    }
    draw_text(&mut upright, 312, 130, "JANE DOE", 3);
    draw_text(&mut upright, 312, 170, "MRN 48213977", 3);
    draw_text(&mut upright, 312, 210, "DOB 03/04/1950", 3);
    // Stored turned a quarter anticlockwise, tagged "rotate 90° clockwise".
    let stored = imageops::rotate270(&upright);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("ward.jpg");
    let original = jpeg_with_metadata(&stored, 6);
    std::fs::write(&input, &original).unwrap();
    let out_dir = dir.path().join("out");

    let (report, _) = clearpost(&[
        "redact",
        input.to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(
        (report["width"].as_u64(), report["height"].as_u64()),
        (Some(640), Some(400))
    );
    let regions = report["regions"].as_array().unwrap();
    let text = regions
        .iter()
        .find(|r| r["kind"] == "record" && r["text"].as_str().unwrap_or("").contains("48213977"))
        .unwrap_or_else(|| panic!("no record with the MRN: {report}"));
    assert_eq!(text["redacted"], true);
    assert_eq!(text["verdict"], "redact");
    assert!(
        text["x"].as_u64().unwrap() >= 290,
        "upright coordinates: {text}"
    );
    if face.is_some() {
        let face = regions
            .iter()
            .find(|r| r["kind"] == "face")
            .unwrap_or_else(|| panic!("no face: {report}"));
        assert_eq!(face["redacted"], true);
        assert!(face["x"].as_u64().unwrap() < 300, "{face}");
    }

    // The original is untouched; the copy is upright and has no metadata.
    assert_eq!(std::fs::read(&input).unwrap(), original);
    let output = out_dir.join("ward.jpg");
    let redacted = std::fs::read(&output).unwrap();
    let markers = jpeg_markers(&redacted);
    assert!(
        markers
            .iter()
            .all(|m| !(0xE1..=0xEF).contains(m) && *m != 0xFE),
        "metadata segments left: {markers:x?}"
    );
    let pixels = image::load_from_memory(&redacted).unwrap().to_rgb8();
    assert_eq!(pixels.dimensions(), (640, 400));
    let p = pixels.get_pixel(420, 180);
    assert!(
        p[0] < 30 && p[1] < 30 && p[2] < 30,
        "document area painted: {p:?}"
    );

    // Nothing readable is left for a detector either.
    let (again, _) = clearpost(&["detect", output.to_str().unwrap(), "--json"]);
    for r in again["regions"].as_array().unwrap() {
        let t = r["text"].as_str().unwrap_or("");
        assert!(
            !t.contains("4821") && !t.to_uppercase().contains("DOE"),
            "still readable: {r}"
        );
        if face.is_some() && r["kind"] == "face" {
            assert!(
                r["x"].as_u64().unwrap() > 300 || r["score"].as_f64().unwrap() < 0.5,
                "face still found: {r}"
            );
        }
    }
}
