//! HEIC/HEIF and AVIF photos, decoded by the system's libheif (Debian's
//! `libheif1`, through `libheif-rs`) into upright 8-bit RGB.
//!
//! - Only the primary image is decoded: a Live Photo's or a burst's other
//!   images, thumbnails, depth maps and auxiliary images are never read, so
//!   none of them can reach a redacted copy.
//! - libheif applies the container's crop, rotation and mirroring (`clap`,
//!   `irot`, `imir`) while decoding, as its default options ask. The EXIF
//!   orientation a phone writes beside them describes the same turn, so it is
//!   not applied again.
//! - The size the file declares is checked against [`MAX_PIXELS`] before any
//!   pixel is decoded, and the size libheif returns is checked again.
//!
//! [`MAX_PIXELS`]: crate::picture::MAX_PIXELS

use image::RgbImage;
use libheif_rs::{ColorSpace, HeifContext, HeifError, ImageHandle, LibHeif, RgbChroma};

use crate::error::{Result, VisionError};
use crate::picture::check_pixels;

/// The primary image of the HEIF or AVIF file `bytes` (`format` names it in
/// messages), transformations applied, alpha dropped.
pub(crate) fn decode_primary(bytes: &[u8], format: &str) -> Result<RgbImage> {
    let damaged = |err: HeifError| {
        VisionError::Decode(format!(
            "the {format} file is damaged or uses a feature libheif cannot decode ({})",
            describe(&err)
        ))
    };
    let libheif = LibHeif::new_checked().map_err(|err| {
        VisionError::Decode(format!("libheif could not start: {}", describe(&err)))
    })?;
    let context = HeifContext::read_from_bytes(bytes).map_err(damaged)?;
    let handle = context.primary_image_handle().map_err(damaged)?;
    check_declared_size(&handle)?;
    // `None` keeps libheif's defaults, which apply the transformations. (Passing
    // `Some(DecodingOptions)` is unsafe in libheif-rs before 1.0.1: it frees the
    // options before libheif reads them.) Asking for interleaved RGB gives 8 bits
    // per channel even from a 10-bit photo.
    let decoded = libheif
        .decode(&handle, ColorSpace::Rgb(RgbChroma::Rgb), None)
        .map_err(damaged)?;
    interleaved_rgb(&decoded)
}

/// libheif's error as a person reads it: its message, else its code.
fn describe(err: &HeifError) -> String {
    if err.message.is_empty() {
        format!("{:?}", err.code)
    } else {
        err.message.clone()
    }
}

/// Refuses a photo whose declared size is over the limit: the displayed size
/// and the coded size before a crop (what the decoder allocates), whichever
/// is larger.
fn check_declared_size(handle: &ImageHandle) -> Result<()> {
    check_pixels(handle.width(), handle.height())?;
    let coded = (
        u32::try_from(handle.ispe_width()),
        u32::try_from(handle.ispe_height()),
    );
    if let (Ok(width), Ok(height)) = coded {
        check_pixels(width, height)?;
    }
    Ok(())
}

/// Copies libheif's interleaved RGB plane (rows padded to its stride) into an
/// [`RgbImage`].
fn interleaved_rgb(decoded: &libheif_rs::Image) -> Result<RgbImage> {
    let unexpected = |what: String| VisionError::Decode(format!("libheif returned {what}"));
    let plane = decoded
        .planes()
        .interleaved
        .ok_or_else(|| unexpected("no interleaved RGB plane".into()))?;
    if plane.bits_per_pixel != 8 || plane.storage_bits_per_pixel != 24 {
        return Err(unexpected(format!(
            "{}-bit pixels stored in {} bits, not 8-bit RGB",
            plane.bits_per_pixel, plane.storage_bits_per_pixel
        )));
    }
    let (width, height) = (plane.width, plane.height);
    if width == 0 || height == 0 {
        return Err(unexpected("an empty image".into()));
    }
    // A coded stream can disagree with the size its container declares.
    check_pixels(width, height)?;
    let row = width as usize * 3;
    let needed = plane.stride * (height as usize - 1) + row;
    if plane.stride < row || plane.data.len() < needed {
        return Err(unexpected(format!(
            "a {width}×{height} plane with rows of {} bytes in {} bytes",
            plane.stride,
            plane.data.len()
        )));
    }
    let mut pixels = Vec::with_capacity(row * height as usize);
    for line in plane.data.chunks(plane.stride).take(height as usize) {
        pixels.extend_from_slice(&line[..row]);
    }
    RgbImage::from_raw(width, height, pixels).ok_or_else(|| unexpected("a short plane".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heif_header_with_nothing_behind_it_is_a_clear_error() {
        let header = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
        let err = decode_primary(header, "HEIF").unwrap_err().to_string();
        assert!(
            err.starts_with("cannot read the photo: the HEIF file is damaged"),
            "{err}"
        );
    }
}
