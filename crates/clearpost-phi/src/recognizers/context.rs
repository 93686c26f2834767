//! Patient context ("our patient", "was admitted") and "any other unique identifying
//! number" near it. Context alone names nobody, so it is reported only where the same
//! passage also holds an identifier: that combination is what makes a story
//! identifiable.

use std::sync::OnceLock;

use regex::Regex;

use super::tokens::Token;
use super::Candidate;
use crate::finding::Category;

/// How close (bytes) an identifier must be for context to matter.
const NEAR: usize = 300;

/// ASCII word boundaries, as in the registry's patterns: a Unicode `\b` makes the
/// regex engine leave its fast DFA for a backtracker on any text with a non-ASCII
/// character (curly quotes, accents), which cost ~5% of all scan time. The only
/// difference is that a phrase glued to an accented letter ("épt") still matches.
const ASCII_BOUNDARY: &str = r"(?-u:\b)";

fn patient_context_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&r"(?i)\b(?:(?:our|the|a|my|this|your)\s+patients?|pt\.?|was\s+(?:admitted|discharged|diagnosed|treated|transferred|intubated|hospitali[sz]ed|seen)|underwent|diagnosed\s+with|passed\s+away|in\s+hospice|in\s+the\s+icu|in\s+intensive\s+care|on\s+dialysis|(?:cancer|stroke|transplant)\s+survivor)\b".replace(r"\b", ASCII_BOUNDARY))
            .expect("patient context pattern")
    })
}

fn other_id_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            &r"\b(?:[A-Z]{1,4}-?\d{4,12}|\d{6,12}|\d{2,4}-\d{3,8}-\d{2,8})\b"
                .replace(r"\b", ASCII_BOUNDARY),
        )
        .expect("other id pattern")
    })
}

/// Patient-context and other-identifier candidates, given what the other
/// recognisers found.
pub fn find(text: &str, _tokens: &[Token], found: &[Candidate]) -> Vec<Candidate> {
    let mut out = Vec::new();
    let identifiers: Vec<&Candidate> = found.iter().filter(|c| c.confidence >= 0.45).collect();
    let contexts: Vec<regex::Match> = patient_context_regex().find_iter(text).collect();
    for m in &contexts {
        let near_identifier = identifiers
            .iter()
            .any(|c| c.range.start < m.end() + NEAR && m.start() < c.range.end + NEAR);
        if near_identifier {
            out.push(Candidate {
                range: m.range(),
                category: Category::PatientContext,
                confidence: 0.5,
                reason: "says someone is a patient, next to something that identifies them"
                    .to_string(),
                suggestion: "reword so the person cannot be identified".to_string(),
            });
        }
    }
    if contexts.is_empty() {
        return out;
    }
    for m in other_id_regex().find_iter(text) {
        let covered = found
            .iter()
            .any(|c| c.range.start < m.end() && m.start() < c.range.end);
        let near_context = contexts
            .iter()
            .any(|c| c.start() < m.end() + NEAR && m.start() < c.end() + NEAR);
        if !covered && near_context {
            out.push(Candidate {
                range: m.range(),
                category: Category::OtherUniqueIdentifier,
                confidence: 0.55,
                reason: "an identifying number near patient details".to_string(),
                suggestion: "[ID]".to_string(),
            });
        }
    }
    out
}
