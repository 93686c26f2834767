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
    if matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Webp
    ) {
        refuse_oversized(format, bytes)?;
    }
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
        // MCU-aligned on an edge the operation moves. (`trim` would drop those
        // edge pixels instead, and no JPEG can start with a partial block, so
        // when the partial edge lands top or left every block shifts and the
        // picture must be re-encoded.)
        perfect: true,
        ..Default::default()
    };
    if let Ok(out) = turbojpeg::transform(&transform, bytes) {
        return Ok((
            Some(out.to_vec()),
            OrientationOutcome::LosslessTransform { from },
        ));
    }
    // libjpeg-turbo first (SIMD decode and encode, several times faster than
    // the pure-Rust codecs); it refuses corrupt data that libjpeg would only
    // warn about, which the more tolerant `image` decoder then handles.
    let out = match reencode_jpeg_turbo(bytes, from) {
        Ok(out) => crate::jpeg::with_icc_from(bytes, &out),
        Err(_) => reencode_jpeg_image(bytes, from)?,
    };
    Ok((
        Some(out),
        OrientationOutcome::Reencoded {
            from,
            lossless: false,
            quality: Some(REENCODE_JPEG_QUALITY),
        },
    ))
}

/// Decode with libjpeg-turbo, turn the pixels, encode at
/// [`REENCODE_JPEG_QUALITY`] with 4:4:4 chroma (greyscale stays greyscale).
/// The output has no ICC profile yet.
fn reencode_jpeg_turbo(bytes: &[u8], from: u16) -> Result<turbojpeg::OwnedBuf, MetaError> {
    use turbojpeg::{Colorspace, PixelFormat, Subsamp};
    let turbo = |e: turbojpeg::Error| reencode_error(ImageFormat::Jpeg, e);
    let mut decompressor = turbojpeg::Decompressor::new().map_err(turbo)?;
    let header = decompressor.read_header(bytes).map_err(turbo)?;
    let format = match header.colorspace {
        Colorspace::Gray => PixelFormat::GRAY,
        Colorspace::CMYK | Colorspace::YCCK => PixelFormat::CMYK,
        _ => PixelFormat::RGB,
    };
    let (width, height, px) = (header.width, header.height, format.size());
    let len = width
        .checked_mul(height)
        .and_then(|n| n.checked_mul(px))
        .ok_or_else(|| reencode_error(ImageFormat::Jpeg, "image dimensions overflow"))?;
    let mut pixels = vec![0u8; len];
    let image = turbojpeg::Image {
        pixels: pixels.as_mut_slice(),
        width,
        pitch: width * px,
        height,
        format,
    };
    decompressor.decompress(bytes, image).map_err(turbo)?;
    drop(decompressor);
    let (turned, out_width, out_height) = orient_pixels(&pixels, width, height, px, from);
    drop(pixels);
    // Full-resolution chroma: the decoded pixels already carry the source's
    // upsampled chroma, and subsampling it a second time (on a grid shifted by
    // the turn) costs 1-2 dB, enough to fall under 40 dB on photos.
    let subsamp = match header.subsamp {
        Subsamp::Gray => Subsamp::Gray,
        _ => Subsamp::None,
    };
    let mut compressor = turbojpeg::Compressor::new().map_err(turbo)?;
    compressor.set_quality(REENCODE_JPEG_QUALITY.into());
    compressor.set_subsamp(subsamp);
    compressor
        .compress_to_owned(turbojpeg::Image {
            pixels: turned.as_slice(),
            width: out_width,
            pitch: out_width * px,
            height: out_height,
            format,
        })
        .map_err(turbo)
}

/// Applies EXIF orientation `from` to packed pixels of `px` bytes each and
/// returns the turned pixels with their width and height.
fn orient_pixels(
    src: &[u8],
    width: usize,
    height: usize,
    px: usize,
    from: u16,
) -> (Vec<u8>, usize, usize) {
    let (out_w, out_h) = if from >= 5 {
        (height, width)
    } else {
        (width, height)
    };
    // Where source pixel (x, y) lands in the upright picture.
    let target = |x: usize, y: usize| -> (usize, usize) {
        match from {
            2 => (width - 1 - x, y),
            3 => (width - 1 - x, height - 1 - y),
            4 => (x, height - 1 - y),
            5 => (y, x),
            6 => (height - 1 - y, x),
            7 => (height - 1 - y, width - 1 - x),
            8 => (y, width - 1 - x),
            _ => (x, y),
        }
    };
    let mut out = vec![0u8; src.len()];
    for (y, row) in src.chunks_exact(width * px).enumerate() {
        for (x, pixel) in row.chunks_exact(px).enumerate() {
            let (tx, ty) = target(x, y);
            let at = (ty * out_w + tx) * px;
            out[at..at + px].copy_from_slice(pixel);
        }
    }
    (out, out_w, out_h)
}

/// The pure-Rust path: tolerant of corrupt entropy data, slower.
fn reencode_jpeg_image(bytes: &[u8], from: u16) -> Result<Vec<u8>, MetaError> {
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
    Ok(out)
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

/// The largest picture turned upright: 120 megapixels (a 108 MP phone photo
/// fits). Rotating decodes every pixel (or, losslessly, every DCT block), so a
/// header declaring 65535×65535 would ask for tens of gigabytes; the size is
/// read from the header before anything is decoded.
pub const MAX_UPRIGHT_PIXELS: u64 = 120_000_000;

fn refuse_oversized(format: ImageFormat, bytes: &[u8]) -> Result<(), MetaError> {
    let image_format = match format {
        ImageFormat::Jpeg => image::ImageFormat::Jpeg,
        ImageFormat::Png => image::ImageFormat::Png,
        _ => image::ImageFormat::WebP,
    };
    let (width, height) =
        image::ImageReader::with_format(std::io::Cursor::new(bytes), image_format)
            .into_dimensions()
            .map_err(|e| reencode_error(format, e))?;
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_UPRIGHT_PIXELS {
        return Err(reencode_error(
            format,
            format!(
                "the picture is {width}×{height} ({:.1} megapixels), larger than the {} megapixels \
                 Clearpost turns upright",
                pixels as f64 / 1e6,
                MAX_UPRIGHT_PIXELS / 1_000_000
            ),
        ));
    }
    Ok(())
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

    /// The pixel turn used before re-encoding equals the `image` crate's
    /// reading of each EXIF orientation, exactly, for 1- and 3-byte pixels.
    #[test]
    fn orient_pixels_matches_exif_semantics() {
        let (w, h) = (5u32, 3u32);
        let rgb = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 7]));
        for o in 1..=8u16 {
            let (turned, tw, th) = orient_pixels(rgb.as_raw(), w as usize, h as usize, 3, o);
            let mut expected = image::DynamicImage::ImageRgb8(rgb.clone());
            expected.apply_orientation(image::metadata::Orientation::from_exif(o as u8).unwrap());
            assert_eq!(
                (tw as u32, th as u32),
                expected.to_rgb8().dimensions(),
                "{o}"
            );
            assert_eq!(turned, expected.to_rgb8().into_raw(), "orientation {o}");
            let luma: Vec<u8> = (0..w * h).map(|i| i as u8).collect();
            let (turned, _, _) = orient_pixels(&luma, w as usize, h as usize, 1, o);
            let mut expected = image::DynamicImage::ImageLuma8(
                image::GrayImage::from_raw(w, h, luma.clone()).unwrap(),
            );
            expected.apply_orientation(image::metadata::Orientation::from_exif(o as u8).unwrap());
            assert_eq!(
                turned,
                expected.to_luma8().into_raw(),
                "grey orientation {o}"
            );
        }
    }

    /// A re-encoded JPEG keeps its ICC profile (colours) and its grey or
    /// colour nature, and libjpeg-turbo re-encodes with full-resolution chroma.
    #[test]
    fn reencode_keeps_icc_profile_and_greyscale() {
        let mut icc = b"ICC_PROFILE\0\x01\x01".to_vec();
        icc.extend_from_slice(&[5; 64]);
        let mut exif = b"Exif\0\0".to_vec();
        exif.extend(crate::exif::tests::sample_exif(6));
        // A 4:2:2 source: libjpeg-turbo re-encodes it with full chroma.
        let rgb = image::RgbImage::from_fn(33, 17, |x, y| {
            image::Rgb([(x * 7) as u8, (y * 13) as u8, ((x + y) * 5) as u8])
        });
        let plain = turbojpeg::compress(
            turbojpeg::Image {
                pixels: rgb.as_raw().as_slice(),
                width: 33,
                pitch: 33 * 3,
                height: 17,
                format: turbojpeg::PixelFormat::RGB,
            },
            90,
            turbojpeg::Subsamp::Sub2x1,
        )
        .unwrap();
        let mut input = vec![0xFF, 0xD8];
        for (marker, payload) in [(0xE1u8, &exif), (0xE2, &icc)] {
            input.extend_from_slice(&[0xFF, marker]);
            input.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
            input.extend_from_slice(payload);
        }
        input.extend_from_slice(&plain[2..]);
        let stripped = crate::strip(&input).unwrap();
        assert!(
            matches!(
                stripped.orientation,
                OrientationOutcome::Reencoded {
                    from: 6,
                    lossless: false,
                    ..
                }
            ),
            "{:?}",
            stripped.orientation
        );
        assert_eq!(
            crate::jpeg::icc_profile(&stripped.bytes).unwrap(),
            icc[14..].to_vec()
        );
        let header = turbojpeg::read_header(&stripped.bytes).unwrap();
        assert_eq!((header.width, header.height), (17, 33));
        assert_eq!(header.subsamp, turbojpeg::Subsamp::None);
        let mut expected = image::load_from_memory(&input).unwrap();
        expected.apply_orientation(image::metadata::Orientation::Rotate90);
        let got = image::load_from_memory(&stripped.bytes).unwrap();
        let p = psnr(&expected.to_rgb8(), &got.to_rgb8());
        assert!(p >= 35.0, "4:2:2 PSNR {p:.1}");

        let grey = image::GrayImage::from_fn(33, 17, |x, y| image::Luma([(x * 7 + y * 3) as u8]));
        let mut plain = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 90)
            .encode_image(&grey)
            .unwrap();
        let mut input = vec![0xFF, 0xD8, 0xFF, 0xE1];
        input.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
        input.extend_from_slice(&exif);
        input.extend_from_slice(&plain[2..]);
        let stripped = crate::strip(&input).unwrap();
        let header = turbojpeg::read_header(&stripped.bytes).unwrap();
        assert_eq!(header.colorspace, turbojpeg::Colorspace::Gray);
        assert_eq!((header.width, header.height), (17, 33));
        let mut expected = image::load_from_memory(&input).unwrap();
        expected.apply_orientation(image::metadata::Orientation::Rotate90);
        let got = image::load_from_memory(&stripped.bytes).unwrap();
        let p = psnr(&expected.to_rgb8(), &got.to_rgb8());
        assert!(p >= 35.0, "grey PSNR {p:.1}");
    }

    fn xmp_packet(orientation: u16) -> Vec<u8> {
        format!(
            r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:tiff="http://ns.adobe.com/tiff/1.0/" tiff:Orientation="{orientation}"/></rdf:RDF></x:xmpmeta>"#
        )
        .into_bytes()
    }

    fn jpeg_xmp_segment(orientation: u16) -> (u8, Vec<u8>) {
        let mut payload = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
        payload.extend(xmp_packet(orientation));
        (0xE1, payload)
    }

    /// XMP `tiff:Orientation` with no EXIF orientation turns the picture,
    /// on the lossless (aligned) and re-encode (odd size) paths.
    #[test]
    fn xmp_only_orientation_is_applied_to_jpeg() {
        for ((w, h), lossless) in [((32, 16), true), ((33, 17), false)] {
            let input = crate::jpeg::tests::sample_jpeg_sized(w, h, &[jpeg_xmp_segment(6)]);
            let report = crate::inspect(&input).unwrap();
            assert_eq!(report.orientation, Some(6));
            assert!(report
                .findings
                .iter()
                .any(|f| f.detail.contains("only in XMP")));
            let stripped = crate::strip(&input).unwrap();
            match stripped.orientation {
                OrientationOutcome::LosslessTransform { from: 6 } => assert!(lossless),
                OrientationOutcome::Reencoded { from: 6, .. } => assert!(!lossless),
                other => panic!("{w}×{h}: {other:?}"),
            }
            let mut expected = image::load_from_memory(&input).unwrap();
            expected.apply_orientation(image::metadata::Orientation::Rotate90);
            let got = image::load_from_memory(&stripped.bytes).unwrap();
            let p = psnr(&expected.to_rgb8(), &got.to_rgb8());
            assert!(p >= 35.0, "{w}×{h}: PSNR {p:.1}");
            assert_eq!(crate::exif_orientation(&stripped.bytes), None);
        }
    }

    /// EXIF and XMP disagree: EXIF wins, as in browsers and exiv2-based
    /// viewers, and the report says so.
    #[test]
    fn exif_orientation_wins_over_disagreeing_xmp() {
        let mut exif = b"Exif\0\0".to_vec();
        exif.extend(crate::exif::tests::sample_exif(3));
        let input =
            crate::jpeg::tests::sample_jpeg_sized(32, 16, &[(0xE1, exif), jpeg_xmp_segment(6)]);
        let report = crate::inspect(&input).unwrap();
        assert_eq!(
            (report.orientation, report.xmp_orientation),
            (Some(3), Some(6))
        );
        assert!(report
            .findings
            .iter()
            .any(|f| f.detail.contains("disagree")));
        let stripped = crate::strip(&input).unwrap();
        assert_eq!(
            stripped.orientation,
            OrientationOutcome::LosslessTransform { from: 3 }
        );
        let got = image::load_from_memory(&stripped.bytes).unwrap();
        assert_eq!((got.width(), got.height()), (32, 16));
    }

    /// PNG: XMP (iTXt) orientation turns the pixels, exactly.
    #[test]
    fn xmp_only_orientation_is_applied_to_png() {
        let mut itxt = b"XML:com.adobe.xmp\0\0\0\0\0".to_vec();
        itxt.extend(xmp_packet(8));
        let input = crate::png::tests::sample_png(&[(b"iTXt", &itxt)]);
        assert_eq!(crate::inspect(&input).unwrap().orientation, Some(8));
        let stripped = crate::strip(&input).unwrap();
        assert!(matches!(
            stripped.orientation,
            OrientationOutcome::Reencoded {
                from: 8,
                lossless: true,
                ..
            }
        ));
        let mut expected = image::load_from_memory(&input).unwrap();
        expected.apply_orientation(image::metadata::Orientation::Rotate270);
        let got = image::load_from_memory(&stripped.bytes).unwrap();
        assert_eq!(expected.to_rgba8(), got.to_rgba8());
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
