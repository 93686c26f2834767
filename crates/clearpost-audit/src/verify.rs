//! Walking the chain: every event's position, link, hash, canonical payload and
//! signature, against the public keys the chain itself introduces
//! (`profile.created` is self-signed, `profile.key_changed` is signed by the
//! old key, `profile.trusted` by a known profile). Stops at the first bad event
//! and says what is wrong with it.

use std::collections::HashMap;
use std::fmt;

use ed25519_dalek::{Signature, VerifyingKey};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::canonical;
use crate::decision::SignedDecision;
use crate::events::{self, kind, Event, EventError, GENESIS_HASH};
use crate::keys;
use crate::Database;

/// The first thing found wrong in a chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The sequence number of the first bad (or missing) event.
    pub seq: i64,
    /// What is wrong, in words.
    pub what: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "event {}: {}", self.seq, self.what)
    }
}

/// The outcome of walking a chain.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VerifyReport {
    /// Events that checked out before the first problem (all of them when clean).
    pub events_ok: u64,
    /// Sequence number of the last good event (0 when none).
    pub head_seq: i64,
    /// Hash of the last good event (the genesis hash when none): write it down
    /// somewhere else to detect a later truncation of the log.
    pub head_hash: String,
    /// The first problem, if any.
    pub problem: Option<Problem>,
}

impl VerifyReport {
    /// True when no problem was found.
    pub fn is_clean(&self) -> bool {
        self.problem.is_none()
    }
}

/// What an event's signer signed (the event's hash, as bytes) and the
/// signature, once the stored hash is known to cover the stored fields. The
/// chain walk checks it against the actor's key in a batch; a review bundle
/// checks the author's event at once with [`EventSeal::verify`].
#[derive(Debug, Clone, Copy)]
pub struct EventSeal {
    /// The event's hash: the message the actor signed.
    pub message: [u8; 32],
    /// The actor's signature over it.
    pub signature: Signature,
}

/// Why an event cannot be what its actor signed, before any key is looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// The hash is not the hash of the stored fields.
    #[error(
        "hash does not match the event's contents (seq, time, actor, kind, subject or payload \
         was altered, or the hash was replaced)"
    )]
    HashMismatch,
    /// The stored signature is not 64 bytes of hex.
    #[error("{}", keys::KeyError::BadSignatureEncoding)]
    BadSignature,
}

impl EventSeal {
    /// Recomputes the event's hash from its fields and decodes the hash and
    /// signature. The payload must be checked to be canonical separately (the
    /// chain walk does it on the JSON it parses anyway).
    pub fn of(event: &Event) -> Result<Self, SealError> {
        let recomputed = events::compute_hash(
            &event.prev_hash,
            event.seq,
            &event.time,
            &event.actor,
            &event.kind,
            &event.subject,
            &event.payload,
        );
        if recomputed != event.hash {
            return Err(SealError::HashMismatch);
        }
        let mut message = [0u8; 32];
        hex::decode_to_slice(&recomputed, &mut message)
            .expect("compute_hash writes 32 bytes as hex");
        let signature: [u8; 64] = hex::decode(&event.signature)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or(SealError::BadSignature)?;
        Ok(EventSeal {
            message,
            signature: Signature::from_bytes(&signature),
        })
    }

    /// Checks the signature against `key` (strict: rejects malleable and
    /// small-order forms).
    pub fn verify(&self, key: &VerifyingKey) -> Result<(), keys::KeyError> {
        key.verify_strict(&self.message, &self.signature)
            .map_err(|_| keys::KeyError::SignatureMismatch)
    }
}

/// Checks events one after another. Signatures are checked in batches (about
/// twice as fast as one by one); a failed batch is re-checked one by one so the
/// first bad event is still the one named. Call [`ChainVerifier::finish`] after
/// the last event.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    expected_seq: i64,
    prev_hash: String,
    keys: HashMap<String, VerifyingKey>,
    /// Events whose structure checked out but whose signature is not checked yet.
    pending: Vec<PendingSignature>,
    /// The last event fully checked (signature included).
    confirmed_seq: i64,
    confirmed_hash: String,
    events_ok: u64,
}

#[derive(Debug, Clone)]
struct PendingSignature {
    seq: i64,
    actor: String,
    key: VerifyingKey,
    seal: EventSeal,
    hash: String,
}

/// Signatures checked together in one batch.
const SIGNATURE_BATCH: usize = 256;

impl Default for ChainVerifier {
    fn default() -> Self {
        Self::new()
    }
}

impl ChainVerifier {
    /// A verifier for a chain starting at its genesis.
    pub fn new() -> Self {
        Self::resume(1, GENESIS_HASH.to_string(), HashMap::new())
    }

    /// A verifier for a chain excerpt starting at `first_seq`, whose previous
    /// event had `prev_hash`, with the actors' keys valid at that point.
    pub fn resume(first_seq: i64, prev_hash: String, keys: HashMap<String, VerifyingKey>) -> Self {
        ChainVerifier {
            expected_seq: first_seq,
            confirmed_seq: first_seq - 1,
            confirmed_hash: prev_hash.clone(),
            prev_hash,
            keys,
            pending: Vec::new(),
            events_ok: 0,
        }
    }

    /// The actors' keys as of the last good event.
    pub fn keys(&self) -> &HashMap<String, VerifyingKey> {
        &self.keys
    }

    /// A report of what was fully checked so far, with `problem`.
    pub fn report(&self, problem: Option<Problem>) -> VerifyReport {
        VerifyReport {
            events_ok: self.events_ok,
            head_seq: self.confirmed_seq,
            head_hash: self.confirmed_hash.clone(),
            problem,
        }
    }

    /// Checks the signatures still pending; call after the last event.
    pub fn finish(&mut self) -> Result<(), Problem> {
        let pending = std::mem::take(&mut self.pending);
        if pending.is_empty() {
            return Ok(());
        }
        let messages: Vec<&[u8]> = pending.iter().map(|p| p.seal.message.as_slice()).collect();
        let signatures: Vec<Signature> = pending.iter().map(|p| p.seal.signature).collect();
        let keys: Vec<VerifyingKey> = pending.iter().map(|p| p.key).collect();
        if ed25519_dalek::verify_batch(&messages, &signatures, &keys).is_err() {
            for item in &pending {
                if let Err(e) = item.seal.verify(&item.key) {
                    return Err(Problem {
                        seq: item.seq,
                        what: format!("signature by {} is invalid: {e}", item.actor),
                    });
                }
                self.confirm(item);
            }
            return Ok(());
        }
        for item in &pending {
            self.confirm(item);
        }
        Ok(())
    }

    fn confirm(&mut self, item: &PendingSignature) {
        self.confirmed_seq = item.seq;
        self.confirmed_hash = item.hash.clone();
        self.events_ok += 1;
    }

    /// Checks the next event (its signature possibly later, in a batch). An
    /// error names the first bad event, which may be an earlier one whose
    /// signature was still pending.
    pub fn check(&mut self, event: &Event) -> Result<(), Problem> {
        match self.check_structure(event) {
            Ok(pending) => {
                self.pending.push(pending);
                if self.pending.len() >= SIGNATURE_BATCH {
                    self.finish()?;
                }
                Ok(())
            }
            Err(problem) => {
                self.finish()?;
                Err(problem)
            }
        }
    }

    /// Everything but the signature itself; returns the signature to check.
    fn check_structure(&mut self, event: &Event) -> Result<PendingSignature, Problem> {
        let expected = self.expected_seq;
        let bad = |what: String| Problem {
            seq: event.seq,
            what,
        };
        if event.seq > expected {
            return Err(Problem {
                seq: expected,
                what: format!(
                    "event {expected} is missing (the next event present is {})",
                    event.seq
                ),
            });
        }
        if event.seq < expected {
            return Err(bad(format!("out of order: expected event {expected} here")));
        }
        if event.prev_hash != self.prev_hash {
            return Err(bad(format!(
                "prev_hash does not match the hash of event {} (the chain is broken here)",
                expected - 1
            )));
        }
        let payload: Value = serde_json::from_str(&event.payload)
            .map_err(|e| bad(format!("payload is not valid JSON: {e}")))?;
        if canonical::to_canonical_string(&payload).ok().as_deref() != Some(event.payload.as_str())
        {
            return Err(bad(
                "payload is not in canonical form (it was rewritten)".into()
            ));
        }
        let seal = EventSeal::of(event).map_err(|e| match e {
            SealError::BadSignature => bad(format!("signature by {} is invalid: {e}", event.actor)),
            e => bad(e.to_string()),
        })?;
        let field = |name: &str| -> Result<String, Problem> {
            payload
                .get(name)
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| bad(format!("payload lacks the `{name}` field")))
        };
        let parse_key = |text: &str| {
            keys::parse_public_key(text).map_err(|e| bad(format!("payload carries a bad key: {e}")))
        };
        // Which key must have signed, and how the key table changes after.
        let mut register: Option<(String, VerifyingKey)> = None;
        let signer_key = match event.kind.as_str() {
            kind::PROFILE_CREATED => {
                let profile = field("profile")?;
                if profile != event.actor {
                    return Err(bad(
                        "profile.created is not signed by the new profile itself".into(),
                    ));
                }
                if self.keys.contains_key(&profile) {
                    return Err(bad(format!("profile {profile} is created a second time")));
                }
                let key = parse_key(&field("public_key")?)?;
                register = Some((profile, key));
                key
            }
            _ => {
                let key = *self.keys.get(&event.actor).ok_or_else(|| {
                    bad(format!(
                        "signed by {}, whose key no earlier event introduced",
                        event.actor
                    ))
                })?;
                match event.kind.as_str() {
                    kind::PROFILE_KEY_CHANGED => {
                        register = Some((event.actor.clone(), parse_key(&field("public_key")?)?));
                    }
                    kind::PROFILE_TRUSTED => {
                        register = Some((field("profile")?, parse_key(&field("public_key")?)?));
                    }
                    _ => {}
                }
                key
            }
        };
        if matches!(
            event.kind.as_str(),
            kind::APPROVED | kind::REJECTED | kind::DECISION_IMPORTED
        ) {
            self.check_embedded_decision(event, &payload)?;
        }
        if let Some((profile, key)) = register {
            self.keys.insert(profile, key);
        }
        self.prev_hash = event.hash.clone();
        self.expected_seq += 1;
        Ok(PendingSignature {
            seq: event.seq,
            actor: event.actor.clone(),
            key: signer_key,
            seal,
            hash: event.hash.clone(),
        })
    }

    /// A decision event carries the reviewer's own signed decision: it must be
    /// about the event's subject and signed by that reviewer's known key.
    fn check_embedded_decision(&self, event: &Event, payload: &Value) -> Result<(), Problem> {
        let bad = |what: String| Problem {
            seq: event.seq,
            what,
        };
        let decision: SignedDecision = payload
            .get("decision")
            .cloned()
            .ok_or_else(|| bad("decision event without its signed decision".into()))
            .and_then(|v| {
                serde_json::from_value(v).map_err(|e| bad(format!("malformed decision: {e}")))
            })?;
        if decision.body.submission != event.subject {
            return Err(bad("the signed decision is about another submission".into()));
        }
        let key = self.keys.get(&decision.body.reviewer.id).ok_or_else(|| {
            bad(format!(
                "decision by {}, whose key the log does not know",
                decision.body.reviewer.id
            ))
        })?;
        decision.verify_with(key).map_err(|e| {
            bad(format!(
                "the reviewer's signature on the decision is invalid: {e}"
            ))
        })
    }
}

/// Walks the whole log in the database.
pub async fn verify_database(db: &Database) -> Result<VerifyReport, EventError> {
    let mut verifier = ChainVerifier::new();
    let mut after = i64::MIN;
    loop {
        // Pages keep memory flat however long the log grows.
        let page: Vec<Event> = sqlx::query_as(
            "SELECT seq, time, actor, kind, subject, payload, prev_hash, hash, signature \
             FROM events WHERE seq > ? ORDER BY seq LIMIT 2000",
        )
        .bind(after)
        .fetch_all(db.pool())
        .await?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        for event in &page {
            if let Err(problem) = verifier.check(event) {
                return Ok(verifier.report(Some(problem)));
            }
        }
    }
    match verifier.finish() {
        Ok(()) => Ok(verifier.report(None)),
        Err(problem) => Ok(verifier.report(Some(problem))),
    }
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::SigningKey;

    use super::*;

    fn signed_event(key: &SigningKey) -> Event {
        let (time, actor, kind, subject, payload) = (
            "2026-01-01T00:00:00.000Z",
            "p1",
            "draft.created",
            "d1",
            "{}",
        );
        let hash = events::compute_hash(GENESIS_HASH, 1, time, actor, kind, subject, payload);
        let signature = keys::sign_hex(key, &hex::decode(&hash).unwrap());
        Event {
            seq: 1,
            time: time.into(),
            actor: actor.into(),
            kind: kind.into(),
            subject: subject.into(),
            payload: payload.into(),
            prev_hash: GENESIS_HASH.into(),
            hash,
            signature,
        }
    }

    #[test]
    fn a_seal_holds_for_the_signed_fields_and_the_signer_key_only() {
        let author = SigningKey::from_bytes(&[7; 32]);
        let other = SigningKey::from_bytes(&[8; 32]);
        let event = signed_event(&author);
        let seal = EventSeal::of(&event).unwrap();
        assert_eq!(hex::encode(seal.message), event.hash);
        seal.verify(&author.verifying_key()).unwrap();
        assert!(matches!(
            seal.verify(&other.verifying_key()),
            Err(keys::KeyError::SignatureMismatch)
        ));

        let mut moved = event.clone();
        moved.subject = "d2".into();
        assert_eq!(EventSeal::of(&moved).unwrap_err(), SealError::HashMismatch);
        let mut rehashed = event.clone();
        rehashed.hash = "00".repeat(32);
        assert_eq!(
            EventSeal::of(&rehashed).unwrap_err(),
            SealError::HashMismatch
        );
        let mut cut = event;
        cut.signature.truncate(100);
        assert_eq!(EventSeal::of(&cut).unwrap_err(), SealError::BadSignature);
    }
}
