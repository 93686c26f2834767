//! Patient context ("our patient", "was admitted to hospital") and "any other unique
//! identifying number" near it. Context alone names nobody, so it is reported only
//! where the same passage also holds an identifier: that combination is what makes a
//! story identifiable.
//!
//! It is about a post *saying someone is a patient*, so it is not raised by clinical
//! shorthand ("pt", "s/p", "h/o" are on every line of a note and say nothing new
//! there), by generic phrasing ("a patient with CKD", "the patient should rest"), by a
//! phrase about a service ("our patient stories line", "your patient portal"), or by
//! verbs that are medical only next to a place of care ("was discharged from the
//! army", "was treated unfairly" are not; "was admitted to the ICU" is).

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
        Regex::new(&r"(?i)\b(?:(?P<owned>(?:our|my|this|your)\s+patient)|(?P<verb>was\s+(?:admitted|discharged|treated|transferred|seen))|was\s+(?:diagnosed|intubated|hospitali[sz]ed)|underwent|diagnosed\s+with|passed\s+away|in\s+hospice|in\s+the\s+icu|in\s+intensive\s+care|on\s+dialysis|(?:cancer|stroke|transplant)\s+survivor)\b".replace(r"\b", ASCII_BOUNDARY))
            .expect("patient context pattern")
    })
}

/// Nouns that make "our patient …" a service or programme, not a person
/// ("our patient stories line", "your patient portal").
const SERVICE_NOUNS: &[&str] = &[
    "stories",
    "story",
    "line",
    "lines",
    "programme",
    "program",
    "programs",
    "programmes",
    "portal",
    "services",
    "service",
    "experience",
    "experiences",
    "safety",
    "care",
    "education",
    "advocate",
    "advocates",
    "advisory",
    "council",
    "forum",
    "survey",
    "surveys",
    "feedback",
    "satisfaction",
    "voices",
    "voice",
    "panel",
    "liaison",
    "information",
    "info",
    "leaflet",
    "leaflets",
    "days",
    "day",
    "group",
    "groups",
    "centre",
    "center",
    "transport",
    "parking",
    "access",
    "records",
    "record",
    "partners",
    "partner",
    "ambassadors",
    "ambassador",
    "community",
    "network",
    "newsletter",
    "guide",
    "guides",
    "handbook",
    "relations",
    "office",
    "team",
    "navigator",
    "navigators",
    "lounge",
    "library",
    "app",
    "website",
    "page",
    "hotline",
    "helpline",
    "charter",
    "rights",
    "population",
    "numbers",
    "volumes",
    "flow",
    "outcomes",
    "journey",
    "journeys",
    "pathway",
    "pathways",
    "engagement",
    "support",
    "family",
    "families",
    "representatives",
    "and",
    "or",
];

/// Words after "was admitted/discharged/treated/transferred/seen" (within a few
/// words) that make the verb medical.
const CARE_WORDS: &[&str] = &[
    "hospital",
    "hospitals",
    "icu",
    "ward",
    "clinic",
    "er",
    "ed",
    "a&e",
    "emergency",
    "unit",
    "hospice",
    "rehab",
    "rehabilitation",
    "infirmary",
    "surgery",
    "dr",
    "dr.",
    "doctor",
    "doctors",
    "nurse",
    "nurses",
    "surgeon",
    "medical",
    "home",
    "for",
    "intensive",
    "nicu",
    "picu",
    "ccu",
    "oncology",
    "cardiology",
    "neurology",
    "our",
    "care",
    "inpatient",
    "outpatient",
    "observation",
    "isolation",
];

fn context_matches(text: &str) -> Vec<regex::Match<'_>> {
    patient_context_regex()
        .captures_iter(text)
        .filter_map(|caps| {
            let m = caps.get(0)?;
            let next_words: Vec<String> = text[m.end()..]
                .split(|c: char| !(c.is_alphanumeric() || c == '&' || c == '.'))
                .filter(|w| !w.is_empty())
                .take(4)
                .map(|w| w.trim_end_matches('.').to_lowercase())
                .collect();
            if caps.name("owned").is_some() {
                // "our patients" (a group) or "our patient stories" (a service).
                let next = next_words.first().map(String::as_str).unwrap_or("");
                let glued_s = text[m.end()..].starts_with(['s', 'S']);
                if glued_s || SERVICE_NOUNS.contains(&next) {
                    return None;
                }
            }
            if caps.name("verb").is_some()
                && !next_words.iter().any(|w| CARE_WORDS.contains(&w.as_str()))
            {
                return None;
            }
            Some(m)
        })
        .collect()
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
    let contexts: Vec<regex::Match> = context_matches(text);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn name_at(text: &str, name: &str) -> Candidate {
        let start = text.find(name).unwrap();
        Candidate {
            range: start..start + name.len(),
            category: Category::Name,
            confidence: 0.8,
            reason: String::new(),
            suggestion: String::new(),
        }
    }

    fn context_of(text: &str, name: &str) -> Vec<String> {
        find(text, &[], &[name_at(text, name)])
            .into_iter()
            .filter(|c| c.category == Category::PatientContext)
            .map(|c| text[c.range].to_string())
            .collect()
    }

    #[test]
    fn a_patient_next_to_a_name_is_context() {
        assert_eq!(
            context_of(
                "Our patient Rosalind Abara went home today.",
                "Rosalind Abara"
            ),
            vec!["Our patient"]
        );
        assert_eq!(
            context_of(
                "Tobias Wren was admitted to the ICU on Friday.",
                "Tobias Wren"
            ),
            vec!["was admitted"]
        );
        assert_eq!(
            context_of("Tobias Wren was treated for burns.", "Tobias Wren"),
            vec!["was treated"]
        );
    }

    #[test]
    fn shorthand_generic_phrasing_services_and_other_verbs_are_not() {
        for (text, name) in [
            ("pt seen by Dr Okafor, s/p CABG, h/o DM", "Okafor"),
            (
                "Call our patient stories line, Rosalind Abara answers.",
                "Rosalind Abara",
            ),
            (
                "Join our patient stories programme with Rosalind Abara.",
                "Rosalind Abara",
            ),
            ("Rosalind Abara runs your patient portal.", "Rosalind Abara"),
            ("Dr Okafor thanks our patients and families.", "Okafor"),
            (
                "Tobias Wren was discharged from the army in 1995.",
                "Tobias Wren",
            ),
            (
                "Tobias Wren was treated unfairly by the press.",
                "Tobias Wren",
            ),
            (
                "Tobias Wren was transferred to the Leeds office.",
                "Tobias Wren",
            ),
        ] {
            assert!(context_of(text, name).is_empty(), "{text}");
        }
    }
}
