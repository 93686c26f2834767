//! Findings and overrides as a submission stores them. The scanners
//! (`clearpost-phi`, `clearpost-vision`) have richer types of their own and
//! convert into these; this crate does not depend on them.

use serde::{Deserialize, Serialize};

/// Where a finding is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Location {
    /// A byte range `[start, end)` of the draft's Markdown text.
    Text {
        /// First byte.
        start: usize,
        /// One past the last byte.
        end: usize,
    },
    /// A rectangle (pixels) in an attachment.
    Image {
        /// SHA-256 of the attachment.
        attachment: String,
        /// Left edge.
        x: u32,
        /// Top edge.
        y: u32,
        /// Width.
        width: u32,
        /// Height.
        height: u32,
    },
}

/// Something that may identify a patient, as flagged at submission time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Unique within the submission (e.g. "phi-3", "face-1").
    pub id: String,
    /// What kind of identifier (e.g. "name", "date", "face", "record").
    pub category: String,
    /// Where it is.
    pub location: Location,
    /// The flagged text, when it is text (kept so the log answers "what was flagged").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
    /// Must be fixed or overridden with a reason before the draft can be submitted.
    pub blocking: bool,
    /// Why the tool flagged it, in plain words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// An author's request to keep a finding, before it is frozen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverrideRequest {
    /// The finding's id.
    pub finding: String,
    /// Why it is safe to keep.
    pub reason: String,
}

/// A recorded decision to keep a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    /// The finding's id.
    pub finding: String,
    /// Profile id of who decided.
    pub actor: String,
    /// Why it is safe to keep.
    pub reason: String,
    /// When (UTC).
    pub time: String,
}
