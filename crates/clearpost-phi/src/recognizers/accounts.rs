//! Account numbers: payment cards (Luhn), IBANs (mod 97) and numbers after an
//! account word.

use super::checksums::luhn_valid;
use super::{has_context, PatternSpec, Verdict};
use crate::finding::Category;

const CARD_CONTEXT: &[&str] = &[
    "card",
    "cc",
    "visa",
    "mastercard",
    "amex",
    "credit",
    "debit",
];

/// Card, IBAN and account-number recognisers.
pub fn specs() -> Vec<PatternSpec> {
    vec![
        PatternSpec {
            name: "payment_card",
            pattern: r"\b\d(?:[ -]?\d){11,18}\b",
            category: Category::AccountNumber,
            score: 0.8,
            context: CARD_CONTEXT,
            context_boost: 0.15,
            reason: "looks like a payment card number (its check digit is valid)",
            suggestion: "[account number]",
            validate: validate_card,
        },
        PatternSpec {
            name: "iban",
            pattern: r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b",
            category: Category::AccountNumber,
            score: 0.9,
            context: &[],
            context_boost: 0.0,
            reason: "looks like a bank account number (IBAN, check digits valid)",
            suggestion: "[account number]",
            validate: validate_iban,
        },
        PatternSpec {
            name: "account_in_context",
            pattern: r"(?i)\b(?:acct|account|a/c|billing)\.?\s*(?:no\.?|number|num|#)?\s*(?:is|:|#)?\s*(?P<id>[A-Z0-9][A-Z0-9-]{3,24})\b",
            category: Category::AccountNumber,
            score: 0.75,
            context: &[],
            context_boost: 0.0,
            reason: "a number after 'account'",
            suggestion: "[account number]",
            validate: needs_four_digits,
        },
    ]
}

/// Rejects identifiers with fewer than four digits (words, "O2", "x2").
pub fn needs_four_digits(matched: &str, before: &str, spec: &PatternSpec) -> Option<Verdict> {
    (matched.chars().filter(char::is_ascii_digit).count() >= 4)
        .then(|| spec.default_verdict(before))
}

/// 13–19 digits passing Luhn; or 12 (Maestro cards can be that short) with a
/// Maestro prefix and a card word just before: a bare 12-digit number passes
/// Luhn one time in ten, so it needs the context.
pub fn validate_card(matched: &str, before: &str, spec: &PatternSpec) -> Option<Verdict> {
    let digits: String = matched.chars().filter(char::is_ascii_digit).collect();
    let short_maestro = digits.len() == 12
        && (digits.starts_with("50") || ("56".."70").contains(&&digits[..2]))
        && has_context(super::tail(before, 24), CARD_CONTEXT);
    if !((13..=19).contains(&digits.len()) || short_maestro) || !luhn_valid(&digits) {
        return None;
    }
    // Digit runs of one repeated digit pass Luhn trivially sometimes; never real.
    if digits.bytes().all(|b| b == digits.as_bytes()[0]) {
        return None;
    }
    let boost = if has_context(before, CARD_CONTEXT) {
        spec.context_boost
    } else {
        0.0
    };
    Some(Verdict {
        category: spec.category,
        confidence: spec.score + boost,
        reason: None,
        suggestion: None,
    })
}

/// ISO 13616 check: move the first four characters to the end, letters to numbers
/// (A=10 … Z=35), the whole number mod 97 must be 1.
pub fn is_valid_iban(text: &str) -> bool {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if !(15..=34).contains(&compact.len()) || !compact.is_ascii() {
        return false;
    }
    let (head, tail) = compact.split_at(4);
    let mut remainder: u32 = 0;
    for c in tail.chars().chain(head.chars()) {
        let value = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'A'..='Z' => c as u32 - 'A' as u32 + 10,
            _ => return false,
        };
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    remainder == 1
}

fn validate_iban(matched: &str, before: &str, spec: &PatternSpec) -> Option<Verdict> {
    is_valid_iban(matched).then(|| spec.default_verdict(before))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_numbers_need_a_valid_check_digit() {
        let spec = &specs()[0];
        assert!(validate_card("4539018722641036", "card ", spec).is_some());
        assert!(validate_card("4539018722641037", "card ", spec).is_none());
        assert!(validate_card("4111 1111 1111 1111", "", spec).is_some());
        assert!(validate_card("0000000000000", "", spec).is_none());
        // 12 digits: only a Maestro prefix right after a card word.
        assert!(validate_card("501834725902", "limit for card ", spec).is_some());
        assert!(validate_card("501834725902", "the order ", spec).is_none());
        assert!(
            validate_card("501834725903", "card ", spec).is_none(),
            "Luhn"
        );
        assert!(
            validate_card("401834725905", "card ", spec).is_none(),
            "not Maestro"
        );
    }

    #[test]
    fn iban_mod_97() {
        assert!(is_valid_iban("GB82 WEST 1234 5698 7654 32"));
        assert!(is_valid_iban("GB82WEST12345698765432"));
        assert!(!is_valid_iban("GB83WEST12345698765432"));
        assert!(!is_valid_iban("GB82"));
    }

    #[test]
    fn account_words_need_digits() {
        let re = regex::Regex::new(specs()[2].pattern).unwrap();
        let caps = re.captures("Acct # 00123456 closed").unwrap();
        assert_eq!(&caps["id"], "00123456");
        assert!(needs_four_digits("summary", "", &specs()[2]).is_none());
    }
}
