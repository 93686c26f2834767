//! The content-addressed attachment store: each file is kept once, named by
//! its SHA-256, under `<data dir>/attachments/ab/cdef…`, and never changed.
//! Reads check the hash, so a file altered on disk is reported, not used.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::atomic_file::write_atomic;

/// Why the store could not keep or give back a file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Reading or writing failed.
    #[error("attachment store: {path}: {source}")]
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Not a 64-character lowercase hex SHA-256.
    #[error("not a SHA-256 (64 lowercase hex characters): {0:?}")]
    BadHash(String),
    /// No file with this hash is stored.
    #[error("attachment {0} is not in the store")]
    Missing(String),
    /// The stored bytes no longer have the name's hash.
    #[error("attachment {0} was altered on disk (its content no longer matches its hash)")]
    Corrupt(String),
}

/// SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// True for a 64-character lowercase hex string.
pub fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The attachment store of one data directory.
#[derive(Debug, Clone)]
pub struct AttachmentStore {
    root: PathBuf,
}

impl AttachmentStore {
    /// The store inside `data_dir` (created on first write).
    pub fn new(data_dir: &Path) -> Self {
        AttachmentStore {
            root: data_dir.join("attachments"),
        }
    }

    fn path_of(&self, sha256: &str) -> Result<PathBuf, StoreError> {
        if !is_sha256_hex(sha256) {
            return Err(StoreError::BadHash(sha256.to_string()));
        }
        Ok(self.root.join(&sha256[..2]).join(&sha256[2..]))
    }

    /// Stores `bytes` (once) and returns their SHA-256.
    pub fn put(&self, bytes: &[u8]) -> Result<String, StoreError> {
        let sha256 = sha256_hex(bytes);
        let path = self.path_of(&sha256)?;
        if path.is_file() {
            return Ok(sha256);
        }
        let folder = path.parent().expect("store paths have a folder");
        let io = |source| StoreError::Io {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(folder).map_err(io)?;
        write_atomic(&path, bytes).map_err(io)?;
        Ok(sha256)
    }

    /// Copies the file at `source` into the store (the original is untouched).
    pub fn put_file(&self, source: &Path) -> Result<String, StoreError> {
        let bytes = std::fs::read(source).map_err(|e| StoreError::Io {
            path: source.to_path_buf(),
            source: e,
        })?;
        self.put(&bytes)
    }

    /// True when a file with this hash is stored.
    pub fn contains(&self, sha256: &str) -> bool {
        self.path_of(sha256).is_ok_and(|p| p.is_file())
    }

    /// The stored bytes, checked against their hash.
    pub fn get(&self, sha256: &str) -> Result<Vec<u8>, StoreError> {
        let path = self.path_of(sha256)?;
        let bytes = std::fs::read(&path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                StoreError::Missing(sha256.to_string())
            } else {
                StoreError::Io { path, source }
            }
        })?;
        if sha256_hex(&bytes) != sha256 {
            return Err(StoreError::Corrupt(sha256.to_string()));
        }
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_by_hash_and_detects_altered_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = AttachmentStore::new(dir.path());
        let hash = store.put(b"photo bytes").unwrap();
        assert_eq!(hash, sha256_hex(b"photo bytes"));
        assert_eq!(store.put(b"photo bytes").unwrap(), hash);
        assert_eq!(store.get(&hash).unwrap(), b"photo bytes");
        let other = sha256_hex(b"other");
        assert!(matches!(store.get(&other), Err(StoreError::Missing(_))));
        assert!(matches!(
            store.get("../etc/passwd"),
            Err(StoreError::BadHash(_))
        ));
        std::fs::write(store.path_of(&hash).unwrap(), b"photo bytez").unwrap();
        assert!(matches!(store.get(&hash), Err(StoreError::Corrupt(_))));
    }
}
