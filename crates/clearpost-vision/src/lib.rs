//! Face and record (text region) detection with ONNX models run in pure Rust
//! (tract), and irreversible redaction.
//!
//! - [`decode_upright`] reads a photo and applies its EXIF orientation (for
//!   HEIC/HEIF and AVIF, decoded by libheif, the container's); every
//!   coordinate in this crate is in pixels of that upright image.
//! - [`Vision`] loads the models once (shared, thread-safe) and
//!   [`Vision::detect`] returns [`Region`]s: faces (CenterFace) and records
//!   (PP-OCRv4 text detection, lines grouped per record, text recognised and
//!   classified "redact" or "review").
//! - [`redact()`] paints any list of regions (detector or manual) so that
//!   their content cannot be recovered; [`encode`] writes the result with no
//!   metadata; [`preview::draw_regions`] outlines them instead.

pub use clearpost_assets as assets;

mod detector;
mod engine;
pub mod error;
pub mod faces;
pub mod geometry;
mod heif;
pub mod picture;
pub mod preview;
pub mod records;
pub mod redact;
pub mod region;
pub mod text_detect;
pub mod text_recognize;

pub use detector::{DetectOptions, Vision};
pub use error::{Result, VisionError};
pub use faces::{FaceOptions, DETAIL_SCALE};
pub use geometry::Rect;
pub use picture::{decode_upright, encode, encode_clean, OutputFormat, Picture};
pub use redact::{redact, RedactionStyle};
pub use region::{Origin, Point, Region, RegionKind, Verdict};
pub use text_detect::TextDetectOptions;
