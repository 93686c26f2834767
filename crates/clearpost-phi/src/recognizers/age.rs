//! Ages over 89: Safe Harbor asks for them to be grouped as "90 or older", so any
//! exact age of 90 and above is a finding, in digits or words ("a 93-year-old",
//! "93 y/o", "93yo", "age 91", "aged ninety-two", "ninety-two years old").
//!
//! The finding covers the number only and suggests "90+" (Safe Harbor's "90 or
//! older"), so accepting the fix keeps the sentence whole: "at 93 years old" -> "at
//! 90+ years old", "a 93-year-old" -> "a 90+-year-old", "aged ninety-two" -> "aged
//! 90+"; a birthday loses its number ("her 95th birthday" -> "her birthday").
//!
//! What is not flagged: "in her 90s", "in his nineties", "nonagenarian" and "over
//! 100" already are grouped forms (they say 90 or older, not which age); flagging
//! them would flag the fix. Durations and anniversaries ("100 years ago", "for 95 years", "100-year
//! history") are not ages: "years" counts as an age only with "old" or "of age".

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
        suggestion: "90+",
        validate: validate_age,
    };
    vec![
        spec(
            "age_years_old",
            r"(?i)\b(?P<id>9\d|1[01]\d)(?:\s*-?\s*(?:years?|yrs?)\s*-?\s*old|\s*-?\s*(?:years?|yrs?)\s+of\s+age|\s*-?\s*y\.?\s?/?o\.?|-year-old)\b",
            0.85,
            "an age over 89",
        ),
        spec(
            "age_birthday",
            r"(?i)\b(?P<id>(?:9\d|1[01]\d)(?:st|nd|rd|th)\s+birthday)\b",
            0.85,
            "a birthday over 89",
        ),
        spec(
            "age_after_word",
            r"(?i)\b(?:aged?|age\s*[:=]|turned|turning|turns|age\s+of|at\s+age|is\s+now)\s*(?P<id>9\d|1[01]\d)\b",
            0.8,
            "an age over 89",
        ),
        spec(
            "age_after_name",
            r"\b[A-Z][a-z]+,\s+(?P<id>9\d|1[01]\d),",
            0.6,
            "a number between commas after a name is usually an age over 89",
        ),
        spec(
            "age_in_words",
            // "ninety-two years old", "a hundred-year-old"
            r"(?i)\b(?P<id>(?:ninety(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|(?:one|a)\s+hundred(?:\s+and\s+(?:one|two|three|four|five|six|seven|eight|nine|ten))?))(?:[- ]years?[- ]old|\s+yrs?\s+old)\b",
            0.8,
            "an age over 89 (in words)",
        ),
        spec(
            "age_in_words_after_word",
            // "aged ninety", "turned a hundred"
            r"(?i)\b(?:aged?|turned|turning|turns|age\s+of|at\s+age)\s+(?P<id>(?:ninety(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|(?:one|a)\s+hundred(?:\s+and\s+(?:one|two|three|four|five|six|seven|eight|nine|ten))?))\b",
            0.8,
            "an age over 89 (in words)",
        ),
    ]
}

fn validate_age(matched: &str, _before: &str, spec: &PatternSpec) -> Option<Verdict> {
    let lower = matched.to_ascii_lowercase();
    let digits: String = lower.chars().take_while(char::is_ascii_digit).collect();
    let age: u32 = match digits.parse() {
        Ok(n) => n,
        Err(_) if lower.contains("hundred") => 100,
        Err(_) if lower.starts_with("ninety") => 90,
        Err(_) => return None,
    };
    if age < 90 {
        return None;
    }
    // "her 95th birthday" -> "her birthday"; any other form keeps its words around
    // the number, which becomes Safe Harbor's "90 or older".
    let suggestion = if lower.ends_with("birthday") {
        "birthday"
    } else {
        "90+"
    };
    Some(Verdict {
        category: Category::AgeOver89,
        confidence: spec.score,
        reason: Some("an exact age over 89: Safe Harbor allows only '90 or older'".to_string()),
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
        assert_eq!(ages("his 95th birthday"), vec!["95th birthday"]);
        assert_eq!(ages("Pt is a 93 y/o F"), vec!["93"]);
        assert_eq!(ages("93yo M w/ CHF"), vec!["93"]);
        assert_eq!(ages("age 91, lives alone"), vec!["91"]);
        assert_eq!(ages("Age: 97"), vec!["97"]);
        assert_eq!(ages("she is 96 years of age"), vec!["96"]);
        assert_eq!(ages("she is ninety-two years old"), vec!["ninety-two"]);
        assert_eq!(ages("he turned a hundred"), vec!["a hundred"]);
        assert_eq!(ages("aged ninety"), vec!["ninety"]);
    }

    #[test]
    fn younger_ages_and_other_numbers_are_not_reported() {
        assert!(ages("a 52-year-old man").is_empty());
        assert!(ages("room 95 on floor 2").is_empty());
        assert!(ages("in her 90s").is_empty());
        assert!(ages("in his nineties").is_empty());
        assert!(ages("a nonagenarian").is_empty());
        assert!(ages("founded 100 years ago").is_empty());
        assert!(ages("for 95 years the hospital").is_empty());
        assert!(ages("a 100-year history").is_empty());
        assert!(ages("ninety patients").is_empty());
    }

    #[test]
    fn the_fix_keeps_the_sentence_whole() {
        let spec = &specs()[0];
        for (age, fixed) in [
            ("92", "90+"),
            ("ninety-two", "90+"),
            ("a hundred", "90+"),
            ("101", "90+"),
            ("95th birthday", "birthday"),
        ] {
            let v = validate_age(age, "", spec).unwrap();
            assert_eq!(v.suggestion.as_deref(), Some(fixed), "{age}");
        }
        assert!(validate_age("89th birthday", "", spec).is_none());
    }
}
