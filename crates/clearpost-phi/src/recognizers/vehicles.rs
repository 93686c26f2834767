//! Vehicle identifiers: VINs (check digit) and licence plates after plate words.

use super::{PatternSpec, Verdict};
use crate::finding::Category;

/// VIN and plate recognisers.
pub fn specs() -> Vec<PatternSpec> {
    vec![
        PatternSpec {
            name: "vin",
            pattern: r"\b[A-HJ-NPR-Z0-9]{17}\b",
            category: Category::VehicleIdentifier,
            score: 0.9,
            context: &[],
            context_boost: 0.0,
            reason: "a vehicle identification number (VIN, check digit valid)",
            suggestion: "[VIN]",
            validate: validate_vin,
        },
        PatternSpec {
            name: "plate",
            pattern: r"(?i)\b(?:licen[cs]e\s+plate|plate|registration\s+plate|tag)\s*(?:no\.?|number|#)?\s*(?:is|:|#)?\s*(?P<id>[A-Z0-9]{1,4}[- ]?[A-Z0-9]{2,5})\b",
            category: Category::VehicleIdentifier,
            score: 0.75,
            context: &[],
            context_boost: 0.0,
            reason: "a licence plate",
            suggestion: "[plate]",
            validate: validate_plate,
        },
    ]
}

/// ISO 3779 / North American check digit (position 9).
pub fn is_valid_vin(vin: &str) -> bool {
    const WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    let bytes = vin.as_bytes();
    if bytes.len() != 17 {
        return false;
    }
    let mut sum = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let value = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'H' => u32::from(b - b'A') + 1,
            b'J'..=b'N' => u32::from(b - b'J') + 1,
            b'P' => 7,
            b'R' => 9,
            b'S'..=b'Z' => u32::from(b - b'S') + 2,
            _ => return false,
        };
        sum += value * WEIGHTS[i];
    }
    let check = match sum % 11 {
        10 => b'X',
        n => b'0' + n as u8,
    };
    bytes[8] == check
}

fn validate_vin(matched: &str, before: &str, spec: &PatternSpec) -> Option<Verdict> {
    let has_letter = matched.bytes().any(|b| b.is_ascii_uppercase());
    (has_letter && is_valid_vin(matched)).then(|| spec.default_verdict(before))
}

fn validate_plate(matched: &str, before: &str, spec: &PatternSpec) -> Option<Verdict> {
    matched
        .bytes()
        .any(|b| b.is_ascii_digit())
        .then(|| spec.default_verdict(before))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vin_check_digit() {
        assert!(is_valid_vin("1M8GDM9AXKP042788"));
        assert!(!is_valid_vin("1M8GDM9A1KP042788"));
        assert!(!is_valid_vin("1M8GDM9AXKP04278"));
    }

    #[test]
    fn plates_after_plate_words() {
        let re = regex::Regex::new(specs()[1].pattern).unwrap();
        assert_eq!(
            &re.captures("license plate 7ABC123").unwrap()["id"],
            "7ABC123"
        );
        assert!(validate_plate("ABCDE", "", &specs()[1]).is_none());
    }
}
