//! The append-only event log: one row per event, each hash covering the
//! previous hash and the canonical event, each signed by its actor.
//!
//! `hash = SHA-256(prev_hash (64 hex chars, ASCII) || canonical JSON of
//! {seq, time, actor, kind, subject, payload})`; the signature is Ed25519 by
//! the actor's key over the 32 raw hash bytes. The first event's `prev_hash` is
//! [`GENESIS_HASH`]. This module never updates or deletes a row.

use ed25519_dalek::SigningKey;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::{SqliteConnection, SqlitePool};

use crate::canonical;
use crate::keys;
use crate::Database;

/// `prev_hash` of the first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The kinds of event Clearpost writes (the `kind` column).
pub mod kind {
    /// A local profile was created; payload carries its public key. Self-signed.
    pub const PROFILE_CREATED: &str = "profile.created";
    /// A profile replaced its key; signed by the old key, payload has the new one.
    pub const PROFILE_KEY_CHANGED: &str = "profile.key_changed";
    /// A remote user's public key was trusted on this machine.
    pub const PROFILE_TRUSTED: &str = "profile.trusted";
    /// The current profile on this machine changed (after the passphrase was checked).
    pub const PROFILE_SWITCHED: &str = "profile.switched";
    /// The review policy (number of approvers) changed.
    pub const POLICY_CHANGED: &str = "policy.changed";
    /// A draft was created.
    pub const DRAFT_CREATED: &str = "draft.created";
    /// A draft's content changed (voids any submission or approval).
    pub const DRAFT_EDITED: &str = "draft.edited";
    /// An author kept a flagged finding, with a reason.
    pub const FINDING_OVERRIDDEN: &str = "finding.overridden";
    /// A draft was frozen into a submission; payload holds the whole submission.
    pub const SUBMITTED: &str = "review.submitted";
    /// A reviewer approved a submission on this machine; payload holds the signed decision.
    pub const APPROVED: &str = "review.approved";
    /// A reviewer rejected a submission on this machine; payload holds the signed decision.
    pub const REJECTED: &str = "review.rejected";
    /// A decision file from another machine was checked and recorded.
    pub const DECISION_IMPORTED: &str = "review.decision_imported";
    /// A review bundle was written.
    pub const BUNDLE_CREATED: &str = "review.bundle_created";
    /// A review bundle from another machine was checked and opened.
    pub const BUNDLE_OPENED: &str = "review.bundle_opened";
    /// An approved submission was exported for publishing.
    pub const EXPORTED: &str = "review.exported";
}

/// Why the log could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum EventError {
    /// The database refused (locked, disk full, trigger...).
    #[error("audit log database error: {0}")]
    Sql(#[from] sqlx::Error),
    /// A payload could not be serialised.
    #[error("cannot serialise an audit event: {0}")]
    Json(#[from] serde_json::Error),
}

/// One row of the log, exactly as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Event {
    /// Position in the chain, from 1, without gaps.
    pub seq: i64,
    /// UTC time, RFC 3339 with milliseconds (`2026-01-31T12:00:00.000Z`).
    pub time: String,
    /// Profile id of the signer.
    pub actor: String,
    /// What happened (see [`kind`]).
    pub kind: String,
    /// The hash or id the event is about (submission hash, draft id, profile id).
    pub subject: String,
    /// Canonical JSON details.
    pub payload: String,
    /// Hash of the previous event (or [`GENESIS_HASH`]).
    pub prev_hash: String,
    /// SHA-256 over `prev_hash` and the canonical event, hex.
    pub hash: String,
    /// Actor's Ed25519 signature over the hash bytes, hex.
    pub signature: String,
}

/// An event to append: what happened, to what, with which details.
#[derive(Debug, Clone)]
pub struct NewEvent {
    /// One of [`kind`].
    pub kind: String,
    /// The hash or id the event is about.
    pub subject: String,
    /// Details; stored as canonical JSON.
    pub payload: Value,
}

impl NewEvent {
    /// Builds an event description.
    pub fn new(kind: &str, subject: impl Into<String>, payload: Value) -> Self {
        NewEvent {
            kind: kind.to_string(),
            subject: subject.into(),
            payload,
        }
    }
}

/// Who signs an appended event: a profile id and its unlocked key.
pub struct Signer<'a> {
    /// Profile id written in the `actor` column.
    pub actor: &'a str,
    /// The profile's private key.
    pub key: &'a SigningKey,
}

/// The hash of an event with these fields (see the module docs).
/// `canonical_payload` must already be canonical JSON: the canonical event is
/// written around it directly (keys in sorted order: actor, kind, payload,
/// seq, subject, time), which spares re-serialising the payload.
pub fn compute_hash(
    prev_hash: &str,
    seq: i64,
    time: &str,
    actor: &str,
    kind: &str,
    subject: &str,
    canonical_payload: &str,
) -> String {
    let mut body = Vec::with_capacity(canonical_payload.len() + 160);
    fn string(out: &mut Vec<u8>, key: &str, value: &str) {
        out.extend_from_slice(key.as_bytes());
        serde_json::to_writer(&mut *out, value).expect("strings always serialise");
    }
    string(&mut body, "{\"actor\":", actor);
    string(&mut body, ",\"kind\":", kind);
    body.extend_from_slice(b",\"payload\":");
    body.extend_from_slice(canonical_payload.as_bytes());
    body.extend_from_slice(format!(",\"seq\":{seq}").as_bytes());
    string(&mut body, ",\"subject\":", subject);
    string(&mut body, ",\"time\":", time);
    body.push(b'}');
    let mut hasher = Sha256::new();
    hasher.update(prev_hash.as_bytes());
    hasher.update(&body);
    hex::encode(hasher.finalize())
}

/// The current UTC time in the log's format.
pub fn now_utc() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Appends one event inside the caller's transaction (which must have been
/// opened with `BEGIN IMMEDIATE` so no other writer slips in between reading the
/// chain's head and inserting).
pub async fn append_in(
    conn: &mut SqliteConnection,
    signer: &Signer<'_>,
    event: NewEvent,
) -> Result<Event, EventError> {
    let head: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut *conn)
            .await?;
    let (seq, prev_hash) = match head {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS_HASH.to_string()),
    };
    let time = now_utc();
    let payload = canonical::to_canonical_string(&event.payload)?;
    let hash = compute_hash(
        &prev_hash,
        seq,
        &time,
        signer.actor,
        &event.kind,
        &event.subject,
        &payload,
    );
    let hash_bytes = hex::decode(&hash).expect("hex we just wrote");
    let signature = keys::sign_hex(signer.key, &hash_bytes);
    let row = Event {
        seq,
        time,
        actor: signer.actor.to_string(),
        kind: event.kind,
        subject: event.subject,
        payload,
        prev_hash,
        hash,
        signature,
    };
    sqlx::query(
        "INSERT INTO events (seq, time, actor, kind, subject, payload, prev_hash, hash, signature) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(row.seq)
    .bind(&row.time)
    .bind(&row.actor)
    .bind(&row.kind)
    .bind(&row.subject)
    .bind(&row.payload)
    .bind(&row.prev_hash)
    .bind(&row.hash)
    .bind(&row.signature)
    .execute(&mut *conn)
    .await?;
    Ok(row)
}

/// Appends one event in its own `BEGIN IMMEDIATE` transaction; when this
/// returns `Ok` the event is durable (WAL, synchronous=FULL).
pub async fn append(
    db: &Database,
    signer: &Signer<'_>,
    event: NewEvent,
) -> Result<Event, EventError> {
    let mut tx = db.pool().begin_with("BEGIN IMMEDIATE").await?;
    let row = append_in(&mut tx, signer, event).await?;
    tx.commit().await?;
    Ok(row)
}

/// Which events to list.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Only events at or after this time (RFC 3339 prefix compare, UTC).
    pub since: Option<String>,
    /// Only events strictly before this time.
    pub until: Option<String>,
    /// Only events about this subject.
    pub subject: Option<String>,
    /// At most this many events (the latest ones when set).
    pub limit: Option<i64>,
}

/// Lists events in chain order.
pub async fn list(pool: &SqlitePool, filter: &EventFilter) -> Result<Vec<Event>, EventError> {
    let mut rows: Vec<Event> = sqlx::query_as(
        "SELECT seq, time, actor, kind, subject, payload, prev_hash, hash, signature FROM events \
         WHERE (?1 IS NULL OR time >= ?1) AND (?2 IS NULL OR time < ?2) AND (?3 IS NULL OR subject = ?3) \
         ORDER BY seq DESC LIMIT ?4",
    )
    .bind(&filter.since)
    .bind(&filter.until)
    .bind(&filter.subject)
    .bind(filter.limit.unwrap_or(-1))
    .fetch_all(pool)
    .await?;
    rows.reverse();
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_covers_the_canonical_event_after_the_previous_hash() {
        let payload = serde_json::json!({"b": "x\"y", "a": [1, 2]});
        let canonical_payload = canonical::to_canonical_string(&payload).unwrap();
        let event = serde_json::json!({
            "seq": 7, "time": "2026-01-01T00:00:00.000Z", "actor": "p1",
            "kind": "k", "subject": "s\u{e9}", "payload": payload,
        });
        let mut expected = GENESIS_HASH.as_bytes().to_vec();
        expected.extend(canonical::to_canonical_bytes(&event).unwrap());
        assert_eq!(
            compute_hash(
                GENESIS_HASH,
                7,
                "2026-01-01T00:00:00.000Z",
                "p1",
                "k",
                "s\u{e9}",
                &canonical_payload
            ),
            hex::encode(Sha256::digest(&expected))
        );
    }
}
