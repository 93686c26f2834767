//! Photo metadata: say what a photo carries and strip it, losslessly and upright.
//!
//! One module per container format (JPEG, PNG, WebP, GIF, TIFF, HEIF/AVIF), each
//! with the same two operations — `inspect` (what is there) and `strip` (the
//! bytes without it) — chosen by magic bytes, never by file extension.
//!
//! ```no_run
//! let photo = std::fs::read("ward.jpg").unwrap();
//! let report = clearpost_meta::inspect(&photo).unwrap();
//! for finding in &report.findings {
//!     println!("{}: {}", finding.kind.label(), finding.detail);
//! }
//! let clean = clearpost_meta::strip(&photo).unwrap();
//! assert!(clearpost_meta::inspect(&clean.bytes).unwrap().is_clean());
//! ```

mod error;
mod exif;
mod format;
mod gif;
mod heif;
mod jpeg;
mod orientation;
mod png;
mod report;
mod tiff;
mod webp;
mod xmp;

use serde::Serialize;

pub use error::MetaError;
pub use format::{detect_format, ImageFormat};
pub use heif::primary_fingerprint as heif_primary_fingerprint;
pub use orientation::{OrientationOutcome, MAX_UPRIGHT_PIXELS};
pub use report::{Block, BlockKind, Finding, FindingKind, MetadataReport};

/// A photo with its identifying metadata removed.
#[derive(Debug, Clone, Serialize)]
pub struct Stripped {
    /// The cleaned file, in the same format as the input.
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// The format of input and output.
    pub format: ImageFormat,
    /// What was removed: the input's removable blocks and every finding.
    pub removed: MetadataReport,
    /// Blocks kept because drawing the picture needs them (ICC profile...).
    pub kept: Vec<Block>,
    /// How an EXIF orientation other than "upright" was honoured.
    pub orientation: OrientationOutcome,
    /// Size of the input in bytes.
    pub input_size: usize,
    /// Size of the output in bytes.
    pub output_size: usize,
}

/// Says which metadata blocks `bytes` carries and what they reveal.
///
/// Fails with a clear error for unknown formats and for files whose structure
/// is broken or that hold no image at all.
pub fn inspect(bytes: &[u8]) -> Result<MetadataReport, MetaError> {
    let format = detect_format(bytes)?;
    inspect_as(format, bytes)
}

fn inspect_as(format: ImageFormat, bytes: &[u8]) -> Result<MetadataReport, MetaError> {
    let mut report = match format {
        ImageFormat::Jpeg => jpeg::inspect(bytes),
        ImageFormat::Png => png::inspect(bytes),
        ImageFormat::Webp => webp::inspect(bytes),
        ImageFormat::Gif => gif::inspect(bytes),
        ImageFormat::Tiff => tiff::inspect(bytes),
        ImageFormat::Heif | ImageFormat::Avif => heif::inspect(bytes, format),
    }?;
    // Where EXIF is the orientation viewers read, XMP is their fallback.
    // TIFF's Orientation is a structural tag, HEIF viewers follow irot/imir
    // and GIF has none: XMP does not turn those.
    if matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Webp
    ) {
        report.settle_orientation_with_xmp();
    }
    Ok(report)
}

fn strip_as(format: ImageFormat, bytes: &[u8]) -> Result<Vec<u8>, MetaError> {
    match format {
        ImageFormat::Jpeg => jpeg::strip(bytes),
        ImageFormat::Png => png::strip(bytes),
        ImageFormat::Webp => webp::strip(bytes),
        ImageFormat::Gif => gif::strip(bytes),
        ImageFormat::Tiff => tiff::strip(bytes),
        ImageFormat::Heif | ImageFormat::Avif => heif::strip(bytes, format),
    }
}

/// Removes every block not needed to draw the picture, without re-encoding
/// pixels, after turning the pixels upright if EXIF asked for a rotation or
/// mirror (losslessly for JPEG where the dimensions allow; see
/// [`OrientationOutcome`]).
///
/// The output is inspected again; anything removable left in it is an error
/// ([`MetaError::Residual`]) and no bytes are returned.
pub fn strip(bytes: &[u8]) -> Result<Stripped, MetaError> {
    let format = detect_format(bytes)?;
    let before = inspect_as(format, bytes)?;
    let (upright, outcome) = orientation::make_upright(format, bytes, before.orientation)?;
    let out = strip_as(format, upright.as_deref().unwrap_or(bytes))?;
    let after = inspect_as(format, &out)?;
    if !after.is_clean() {
        let left: Vec<String> = after
            .removable_blocks()
            .map(|b| b.location.clone())
            .collect();
        return Err(MetaError::Residual(left.join(", ")));
    }
    let mut removed = before;
    removed.blocks.retain(|b| !b.kept);
    Ok(Stripped {
        input_size: bytes.len(),
        output_size: out.len(),
        bytes: out,
        format,
        removed,
        kept: after.blocks,
        orientation: outcome,
    })
}

/// The orientation (1–8) a photo is drawn with, if it declares one (EXIF, or
/// XMP `tiff:Orientation` when EXIF has none: see
/// [`MetadataReport::orientation`]), for callers that draw or redact pixels
/// themselves (the vision module applies it before detecting).
pub fn exif_orientation(bytes: &[u8]) -> Option<u16> {
    inspect(bytes).ok()?.orientation
}
