//! Reading the files another machine sends: review bundles (author to
//! reviewer) and signed decision files (reviewer to author). Each is refused
//! before it is read when larger than its cap (the size is checked from the
//! file system, and the read stops one byte past the cap), so a 480 MiB
//! "bundle" costs nothing; a bundle whose attachment names are not plain file
//! names ([`crate::safe_name`]) is refused before anything is recorded.
//!
//! The app and the CLI both open these files through here.

use std::path::Path;

use serde::Serialize;

use crate::audit::profiles::UnlockedProfile;
use crate::audit::Database;
use crate::input::{read_limited, InputError};
use crate::review::{
    self, Bundle, ReviewError, SignedDecision, State, Verdict, BUNDLE_FORMAT, DECISION_FORMAT,
};
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

/// What an imported review file was and what it did (the app's JSON shape).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Imported {
    /// A review bundle, checked and opened: its submission waits for review.
    Bundle {
        /// The submission hash.
        submission: String,
        /// The author's name as trusted here.
        author: String,
    },
    /// A reviewer's signed decision, checked and recorded.
    Decision {
        /// The submission decided on.
        submission: String,
        /// Approve or reject.
        verdict: Verdict,
        /// The reviewer's name.
        reviewer: String,
        /// The draft's state after it (None when the draft is not here).
        state: Option<State>,
    },
}

/// Imports the review file at `path` as `me`, whichever it is: a bundle is
/// opened (on the reviewer's machine), a decision recorded (on the author's).
/// Every hash and signature is checked against keys trusted here before
/// anything is recorded.
pub async fn import(
    db: &Database,
    me: &UnlockedProfile,
    path: &Path,
) -> Result<Imported, ReviewError> {
    Ok(match read_review_file(path)? {
        ReviewFile::Bundle(bundle) => {
            let opened = review::open_bundle(db, me, &bundle).await?;
            Imported::Bundle {
                submission: opened.submission_hash,
                author: opened.author.name,
            }
        }
        ReviewFile::Decision(decision) => {
            let state = review::import_decision(db, me, &decision).await?;
            Imported::Decision {
                submission: decision.body.submission.clone(),
                verdict: decision.body.verdict,
                reviewer: decision.body.reviewer.name.clone(),
                state,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::profiles::{self, Role};
    use crate::review::BlockingFindingsPolicy;

    /// An author's laptop and a reviewer's, each with its own data folder
    /// and unlocked profile; each trusts the other's key when `trusted`.
    struct Laptops {
        author_dir: tempfile::TempDir,
        reviewer_dir: tempfile::TempDir,
        author_db: Database,
        reviewer_db: Database,
        ana: UnlockedProfile,
        rui: UnlockedProfile,
    }

    async fn two_laptops(trusted: bool) -> Laptops {
        let (author_dir, reviewer_dir) =
            (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let author_db = Database::open(author_dir.path()).await.unwrap();
        let reviewer_db = Database::open(reviewer_dir.path()).await.unwrap();
        profiles::create(&author_db, "Ana", Role::Author, "author passphrase")
            .await
            .unwrap();
        profiles::create(&reviewer_db, "Rui", Role::Reviewer, "reviewer passphrase")
            .await
            .unwrap();
        let ana = profiles::unlock(&author_db, "Ana", "author passphrase")
            .await
            .unwrap();
        let rui = profiles::unlock(&reviewer_db, "Rui", "reviewer passphrase")
            .await
            .unwrap();
        if trusted {
            profiles::trust(&author_db, &ana, &rui.profile.public())
                .await
                .unwrap();
            profiles::trust(&reviewer_db, &rui, &ana.profile.public())
                .await
                .unwrap();
        }
        Laptops {
            author_dir,
            reviewer_dir,
            author_db,
            reviewer_db,
            ana,
            rui,
        }
    }

    /// The author submits `text` and writes it as a review bundle in their
    /// folder: the submission's hash and the bundle's path.
    async fn submitted_bundle(laptops: &Laptops, text: &str) -> (String, std::path::PathBuf) {
        let (db, ana) = (&laptops.author_db, &laptops.ana);
        let draft = review::create_draft(db, ana, text, vec![]).await.unwrap();
        let (hash, _) = review::submit(db, ana, &draft.id, vec![], vec![], &BlockingFindingsPolicy)
            .await
            .unwrap();
        let bundle = laptops.author_dir.path().join("review.clearpost");
        review::write_bundle(db, ana, &hash, &bundle).await.unwrap();
        (hash, bundle)
    }

    /// Two machines: the author's bundle is imported on the reviewer's, the
    /// reviewer's decision file back on the author's; anything else is refused
    /// and records nothing.
    #[tokio::test]
    async fn import_recognises_bundles_and_decisions_and_refuses_the_rest() {
        let laptops = two_laptops(true).await;
        let Laptops {
            author_dir,
            reviewer_dir,
            author_db,
            reviewer_db,
            ana,
            rui,
        } = &laptops;
        let (hash, bundle) = submitted_bundle(&laptops, "See you at the gala").await;

        let junk = reviewer_dir.path().join("notes.json");
        std::fs::write(&junk, br#"{"format": "something else"}"#).unwrap();
        let refused = import(reviewer_db, rui, &junk).await.unwrap_err();
        assert!(
            refused
                .to_string()
                .contains("is not a Clearpost review bundle or decision file"),
            "{refused}"
        );

        match import(reviewer_db, rui, &bundle).await.unwrap() {
            Imported::Bundle { submission, author } => {
                assert_eq!(
                    (submission.as_str(), author.as_str()),
                    (hash.as_str(), "Ana")
                );
            }
            other => panic!("expected a bundle, got {other:?}"),
        }
        let decision = review::decide(reviewer_db, rui, &hash, Verdict::Approve, "fine")
            .await
            .unwrap();
        let file = author_dir.path().join("decision.json");
        std::fs::write(&file, serde_json::to_vec_pretty(&decision).unwrap()).unwrap();
        match import(author_db, ana, &file).await.unwrap() {
            Imported::Decision {
                verdict,
                reviewer,
                state,
                ..
            } => {
                assert_eq!(verdict, Verdict::Approve);
                assert_eq!(reviewer, "Rui");
                assert_eq!(state, Some(State::Approved));
            }
            other => panic!("expected a decision, got {other:?}"),
        }
        // The same decision twice is refused, with its reason.
        let again = import(author_db, ana, &file).await.unwrap_err();
        assert!(again.to_string().contains("already decided"), "{again}");
    }

    /// A bundle from someone this machine does not trust is refused with a
    /// structured error (the app words it its own way) and records nothing.
    #[tokio::test]
    async fn a_bundle_from_an_untrusted_author_is_refused_and_records_nothing() {
        let laptops = two_laptops(false).await;
        let (hash, bundle) = submitted_bundle(&laptops, "See you at the fair").await;
        let (reviewer_db, rui) = (&laptops.reviewer_db, &laptops.rui);
        let refused = import(reviewer_db, rui, &bundle).await.unwrap_err();
        assert!(
            matches!(&refused, ReviewError::NotTrusted { name, .. } if name == "Ana"),
            "{refused}"
        );
        assert!(
            review::status(reviewer_db, &hash).await.is_err(),
            "nothing was recorded"
        );
    }

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
