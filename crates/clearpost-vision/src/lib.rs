//! Face and record (text region) detection with ONNX models run in pure Rust,
//! and irreversible redaction. Filled in by the vision issue.

pub use clearpost_assets as assets;
