//! Format detection by magic bytes (never by file extension).

use serde::Serialize;

use crate::MetaError;

/// An image container format Clearpost can inspect and strip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    /// JPEG / JFIF / EXIF JPEG, including MPO (multi-picture) files.
    Jpeg,
    /// PNG (and APNG).
    Png,
    /// WebP (simple and extended).
    Webp,
    /// GIF87a / GIF89a.
    Gif,
    /// TIFF, little- or big-endian (not BigTIFF).
    Tiff,
    /// HEIF / HEIC (ISO-BMFF with an image `meta` box).
    Heif,
    /// AVIF (the same container as HEIF, with AV1 images).
    Avif,
}

impl ImageFormat {
    /// The format's usual name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "JPEG",
            ImageFormat::Png => "PNG",
            ImageFormat::Webp => "WebP",
            ImageFormat::Gif => "GIF",
            ImageFormat::Tiff => "TIFF",
            ImageFormat::Heif => "HEIF",
            ImageFormat::Avif => "AVIF",
        }
    }

    /// The usual file extension (without the dot) for output files.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Png => "png",
            ImageFormat::Webp => "webp",
            ImageFormat::Gif => "gif",
            ImageFormat::Tiff => "tif",
            ImageFormat::Heif => "heic",
            ImageFormat::Avif => "avif",
        }
    }
}

impl std::fmt::Display for ImageFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Names the format of `bytes` from its magic bytes.
pub fn detect_format(bytes: &[u8]) -> Result<ImageFormat, MetaError> {
    if bytes.is_empty() {
        return Err(MetaError::Empty);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(ImageFormat::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(ImageFormat::Png);
    }
    if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Ok(ImageFormat::Webp);
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Ok(ImageFormat::Gif);
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return Ok(ImageFormat::Tiff);
    }
    if bytes.starts_with(b"II+\0") || bytes.starts_with(b"MM\0+") {
        return Err(MetaError::unsupported("TIFF", "BigTIFF files"));
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return isobmff_brand(bytes);
    }
    let magic: String = bytes
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ");
    Err(MetaError::UnknownFormat { magic })
}

/// HEIF and AVIF share the ISO base media file format; the `ftyp` brands say
/// which. Video files (MP4, MOV) share it too and are refused by name.
fn isobmff_brand(bytes: &[u8]) -> Result<ImageFormat, MetaError> {
    let size = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
    let end = size.clamp(12, bytes.len());
    let major = &bytes[8..12];
    // The compatible brands follow the major brand and the minor version.
    let compatible = bytes.get(16..end).unwrap_or(&[]).chunks_exact(4);
    let brands: Vec<&[u8]> = std::iter::once(major).chain(compatible).collect();
    let has = |names: &[&[u8]]| brands.iter().any(|b| names.contains(b));
    if has(&[b"avif", b"avis"]) && !has(&[b"heic", b"heix", b"heim", b"heis"]) {
        return Ok(ImageFormat::Avif);
    }
    if has(&[
        b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"mif2", b"mif3",
        b"miaf",
    ]) {
        return Ok(ImageFormat::Heif);
    }
    Err(MetaError::unsupported(
        "ISO media",
        format!(
            "brand '{}' is a video or other non-image ISO-BMFF file",
            String::from_utf8_lossy(major)
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_magic_not_extension() {
        assert_eq!(
            detect_format(b"\xff\xd8\xff\xe0rest").unwrap(),
            ImageFormat::Jpeg
        );
        assert_eq!(detect_format(b"GIF89a....").unwrap(), ImageFormat::Gif);
        assert_eq!(
            detect_format(b"MM\0*\0\0\0\x08").unwrap(),
            ImageFormat::Tiff
        );
        assert_eq!(
            detect_format(b"RIFF\0\0\0\0WEBPVP8 ").unwrap(),
            ImageFormat::Webp
        );
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
        assert_eq!(detect_format(heic).unwrap(), ImageFormat::Heif);
        let avif = b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf";
        assert_eq!(detect_format(avif).unwrap(), ImageFormat::Avif);
    }

    #[test]
    fn names_unknown_and_empty_inputs() {
        assert!(matches!(detect_format(b""), Err(MetaError::Empty)));
        let err = detect_format(b"%PDF-1.7 hello").unwrap_err().to_string();
        assert!(
            err.contains("unknown file format") && err.contains("25 50 44 46"),
            "{err}"
        );
        let mp4 = b"\0\0\0\x14ftypisom\0\0\0\0isom";
        let err = detect_format(mp4).unwrap_err().to_string();
        assert!(err.contains("isom"), "{err}");
    }
}
