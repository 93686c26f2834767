//! Web URLs and IP addresses (v4 and v6).

use std::net::{Ipv4Addr, Ipv6Addr};

use super::{accept, PatternSpec, Verdict};
use crate::finding::Category;

/// URL and IP recognisers.
pub fn specs() -> Vec<PatternSpec> {
    vec![
        PatternSpec {
            name: "url",
            pattern: r#"(?i)\b(?:https?://|ftp://|www\.)[^\s<>"'()\[\]{}]*[^\s<>"'()\[\]{}.,;:!?*_]"#,
            category: Category::Url,
            score: 0.7,
            context: &[],
            context_boost: 0.0,
            reason: "a web address: check it does not point to a patient or their pages",
            suggestion: "[link removed]",
            validate: accept,
        },
        PatternSpec {
            name: "domain",
            pattern: r#"(?i)\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|org|net|edu|gov|io|info|biz|health|care|me|co|us|uk|ca|au|de|fr|nl|be|ch|se|dk|no|fi|es|it|pt|br|cy|at|ie|nz|pl|cz)\b(?:/[^\s<>"'()]*[^\s<>"'().,;:!?*_])?"#,
            category: Category::Url,
            score: 0.55,
            context: &[],
            context_boost: 0.0,
            reason: "a web domain: check it does not point to a patient or their pages",
            suggestion: "[link removed]",
            validate: accept,
        },
        PatternSpec {
            name: "ipv4",
            pattern: r"\b(?:\d{1,3}\.){3}\d{1,3}\b",
            category: Category::IpAddress,
            score: 0.85,
            context: &[],
            context_boost: 0.0,
            reason: "looks like an IPv4 address",
            suggestion: "[IP address]",
            validate: valid_ipv4,
        },
        PatternSpec {
            name: "ipv6",
            pattern: r"(?i)(?:[0-9a-f]{1,4}:|:)(?:[0-9a-f]{0,4}:){1,6}[0-9a-f]{0,4}\b",
            category: Category::IpAddress,
            score: 0.85,
            context: &[],
            context_boost: 0.0,
            reason: "looks like an IPv6 address",
            suggestion: "[IP address]",
            validate: valid_ipv6,
        },
    ]
}

/// Four octets 0–255.
pub fn valid_ipv4(matched: &str, before: &str, spec: &PatternSpec) -> Option<Verdict> {
    matched.parse::<Ipv4Addr>().ok()?;
    Some(spec.default_verdict(before))
}

/// A real IPv6 address, not a clock time ("10:30:00") or a lone "::".
pub fn valid_ipv6(matched: &str, before: &str, spec: &PatternSpec) -> Option<Verdict> {
    if matched.len() < 6 || matched.matches(':').count() < 2 {
        return None;
    }
    matched.parse::<Ipv6Addr>().ok()?;
    Some(spec.default_verdict(before))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(name: &str) -> PatternSpec {
        specs().into_iter().find(|s| s.name == name).unwrap()
    }

    #[test]
    fn ipv4_octets_are_checked() {
        let s = spec("ipv4");
        assert!(valid_ipv4("192.168.1.20", "", &s).is_some());
        assert!(valid_ipv4("300.1.1.1", "", &s).is_none());
    }

    #[test]
    fn ipv6_is_parsed_and_times_are_not_addresses() {
        let s = spec("ipv6");
        assert!(valid_ipv6("3fa1:7c02:b9d4:e811:4a0:91cf:52e6:d07b", "", &s).is_some());
        assert!(valid_ipv6("fe80::1ff:fe23:4567:890a", "", &s).is_some());
        assert!(valid_ipv6("10:30:00", "", &s).is_none());
    }

    #[test]
    fn url_stops_before_trailing_punctuation() {
        let re = regex::Regex::new(spec("url").pattern).unwrap();
        let m = re.find("See https://example.org/story?id=4.").unwrap();
        assert_eq!(m.as_str(), "https://example.org/story?id=4");
    }
}
