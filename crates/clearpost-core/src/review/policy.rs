//! The review policy: which findings block a submission, and how many
//! reviewers must approve.

use serde::{Deserialize, Serialize};

use super::finding::{Finding, Override};

/// Shortest accepted override reason (after trimming): "ok" is not a reason.
pub const MIN_OVERRIDE_REASON_CHARS: usize = 5;

/// The organisation's review rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewPolicy {
    /// Distinct reviewers who must approve (1 by default; 2 for two-tier review).
    pub required_approvers: u32,
}

impl Default for ReviewPolicy {
    fn default() -> Self {
        ReviewPolicy {
            required_approvers: 1,
        }
    }
}

/// Why a submission is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyRefusal {
    /// Blocking findings with no override, or an override without a real reason.
    #[error("{} blocking finding(s) are neither fixed nor overridden with a reason: {}", .0.len(), .0.join(", "))]
    UnresolvedBlockingFindings(Vec<String>),
    /// An override names a finding that is not in the submission.
    #[error("override for unknown finding {0:?}")]
    UnknownFinding(String),
    /// Two findings share an id.
    #[error("finding id {0:?} is used twice")]
    DuplicateFinding(String),
}

/// The hook deciding whether findings and overrides allow a submission.
/// `Sync` so that [`crate::review::submit`], which holds it across awaits, is
/// a `Send` future the app can run on its async runtime.
pub trait SubmissionPolicy: Sync {
    /// Ok when the draft may be submitted with these findings and overrides.
    fn check(&self, findings: &[Finding], overrides: &[Override]) -> Result<(), PolicyRefusal>;
}

/// The default hook: every blocking finding needs an override whose reason has
/// at least [`MIN_OVERRIDE_REASON_CHARS`] characters.
#[derive(Debug, Clone, Copy, Default)]
pub struct BlockingFindingsPolicy;

impl SubmissionPolicy for BlockingFindingsPolicy {
    fn check(&self, findings: &[Finding], overrides: &[Override]) -> Result<(), PolicyRefusal> {
        let mut seen = std::collections::HashSet::new();
        for finding in findings {
            if !seen.insert(finding.id.as_str()) {
                return Err(PolicyRefusal::DuplicateFinding(finding.id.clone()));
            }
        }
        if let Some(stray) = overrides
            .iter()
            .find(|o| !seen.contains(o.finding.as_str()))
        {
            return Err(PolicyRefusal::UnknownFinding(stray.finding.clone()));
        }
        let unresolved: Vec<String> = findings
            .iter()
            .filter(|f| f.blocking)
            .filter(|f| {
                !overrides.iter().any(|o| {
                    o.finding == f.id
                        && o.reason.trim().chars().count() >= MIN_OVERRIDE_REASON_CHARS
                })
            })
            .map(|f| format!("{} ({})", f.id, f.category))
            .collect();
        if unresolved.is_empty() {
            Ok(())
        } else {
            Err(PolicyRefusal::UnresolvedBlockingFindings(unresolved))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::finding::Location;

    fn finding(id: &str, blocking: bool) -> Finding {
        Finding {
            id: id.into(),
            category: "name".into(),
            location: Location::Text { start: 0, end: 4 },
            excerpt: Some("Jane".into()),
            blocking,
            reason: None,
        }
    }

    fn override_for(id: &str, reason: &str) -> Override {
        Override {
            finding: id.into(),
            actor: "a".into(),
            reason: reason.into(),
            time: "t".into(),
        }
    }

    #[test]
    fn blocking_findings_need_an_override_with_a_real_reason() {
        let policy = BlockingFindingsPolicy;
        let findings = [finding("f1", true), finding("f2", false)];
        assert_eq!(
            policy.check(&findings, &[]),
            Err(PolicyRefusal::UnresolvedBlockingFindings(vec![
                "f1 (name)".into()
            ]))
        );
        assert!(policy
            .check(&findings, &[override_for("f1", "  ok ")])
            .is_err());
        assert!(policy
            .check(
                &findings,
                &[override_for("f1", "Staff name, consent on file")]
            )
            .is_ok());
        assert_eq!(
            policy.check(&findings, &[override_for("f9", "whatever reason")]),
            Err(PolicyRefusal::UnknownFinding("f9".into()))
        );
        assert!(policy
            .check(&[finding("f1", false), finding("f1", false)], &[])
            .is_err());
    }
}
