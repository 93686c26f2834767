//! Reading the files another machine sends: review bundles (author to
//! reviewer) and signed decision files (reviewer to author). Each is refused
//! before it is read when larger than its cap (the size is checked from the
//! file system, and the read stops one byte past the cap), so a 480 MiB
//! "bundle" costs nothing; a bundle whose attachment names are not plain file
//! names ([`crate::safe_name`]) is refused before anything is recorded.
//!
//! The app and the CLI both open these files through here.

use std::path::Path;

use crate::input::{read_limited, InputError};
use crate::review::{self, Bundle, ReviewError, SignedDecision, BUNDLE_FORMAT, DECISION_FORMAT};
use crate::safe_name;

/// The largest review bundle opened: 128 MiB. A bundle carries the post's
/// sanitised photos in base64 (a third larger than the photos), so this is
/// about 95 MiB of photos: several full-size phone pictures.
pub const MAX_BUNDLE_BYTES: u64 = 128 * 1024 * 1024;

/// The largest decision file opened: 1 MiB. A decision is a verdict, a
/// comment and a signature: a few KB.
pub const MAX_DECISION_BYTES: u64 = 1024 * 1024;

/// A file from another machine, by what it turned out to be.
#[derive(Debug, Clone)]
pub enum ReviewFile {
    /// A review bundle (not yet checked against keys: see [`review::open_bundle`]).
    Bundle(Box<Bundle>),
    /// A signed decision (not yet checked: see [`review::import_decision`]).
    Decision(Box<SignedDecision>),
}

fn read(path: &Path, limit: u64) -> Result<Vec<u8>, ReviewError> {
    read_limited(path, limit).map_err(|err| match err {
        InputError::Io { path, source } => ReviewError::Io { path, source },
        too_large @ InputError::TooLarge { .. } => {
            ReviewError::BadInput(format!("{}: {too_large}", path.display()))
        }
    })
}

/// Refuses a bundle whose attachment names could not be written as they are.
fn check_names(bundle: &Bundle, path: &Path) -> Result<(), ReviewError> {
    for attachment in &bundle.submission.attachments {
        safe_name::check(&attachment.name).map_err(|e| {
            ReviewError::Refused(format!(
                "{}: an attachment name in the bundle is refused: {e}; nothing was recorded",
                path.display()
            ))
        })?;
    }
    Ok(())
}

fn parse_decision(bytes: &[u8], path: &Path) -> Result<SignedDecision, ReviewError> {
    serde_json::from_slice(bytes).map_err(|e| {
        ReviewError::BadInput(format!(
            "{} is not a Clearpost decision file: {e}",
            path.display()
        ))
    })
}

/// Reads and parses the review bundle at `path` (at most [`MAX_BUNDLE_BYTES`]).
pub fn read_bundle(path: &Path) -> Result<Bundle, ReviewError> {
    let bytes = read(path, MAX_BUNDLE_BYTES)?;
    let bundle = review::parse_bundle(&bytes, path)?;
    check_names(&bundle, path)?;
    Ok(bundle)
}

/// Reads and parses the signed decision at `path` (at most [`MAX_DECISION_BYTES`]).
pub fn read_decision(path: &Path) -> Result<SignedDecision, ReviewError> {
    parse_decision(&read(path, MAX_DECISION_BYTES)?, path)
}

/// Reads a file that is either a bundle or a decision (the app's "Open a
/// review file"), each within its own cap.
pub fn read_review_file(path: &Path) -> Result<ReviewFile, ReviewError> {
    let bytes = read(path, MAX_BUNDLE_BYTES)?;
    let neither = || {
        ReviewError::BadInput(format!(
            "{} is not a Clearpost review bundle or decision file",
            path.display()
        ))
    };
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| neither())?;
    if value["format"] == BUNDLE_FORMAT {
        drop(value);
        let bundle = review::parse_bundle(&bytes, path)?;
        check_names(&bundle, path)?;
        return Ok(ReviewFile::Bundle(Box::new(bundle)));
    }
    if value["body"]["format"] == DECISION_FORMAT {
        if bytes.len() as u64 > MAX_DECISION_BYTES {
            return Err(ReviewError::BadInput(format!(
                "{}: {}",
                path.display(),
                InputError::TooLarge {
                    path: path.to_path_buf(),
                    size: bytes.len() as u64,
                    limit: MAX_DECISION_BYTES,
                }
            )));
        }
        return Ok(ReviewFile::Decision(Box::new(parse_decision(
            &bytes, path,
        )?)));
    }
    Err(neither())
}

/// Writes a signed decision file for the author's machine (pretty JSON, with
/// the one atomic write).
pub fn write_decision(path: &Path, decision: &SignedDecision) -> Result<(), ReviewError> {
    let bytes = serde_json::to_vec_pretty(decision)?;
    crate::atomic_file::write_atomic(path, &bytes).map_err(|source| ReviewError::Io {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sparse file of `size` bytes (no disk used).
    fn sparse(dir: &Path, name: &str, size: u64) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::File::create(&path).unwrap().set_len(size).unwrap();
        path
    }

    #[test]
    fn oversized_files_are_refused_before_they_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let bundle = sparse(dir.path(), "huge.clearpost", 480 * 1024 * 1024);
        for err in [
            read_bundle(&bundle).unwrap_err(),
            read_review_file(&bundle).unwrap_err(),
        ] {
            let message = err.to_string();
            assert!(matches!(err, ReviewError::BadInput(_)), "{message}");
            assert!(message.contains("larger than the 128.0 MiB"), "{message}");
            assert!(message.contains("nothing was read"), "{message}");
        }
        let decision = sparse(dir.path(), "decision.json", MAX_DECISION_BYTES + 1);
        let message = read_decision(&decision).unwrap_err().to_string();
        assert!(message.contains("larger than the 1.0 MiB"), "{message}");
    }

    #[test]
    fn a_large_decision_is_refused_by_the_combined_reader_too() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("decision.json");
        let padding = " ".repeat(MAX_DECISION_BYTES as usize);
        let text = format!(r#"{{"body": {{"format": "{DECISION_FORMAT}"}}{padding}}}"#);
        std::fs::write(&path, text).unwrap();
        let message = read_review_file(&path).unwrap_err().to_string();
        assert!(message.contains("larger than the 1.0 MiB"), "{message}");
    }

    #[test]
    fn other_files_are_named_as_such() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.json");
        std::fs::write(&path, br#"{"format": "something else"}"#).unwrap();
        let message = read_review_file(&path).unwrap_err().to_string();
        assert!(message.contains("not a Clearpost review bundle or decision file"));
        assert!(read_bundle(&path).is_err());
    }
}
