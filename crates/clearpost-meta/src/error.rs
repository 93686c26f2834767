//! Errors of the metadata module.

/// Why a photo could not be inspected or stripped.
#[derive(Debug, thiserror::Error)]
pub enum MetaError {
    /// The input holds no bytes at all.
    #[error("the file is empty")]
    Empty,
    /// The magic bytes match no image format Clearpost knows.
    #[error("unknown file format (first bytes: {magic}); supported: JPEG, PNG, WebP, GIF, TIFF, HEIF/HEIC, AVIF")]
    UnknownFormat {
        /// The first bytes of the file, in hex, so the user can look them up.
        magic: String,
    },
    /// The format is recognised but this particular file cannot be handled.
    #[error("{format}: not supported: {reason}")]
    Unsupported {
        /// The detected format's name.
        format: &'static str,
        /// Why, in plain words.
        reason: String,
    },
    /// The file claims a format but its structure is broken or truncated.
    #[error("{format}: malformed file: {reason}")]
    Malformed {
        /// The detected format's name.
        format: &'static str,
        /// What is wrong, in plain words.
        reason: String,
    },
    /// Applying the orientation needed a decode/re-encode, which failed.
    #[error("{format}: could not apply the orientation by re-encoding: {reason}")]
    Reencode {
        /// The detected format's name.
        format: &'static str,
        /// The codec's message.
        reason: String,
    },
    /// After stripping, the output still carried identifying metadata. This is a
    /// bug in the stripper; the output is withheld rather than passed through.
    #[error("metadata left after stripping (output withheld): {0}")]
    Residual(String),
}

impl MetaError {
    pub(crate) fn malformed(format: &'static str, reason: impl Into<String>) -> Self {
        MetaError::Malformed {
            format,
            reason: reason.into(),
        }
    }

    pub(crate) fn unsupported(format: &'static str, reason: impl Into<String>) -> Self {
        MetaError::Unsupported {
            format,
            reason: reason.into(),
        }
    }
}
