//! Redaction must destroy what it covers. The same box is redacted on two
//! unrelated generated photos (dense black-on-white text; a colour photo-like
//! pattern with a face-sized bright oval):
//! - solid fill: the two redacted regions are identical pixel for pixel, so
//!   they cannot depend on what was under them;
//! - pixelate and blur: the redacted region's luminance correlates with the
//!   original's by less than [`MAX_CORRELATION`] in absolute value.
//!
//! Why 0.3: the styles keep nothing of the region but its mean colour, so the
//! expected correlation is 0; with ~100+ independent mosaic cells or blur
//! blobs in a 160×120 box, chance correlation has a standard deviation of
//! about 0.1, and 0.3 is three of those. The styles the attacks defeat sit far
//! above it: the test checks that a light Gaussian blur (sigma 1.5) of the same
//! regions correlates above 0.6 and a 4 px mosaic (half a glyph) above 0.5, so the
//! bar separates recoverable from unrecoverable.

use clearpost_vision::{redact, Rect, RedactionStyle, Region};
use font8x8::UnicodeFonts;
use image::{imageops, Rgb, RgbImage};

const MAX_CORRELATION: f64 = 0.3;
const BOX: (u32, u32, u32, u32) = (40, 30, 160, 120);

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
                            img.put_pixel(px, py, Rgb([10, 10, 10]));
                        }
                    }
                }
            }
        }
    }
}

/// Dense black text on white, like a chart on a clipboard.
fn text_photo() -> RgbImage {
    let mut img = RgbImage::from_pixel(240, 180, Rgb([250, 250, 250]));
    let lines = [
        "PATIENT IVO KRANE",
        "MRN 48213977",
        "DOB 03/04/1950",
        "BED 12A WARD 7",
        "ALLERGY PENICILLIN",
        "DR A JONES 5550143",
        "BP 120/80 HR 72",
        "NEXT OBS 14:00",
    ];
    for (row, line) in lines.iter().enumerate() {
        draw_text(&mut img, 44, 34 + row as u32 * 14, line, 1);
    }
    img
}

/// A smooth colour gradient with a bright face-sized oval and stripes.
fn pattern_photo() -> RgbImage {
    RgbImage::from_fn(240, 180, |x, y| {
        let (fx, fy) = ((x as f32 - 110.0) / 45.0, (y as f32 - 90.0) / 55.0);
        let oval = if fx * fx + fy * fy < 1.0 { 90.0 } else { 0.0 };
        let stripe = if (x / 6) % 2 == 0 { 25.0 } else { 0.0 };
        let v = |base: f32| (base + oval + stripe).clamp(0.0, 255.0) as u8;
        Rgb([v(x as f32 * 0.5), v(y as f32 * 0.6), v(120.0)])
    })
}

fn luminance(img: &RgbImage) -> Vec<f64> {
    let (x0, y0, w, h) = BOX;
    let mut v = Vec::new();
    for y in y0..y0 + h {
        for x in x0..x0 + w {
            let p = img.get_pixel(x, y);
            v.push(0.299 * p[0] as f64 + 0.587 * p[1] as f64 + 0.114 * p[2] as f64);
        }
    }
    v
}

fn correlation(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
    if va == 0.0 || vb == 0.0 {
        0.0
    } else {
        cov / (va * vb).sqrt()
    }
}

fn redacted(img: &RgbImage, style: RedactionStyle) -> RgbImage {
    let (x, y, w, h) = BOX;
    let mut out = img.clone();
    redact(
        &mut out,
        &[Region::manual(Rect::new(
            x as f32, y as f32, w as f32, h as f32,
        ))],
        style,
    );
    out
}

fn region(img: &RgbImage) -> RgbImage {
    let (x, y, w, h) = BOX;
    imageops::crop_imm(img, x, y, w, h).to_image()
}

#[test]
fn solid_fill_is_identical_whatever_was_underneath() {
    let (a, b) = (text_photo(), pattern_photo());
    assert_ne!(region(&a), region(&b));
    let ra = redacted(&a, RedactionStyle::Solid);
    let rb = redacted(&b, RedactionStyle::Solid);
    assert_eq!(region(&ra), region(&rb));
    // Outside the box (and its margin) nothing changed.
    assert_eq!(ra.get_pixel(230, 170), a.get_pixel(230, 170));
}

#[test]
fn pixelate_and_blur_keep_no_correlation_with_the_original() {
    for original in [text_photo(), pattern_photo()] {
        let before = luminance(&original);
        assert!(
            before.iter().any(|&v| v != before[0]),
            "fixture has content"
        );
        for style in [RedactionStyle::Pixelate, RedactionStyle::Blur] {
            let after = luminance(&redacted(&original, style));
            let r = correlation(&before, &after);
            assert!(r.abs() < MAX_CORRELATION, "{style:?}: correlation {r:.3}");
            // And it still looks like a redaction, not a flat box.
            assert!(
                after.iter().any(|&v| (v - after[0]).abs() > 3.0),
                "{style:?} has texture"
            );
        }
    }
}

#[test]
fn the_bar_rejects_the_light_blur_and_small_mosaic_attacks_undo() {
    for original in [text_photo(), pattern_photo()] {
        let before = luminance(&original);
        let light_blur = imageops::blur(&original, 1.5);
        let r = correlation(&before, &luminance(&light_blur));
        eprintln!("light blur: {r:.3}");
        assert!(r > 0.6, "light blur keeps the content: {r:.3}");
        let (w, h) = original.dimensions();
        let small = imageops::resize(&original, w / 4, h / 4, imageops::FilterType::Triangle);
        let mosaic = imageops::resize(&small, w, h, imageops::FilterType::Nearest);
        let r = correlation(&before, &luminance(&mosaic));
        eprintln!("mosaic: {r:.3}");
        assert!(r > 0.5, "4 px mosaic keeps the content: {r:.3}");
    }
}
