//! Device identifiers and serial numbers (after device words), and mentions of
//! biometric identifiers.

use super::accounts::needs_four_digits;
use super::{accept, PatternSpec};
use crate::finding::Category;

/// Device and biometric recognisers.
pub fn specs() -> Vec<PatternSpec> {
    vec![
        PatternSpec {
            name: "device_serial",
            pattern: r"(?i)\b(?:serial|s/n|sn|device\s+(?:id|serial)|imei|udi|implant\s+(?:id|serial)|model\s+(?:no\.?|number|#))\s*(?:no\.?|number|num|#)?\s*(?:is|:|#)?\s*(?P<id>[A-Z0-9][A-Z0-9-]{3,24})\b",
            category: Category::DeviceIdentifier,
            score: 0.75,
            context: &[],
            context_boost: 0.0,
            reason: "a serial number or device identifier",
            suggestion: "[device ID]",
            validate: needs_four_digits,
        },
        PatternSpec {
            name: "biometric",
            pattern: r"(?i)\b(?:fingerprints?|finger\s+prints?|voice\s?prints?|retina(?:l)?\s+scans?|iris\s+scans?|palm\s+prints?|dna\s+(?:profile|sample|sequence)|facial\s+(?:geometry|recognition))\b",
            category: Category::BiometricIdentifier,
            score: 0.4,
            context: &[],
            context_boost: 0.0,
            reason: "mentions a biometric identifier: make sure none is shown or described",
            suggestion: "remove the biometric detail",
            validate: accept,
        },
    ]
}

#[cfg(test)]
mod tests {
    use regex::Regex;

    #[test]
    fn serials_after_device_words() {
        let re = Regex::new(super::specs()[0].pattern).unwrap();
        assert_eq!(
            &re.captures("pacemaker serial # PXK-884213").unwrap()["id"],
            "PXK-884213"
        );
        assert_eq!(
            &re.captures("IMEI: 490154203237518").unwrap()["id"],
            "490154203237518"
        );
        let spec = &super::specs()[0];
        let caps = re.captures("a serial killer").unwrap();
        assert!(super::needs_four_digits(&caps["id"], "", spec).is_none());
    }
}
