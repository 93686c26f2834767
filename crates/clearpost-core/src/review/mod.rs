//! The review workflow on top of the audit log: drafts, frozen submissions,
//! the state machine, the submission policy, signed decisions and the offline
//! review bundles that carry a submission to another machine and a decision
//! back. The tables it uses are created by the log's migrations
//! (`clearpost_audit::db`); the signed decision itself lives with the log,
//! which checks it when it verifies the chain.

pub mod bundle;
/// A reviewer's signed decision (kept with the log, which verifies it).
pub use clearpost_audit::decision;
pub mod eligibility;
pub mod finding;
pub mod photos;
pub mod policy;
pub mod state;
pub mod submission;
pub mod workflow;
pub mod workspace;

pub use bundle::{open_bundle, parse_bundle, write_bundle, Bundle, OpenedBundle, BUNDLE_FORMAT};
pub use decision::{DecisionBody, SignedDecision, Verdict, DECISION_FORMAT};
pub use eligibility::{queue, why_not_decide, CannotDecide, Waiting};
pub use finding::{Finding, Location, Override, OverrideRequest};
pub use policy::{BlockingFindingsPolicy, PolicyRefusal, ReviewPolicy, SubmissionPolicy};
pub use state::{NotAllowed, State, Step};
pub use submission::{content_hash, AttachmentRef, SubmissionBody, SUBMISSION_FORMAT};
pub use workflow::{
    approval_covers, create_draft, decide, edit_draft, export_with, find_draft, import_decision,
    policy, set_required_approvers, status, submit, Draft, ExportContent, Status,
};

use std::path::PathBuf;

use clearpost_audit::events::EventError;
use clearpost_audit::keys::KeyError;
use clearpost_audit::profiles::ProfileError;
use clearpost_audit::store::StoreError;

/// Why a review step failed. [`ReviewError::is_refusal`] separates "refused"
/// (policy, separation of duties, tampering: exit code 1 in the CLI) from bad
/// input and errors (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// A rule of the workflow forbids the step (self-approval, role, stale submission...).
    #[error("refused: {0}")]
    Refused(String),
    /// The submission policy refuses the findings and overrides.
    #[error("refused by policy: {0}")]
    Policy(#[from] PolicyRefusal),
    /// The state machine does not allow the step.
    #[error("refused: {0}")]
    NotAllowed(#[from] NotAllowed),
    /// A bundle or decision file does not match its hashes or signatures.
    #[error("tampered: {0}")]
    Tampered(String),
    /// A file is signed with a key other than the one trusted here.
    #[error("untrusted: {0}")]
    Untrusted(String),
    /// A file is signed by someone this machine does not trust at all. Kept
    /// structured so the app can say what to do in its own terms; the message
    /// is the CLI's.
    #[error(
        "untrusted: {} {name:?} ({id}) is not trusted on this machine \
         (use `clearpost profile trust` with their exported key first)",
        .file.signer()
    )]
    NotTrusted {
        /// What was being opened.
        file: SignedFile,
        /// The signer's name as the file gives it.
        name: String,
        /// The signer's profile id.
        id: String,
    },
    /// No such draft or submission.
    #[error("not found: {0}")]
    NotFound(String),
    /// Malformed input.
    #[error("bad input: {0}")]
    BadInput(String),
    /// Profile or passphrase problem.
    #[error(transparent)]
    Profile(#[from] ProfileError),
    /// Database or log problem.
    #[error(transparent)]
    Event(#[from] EventError),
    /// Attachment store problem.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// The kinds of signed file another machine sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedFile {
    /// A review bundle, signed by its author.
    Bundle,
    /// A decision file, signed by its reviewer.
    Decision,
}

impl SignedFile {
    /// Who signed such a file, for messages.
    pub fn signer(self) -> &'static str {
        match self {
            SignedFile::Bundle => "the bundle's author",
            SignedFile::Decision => "the decision's reviewer",
        }
    }
}

impl ReviewError {
    /// True when the step was refused (by a rule, the policy, a failed
    /// signature or hash check, or a wrong passphrase) rather than failing on
    /// bad input or an error.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            ReviewError::Refused(_)
                | ReviewError::Policy(_)
                | ReviewError::NotAllowed(_)
                | ReviewError::Tampered(_)
                | ReviewError::Untrusted(_)
                | ReviewError::NotTrusted { .. }
                | ReviewError::Profile(ProfileError::Key(KeyError::WrongPassphrase))
        )
    }
}

impl From<sqlx::Error> for ReviewError {
    fn from(err: sqlx::Error) -> Self {
        ReviewError::Event(EventError::Sql(err))
    }
}

impl From<serde_json::Error> for ReviewError {
    fn from(err: serde_json::Error) -> Self {
        ReviewError::Event(EventError::Json(err))
    }
}
