//! Offline review bundles: one file carrying a submission (text, sanitised
//! attachments, findings, overrides) and the author's signed `review.submitted`
//! event to a reviewer's machine. Opening one checks every hash and the
//! author's signature against the author's key as trusted on that machine.

use std::path::Path;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::submission::SubmissionBody;
use super::workflow::insert_submission;
use super::{ReviewError, SignedFile};
use clearpost_audit::atomic_file::write_atomic;
use clearpost_audit::canonical;
use clearpost_audit::events::{self, kind, Event, NewEvent};
use clearpost_audit::keys;
use clearpost_audit::profiles::{self, PublicProfile, UnlockedProfile};
use clearpost_audit::store::{sha256_hex, AttachmentStore};
use clearpost_audit::verify::{EventSeal, SealError};
use clearpost_audit::Database;

/// The `format` of bundles written by this version.
pub const BUNDLE_FORMAT: &str = "clearpost-review-bundle/1";

/// One attachment's bytes inside a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundledFile {
    /// SHA-256 of the bytes.
    pub sha256: String,
    /// The bytes, base64.
    pub data: String,
}

/// The bundle file's content (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bundle {
    /// [`BUNDLE_FORMAT`].
    pub format: String,
    /// The submission hash.
    pub submission_hash: String,
    /// The frozen submission.
    pub submission: SubmissionBody,
    /// The author, with the public key that signed the event.
    pub author: PublicProfile,
    /// The author's signed `review.submitted` event from their log.
    pub submit_event: Event,
    /// The sanitised attachments.
    pub attachments: Vec<BundledFile>,
}

/// What opening a bundle found and recorded.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OpenedBundle {
    /// The submission hash (use it with `decide`).
    pub submission_hash: String,
    /// The submission.
    pub submission: SubmissionBody,
    /// The author as trusted here.
    pub author: PublicProfile,
}

fn store_of(db: &Database) -> AttachmentStore {
    AttachmentStore::new(db.path().parent().unwrap_or(Path::new(".")))
}

/// Writes the bundle for submission `hash` (from this machine's log and store)
/// to `path`, and logs that it was written.
pub async fn write_bundle(
    db: &Database,
    actor: &UnlockedProfile,
    hash: &str,
    path: &Path,
) -> Result<Bundle, ReviewError> {
    let submit_event: Option<Event> = sqlx::query_as(
        "SELECT seq, time, actor, kind, subject, payload, prev_hash, hash, signature FROM events \
         WHERE kind = ? AND subject = ? ORDER BY seq LIMIT 1",
    )
    .bind(kind::SUBMITTED)
    .bind(hash)
    .fetch_optional(db.pool())
    .await?;
    let submit_event = submit_event.ok_or_else(|| {
        ReviewError::NotFound(format!("no submission {hash} was made on this machine"))
    })?;
    let payload: Value = serde_json::from_str(&submit_event.payload)?;
    let submission: SubmissionBody = serde_json::from_value(payload["submission"].clone())?;
    let author = profiles::find(db, &submission.author).await?.public();
    let store = store_of(db);
    let mut attachments = vec![];
    for attachment in &submission.attachments {
        let bytes = store.get(&attachment.sha256)?;
        attachments.push(BundledFile {
            sha256: attachment.sha256.clone(),
            data: BASE64.encode(bytes),
        });
    }
    let bundle = Bundle {
        format: BUNDLE_FORMAT.to_string(),
        submission_hash: hash.to_string(),
        submission,
        author,
        submit_event,
        attachments,
    };
    let bytes = serde_json::to_vec(&bundle)?;
    write_atomic(path, &bytes).map_err(|source| ReviewError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    events::append(
        db,
        &actor.signer(),
        NewEvent::new(
            kind::BUNDLE_CREATED,
            hash,
            json!({"file": path.display().to_string(), "bundle_sha256": sha256_hex(&bytes)}),
        ),
    )
    .await?;
    Ok(bundle)
}

/// Parses a bundle from its bytes (no checks yet); `shown_as` names the file
/// in messages. Files from outside are read with a size cap first
/// (`clearpost_core::review_files`).
pub fn parse_bundle(bytes: &[u8], shown_as: &Path) -> Result<Bundle, ReviewError> {
    let path = shown_as;
    let bundle: Bundle = serde_json::from_slice(bytes).map_err(|e| {
        ReviewError::BadInput(format!(
            "{} is not a Clearpost review bundle: {e}",
            path.display()
        ))
    })?;
    if bundle.format != BUNDLE_FORMAT {
        return Err(ReviewError::BadInput(format!(
            "unknown bundle format {:?}",
            bundle.format
        )));
    }
    Ok(bundle)
}

/// Checks a bundle against itself and against the author's key as trusted on
/// this machine; returns the decoded attachments.
async fn check_bundle(db: &Database, bundle: &Bundle) -> Result<Vec<Vec<u8>>, ReviewError> {
    let tampered =
        |what: &str| ReviewError::Tampered(format!("the review bundle was altered: {what}"));
    let bad_signature = || tampered("the author's signature on the submission is invalid");
    let submission = &bundle.submission;
    if submission.hash() != bundle.submission_hash {
        return Err(tampered("the submission's content does not match its hash"));
    }
    if super::content_hash(&submission.text, &submission.attachments) != submission.content_hash {
        return Err(tampered(
            "the text or attachment list does not match the content hash",
        ));
    }
    let event = &bundle.submit_event;
    if event.kind != kind::SUBMITTED || event.subject != bundle.submission_hash {
        return Err(tampered(
            "the author's event is not the submission of this content",
        ));
    }
    let payload: Value = serde_json::from_str(&event.payload)
        .map_err(|_| tampered("the author's event payload is not JSON"))?;
    let signed_submission: SubmissionBody =
        serde_json::from_value(payload["submission"].clone())
            .map_err(|_| tampered("the author's event does not carry the submission"))?;
    if canonical::to_canonical_string(&signed_submission)? != submission.canonical() {
        return Err(tampered(
            "the submission differs from the one the author signed",
        ));
    }
    let seal = match EventSeal::of(event) {
        Ok(seal) if canonical::is_canonical(&event.payload) => seal,
        Err(SealError::BadSignature) => return Err(bad_signature()),
        _ => return Err(tampered("the author's event does not match its hash")),
    };
    if event.actor != bundle.author.id || submission.author != bundle.author.id {
        return Err(tampered(
            "the event's signer is not the submission's author",
        ));
    }
    let trusted = match profiles::find(db, &bundle.author.id).await {
        Ok(profile) if profile.id == bundle.author.id => profile,
        _ => {
            return Err(ReviewError::NotTrusted {
                file: SignedFile::Bundle,
                name: bundle.author.name.clone(),
                id: bundle.author.id.clone(),
            })
        }
    };
    if trusted.public_key != bundle.author.public_key {
        return Err(ReviewError::Untrusted(format!(
            "the bundle claims to be by {:?} but carries a different key from the one trusted here",
            trusted.name
        )));
    }
    let key = keys::parse_public_key(&trusted.public_key).map_err(profiles::ProfileError::from)?;
    seal.verify(&key).map_err(|_| bad_signature())?;
    let mut files = vec![];
    for attachment in &submission.attachments {
        let bundled = bundle
            .attachments
            .iter()
            .find(|f| f.sha256 == attachment.sha256)
            .ok_or_else(|| tampered(&format!("attachment {} is missing", attachment.name)))?;
        let bytes = BASE64.decode(&bundled.data).map_err(|_| {
            tampered(&format!(
                "attachment {} is not valid base64",
                attachment.name
            ))
        })?;
        if sha256_hex(&bytes) != attachment.sha256 {
            return Err(tampered(&format!(
                "attachment {} does not match its hash",
                attachment.name
            )));
        }
        files.push(bytes);
    }
    Ok(files)
}

/// Opens a bundle on the reviewer's machine: checks it (see [`Bundle`]), keeps
/// the submission and its attachments, and logs the opening. A reviewer can
/// then [`super::decide`] on the submission hash.
pub async fn open_bundle(
    db: &Database,
    opener: &UnlockedProfile,
    bundle: &Bundle,
) -> Result<OpenedBundle, ReviewError> {
    let files = check_bundle(db, bundle).await?;
    let store = store_of(db);
    for bytes in &files {
        store.put(bytes)?;
    }
    let mut tx = db.pool().begin_with("BEGIN IMMEDIATE").await?;
    insert_submission(&mut tx, &bundle.submission).await?;
    events::append_in(
        &mut tx,
        &opener.signer(),
        NewEvent::new(
            kind::BUNDLE_OPENED,
            bundle.submission_hash.clone(),
            json!({"author": bundle.author.id, "author_event_hash": bundle.submit_event.hash}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(OpenedBundle {
        submission_hash: bundle.submission_hash.clone(),
        submission: bundle.submission.clone(),
        author: bundle.author.clone(),
    })
}
