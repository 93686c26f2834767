//! The one error type of the vision crate.

use std::path::PathBuf;

/// Why detection or redaction failed.
#[derive(Debug, thiserror::Error)]
pub enum VisionError {
    /// A model file is not where the fetch script puts it.
    #[error(transparent)]
    MissingModel(#[from] clearpost_assets::AssetError),
    /// A model could not be read, compiled for an input size, or run.
    #[error("model {model} failed: {message}")]
    Model {
        /// The model's short name ("centerface").
        model: &'static str,
        /// What went wrong, from the runtime.
        message: String,
    },
    /// The photo could not be decoded (unknown format, truncated, too large).
    #[error("cannot read the photo: {0}")]
    Decode(String),
    /// The redacted photo could not be encoded.
    #[error("cannot encode the redacted photo: {0}")]
    Encode(String),
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// Shorthand for results of this crate.
pub type Result<T, E = VisionError> = std::result::Result<T, E>;
