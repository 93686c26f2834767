//! The one set of input limits: how large a photo file, a decoded photo and a
//! draft text may be before Clearpost refuses it. The app, the CLI and the
//! engines read them from here. The pixel limit is enforced by the decoder in
//! `vision` (below this crate), so it is that constant, named here.

/// The largest photo file Clearpost opens: 256 MiB. A 100-megapixel JPEG is
/// about 30-60 MB and a 48 MP HEIC about 20 MB; a bigger file is not a photo
/// anyone posts, and every byte of it is held in memory at least twice.
pub const MAX_PHOTO_BYTES: u64 = 256 * 1024 * 1024;

/// The largest photo decoded, in pixels: 120 megapixels (a 108 MP phone photo
/// fits; its RGB pixels alone take 360 MB). Refused from the header, before
/// decoding.
pub const MAX_PHOTO_PIXELS: u64 = crate::vision::picture::MAX_PIXELS;

/// The largest draft text Clearpost opens: 8 MiB, about a million and a half
/// words. A post is a few KB; scanning runs at a few MB per second and its
/// findings take several times the text's size, so a 50 MB file would hold the
/// scanner for a minute and hundreds of MB for no post anyone writes.
pub const MAX_TEXT_BYTES: u64 = 8 * 1024 * 1024;

/// Whether a photo of `width` × `height` pixels is within [`MAX_PHOTO_PIXELS`].
pub fn photo_pixels_ok(width: u32, height: u32) -> bool {
    u64::from(width) * u64::from(height) <= MAX_PHOTO_PIXELS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_decoder_uses_the_same_pixel_limit() {
        assert_eq!(MAX_PHOTO_PIXELS, crate::vision::picture::MAX_PIXELS);
    }

    #[test]
    fn a_108_megapixel_photo_fits_and_a_larger_one_does_not() {
        assert!(photo_pixels_ok(12_000, 9_000));
        assert!(!photo_pixels_ok(12_000, 10_001));
    }
}
