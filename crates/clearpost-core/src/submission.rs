//! What a submission records about a draft's findings, in the review's own
//! terms, and what blocks it in plain words. The app and the CLI both submit
//! through these, so a post is judged the same way wherever it is submitted.

use clearpost_audit::review::workspace::AuthorOverride;
use clearpost_audit::review::{self, Finding, Location, OverrideRequest};
use serde::Serialize;

use crate::phi::{self, Severity};

/// One thing that stops a submission, in plain words.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Blocker {
    /// The finding's id in the would-be submission.
    pub finding: String,
    pub category: String,
    /// The flagged text, when there is one.
    pub text: Option<String>,
    /// 1-based line of a text finding.
    pub line: Option<usize>,
    /// The span in UTF-16 units (what the editor counts), to jump to it.
    pub utf16_start: Option<usize>,
    pub utf16_end: Option<usize>,
    /// "a phone number on line 3"
    pub message: String,
}

/// A category in plain words, with its article ("a phone number").
pub fn described(category: &str) -> String {
    let words = match category {
        "name" => "a name",
        "geographic_subdivision" => "an address or place",
        "date" => "a date",
        "phone_number" => "a phone number",
        "fax_number" => "a fax number",
        "email_address" => "an email address",
        "social_security_number" => "a Social Security number",
        "medical_record_number" => "a medical record number",
        "health_plan_beneficiary_number" => "a health plan number",
        "account_number" => "an account number",
        "certificate_license_number" => "a certificate or licence number",
        "vehicle_identifier" => "a vehicle identifier",
        "device_identifier" => "a device identifier",
        "url" => "a web address",
        "ip_address" => "an IP address",
        "biometric_identifier" => "a biometric identifier",
        "full_face_photo" | "face" => "a face",
        "other_unique_identifier" => "an identifying number",
        "age_over_89" => "an age over 89",
        "patient_context" => "a patient story",
        "record" => "readable text (a record, badge or screen)",
        other => return format!("a {}", other.replace('_', " ")),
    };
    words.to_string()
}

/// The 1-based line of byte offset `at` in `text`.
pub fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The scanner's text findings as the submission stores them (ids `text-N` in
/// reading order; allow-listed ones are left out).
pub fn text_findings(scanned: &[phi::Finding]) -> Vec<(Finding, usize, usize)> {
    scanned
        .iter()
        .filter(|f| f.severity != Severity::Suppressed)
        .enumerate()
        .map(|(n, f)| {
            (
                Finding {
                    id: format!("text-{}", n + 1),
                    category: f.category.as_str().to_string(),
                    location: Location::Text {
                        start: f.start,
                        end: f.end,
                    },
                    excerpt: Some(f.text.clone()),
                    blocking: f.severity == Severity::Blocking,
                    reason: Some(f.reason.clone()),
                },
                f.utf16_start,
                f.utf16_end,
            )
        })
        .collect()
}

/// The author's kept phrases as overrides of the findings they match (by
/// category and exact text, as the workspace records them).
pub fn overrides_for(findings: &[Finding], kept: &[AuthorOverride]) -> Vec<OverrideRequest> {
    findings
        .iter()
        .filter_map(|f| {
            let excerpt = f.excerpt.as_deref()?;
            let kept = kept
                .iter()
                .find(|o| o.category == f.category && o.text == excerpt)?;
            Some(OverrideRequest {
                finding: f.id.clone(),
                reason: kept.reason.clone(),
            })
        })
        .collect()
}

/// Blocking findings without an override that has a real reason, in plain words.
pub fn blockers(
    text: &str,
    findings: &[(Finding, Option<(usize, usize)>)],
    overrides: &[OverrideRequest],
) -> Vec<Blocker> {
    findings
        .iter()
        .filter(|(f, _)| f.blocking)
        .filter(|(f, _)| {
            !overrides.iter().any(|o| {
                o.finding == f.id
                    && o.reason.trim().chars().count() >= review::policy::MIN_OVERRIDE_REASON_CHARS
            })
        })
        .map(|(f, span)| {
            let line = match f.location {
                Location::Text { start, .. } => Some(line_of(text, start)),
                Location::Image { .. } => None,
            };
            let mut message = described(&f.category);
            match (line, &f.location) {
                (Some(line), _) => message.push_str(&format!(" on line {line}")),
                (None, Location::Image { .. }) => message.push_str(" in a photo"),
                _ => {}
            }
            if let Some(excerpt) = f.excerpt.as_deref().filter(|e| !e.is_empty()) {
                message.push_str(&format!(" (“{excerpt}”)"));
            }
            Blocker {
                finding: f.id.clone(),
                category: f.category.clone(),
                text: f.excerpt.clone(),
                line,
                utf16_start: span.map(|s| s.0),
                utf16_end: span.map(|s| s.1),
                message,
            }
        })
        .collect()
}

/// "2 things block this post: a phone number on line 3 (…), a face in a photo"
pub fn blocked_summary(blockers: &[Blocker]) -> String {
    let things = if blockers.len() == 1 {
        "1 thing blocks".to_string()
    } else {
        format!("{} things block", blockers.len())
    };
    let list: Vec<&str> = blockers.iter().map(|b| b.message.as_str()).collect();
    format!(
        "{things} this post: {}. Fix each one, or keep it with a reason.",
        list.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(id: &str, category: &str, start: usize, excerpt: &str, blocking: bool) -> Finding {
        Finding {
            id: id.into(),
            category: category.into(),
            location: Location::Text {
                start,
                end: start + excerpt.len(),
            },
            excerpt: Some(excerpt.into()),
            blocking,
            reason: None,
        }
    }

    fn kept(category: &str, text: &str, reason: &str) -> AuthorOverride {
        AuthorOverride {
            category: category.into(),
            text: text.into(),
            reason: reason.into(),
            author: "a1".into(),
            time: "t".into(),
        }
    }

    #[test]
    fn blockers_name_what_and_where_in_plain_words() {
        let text = "Hello\nThanks to\nJohn Whitaker, call (602) 555-0147";
        let name_at = text.find("John").unwrap();
        let phone_at = text.find("(602)").unwrap();
        let findings = vec![
            (
                finding("text-1", "name", name_at, "John Whitaker", true),
                Some((name_at, name_at + 13)),
            ),
            (
                finding("text-2", "phone_number", phone_at, "(602) 555-0147", true),
                Some((phone_at, phone_at + 14)),
            ),
            (finding("text-3", "date", 0, "Hello", false), None),
        ];
        let list = blockers(text, &findings, &[]);
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].message, "a name on line 3 (“John Whitaker”)");
        assert_eq!(
            list[1].message,
            "a phone number on line 3 (“(602) 555-0147”)"
        );
        assert_eq!(list[1].utf16_start, Some(phone_at));
        assert!(blocked_summary(&list).starts_with("2 things block this post: a name on line 3"));
    }

    #[test]
    fn kept_phrases_with_a_real_reason_unblock_their_finding_only() {
        let findings = vec![
            finding("text-1", "name", 0, "Mary Jones", true),
            finding("text-2", "name", 20, "John Whitaker", true),
        ];
        let overrides = overrides_for(
            &findings,
            &[
                kept("name", "Mary Jones", "staff member, signed consent"),
                kept("phone_number", "John Whitaker", "wrong category"),
            ],
        );
        assert_eq!(overrides.len(), 1);
        assert_eq!(overrides[0].finding, "text-1");
        let with_spans: Vec<_> = findings.into_iter().map(|f| (f, None)).collect();
        let left = blockers(
            "Mary Jones ......... John Whitaker",
            &with_spans,
            &overrides,
        );
        assert_eq!(
            left.iter().map(|b| b.finding.as_str()).collect::<Vec<_>>(),
            ["text-2"]
        );
        // A two-letter reason is not a reason.
        let weak = overrides_for(
            &[finding("text-1", "name", 0, "Mary Jones", true)],
            &[kept("name", "Mary Jones", "ok")],
        );
        let still = blockers(
            "Mary Jones",
            &[(finding("text-1", "name", 0, "Mary Jones", true), None)],
            &weak,
        );
        assert_eq!(still.len(), 1);
    }

    #[test]
    fn lines_and_categories_in_plain_words() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 4), 3);
        assert_eq!(line_of("a\n", 99), 2);
        assert_eq!(described("phone_number"), "a phone number");
        assert_eq!(described("new_kind"), "a new kind");
    }
}
