//! Ages over 89 (Safe Harbor asks for them to be grouped as "90 or older").

use super::{PatternSpec, Verdict};
use crate::finding::Category;

/// Age recognisers.
pub fn specs() -> Vec<PatternSpec> {
    let spec = |name, pattern, score, reason| PatternSpec {
        name,
        pattern,
        category: Category::AgeOver89,
        score,
        context: &[],
        context_boost: 0.0,
        reason,
        suggestion: "in their 90s",
        validate: validate_age,
    };
    vec![
        spec(
            "age_years_old",
            r"(?i)\b(?P<id>9\d|1[01]\d)(?:\s*-?\s*(?:years?|yrs?)(?:\s*-?\s*old)?|\s*-?\s*y/?o|-year-old|\s*(?:st|nd|rd|th)\s+birthday)\b",
            0.85,
            "an age over 89",
        ),
        spec(
            "age_after_word",
            r"(?i)\b(?:aged?|turned|turning|turns|age\s+of|at\s+age|is\s+now)\s+(?P<id>9\d|1[01]\d)\b",
            0.8,
            "an age over 89",
        ),
        spec(
            "age_after_name",
            r"\b[A-Z][a-z]+,\s+(?P<id>9\d|1[01]\d),",
            0.6,
            "a number between commas after a name is usually an age over 89",
        ),
    ]
}

fn validate_age(matched: &str, _before: &str, spec: &PatternSpec) -> Option<Verdict> {
    let age: u32 = matched.parse().ok()?;
    let suggestion = if age >= 100 {
        "over 100"
    } else {
        "in their 90s"
    };
    Some(Verdict {
        category: Category::AgeOver89,
        confidence: spec.score,
        reason: None,
        suggestion: Some(suggestion.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    fn ages(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for spec in specs() {
            for caps in Regex::new(spec.pattern).unwrap().captures_iter(text) {
                out.push(caps["id"].to_string());
            }
        }
        out
    }

    #[test]
    fn ages_over_89_in_several_phrasings() {
        assert_eq!(ages("a 92-year-old woman"), vec!["92"]);
        assert_eq!(ages("Edwin Marchbank, 92, was discharged"), vec!["92"]);
        assert_eq!(ages("she turned 101 today"), vec!["101"]);
        assert_eq!(ages("his 95th birthday"), vec!["95"]);
    }

    #[test]
    fn younger_ages_and_other_numbers_are_not_reported() {
        assert!(ages("a 52-year-old man").is_empty());
        assert!(ages("room 95 on floor 2").is_empty());
        assert!(ages("in her 90s").is_empty());
    }
}
