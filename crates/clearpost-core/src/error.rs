//! The one error type of the use cases the app and the CLI call over a
//! [`crate::context::Context`]: each step's own error, kept whole (so a
//! caller can still tell a refusal from bad input), plus what was being done.

use clearpost_audit::store::StoreError;

use crate::context::ContextError;
use crate::log::LogError;
use crate::people::PeopleError;
use crate::photo_edit::PhotoEditError;
use crate::review::ReviewError;
use crate::safe_name::UnsafeName;
use crate::submit::PrepareError;

/// Why a use case failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No database, no unlocked profile, or no text check.
    #[error(transparent)]
    Context(#[from] ContextError),
    /// A review step was refused or failed.
    #[error(transparent)]
    Review(#[from] ReviewError),
    /// A submission could not be prepared.
    #[error(transparent)]
    Prepare(#[from] PrepareError),
    /// A profile or key step failed.
    #[error(transparent)]
    People(#[from] PeopleError),
    /// A photo could not be looked at or saved.
    #[error(transparent)]
    Photo(#[from] PhotoEditError),
    /// The log could not be read or written out.
    #[error(transparent)]
    Log(#[from] LogError),
    /// The content store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A name could not become a path.
    #[error(transparent)]
    Name(#[from] UnsafeName),
    /// Work moved off the async runtime panicked or was cancelled.
    #[error("{0} stopped unexpectedly")]
    Stopped(&'static str),
    /// A step failed; says what was being done. Like every error here, its
    /// message is its own part only and the cause is its `source()`, so a
    /// caller printing the chain (`anyhow`'s `{:#}`) shows each part once.
    #[error("{doing}")]
    While {
        /// What was being done, e.g. "opening the draft".
        doing: String,
        /// Why it failed.
        #[source]
        source: Box<Error>,
    },
}

/// The result of a use case.
pub type Result<T> = std::result::Result<T, Error>;

/// Adds what was being done to an error, as `anyhow::Context` does, for the
/// library's own error type.
pub trait Doing<T> {
    /// Wraps the error in [`Error::While`].
    fn doing(self, what: impl Into<String>) -> Result<T>;
}

impl<T, E: Into<Error>> Doing<T> for std::result::Result<T, E> {
    fn doing(self, what: impl Into<String>) -> Result<T> {
        self.map_err(|err| Error::While {
            doing: what.into(),
            source: Box::new(err.into()),
        })
    }
}

impl Error {
    /// The innermost error, past every [`Error::While`].
    pub fn root(&self) -> &Error {
        match self {
            Error::While { source, .. } => source.root(),
            other => other,
        }
    }
}

/// Runs CPU work (a PHI scan, decoding a photo, rendering) off the async
/// runtime; `what` names it if it panics.
pub async fn off_runtime<T, F>(what: &'static str, work: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| Error::Stopped(what))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_was_being_done_comes_first_and_the_cause_stays_reachable() {
        let failed: std::result::Result<(), ContextError> = Err(ContextError::Locked);
        let err = failed.doing("renaming the draft").unwrap_err();
        assert_eq!(err.to_string(), "renaming the draft");
        let cause = std::error::Error::source(&err).map(ToString::to_string);
        assert_eq!(
            cause.as_deref(),
            Some(ContextError::Locked.to_string().as_str())
        );
        assert!(matches!(err.root(), Error::Context(ContextError::Locked)));
    }

    #[tokio::test]
    async fn a_panic_off_the_runtime_is_an_error_not_a_crash() {
        let result: Result<()> = off_runtime("the PHI scan", || panic!("boom")).await;
        let err = result.unwrap_err();
        assert_eq!(err.to_string(), "the PHI scan stopped unexpectedly");
    }
}
