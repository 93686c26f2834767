//! A submission: the frozen, canonical form of a draft at the moment it was
//! sent for review, identified by the SHA-256 of that form.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::finding::{Finding, Override};
use clearpost_audit::canonical;
use clearpost_audit::store::sha256_hex;

/// The `format` of submissions written by this version.
pub const SUBMISSION_FORMAT: &str = "clearpost-submission/1";

/// An attachment of a draft: a sanitised file in the store, by hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AttachmentRef {
    /// SHA-256 of the (sanitised) file.
    pub sha256: String,
    /// File name to use when exporting (no folders).
    pub name: String,
}

/// Everything a submission freezes. Its canonical JSON is what is hashed,
/// logged, bundled and approved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionBody {
    /// [`SUBMISSION_FORMAT`].
    pub format: String,
    /// The draft it freezes.
    pub draft: String,
    /// Profile id of the author.
    pub author: String,
    /// The Markdown text, exactly.
    pub text: String,
    /// The sanitised attachments, in order.
    pub attachments: Vec<AttachmentRef>,
    /// [`content_hash`] of the text and attachments: what an approval covers
    /// when asking "is this still the approved content?".
    pub content_hash: String,
    /// Findings at submission time.
    pub findings: Vec<Finding>,
    /// Overrides at submission time (each with author and reason).
    pub overrides: Vec<Override>,
    /// When it was submitted (UTC); makes every submission distinct.
    pub submitted_at: String,
}

impl SubmissionBody {
    /// The canonical JSON text.
    pub fn canonical(&self) -> String {
        canonical::to_canonical_string(self).expect("a submission always serialises")
    }

    /// The submission hash: SHA-256 of the canonical JSON.
    pub fn hash(&self) -> String {
        sha256_hex(self.canonical().as_bytes())
    }
}

/// SHA-256 identifying a draft's publishable content: its exact text and its
/// attachments (hashes and names, in order).
pub fn content_hash(text: &str, attachments: &[AttachmentRef]) -> String {
    let body = canonical::to_canonical_bytes(&json!({"text": text, "attachments": attachments}))
        .expect("strings always serialise");
    sha256_hex(&body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_changed_character_changes_both_hashes() {
        let attachments = vec![AttachmentRef {
            sha256: sha256_hex(b"img"),
            name: "a.jpg".into(),
        }];
        let body = |text: &str| SubmissionBody {
            format: SUBMISSION_FORMAT.into(),
            draft: "d1".into(),
            author: "p1".into(),
            text: text.into(),
            attachments: attachments.clone(),
            content_hash: content_hash(text, &attachments),
            findings: vec![],
            overrides: vec![],
            submitted_at: "2026-01-01T00:00:00.000Z".into(),
        };
        let one = body("Great day at the clinic!");
        let two = body("Great day at the clinic.");
        assert_ne!(one.content_hash, two.content_hash);
        assert_ne!(one.hash(), two.hash());
        assert_eq!(one.hash(), body("Great day at the clinic!").hash());
        let parsed: SubmissionBody = serde_json::from_str(&one.canonical()).unwrap();
        assert_eq!(parsed.hash(), one.hash());
    }
}
