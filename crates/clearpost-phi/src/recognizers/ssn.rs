//! US Social Security numbers, with the SSA's rules for numbers never issued.

use super::{has_context, PatternSpec, Verdict};
use crate::finding::Category;

const SSN_CONTEXT: &[&str] = &["ssn", "social security", "social", "ss#", "ss #"];

/// The SSN recogniser.
pub fn specs() -> Vec<PatternSpec> {
    vec![PatternSpec {
        name: "ssn",
        pattern: r"\b\d{3}[- ]?\d{2}[- ]?\d{4}\b",
        category: Category::SocialSecurityNumber,
        score: 0.85,
        context: SSN_CONTEXT,
        context_boost: 0.1,
        reason: "looks like a Social Security number",
        suggestion: "[SSN]",
        validate: validate_ssn,
    }]
}

/// Whether nine digits can be an issued SSN: area not 000, 666 or 900–999; group not
/// 00; serial not 0000.
pub fn is_valid_ssn(digits: &str) -> bool {
    if digits.len() != 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let area = &digits[0..3];
    let group = &digits[3..5];
    let serial = &digits[5..9];
    area != "000" && area != "666" && !area.starts_with('9') && group != "00" && serial != "0000"
}

/// Dashed SSNs are accepted on the number rules; undashed nine digits only next to
/// an SSN word (otherwise they are as likely to be any other number).
pub fn validate_ssn(matched: &str, before: &str, spec: &PatternSpec) -> Option<Verdict> {
    let digits: String = matched.chars().filter(char::is_ascii_digit).collect();
    if !is_valid_ssn(&digits) {
        // Right after "SSN:" or "SS#" nine digits are the person's number even when
        // the SSA never issued it (a made-up or mistyped one, or an ITIN).
        let labelled = digits.len() == 9 && has_context(super::tail(before, 16), SSN_CONTEXT);
        return labelled.then(|| Verdict {
            category: spec.category,
            confidence: 0.85,
            reason: Some("nine digits after 'SSN'".to_string()),
            suggestion: None,
        });
    }
    let context = has_context(before, SSN_CONTEXT);
    let separators: Vec<char> = matched.chars().filter(|c| !c.is_ascii_digit()).collect();
    let confidence = match (separators.as_slice(), context) {
        (['-', '-'], _) => spec.score + if context { spec.context_boost } else { 0.0 },
        (_, true) => 0.9,
        ([' ', ' '], false) => 0.45,
        _ => return None,
    };
    Some(Verdict {
        category: spec.category,
        confidence,
        reason: None,
        suggestion: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssa_rules_reject_never_issued_numbers() {
        assert!(is_valid_ssn("412673308"));
        assert!(!is_valid_ssn("000123456"));
        assert!(!is_valid_ssn("666123456"));
        assert!(!is_valid_ssn("912345678"));
        assert!(!is_valid_ssn("123004567"));
        assert!(!is_valid_ssn("123450000"));
    }

    #[test]
    fn dashed_form_stands_alone_bare_digits_need_context() {
        let spec = &specs()[0];
        assert!(validate_ssn("412-67-3308", "", spec).is_some());
        assert!(validate_ssn("000-12-3456", "", spec).is_none());
        assert!(validate_ssn("912-40-7761", "ss# ", spec).is_some());
        assert!(validate_ssn("912-40-7761", "", spec).is_none());
        assert!(validate_ssn("412673308", "", spec).is_none());
        assert!(validate_ssn("412673308", "her ssn is ", spec).is_some());
    }
}
