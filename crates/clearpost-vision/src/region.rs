//! What detection produces and redaction consumes: regions of a photo, each
//! with where it came from, so manual boxes and detector boxes travel together.

use serde::{Deserialize, Serialize};

use crate::geometry::Rect;

/// What a region covers; decides the mask shape and margin when redacting.
/// The one kind for detector output, a draft photo's stored boxes and the
/// CLI's reports, spelled "face", "record" and "manual" wherever it is
/// stored or printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum RegionKind {
    /// A face: masked with an ellipse.
    Face,
    /// A record: a region of text (document, chart, badge, screen,
    /// whiteboard, wristband): masked with a rectangle. Reads the old
    /// spelling "text" too.
    #[serde(alias = "text")]
    Record,
    /// A box a person drew: masked with a rectangle, exactly as drawn plus a
    /// small margin.
    Manual,
}

/// Who proposed the region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Found by a detector.
    #[default]
    Detector,
    /// Added by the author or a reviewer.
    User,
}

/// What should happen to a region, as decided from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Must be redacted (a face, or text holding an identifier).
    #[default]
    Redact,
    /// Holds text that a person should look at before posting.
    Review,
}

/// A face landmark (eye, nose, mouth corner) in image pixels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// Horizontal position.
    pub x: f32,
    /// Vertical position.
    pub y: f32,
}

/// One region of the upright photo.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Region {
    /// What it covers.
    pub kind: RegionKind,
    /// Where, in pixels of the upright image (after EXIF orientation).
    pub rect: Rect,
    /// Detector confidence in 0..=1 (1 for manual boxes).
    pub score: f32,
    /// Recognised text, for text regions (lines joined by `\n`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Five face landmarks (eyes, nose, mouth corners), for faces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub landmarks: Vec<Point>,
    /// Who proposed it.
    #[serde(default)]
    pub origin: Origin,
    /// What should happen to it.
    #[serde(default)]
    pub verdict: Verdict,
}

impl RegionKind {
    /// The kind as it is stored and printed: "face", "record" or "manual".
    pub fn as_str(self) -> &'static str {
        match self {
            RegionKind::Face => "face",
            RegionKind::Record => "record",
            RegionKind::Manual => "manual",
        }
    }
}

impl std::fmt::Display for RegionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl Region {
    /// A box drawn by a person: always redacted.
    pub fn manual(rect: Rect) -> Region {
        Region {
            kind: RegionKind::Manual,
            rect,
            score: 1.0,
            text: None,
            landmarks: Vec::new(),
            origin: Origin::User,
            verdict: Verdict::Redact,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_is_spelled_as_stored_and_reads_the_old_spelling() {
        for kind in [RegionKind::Face, RegionKind::Record, RegionKind::Manual] {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{kind}\""));
            assert_eq!(serde_json::from_str::<RegionKind>(&json).unwrap(), kind);
        }
        let old: RegionKind = serde_json::from_str("\"text\"").unwrap();
        assert_eq!(old, RegionKind::Record);
    }
}
