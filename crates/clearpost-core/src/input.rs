//! Reading input files with a size cap, checked before anything is read: a
//! 2 GB file named `photo.jpg` (or a device that never ends) is refused with a
//! clear message instead of filling memory. Messages leave the path out (the
//! caller shows it beside them); it is kept in the error's fields.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

pub use crate::limits::{MAX_PHOTO_BYTES, MAX_TEXT_BYTES};

/// Why an input file was not read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file is larger than the cap for its kind.
    #[error(
        "the file is {} ({size} bytes), larger than the {} Clearpost opens; nothing was read",
        human(*size),
        human(*limit)
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size (or the bytes read before giving up, for a file that grew).
        size: u64,
        /// The cap.
        limit: u64,
    },
    /// Opening or reading failed.
    #[error("cannot read the file")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// Reads `path` whole if it holds at most `limit` bytes. The size is checked
/// from the file system first, and the read itself stops at `limit + 1` bytes,
/// so a file that grows meanwhile or a special file with no size is bounded too.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, InputError> {
    let io = |source| InputError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = File::open(path).map_err(io)?;
    let declared = file.metadata().map_err(io)?.len();
    if declared > limit {
        return Err(InputError::TooLarge {
            path: path.to_path_buf(),
            size: declared,
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(declared as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Reads a photo, refusing files over [`MAX_PHOTO_BYTES`].
pub fn read_photo(path: &Path) -> Result<Vec<u8>, InputError> {
    read_limited(path, MAX_PHOTO_BYTES)
}

/// Reads draft text (bytes; the caller decodes), refusing files over [`MAX_TEXT_BYTES`].
pub fn read_text_bytes(path: &Path) -> Result<Vec<u8>, InputError> {
    read_limited(path, MAX_TEXT_BYTES)
}

fn human(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= 1024 * MIB {
        format!("{:.1} GiB", bytes as f64 / (1024 * MIB) as f64)
    } else {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_files_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.bin");
        std::fs::write(&path, b"12345").unwrap();
        assert_eq!(read_limited(&path, 5).unwrap(), b"12345");
        let err = read_limited(&path, 4).unwrap_err();
        assert!(
            matches!(
                err,
                InputError::TooLarge {
                    size: 5,
                    limit: 4,
                    ..
                }
            ),
            "{err}"
        );
        assert!(err.to_string().contains("nothing was read"), "{err}");
    }

    #[test]
    fn a_huge_sparse_file_is_refused_by_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.jpg");
        let file = File::create(&path).unwrap();
        file.set_len(2 * 1024 * 1024 * 1024).unwrap();
        let err = read_photo(&path).unwrap_err();
        assert!(err.to_string().contains("2.0 GiB"), "{err}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_source_with_no_size_is_bounded_by_the_read() {
        // /dev/zero reports size 0 and never ends.
        let err = read_limited(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(
            matches!(err, InputError::TooLarge { size: 1025, .. }),
            "{err}"
        );
    }

    #[test]
    fn a_missing_file_keeps_the_path() {
        let err = read_photo(Path::new("/nonexistent/clearpost.jpg")).unwrap_err();
        assert!(
            matches!(&err, InputError::Io { path, .. } if path == Path::new("/nonexistent/clearpost.jpg")),
            "{err}"
        );
    }
}
