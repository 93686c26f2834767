//! Turning pixels upright before the orientation tag is removed.
//!
//! Strippers that drop the EXIF Orientation without rotating the pixels leave
//! photos sideways or mirrored; this module makes sure that never happens.

use serde::Serialize;

use crate::{ImageFormat, MetaError};

/// Quality used when a JPEG must be decoded, rotated and re-encoded (odd
/// dimensions that a DCT-domain transform cannot rotate exactly).
pub const REENCODE_JPEG_QUALITY: u8 = 95;

/// How an EXIF orientation was honoured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "how", rename_all = "snake_case")]
pub enum OrientationOutcome {
    /// No orientation tag, or orientation 1: nothing to do.
    Upright,
    /// JPEG rotated/mirrored in the DCT domain: no pixel was re-encoded.
    LosslessTransform {
        /// The EXIF orientation applied.
        from: u16,
    },
    /// Decoded, rotated/mirrored and re-encoded.
    Reencoded {
        /// The EXIF orientation applied.
        from: u16,
        /// True when the codec used is lossless (PNG, lossless WebP): pixels are
        /// identical to the rotated original.
        lossless: bool,
        /// JPEG quality when the codec is lossy.
        quality: Option<u8>,
    },
    /// The container keeps its own structural orientation field, which viewers
    /// honour (TIFF Orientation tag, HEIF irot/imir properties).
    KeptInContainer {
        /// The orientation declared.
        from: u16,
    },
}

/// Returns upright bytes (None when the input is already upright or the
/// container keeps the orientation itself) and what was done.
pub(crate) fn make_upright(
    format: ImageFormat,
    bytes: &[u8],
    orientation: Option<u16>,
) -> Result<(Option<Vec<u8>>, OrientationOutcome), MetaError> {
    let from = match orientation {
        Some(o @ 2..=8) => o,
        _ => return Ok((None, OrientationOutcome::Upright)),
    };
    match format {
        ImageFormat::Jpeg => jpeg_upright(bytes, from),
        ImageFormat::Png | ImageFormat::Webp => {
            let out = reencode_lossless(format, bytes, from)?;
            Ok((
                Some(out),
                OrientationOutcome::Reencoded {
                    from,
                    lossless: true,
                    quality: None,
                },
            ))
        }
        // TIFF keeps its Orientation tag as structure; HEIF viewers ignore EXIF
        // orientation and follow irot/imir, which are kept.
        ImageFormat::Tiff | ImageFormat::Heif | ImageFormat::Avif | ImageFormat::Gif => {
            Ok((None, OrientationOutcome::KeptInContainer { from }))
        }
    }
}

/// The DCT-domain operation equal to EXIF orientation `o`.
fn transform_op(o: u16) -> turbojpeg::TransformOp {
    use turbojpeg::TransformOp::*;
    match o {
        2 => Hflip,
        3 => Rot180,
        4 => Vflip,
        5 => Transpose,
        6 => Rot90,
        7 => Transverse,
        8 => Rot270,
        _ => None,
    }
}

fn jpeg_upright(
    bytes: &[u8],
    from: u16,
) -> Result<(Option<Vec<u8>>, OrientationOutcome), MetaError> {
    let transform = turbojpeg::Transform {
        op: transform_op(from),
        // Fail rather than leave misplaced edge blocks when the size is not
        // MCU-aligned on the edge the operation moves.
        perfect: true,
        ..Default::default()
    };
    if let Ok(out) = turbojpeg::transform(&transform, bytes) {
        return Ok((
            Some(out.to_vec()),
            OrientationOutcome::LosslessTransform { from },
        ));
    }
    let (image, icc) = decode_oriented(ImageFormat::Jpeg, bytes, from)?;
    let mut out = Vec::new();
    let mut encoder =
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, REENCODE_JPEG_QUALITY);
    if let Some(icc) = icc {
        use image::ImageEncoder as _;
        let _ = encoder.set_icc_profile(icc);
    }
    let rgb = match image.color().has_color() {
        true => image::DynamicImage::ImageRgb8(image.to_rgb8()),
        false => image::DynamicImage::ImageLuma8(image.to_luma8()),
    };
    encoder
        .encode_image(&rgb)
        .map_err(|e| reencode_error(ImageFormat::Jpeg, e))?;
    Ok((
        Some(out),
        OrientationOutcome::Reencoded {
            from,
            lossless: false,
            quality: Some(REENCODE_JPEG_QUALITY),
        },
    ))
}

/// Decodes, applies orientation `from`, and returns the ICC profile too.
fn decode_oriented(
    format: ImageFormat,
    bytes: &[u8],
    from: u16,
) -> Result<(image::DynamicImage, Option<Vec<u8>>), MetaError> {
    use image::ImageDecoder as _;
    let image_format = match format {
        ImageFormat::Jpeg => image::ImageFormat::Jpeg,
        ImageFormat::Png => image::ImageFormat::Png,
        ImageFormat::Webp => image::ImageFormat::WebP,
        _ => return Err(reencode_error(format, "no decoder for this format")),
    };
    let mut decoder = image::ImageReader::with_format(std::io::Cursor::new(bytes), image_format)
        .into_decoder()
        .map_err(|e| reencode_error(format, e))?;
    let icc = decoder.icc_profile().ok().flatten();
    let mut image =
        image::DynamicImage::from_decoder(decoder).map_err(|e| reencode_error(format, e))?;
    if let Some(o) = image::metadata::Orientation::from_exif(from as u8) {
        image.apply_orientation(o);
    }
    Ok((image, icc))
}

/// PNG and WebP: decode, orient, re-encode with a lossless codec so that the
/// pixels are exactly the original's, turned upright. Animated files are refused.
fn reencode_lossless(format: ImageFormat, bytes: &[u8], from: u16) -> Result<Vec<u8>, MetaError> {
    use image::ImageEncoder as _;
    let animated = match format {
        ImageFormat::Png => bytes.windows(4).any(|w| w == b"acTL"),
        _ => bytes.windows(4).any(|w| w == b"ANIM"),
    };
    if animated {
        return Err(MetaError::unsupported(
            format.name(),
            format!("animated image with EXIF orientation {from}"),
        ));
    }
    let (image, icc) = decode_oriented(format, bytes, from)?;
    let mut out = Vec::new();
    match format {
        ImageFormat::Png => {
            let mut encoder = image::codecs::png::PngEncoder::new(&mut out);
            if let Some(icc) = icc {
                let _ = encoder.set_icc_profile(icc);
            }
            image
                .write_with_encoder(encoder)
                .map_err(|e| reencode_error(format, e))?;
        }
        _ => {
            let mut encoder = image::codecs::webp::WebPEncoder::new_lossless(&mut out);
            if let Some(icc) = icc {
                let _ = encoder.set_icc_profile(icc);
            }
            let rgba = if image.color().has_alpha() {
                image::DynamicImage::ImageRgba8(image.to_rgba8())
            } else {
                image::DynamicImage::ImageRgb8(image.to_rgb8())
            };
            rgba.write_with_encoder(encoder)
                .map_err(|e| reencode_error(format, e))?;
        }
    }
    Ok(out)
}

fn reencode_error(format: ImageFormat, e: impl std::fmt::Display) -> MetaError {
    MetaError::Reencode {
        format: format.name(),
        reason: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn psnr(a: &image::RgbImage, b: &image::RgbImage) -> f64 {
        assert_eq!(a.dimensions(), b.dimensions());
        let mse = a
            .as_raw()
            .iter()
            .zip(b.as_raw())
            .map(|(&x, &y)| (x as f64 - y as f64).powi(2))
            .sum::<f64>()
            / a.as_raw().len() as f64;
        10.0 * (255.0f64 * 255.0 / mse.max(1e-9)).log10()
    }

    /// All eight orientations, on an MCU-aligned size (lossless DCT path for
    /// 2–8) and an odd size (re-encode path where the transform is imperfect).
    #[test]
    fn all_eight_orientations_display_the_same_after_stripping() {
        for (w, h) in [(32, 16), (33, 17)] {
            for o in 1..=8u16 {
                let mut exif = b"Exif\0\0".to_vec();
                exif.extend(crate::exif::tests::sample_exif(o));
                let input = crate::jpeg::tests::sample_jpeg_sized(w, h, &[(0xE1, exif)]);
                let stripped = crate::strip(&input).unwrap();
                let mut expected = image::load_from_memory(&input).unwrap();
                if let Some(orientation) = image::metadata::Orientation::from_exif(o as u8) {
                    expected.apply_orientation(orientation);
                }
                let got = image::load_from_memory(&stripped.bytes).unwrap();
                let p = psnr(&expected.to_rgb8(), &got.to_rgb8());
                // A wrong orientation scores about 10 dB on this pattern; the
                // synthetic XOR texture is harsher on JPEG than photos, whose
                // ≥ 40 dB re-encode quality the corpus test checks.
                assert!(p >= 35.0, "{w}×{h} orientation {o}: PSNR {p:.1}");
                assert_eq!(crate::exif_orientation(&stripped.bytes), None);
                match (o, stripped.orientation) {
                    (1, OrientationOutcome::Upright) => {}
                    (_, OrientationOutcome::LosslessTransform { from })
                    | (_, OrientationOutcome::Reencoded { from, .. }) => assert_eq!(from, o),
                    other => panic!("unexpected outcome {other:?}"),
                }
                if (w, h) == (32, 16) && o > 1 {
                    assert!(
                        matches!(
                            stripped.orientation,
                            OrientationOutcome::LosslessTransform { .. }
                        ),
                        "aligned size {o} should be lossless: {:?}",
                        stripped.orientation
                    );
                }
            }
        }
    }
}
