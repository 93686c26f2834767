//! The draft's state machine. Pure: the workflow asks it whether a step is
//! allowed before touching the database.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Where a draft is in its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Being written; not under review.
    Draft,
    /// Frozen and waiting for reviewers.
    Submitted,
    /// Enough reviewers approved this exact submission.
    Approved,
    /// A reviewer rejected it, with a comment.
    Rejected,
    /// The approved content was exported for publishing.
    Exported,
}

/// A step in the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The content changed.
    Edit,
    /// Freeze and send for review.
    Submit,
    /// One approval; `enough` when the required number is now reached.
    Approve {
        /// Whether this approval completes the required number.
        enough: bool,
    },
    /// A rejection.
    Reject,
    /// Export for publishing.
    Export,
}

/// A step that is not allowed from a state.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot {step} a draft that is {state}")]
pub struct NotAllowed {
    /// The state.
    pub state: State,
    /// The step, in words.
    pub step: &'static str,
}

impl State {
    /// The state after `step`, or why it is not allowed. Editing is always
    /// allowed and always returns to `Draft` (voiding any approval for the old
    /// content); a rejected draft may be resubmitted (with new overrides).
    pub fn after(self, step: Step) -> Result<State, NotAllowed> {
        use State::*;
        let refuse = |step| Err(NotAllowed { state: self, step });
        match (self, step) {
            (_, Step::Edit) => Ok(Draft),
            (Draft | Rejected, Step::Submit) => Ok(Submitted),
            (_, Step::Submit) => refuse("submit"),
            (Submitted, Step::Approve { enough: true }) => Ok(Approved),
            (Submitted, Step::Approve { enough: false }) => Ok(Submitted),
            (_, Step::Approve { .. }) => refuse("approve"),
            (Submitted, Step::Reject) => Ok(Rejected),
            (_, Step::Reject) => refuse("reject"),
            (Approved, Step::Export) => Ok(Exported),
            (_, Step::Export) => refuse("export"),
        }
    }

    /// The state's name as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Submitted => "submitted",
            State::Approved => "approved",
            State::Rejected => "rejected",
            State::Exported => "exported",
        }
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for State {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(match text {
            "draft" => State::Draft,
            "submitted" => State::Submitted,
            "approved" => State::Approved,
            "rejected" => State::Rejected,
            "exported" => State::Exported,
            other => return Err(format!("unknown draft state {other:?}")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_the_review_lifecycle() {
        use State::*;
        assert_eq!(Draft.after(Step::Submit), Ok(Submitted));
        assert_eq!(
            Submitted.after(Step::Approve { enough: false }),
            Ok(Submitted)
        );
        assert_eq!(
            Submitted.after(Step::Approve { enough: true }),
            Ok(Approved)
        );
        assert_eq!(Submitted.after(Step::Reject), Ok(Rejected));
        assert_eq!(Approved.after(Step::Export), Ok(Exported));
        assert_eq!(Approved.after(Step::Edit), Ok(Draft));
        assert_eq!(Rejected.after(Step::Submit), Ok(Submitted));
        assert!(Draft.after(Step::Approve { enough: true }).is_err());
        assert!(Draft.after(Step::Export).is_err());
        assert!(Submitted.after(Step::Export).is_err());
        assert!(Submitted.after(Step::Submit).is_err());
        assert!(Approved.after(Step::Reject).is_err());
        for state in [Draft, Submitted, Approved, Rejected, Exported] {
            assert_eq!(state.as_str().parse::<State>(), Ok(state));
        }
    }
}
