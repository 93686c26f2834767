//! What a submission records about a draft's findings, in the review's own
//! terms, and what blocks it in plain words. The app and the CLI both submit
//! through these, so a post is judged the same way wherever it is submitted.

use crate::review::workspace::AuthorOverride;
use crate::review::{self, Finding, Location, OverrideRequest};
use serde::Serialize;

use crate::phi::{self, Policy, Scanner, Severity};

/// The reason recorded for a finding the author allowed in this draft only.
pub const DRAFT_ALLOWED_REASON: &str = "Allowed in this draft only (on the draft's own allow-list)";

/// The reason recorded for a match the organisation's allow-list suppresses.
pub const ORGANISATION_ALLOWED_REASON: &str = "On the organisation's allow-list";

/// One thing that stops a submission, in plain words.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
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

/// Where a submitted finding is, for the reviewer: the photo's file name for
/// a finding in a photo (None when the photo is not in the submission).
pub fn attachment_of<'a>(body: &'a review::SubmissionBody, finding: &Finding) -> Option<&'a str> {
    match &finding.location {
        Location::Image { attachment, .. } => body
            .attachments
            .iter()
            .find(|a| &a.sha256 == attachment)
            .map(|a| a.name.as_str()),
        Location::Text { .. } => None,
    }
}

/// A submitted finding in plain words with where it is: "a phone number on
/// line 3", "a face in ward.jpg".
pub fn describe_submitted(body: &review::SubmissionBody, finding: &Finding) -> String {
    let what = described(&finding.category);
    match (&finding.location, attachment_of(body, finding)) {
        (Location::Text { start, .. }, _) => {
            format!("{what} on line {}", line_of(&body.text, *start))
        }
        (Location::Image { .. }, Some(name)) => format!("{what} in {name}"),
        (Location::Image { .. }, None) => what,
    }
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
/// reading order; allow-listed ones are left out: [`review_text`] records
/// them apart).
pub fn text_findings(scanned: &[phi::Finding]) -> Vec<(Finding, usize, usize)> {
    recorded(scanned, false, "text")
}

/// The scanner's findings that are (`suppressed`) or are not allow-listed, as
/// the submission stores them: ids `{prefix}-N` in reading order, blocking as
/// the policy says (a suppressed one never blocks), with their UTF-16 spans.
fn recorded(
    scanned: &[phi::Finding],
    suppressed: bool,
    prefix: &str,
) -> Vec<(Finding, usize, usize)> {
    scanned
        .iter()
        .filter(|f| (f.severity == Severity::Suppressed) == suppressed)
        .enumerate()
        .map(|(n, f)| {
            (
                Finding {
                    id: format!("{prefix}-{}", n + 1),
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

/// A draft's text as a submission records it: the findings (each with its
/// UTF-16 span, for the editor) and the overrides that go with them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextReview {
    pub findings: Vec<(Finding, usize, usize)>,
    pub overrides: Vec<OverrideRequest>,
}

/// Scans `text` for a submission: under the organisation's `policy` (what the
/// record keeps), and again with the draft's own `draft_allow` list added.
/// The author's `kept` phrases become overrides with their reasons; findings
/// only the draft's list covers are kept with [`DRAFT_ALLOWED_REASON`]; and
/// matches the organisation's list suppresses are recorded too, as
/// non-blocking findings kept with [`ORGANISATION_ALLOWED_REASON`] (ids
/// `allowed-N`), so the reviewer and the audit log see every one of them
/// instead of their vanishing from the record.
pub fn review_text(
    scanner: &Scanner,
    text: &str,
    policy: &Policy,
    draft_allow: &[String],
    kept: &[AuthorOverride],
) -> TextReview {
    let organisation_scan = scanner.scan(text, policy);
    let mut findings = text_findings(&organisation_scan);
    let plain: Vec<Finding> = findings.iter().map(|(f, _, _)| f.clone()).collect();
    let mut overrides = overrides_for(&plain, kept);
    if !draft_allow.is_empty() {
        let mut with_draft_list = policy.clone();
        with_draft_list
            .allow
            .extend(draft_allow.iter().map(|phrase| phrase.to_string()));
        let allowed_here =
            draft_allowed_overrides(&scanner.scan(text, &with_draft_list), &findings, &overrides);
        overrides.extend(allowed_here);
    }
    let allowed = organisation_allowed(&organisation_scan);
    overrides.extend(allowed.iter().map(|(f, _, _)| OverrideRequest {
        finding: f.id.clone(),
        reason: ORGANISATION_ALLOWED_REASON.to_string(),
    }));
    findings.extend(allowed);
    TextReview {
        findings,
        overrides,
    }
}

/// Findings that only the draft's own allow-list suppresses (`findings` are
/// what the organisation's scan reports) become overrides with
/// [`DRAFT_ALLOWED_REASON`]. A finding the author already kept with their own
/// reason keeps that reason.
fn draft_allowed_overrides(
    with_draft_list: &[phi::Finding],
    findings: &[(Finding, usize, usize)],
    kept: &[OverrideRequest],
) -> Vec<OverrideRequest> {
    let suppressed_here: Vec<(usize, usize, &str)> = with_draft_list
        .iter()
        .filter(|f| f.severity == Severity::Suppressed)
        .map(|f| (f.start, f.end, f.category.as_str()))
        .collect();
    findings
        .iter()
        .filter_map(|(finding, _, _)| match finding.location {
            Location::Text { start, end } => {
                let covered = suppressed_here.contains(&(start, end, finding.category.as_str()));
                let already_kept = kept.iter().any(|o| o.finding == finding.id);
                (covered && !already_kept).then(|| OverrideRequest {
                    finding: finding.id.clone(),
                    reason: DRAFT_ALLOWED_REASON.to_string(),
                })
            }
            Location::Image { .. } => None,
        })
        .collect()
}

/// The matches the organisation's allow-list suppresses, as non-blocking
/// findings `allowed-N` in reading order (the `text-N` ids stay as they were).
fn organisation_allowed(scanned: &[phi::Finding]) -> Vec<(Finding, usize, usize)> {
    recorded(scanned, true, "allowed")
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
    fn a_submitted_finding_says_its_line_or_its_photo() {
        let text = "Open day\nAsk Quill Harrow at the desk";
        let at = text.find("Quill").unwrap();
        let mut face = finding("photo-1", "face", 0, "", true);
        face.location = Location::Image {
            attachment: "ab12".into(),
            x: 0,
            y: 0,
            width: 4,
            height: 4,
        };
        let body = review::SubmissionBody {
            format: String::new(),
            draft: "d1".into(),
            author: "a1".into(),
            text: text.into(),
            attachments: vec![review::AttachmentRef {
                sha256: "ab12".into(),
                name: "lobby.jpg".into(),
            }],
            content_hash: String::new(),
            findings: vec![],
            overrides: vec![],
            submitted_at: String::new(),
        };
        let name = finding("text-1", "name", at, "Quill Harrow", true);
        assert_eq!(describe_submitted(&body, &name), "a name on line 2");
        assert_eq!(describe_submitted(&body, &face), "a face in lobby.jpg");
        assert_eq!(attachment_of(&body, &face), Some("lobby.jpg"));
        let mut elsewhere = face.clone();
        elsewhere.location = Location::Image {
            attachment: "ffff".into(),
            x: 0,
            y: 0,
            width: 1,
            height: 1,
        };
        assert_eq!(describe_submitted(&body, &elsewhere), "a face");
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
            finding("text-1", "name", 0, "Odile Brannock", true),
            finding("text-2", "name", 20, "John Whitaker", true),
        ];
        let overrides = overrides_for(
            &findings,
            &[
                kept("name", "Odile Brannock", "staff member, signed consent"),
                kept("phone_number", "John Whitaker", "wrong category"),
            ],
        );
        assert_eq!(overrides.len(), 1);
        assert_eq!(overrides[0].finding, "text-1");
        let with_spans: Vec<_> = findings.into_iter().map(|f| (f, None)).collect();
        let left = blockers(
            "Odile Brannock ......... John Whitaker",
            &with_spans,
            &overrides,
        );
        assert_eq!(
            left.iter().map(|b| b.finding.as_str()).collect::<Vec<_>>(),
            ["text-2"]
        );
        // A two-letter reason is not a reason.
        let weak = overrides_for(
            &[finding("text-1", "name", 0, "Odile Brannock", true)],
            &[kept("name", "Odile Brannock", "ok")],
        );
        let still = blockers(
            "Odile Brannock",
            &[(finding("text-1", "name", 0, "Odile Brannock", true), None)],
            &weak,
        );
        assert_eq!(still.len(), 1);
    }

    fn phone_policy(allowed: &[&str]) -> Policy {
        let mut policy = Policy::default();
        policy.allow.extend(allowed.iter().map(|p| p.to_string()));
        policy
    }

    fn reason_for<'a>(review: &'a TextReview, excerpt: &str) -> Option<&'a str> {
        let (finding, _, _) = review
            .findings
            .iter()
            .find(|(f, _, _)| f.excerpt.as_deref() == Some(excerpt))?;
        review
            .overrides
            .iter()
            .find(|o| o.finding == finding.id)
            .map(|o| o.reason.as_str())
    }

    /// A phone number on the draft's own allow-list is kept with the
    /// draft-only reason; one the organisation allows is recorded as a
    /// non-blocking finding kept with the organisation's reason; an author's
    /// own reason wins over the draft-only one.
    #[test]
    fn allow_listed_matches_are_recorded_with_a_fixed_reason() {
        let scanner = Scanner::without_lists();
        let text = "Call (602) 555-0147 or (480) 555-0199 today.";
        let policy = phone_policy(&["(480) 555-0199"]);
        let draft_allow = vec!["(602) 555-0147".to_string()];

        let review = review_text(&scanner, text, &policy, &draft_allow, &[]);
        assert_eq!(
            reason_for(&review, "(602) 555-0147"),
            Some(DRAFT_ALLOWED_REASON)
        );
        assert_eq!(
            reason_for(&review, "(480) 555-0199"),
            Some(ORGANISATION_ALLOWED_REASON)
        );
        let (allowed, _, _) = review
            .findings
            .iter()
            .find(|(f, _, _)| f.excerpt.as_deref() == Some("(480) 555-0199"))
            .unwrap();
        assert_eq!(allowed.id, "allowed-1");
        assert!(!allowed.blocking, "an allowed match never blocks");
        let (first, _, _) = &review.findings[0];
        assert_eq!(first.id, "text-1");
        assert!(
            first.blocking,
            "the draft's list does not change the record's severity"
        );
        let with_spans: Vec<_> = review
            .findings
            .iter()
            .map(|(f, a, b)| (f.clone(), Some((*a, *b))))
            .collect();
        assert!(blockers(text, &with_spans, &review.overrides).is_empty());

        // Nothing on the draft's list: the first number blocks, the second is
        // still recorded as allowed by the organisation.
        let review = review_text(&scanner, text, &policy, &[], &[]);
        assert_eq!(reason_for(&review, "(602) 555-0147"), None);
        assert_eq!(
            reason_for(&review, "(480) 555-0199"),
            Some(ORGANISATION_ALLOWED_REASON)
        );
        let with_spans: Vec<_> = review
            .findings
            .iter()
            .map(|(f, a, b)| (f.clone(), Some((*a, *b))))
            .collect();
        assert_eq!(blockers(text, &with_spans, &review.overrides).len(), 1);

        // The author already kept it with a reason of their own.
        let kept = [kept("phone_number", "(602) 555-0147", "our switchboard")];
        let review = review_text(&scanner, text, &policy, &draft_allow, &kept);
        assert_eq!(
            reason_for(&review, "(602) 555-0147"),
            Some("our switchboard")
        );
        assert_eq!(
            review
                .overrides
                .iter()
                .filter(|o| o.reason == DRAFT_ALLOWED_REASON)
                .count(),
            0
        );
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
