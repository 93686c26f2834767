//! A reviewer's decision on one submission, signed with the reviewer's key so
//! it can travel as a small file and be checked on the author's machine.

use ed25519_dalek::{SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::canonical;
use crate::keys::{self, KeyError};
use crate::profiles::PublicProfile;

/// The `format` of decisions written by this version.
pub const DECISION_FORMAT: &str = "clearpost-decision/1";

/// Approve or reject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Fit to publish as submitted.
    Approve,
    /// Not fit; the comment says why.
    Reject,
}

impl Verdict {
    /// The verdict's name as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Approve => "approve",
            Verdict::Reject => "reject",
        }
    }
}

/// What the reviewer signs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionBody {
    /// [`DECISION_FORMAT`].
    pub format: String,
    /// The submission hash this decision covers, and nothing else.
    pub submission: String,
    /// The submission's content hash (text and attachments), for display.
    pub content_hash: String,
    /// Approve or reject.
    pub verdict: Verdict,
    /// The reviewer's comment (required for a rejection).
    pub comment: String,
    /// Who decided, with the key that signs.
    pub reviewer: PublicProfile,
    /// When (UTC).
    pub time: String,
}

/// A decision and the reviewer's Ed25519 signature over its canonical JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedDecision {
    /// The decision.
    pub body: DecisionBody,
    /// Signature, hex.
    pub signature: String,
}

impl SignedDecision {
    /// Signs `body` with the reviewer's key.
    pub fn sign(body: DecisionBody, key: &SigningKey) -> Self {
        let bytes = canonical::to_canonical_bytes(&body).expect("a decision always serialises");
        SignedDecision {
            signature: keys::sign_hex(key, &bytes),
            body,
        }
    }

    /// Checks the signature with `key` (the reviewer's key as known locally,
    /// never the one the file claims).
    pub fn verify_with(&self, key: &VerifyingKey) -> Result<(), KeyError> {
        let bytes =
            canonical::to_canonical_bytes(&self.body).map_err(|_| KeyError::SignatureMismatch)?;
        keys::verify_hex(key, &bytes, &self.signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profiles::Role;

    #[test]
    fn a_changed_decision_no_longer_verifies() {
        let key = keys::generate_signing_key();
        let body = DecisionBody {
            format: DECISION_FORMAT.into(),
            submission: "ab".repeat(32),
            content_hash: "cd".repeat(32),
            verdict: Verdict::Approve,
            comment: String::new(),
            reviewer: PublicProfile {
                id: "r1".into(),
                name: "Rita".into(),
                role: Role::Reviewer,
                public_key: keys::public_key_hex(&key.verifying_key()),
            },
            time: "2026-01-01T00:00:00.000Z".into(),
        };
        let signed = SignedDecision::sign(body, &key);
        signed.verify_with(&key.verifying_key()).unwrap();
        let mut changed = signed.clone();
        changed.body.submission = "ef".repeat(32);
        assert!(changed.verify_with(&key.verifying_key()).is_err());
        let other = keys::generate_signing_key();
        assert!(signed.verify_with(&other.verifying_key()).is_err());
    }
}
