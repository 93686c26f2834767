//! Email addresses.

use super::{accept, PatternSpec};
use crate::finding::Category;

/// The email recogniser.
pub fn specs() -> Vec<PatternSpec> {
    vec![PatternSpec {
        name: "email",
        pattern: r"(?i)\b[a-z0-9][a-z0-9._%+-]*@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,24}\b",
        category: Category::EmailAddress,
        score: 0.95,
        context: &[],
        context_boost: 0.0,
        reason: "looks like an email address",
        suggestion: "[email]",
        validate: accept,
    }]
}

#[cfg(test)]
mod tests {
    use regex::Regex;

    #[test]
    fn emails_match_and_prose_does_not() {
        let re = Regex::new(super::specs()[0].pattern).unwrap();
        assert_eq!(
            re.find("write to ruth.okafor+x@mail.example.org.")
                .unwrap()
                .as_str(),
            "ruth.okafor+x@mail.example.org"
        );
        assert!(re.find("crackles at bases").is_none());
        assert!(re.find("meet @ noon").is_none());
    }
}
