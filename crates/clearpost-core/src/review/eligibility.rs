//! Who may decide on what. [`why_not_decide`] is the one rule: the workflow
//! refuses a decision by it ([`crate::review::decide`], decision files
//! imported from another machine), the app shows it before anyone tries, and
//! [`queue`] lists what waits for a reviewer by it.

use std::fmt;

use clearpost_audit::profiles::PublicProfile;
use clearpost_audit::Database;

use super::decision::{SignedDecision, Verdict};
use super::state::{State, Step};
use super::submission::SubmissionBody;
use super::workflow::{status, Draft};
use super::ReviewError;

/// Why someone may not approve or reject a submission now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CannotDecide {
    /// They wrote it (separation of duties).
    OwnSubmission,
    /// Their role is author.
    NotAReviewer {
        /// Their name.
        name: String,
    },
    /// They already approved or rejected it.
    AlreadyDecided {
        /// Their name.
        name: String,
    },
    /// The draft was edited or resubmitted since.
    NotCurrent,
    /// The draft is no longer waiting (approved, rejected, exported).
    Closed(State),
}

/// The refusal, as the workflow's error says it.
impl fmt::Display for CannotDecide {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CannotDecide::OwnSubmission => f.write_str(
                "nobody approves or rejects their own submission (separation of duties)",
            ),
            CannotDecide::NotAReviewer { name } => write!(
                f,
                "{name} is an author; only reviewers and admins decide on submissions"
            ),
            CannotDecide::AlreadyDecided { name } => {
                write!(f, "{name} has already decided on this submission")
            }
            CannotDecide::NotCurrent => f.write_str(
                "this submission is no longer current: the draft was edited or resubmitted since",
            ),
            CannotDecide::Closed(state) => write!(f, "the draft is {state}"),
        }
    }
}

impl CannotDecide {
    /// The same, said to the person looking at the submission (the app's
    /// review view), before they try.
    pub fn advice(&self) -> String {
        match self {
            CannotDecide::OwnSubmission => {
                "This is your own submission: another reviewer must approve it.".into()
            }
            CannotDecide::NotAReviewer { .. } => {
                "Only reviewers and admins approve or reject posts.".into()
            }
            CannotDecide::AlreadyDecided { .. } => {
                "You have already decided on this submission.".into()
            }
            CannotDecide::NotCurrent => {
                "The draft was edited or resubmitted since: this submission is no longer current."
                    .into()
            }
            CannotDecide::Closed(state) => format!("The draft is {}.", state.as_str()),
        }
    }
}

/// Why `reviewer` may not decide on submission `hash` by `author` now, given
/// the `decisions` so far and the submission's draft when it lives on this
/// machine (None: it may). A submission opened from a bundle has no draft
/// here, so only the person rules apply to it.
pub fn why_not_decide(
    reviewer: &PublicProfile,
    author: &str,
    hash: &str,
    decisions: &[SignedDecision],
    draft: Option<&Draft>,
) -> Option<CannotDecide> {
    if reviewer.id == author {
        return Some(CannotDecide::OwnSubmission);
    }
    if !reviewer.role.may_review() {
        return Some(CannotDecide::NotAReviewer {
            name: reviewer.name.clone(),
        });
    }
    if decisions.iter().any(|d| d.body.reviewer.id == reviewer.id) {
        return Some(CannotDecide::AlreadyDecided {
            name: reviewer.name.clone(),
        });
    }
    let draft = draft?;
    if draft.submission.as_deref() != Some(hash) {
        return Some(CannotDecide::NotCurrent);
    }
    // Approving and rejecting are allowed from the same states: ask the
    // state machine rather than repeat it.
    if draft.state.after(Step::Reject).is_err() {
        return Some(CannotDecide::Closed(draft.state));
    }
    None
}

/// A submission waiting for a reviewer's decision.
#[derive(Debug, Clone)]
pub struct Waiting {
    /// The submission hash.
    pub hash: String,
    /// What was submitted.
    pub submission: SubmissionBody,
    /// Approvals so far.
    pub approvals: usize,
    /// Approvals needed.
    pub required_approvers: u32,
}

/// The submissions on this machine (made here or opened from a bundle) that
/// `reviewer` may decide on now ([`why_not_decide`], the role aside: an
/// author's queue is what a reviewer would see). One from a bundle, whose
/// draft is not here, waits until it is rejected or approved by enough
/// reviewers. Oldest first.
pub async fn queue(db: &Database, reviewer: &PublicProfile) -> Result<Vec<Waiting>, ReviewError> {
    let hashes: Vec<String> = sqlx::query_scalar(
        "SELECT hash FROM submissions WHERE author <> ?1 \
         AND hash NOT IN (SELECT submission FROM decisions WHERE reviewer = ?1) ORDER BY rowid",
    )
    .bind(&reviewer.id)
    .fetch_all(db.pool())
    .await?;
    let mut waiting = Vec::new();
    for hash in hashes {
        let status = status(db, &hash).await?;
        let Some(submission) = status.submission else {
            continue;
        };
        let why_not = why_not_decide(
            reviewer,
            &submission.author,
            &hash,
            &status.decisions,
            status.draft.as_ref(),
        );
        if !matches!(why_not, None | Some(CannotDecide::NotAReviewer { .. })) {
            continue;
        }
        let approvals = count(&status.decisions, Verdict::Approve);
        let finished_elsewhere = status.draft.is_none()
            && (approvals >= status.required_approvers as usize
                || count(&status.decisions, Verdict::Reject) > 0);
        if finished_elsewhere {
            continue;
        }
        waiting.push(Waiting {
            hash,
            submission,
            approvals,
            required_approvers: status.required_approvers,
        });
    }
    Ok(waiting)
}

fn count(decisions: &[SignedDecision], verdict: Verdict) -> usize {
    decisions
        .iter()
        .filter(|d| d.body.verdict == verdict)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clearpost_audit::profiles::Role;

    fn person(id: &str, role: Role) -> PublicProfile {
        PublicProfile {
            id: id.into(),
            name: format!("Person {id}"),
            role,
            public_key: String::new(),
        }
    }

    fn draft(state: State, submission: Option<&str>) -> Draft {
        Draft {
            id: "d1".into(),
            author: "a1".into(),
            text: String::new(),
            attachments: vec![],
            findings: vec![],
            overrides: vec![],
            state,
            submission: submission.map(str::to_string),
            updated_at: String::new(),
        }
    }

    #[test]
    fn each_rule_says_why_in_order() {
        let reviewer = person("r1", Role::Reviewer);
        let waiting = draft(State::Submitted, Some("h1"));
        let why = |who: &PublicProfile, draft: Option<&Draft>| {
            why_not_decide(who, "a1", "h1", &[], draft)
        };
        assert_eq!(why(&reviewer, Some(&waiting)), None);
        assert_eq!(why(&reviewer, None), None, "a bundle's submission");
        assert_eq!(
            why(&person("a1", Role::Admin), Some(&waiting)),
            Some(CannotDecide::OwnSubmission)
        );
        assert!(matches!(
            why(&person("x1", Role::Author), Some(&waiting)),
            Some(CannotDecide::NotAReviewer { .. })
        ));
        assert_eq!(
            why(&reviewer, Some(&draft(State::Draft, Some("h0")))),
            Some(CannotDecide::NotCurrent)
        );
        let approved = draft(State::Approved, Some("h1"));
        let closed = why(&reviewer, Some(&approved)).unwrap();
        assert_eq!(closed, CannotDecide::Closed(State::Approved));
        assert_eq!(closed.advice(), "The draft is approved.");
    }

    #[test]
    fn the_refusal_and_the_advice_name_the_same_rule() {
        let own = CannotDecide::OwnSubmission;
        assert!(own.to_string().contains("own submission"));
        assert!(own.advice().contains("own submission"));
        let twice = CannotDecide::AlreadyDecided { name: "Rui".into() };
        assert_eq!(
            twice.to_string(),
            "Rui has already decided on this submission"
        );
        assert!(twice.advice().contains("already decided"));
        assert!(CannotDecide::NotCurrent
            .advice()
            .contains("no longer current"));
    }
}
