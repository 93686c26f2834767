//! Certificate and licence numbers: NPI (Luhn over the 80840 prefix), DEA
//! registration numbers (their checksum) and numbers after licence words.

use super::accounts::needs_four_digits;
use super::checksums::luhn_valid;
use super::{has_context, PatternSpec, Verdict};
use crate::finding::Category;

/// NPI, DEA and licence recognisers.
pub fn specs() -> Vec<PatternSpec> {
    vec![
        PatternSpec {
            name: "npi",
            pattern: r"\b[12]\d{9}\b",
            category: Category::CertificateLicenseNumber,
            score: 0.4,
            context: &["npi", "provider"],
            context_boost: 0.5,
            reason: "a valid National Provider Identifier (NPI)",
            suggestion: "[NPI]",
            validate: validate_npi,
        },
        PatternSpec {
            name: "dea",
            pattern: r"\b[ABCDEFGHJKLMPRSTUX][A-Z9]\d{7}\b",
            category: Category::CertificateLicenseNumber,
            score: 0.8,
            context: &["dea"],
            context_boost: 0.15,
            reason: "a valid DEA registration number",
            suggestion: "[DEA number]",
            validate: validate_dea,
        },
        PatternSpec {
            name: "license_in_context",
            pattern: r"(?i)\b(?:driver'?s?\s+licen[cs]e|driving\s+licen[cs]e|licen[cs]e|dl|lic\.?|certificate|cert\.?|permit|passport)\s*(?:no\.?|number|num|#|id)?\s*(?:is|:|#)?\s*(?P<id>[A-Z]{0,4}-?\d[0-9A-Z-]{3,16})\b",
            category: Category::CertificateLicenseNumber,
            score: 0.8,
            context: &[],
            context_boost: 0.0,
            reason: "a number after a licence or certificate word",
            suggestion: "[licence number]",
            validate: needs_four_digits,
        },
    ]
}

/// An NPI is 10 digits whose Luhn check over "80840" + the digits holds.
pub fn is_valid_npi(digits: &str) -> bool {
    digits.len() == 10
        && matches!(digits.as_bytes()[0], b'1' | b'2')
        && luhn_valid(&format!("80840{digits}"))
}

fn validate_npi(matched: &str, before: &str, spec: &PatternSpec) -> Option<Verdict> {
    is_valid_npi(matched).then(|| spec.default_verdict(before))
}

/// DEA: two letters and seven digits; (d1+d3+d5) + 2×(d2+d4+d6) ends in d7.
pub fn is_valid_dea(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 9 || !bytes[2..].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let d: Vec<u32> = bytes[2..].iter().map(|b| u32::from(b - b'0')).collect();
    let sum = d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5]);
    sum % 10 == d[6]
}

fn validate_dea(matched: &str, before: &str, spec: &PatternSpec) -> Option<Verdict> {
    if !is_valid_dea(matched) {
        return None;
    }
    let mut verdict = spec.default_verdict(before);
    if !has_context(before, &["dea", "registration", "prescriber"]) {
        verdict.confidence = 0.6;
    }
    Some(verdict)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npi_luhn_with_prefix() {
        // CMS's published example NPI.
        assert!(is_valid_npi("1234567893"));
        assert!(
            !is_valid_npi("1234567894"),
            "a Luhn-failing NPI is not an NPI"
        );
        assert!(!is_valid_npi("3234567893"));
        let spec = &specs()[0];
        let v = validate_npi("1234567893", "npi: ", spec).unwrap();
        assert!(v.confidence >= 0.85);
    }

    #[test]
    fn dea_checksum() {
        assert!(is_valid_dea("AB1234563"));
        assert!(!is_valid_dea("AB1234564"));
        assert!(!is_valid_dea("AB12345"));
    }

    #[test]
    fn licence_numbers_need_digits_not_doses() {
        let spec = &specs()[2];
        let re = regex::Regex::new(spec.pattern).unwrap();
        let caps = re
            .captures("my driver's license number is K407719320558")
            .unwrap();
        assert_eq!(&caps["id"], "K407719320558");
        let caps = re.captures("Licence No: RN-440912 (nursing)").unwrap();
        assert_eq!(&caps["id"], "RN-440912");
        assert!(re.captures("on O2 x2 q4").is_none());
    }
}
