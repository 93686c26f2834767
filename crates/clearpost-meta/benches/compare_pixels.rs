//! Counts, for one tool's outputs, how many pictures are shown differently from
//! the originals (used by scripts/bench-meta for every tool in the same run).
//!
//! Usage: `compare_pixels ORIG_DIR OUT_DIR` (flat folders, same file names).
//! Each picture is decoded with the `image` crate and shown as a viewer would:
//! EXIF orientation applied (with the XMP `tiff:Orientation` fallback Clearpost
//! uses). Output classes, printed as one line:
//! - identical: every shown pixel equal;
//! - near: ≥ 50 dB PSNR (JPEG DCT-domain transforms: decoders round chroma
//!   upsampling differently once blocks are transposed);
//! - changed: same shape, lower PSNR (re-encoded, or colours read another way
//!   once a colour-transform segment is gone; the worst PSNR is printed);
//! - turned: shown with another shape or < 20 dB (orientation lost: sideways);
//! - not compared: one side does not decode with the `image` crate (HEIF/AVIF).

use std::path::Path;

fn shown(bytes: &[u8]) -> Option<image::RgbaImage> {
    let mut picture = image::load_from_memory(bytes).ok()?;
    if let Some(o) = clearpost_meta::exif_orientation(bytes)
        .and_then(|o| image::metadata::Orientation::from_exif(o as u8))
    {
        picture.apply_orientation(o);
    }
    Some(picture.to_rgba8())
}

fn psnr(a: &image::RgbaImage, b: &image::RgbaImage) -> f64 {
    let mse = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(&x, &y)| (x as f64 - y as f64).powi(2))
        .sum::<f64>()
        / a.as_raw().len().max(1) as f64;
    10.0 * (255.0f64 * 255.0 / mse.max(1e-12)).log10()
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let (Some(originals), Some(outputs)) = (args.first(), args.get(1)) else {
        eprintln!("usage: compare_pixels ORIG_DIR OUT_DIR");
        return;
    };
    let mut names: Vec<_> = std::fs::read_dir(outputs)
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    names.sort();
    let (mut identical, mut near, mut reencoded, mut turned, mut skipped) = (0, 0, 0, 0, 0);
    let mut worst = f64::INFINITY;
    let mut examples = Vec::new();
    let mut changed_examples = Vec::new();
    for name in &names {
        let read = |dir: &str| std::fs::read(Path::new(dir).join(name)).ok();
        let (Some(a), Some(b)) = (read(originals), read(outputs)) else {
            skipped += 1;
            continue;
        };
        let (Some(a), Some(b)) = (shown(&a), shown(&b)) else {
            skipped += 1;
            continue;
        };
        if a.dimensions() != b.dimensions() {
            turned += 1;
            examples.push(name.to_string_lossy().into_owned());
            continue;
        }
        if a == b {
            identical += 1;
            continue;
        }
        match psnr(&a, &b) {
            p if p >= 50.0 => near += 1,
            p if p < 20.0 => {
                turned += 1;
                examples.push(name.to_string_lossy().into_owned());
            }
            p => {
                reencoded += 1;
                worst = worst.min(p);
                changed_examples.push(format!("{} ({p:.1} dB)", name.to_string_lossy()));
            }
        }
    }
    let worst = if worst.is_finite() {
        format!("{worst:.1} dB")
    } else {
        "-".into()
    };
    println!(
        "pixels: {} outputs; identical {identical}, near-identical (>= 50 dB) {near}, \
         changed {reencoded} (worst PSNR {worst}), shown turned/mirrored {turned}, \
         not decodable here (HEIF/AVIF or broken) {skipped}",
        names.len()
    );
    for (what, mut list) in [("turned", examples), ("changed", changed_examples)] {
        if !list.is_empty() {
            list.truncate(5);
            println!("   {what} e.g.: {}", list.join(", "));
        }
    }
}
