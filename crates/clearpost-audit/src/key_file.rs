//! The file that carries a person's public key to another machine (written by
//! "Share my key" in the app and `clearpost profile export-key`, read by
//! "Trust a colleague's key" and `clearpost profile trust`): the JSON of a
//! [`PublicProfile`], no secret in it. One reader and one writer, so the app
//! and the CLI always agree on the format.

use std::path::{Path, PathBuf};

use crate::atomic_file::write_atomic;
use crate::profiles::{check_name, PublicProfile};

/// The extension the app suggests for key files (any name is read).
pub const KEY_FILE_EXTENSION: &str = "clearpost-key";

/// Why a key file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    /// The file is not a Clearpost key file, or its content is unusable.
    #[error("{path} is not a Clearpost key file: {reason}")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong with it, in plain words.
        reason: String,
    },
    /// Reading or writing the file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// Writes `profile`'s public part to `path` atomically.
pub fn write(path: &Path, profile: &PublicProfile) -> Result<(), KeyFileError> {
    let bytes = serde_json::to_vec_pretty(profile).expect("a public profile serialises");
    write_atomic(path, &bytes).map_err(|source| KeyFileError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Reads a key file and checks what can be checked without a database: the
/// JSON shape, the name and that the key is a usable Ed25519 public key.
pub fn read(path: &Path) -> Result<PublicProfile, KeyFileError> {
    let bytes = std::fs::read(path).map_err(|source| KeyFileError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&bytes).map_err(|reason| KeyFileError::Malformed {
        path: path.to_path_buf(),
        reason,
    })
}

fn parse(bytes: &[u8]) -> Result<PublicProfile, String> {
    let profile: PublicProfile = serde_json::from_slice(bytes)
        .map_err(|e| format!("expected a shared key with id, name, role and public_key ({e})"))?;
    let id_ok = profile.id.len() == 16 && profile.id.chars().all(|c| c.is_ascii_hexdigit());
    if !id_ok {
        return Err(format!(
            "the profile id {:?} is not 16 hex characters",
            profile.id
        ));
    }
    check_name(&profile.name).map_err(|e| e.to_string())?;
    profile
        .verifying_key()
        .map_err(|_| "the public key is damaged (not a valid Ed25519 key)".to_string())?;
    Ok(profile)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys;
    use crate::profiles::Role;

    fn sample() -> PublicProfile {
        PublicProfile {
            id: "0123456789abcdef".into(),
            name: "Ana Souza".into(),
            role: Role::Author,
            public_key: keys::public_key_hex(&keys::generate_signing_key().verifying_key()),
        }
    }

    #[test]
    fn a_written_key_reads_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ana.clearpost-key");
        let ana = sample();
        write(&path, &ana).unwrap();
        assert_eq!(read(&path).unwrap(), ana);
    }

    #[test]
    fn malformed_files_are_refused_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key.json");
        let good = serde_json::to_value(sample()).unwrap();
        let variants: Vec<(Vec<u8>, &str)> = vec![
            (b"not json at all".to_vec(), "expected a shared key"),
            (
                br#"{"format": "clearpost-review-bundle/1"}"#.to_vec(),
                "expected a shared key",
            ),
            (
                with(&good, "public_key", "00ff".into())
                    .to_string()
                    .into_bytes(),
                "public key is damaged",
            ),
            (
                with(&good, "id", "../../etc".into())
                    .to_string()
                    .into_bytes(),
                "not 16 hex characters",
            ),
            (
                with(&good, "name", "Ana\u{7}".into())
                    .to_string()
                    .into_bytes(),
                "profile name",
            ),
            (
                with(&good, "role", "owner".into()).to_string().into_bytes(),
                "expected a shared key",
            ),
        ];
        for (bytes, reason) in variants {
            std::fs::write(&path, &bytes).unwrap();
            let err = read(&path).unwrap_err();
            assert!(
                matches!(err, KeyFileError::Malformed { .. }),
                "{err} for {bytes:?}"
            );
            let message = err.to_string();
            assert!(
                message.contains("is not a Clearpost key file") && message.contains(reason),
                "{message}"
            );
        }
        let missing = read(&dir.path().join("absent.clearpost-key")).unwrap_err();
        assert!(matches!(missing, KeyFileError::Io { .. }), "{missing}");
    }

    fn with(value: &serde_json::Value, field: &str, new: serde_json::Value) -> serde_json::Value {
        let mut value = value.clone();
        value[field] = new;
        value
    }
}
