//! Medical record numbers and health plan beneficiary numbers: Medicare MBIs (their
//! character rules) and numbers after record or member words.

use super::accounts::needs_four_digits;
use super::{accept, PatternSpec, Verdict};
use crate::finding::Category;

/// MRN, member ID and MBI recognisers.
pub fn specs() -> Vec<PatternSpec> {
    vec![
        PatternSpec {
            name: "medical_record_number",
            pattern: r"(?i)\b(?:mrn|med(?:ical)?\s+rec(?:ord)?s?(?:\s+(?:no\.?|number|num|#))?|chart\s*(?:no\.?|number|num|#)|record\s*(?:no\.?|number|num|#)|patient\s+(?:id|number|no\.?|#)|hospital\s+(?:number|no\.?|#)|encounter\s+(?:id|number|#)|case\s*(?:no\.?|number|#))\s*(?:is|:|#)?\s*(?P<id>[A-Z]{0,3}-?\d[0-9A-Z-]{3,15})\b",
            category: Category::MedicalRecordNumber,
            score: 0.9,
            context: &[],
            context_boost: 0.0,
            reason: "a number after 'MRN', 'chart #' or 'medical record'",
            suggestion: "[record number]",
            validate: needs_four_digits,
        },
        PatternSpec {
            name: "member_id",
            pattern: r"(?i)\b(?:member|subscriber|policy|group|medicaid|medicare|insurance|beneficiary|health\s+plan|plan)\s*(?:id|no\.?|number|num|#)\s*(?:is|:|#)?\s*(?P<id>[A-Z0-9][A-Z0-9-]{4,20})\b",
            category: Category::HealthPlanBeneficiaryNumber,
            score: 0.85,
            context: &[],
            context_boost: 0.0,
            reason: "a number after 'member ID' or a health plan word",
            suggestion: "[member ID]",
            validate: validate_member_id,
        },
        PatternSpec {
            name: "medicare_mbi",
            // Medicare Beneficiary Identifier: 11 characters, C A AN N A AN N A A N N,
            // letters never S, L, O, I, B or Z; dashes optional after 4 and 7.
            pattern: r"\b[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y]{2}\d{2}\b",
            category: Category::HealthPlanBeneficiaryNumber,
            score: 0.85,
            context: &["medicare", "mbi", "beneficiary"],
            context_boost: 0.1,
            reason: "has the format of a Medicare Beneficiary Identifier (MBI)",
            suggestion: "[member ID]",
            validate: accept,
        },
    ]
}

/// Four digits, and not a hashtag ("group #walk2031": '#' glued to a lower-case word).
fn validate_member_id(matched: &str, before: &str, spec: &PatternSpec) -> Option<Verdict> {
    let hashtag = before.ends_with('#')
        && matched.starts_with(|c: char| c.is_ascii_alphabetic())
        && matched.bytes().any(|b| b.is_ascii_lowercase());
    if hashtag {
        return None;
    }
    needs_four_digits(matched, before, spec)
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    fn re(name: &str) -> Regex {
        Regex::new(
            specs()
                .into_iter()
                .find(|s| s.name == name)
                .unwrap()
                .pattern,
        )
        .unwrap()
    }

    #[test]
    fn mrn_after_context_words_only() {
        let re = re("medical_record_number");
        assert_eq!(&re.captures("MRN: 00482913").unwrap()["id"], "00482913");
        assert_eq!(
            &re.captures("chart # A-7730418").unwrap()["id"],
            "A-7730418"
        );
        assert!(re.captures("our record 2023 year").is_none());
    }

    #[test]
    fn mbi_character_rules() {
        let re = re("medicare_mbi");
        assert!(re.is_match("1EG4-TE5-MK73"));
        assert!(re.is_match("1EG4TE5MK73"));
        // S, L, O, I, B, Z are never used in letter positions.
        assert!(!re.is_match("1SG4TE5MK73"));
        assert!(!re.is_match("0EG4TE5MK73"));
    }

    #[test]
    fn member_id_needs_a_member_word() {
        let re = re("member_id");
        assert_eq!(
            &re.captures("Member ID: XKD604718253").unwrap()["id"],
            "XKD604718253"
        );
        let spec = specs().into_iter().find(|s| s.name == "member_id").unwrap();
        let caps = re.captures("join our walking group #walk2031").unwrap();
        assert!(validate_member_id(&caps["id"], "join our walking group #", &spec).is_none());
        assert!(validate_member_id("AB40021", "group #", &spec).is_some());
    }
}
