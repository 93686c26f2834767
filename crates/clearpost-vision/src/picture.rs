//! Reading a photo into upright pixels (EXIF or container orientation
//! applied) and writing the redacted result. Re-encoding with the `image`
//! crate writes pixels only: no EXIF, XMP, IPTC, comments or thumbnails
//! survive. HEIC/HEIF and AVIF photos are decoded by libheif ([`crate::heif`])
//! and written as JPEG.

use std::io::Cursor;

use clearpost_meta::ImageFormat as Container;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, RgbImage};

use crate::error::{Result, VisionError};
use crate::heif;

/// Quality of re-encoded JPEGs: high enough that redaction is the only
/// visible change.
pub const JPEG_QUALITY: u8 = 92;

/// The largest photo decoded for detection and redaction: the metadata
/// engine's limit for turning a picture upright (120 megapixels; a 108 MP
/// phone photo fits, its RGB pixels alone take 360 MB), so a photo the one
/// engine accepts the other does too.
pub const MAX_PIXELS: u64 = clearpost_meta::MAX_UPRIGHT_PIXELS;

/// The container a redacted photo is written in (the same as the input's,
/// where it is one of these; HEIF and AVIF photos become JPEG, other inputs
/// PNG so nothing more is lost).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// JPEG at [`JPEG_QUALITY`].
    Jpeg,
    /// Lossless PNG.
    Png,
}

impl OutputFormat {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Jpeg => "jpg",
            OutputFormat::Png => "png",
        }
    }

    /// The format's usual name, for reports.
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Jpeg => "JPEG",
            OutputFormat::Png => "PNG",
        }
    }
}

/// A decoded photo, upright.
#[derive(Debug, Clone)]
pub struct Picture {
    /// Pixels after the EXIF orientation was applied (alpha dropped).
    pub image: RgbImage,
    /// The format to write the redacted result in.
    pub format: OutputFormat,
    /// The EXIF orientation that was applied (1 = none; always 1 for HEIF and
    /// AVIF, whose container orientation libheif applies).
    pub exif_orientation: u8,
    /// The original's container by its usual name ("HEIF", "AVIF", "WebP"…)
    /// when [`format`](Self::format) is another one; `None` for JPEG and PNG.
    pub converted_from: Option<&'static str>,
}

/// Refuses a photo of `width` × `height` over [`MAX_PIXELS`], with the
/// message every format gives.
pub(crate) fn check_pixels(width: u32, height: u32) -> Result<()> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_PIXELS {
        return Err(VisionError::Decode(format!(
            "the photo is {width}×{height} ({:.1} megapixels), larger than the {} megapixels \
             Clearpost decodes",
            pixels as f64 / 1e6,
            MAX_PIXELS / 1_000_000
        )));
    }
    Ok(())
}

/// Decodes `bytes` (format found from the content, not a file name) and turns
/// the pixels upright according to the EXIF orientation, or for HEIF and
/// AVIF the container's.
pub fn decode_upright(bytes: &[u8]) -> Result<Picture> {
    let container = clearpost_meta::detect_format(bytes).ok();
    if let Some(heif_family @ (Container::Heif | Container::Avif)) = container {
        return Ok(Picture {
            image: heif::decode_primary(bytes, heif_family.name())?,
            // Clearpost encodes no HEIF or AVIF; a lossy photo stays lossy.
            format: OutputFormat::Jpeg,
            exif_orientation: 1,
            converted_from: Some(heif_family.name()),
        });
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| VisionError::Decode(e.to_string()))?;
    let (format, converted_from) = match reader.format() {
        Some(ImageFormat::Jpeg) => (OutputFormat::Jpeg, None),
        Some(ImageFormat::Png) => (OutputFormat::Png, None),
        Some(_) => (
            OutputFormat::Png,
            Some(container.map_or("its original format", Container::name)),
        ),
        None => return Err(VisionError::Decode("not a recognised image format".into())),
    };
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| VisionError::Decode(e.to_string()))?;
    // Decoders allocate the whole picture up front from the header's size
    // (zune-jpeg ignores `image::Limits`): a header declaring 65500×65500
    // would ask for 12 GB. Refuse by the declared size before decoding.
    let (width, height) = decoder.dimensions();
    check_pixels(width, height)?;
    // A broken EXIF block must not stop redaction: treat it as "no rotation".
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image =
        DynamicImage::from_decoder(decoder).map_err(|e| VisionError::Decode(e.to_string()))?;
    image.apply_orientation(orientation);
    Ok(Picture {
        image: image.into_rgb8(),
        format,
        exif_orientation: orientation_number(orientation),
        converted_from,
    })
}

fn orientation_number(orientation: image::metadata::Orientation) -> u8 {
    use image::metadata::Orientation::*;
    match orientation {
        NoTransforms => 1,
        FlipHorizontal => 2,
        Rotate180 => 3,
        FlipVertical => 4,
        Rotate90FlipH => 5,
        Rotate90 => 6,
        Rotate270FlipH => 7,
        Rotate270 => 8,
    }
}

/// Encodes `image` as `format`, with no metadata of any kind.
pub fn encode(image: &RgbImage, format: OutputFormat) -> Result<Vec<u8>> {
    let mut out = Cursor::new(Vec::new());
    match format {
        OutputFormat::Jpeg => {
            let encoder =
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            image
                .write_with_encoder(encoder)
                .map_err(|e| VisionError::Encode(e.to_string()))?;
        }
        OutputFormat::Png => {
            image
                .write_to(&mut out, ImageFormat::Png)
                .map_err(|e| VisionError::Encode(e.to_string()))?;
        }
    }
    Ok(out.into_inner())
}

/// Encodes `image` as `format` for publishing: [`encode`], then the metadata
/// stripper's own check that nothing identifying is left.
pub fn encode_clean(image: &RgbImage, format: OutputFormat) -> Result<Vec<u8>> {
    let bytes = encode(image, format)?;
    // `strip` inspects its output again and refuses anything left behind.
    let stripped = clearpost_meta::strip(&bytes)
        .map_err(|e| VisionError::Encode(format!("metadata check failed: {e}")))?;
    Ok(stripped.bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_a_decode_error_not_a_panic() {
        let err = decode_upright(b"definitely not a photo").unwrap_err();
        assert!(matches!(err, VisionError::Decode(_)), "{err}");
        let mut truncated = encode(&RgbImage::new(64, 64), OutputFormat::Jpeg).unwrap();
        truncated.truncate(truncated.len() / 3);
        assert!(decode_upright(&truncated).is_err());
    }

    #[test]
    fn clean_encoding_passes_the_metadata_check() {
        let img = RgbImage::from_pixel(16, 16, image::Rgb([9, 9, 9]));
        for format in [OutputFormat::Jpeg, OutputFormat::Png] {
            let bytes = encode_clean(&img, format).unwrap();
            assert!(clearpost_meta::inspect(&bytes).unwrap().is_clean());
        }
    }

    #[test]
    fn round_trip_keeps_format_and_size() {
        let mut img = RgbImage::new(40, 30);
        img.put_pixel(3, 4, image::Rgb([200, 10, 10]));
        for format in [OutputFormat::Jpeg, OutputFormat::Png] {
            let bytes = encode(&img, format).unwrap();
            let back = decode_upright(&bytes).unwrap();
            assert_eq!(back.format, format);
            assert_eq!(back.image.dimensions(), (40, 30));
            assert_eq!(back.exif_orientation, 1);
            assert_eq!(back.converted_from, None);
        }
    }

    #[test]
    fn exif_orientation_6_turns_the_pixels_upright() {
        // A 4x2 JPEG with a red left column, tagged "rotate 90° clockwise to view".
        let mut img = RgbImage::from_pixel(40, 20, image::Rgb([0, 0, 255]));
        for y in 0..20 {
            for x in 0..10 {
                img.put_pixel(x, y, image::Rgb([255, 0, 0]));
            }
        }
        let jpeg = encode(&img, OutputFormat::Jpeg).unwrap();
        let tagged = with_exif_orientation(&jpeg, 6);
        let picture = decode_upright(&tagged).unwrap();
        assert_eq!(picture.exif_orientation, 6);
        assert_eq!(picture.image.dimensions(), (20, 40));
        // The left column ends up on top after a clockwise turn.
        let top = picture.image.get_pixel(10, 2);
        assert!(top[0] > 200 && top[2] < 60, "{top:?}");
    }

    /// Inserts a minimal APP1 Exif segment holding only an Orientation tag.
    pub(crate) fn with_exif_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
        let mut tiff = Vec::new();
        tiff.extend_from_slice(b"MM\0\x2a\0\0\0\x08"); // big endian, IFD at 8
        tiff.extend_from_slice(&1u16.to_be_bytes()); // one entry
        tiff.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
        tiff.extend_from_slice(&3u16.to_be_bytes()); // SHORT
        tiff.extend_from_slice(&1u32.to_be_bytes()); // count
        tiff.extend_from_slice(&orientation.to_be_bytes());
        tiff.extend_from_slice(&[0, 0]);
        tiff.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
        let mut payload = b"Exif\0\0".to_vec();
        payload.extend_from_slice(&tiff);
        let mut out = jpeg[..2].to_vec(); // SOI
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(&payload);
        out.extend_from_slice(&jpeg[2..]);
        out
    }
}
