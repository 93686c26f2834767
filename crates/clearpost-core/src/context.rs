//! What every use case runs over, in the app and in the CLI alike: where the
//! data lives, the database (opened once, on first use), the content store,
//! the PHI scanner with its word lists and model, the organisation's scan
//! policy, and the profile unlocked in this run. The adapters hold one
//! `Context` and never open the log themselves.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use clearpost_audit::profiles::UnlockedProfile;
use clearpost_audit::store::AttachmentStore;
use clearpost_audit::{Database, DbError};
use clearpost_phi::{Policy, Scanner};
use tokio::sync::OnceCell;

/// Environment variable that points the app and the CLI at another data
/// directory (tests, demos). The CLI's `--data-dir` overrides it.
pub const DATA_DIR_ENV: &str = "CLEARPOST_DATA_DIR";

/// Why a use case could not start.
#[derive(Debug, thiserror::Error)]
pub enum ContextError {
    /// The database could not be opened or migrated.
    #[error("opening Clearpost's data in {}", .dir.display())]
    Database {
        /// The data directory.
        dir: PathBuf,
        /// What went wrong.
        #[source]
        source: DbError,
    },
    /// A signed step was asked for with no profile unlocked.
    #[error("no profile is unlocked: choose your profile and enter its passphrase")]
    Locked,
    /// The PHI scanner's word lists or model could not be loaded.
    #[error("{0}")]
    TextCheckUnavailable(String),
}

/// The shared state of one run of the app or the CLI.
pub struct Context {
    data_dir: PathBuf,
    /// Where the word lists and the name and place model are read from.
    models_dir: PathBuf,
    /// The PHI scanner, or why it could not be loaded (kept, so every caller
    /// gets the same answer and the window can say it).
    scanner: OnceLock<Result<Arc<Scanner>, String>>,
    db: OnceCell<Database>,
    /// The profile unlocked with its passphrase in this run. Kept in memory
    /// only: a restart asks for the passphrase again.
    session: Mutex<Option<Arc<UnlockedProfile>>>,
    /// The organisation's scan policy (allow-list, blocking levels).
    phi_policy: Mutex<Policy>,
}

impl Context {
    /// `data_dir` when given, else `$CLEARPOST_DATA_DIR`, else the platform data
    /// directory; the models come from the installed or fetched assets.
    pub fn open(data_dir: Option<PathBuf>) -> Self {
        let data_dir = data_dir
            .or_else(|| std::env::var_os(DATA_DIR_ENV).map(PathBuf::from))
            .unwrap_or_else(crate::paths::default_data_dir);
        Context::with_dirs(data_dir, crate::assets::assets_dir())
    }

    /// The context over a given data folder and models folder. Temporary
    /// files a crashed run left behind are removed here (only Clearpost's,
    /// only those of processes that are gone).
    pub fn with_dirs(data_dir: PathBuf, models_dir: PathBuf) -> Self {
        crate::atomic_file::remove_leftovers_in_data_dir(&data_dir);
        Context {
            data_dir,
            models_dir,
            scanner: OnceLock::new(),
            db: OnceCell::new(),
            session: Mutex::new(None),
            phi_policy: Mutex::new(Policy::default()),
        }
    }

    /// The folder holding the database and the content store.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The database (opened and migrated on first use, then shared: the pool
    /// serialises writers with SQLite's busy timeout).
    pub async fn db(&self) -> Result<&Database, ContextError> {
        self.db
            .get_or_try_init(|| Database::open(&self.data_dir))
            .await
            .map_err(|source| ContextError::Database {
                dir: self.data_dir.clone(),
                source,
            })
    }

    /// Closes the database if it was opened (the CLI, before it exits, so
    /// SQLite checkpoints its journal).
    pub async fn close(&self) {
        if let Some(db) = self.db.get() {
            db.clone().close().await;
        }
    }

    /// The content store of original and cleaned photos.
    pub fn store(&self) -> AttachmentStore {
        AttachmentStore::new(&self.data_dir)
    }

    /// The unlocked profile of this run, or [`ContextError::Locked`].
    pub fn signer(&self) -> Result<Arc<UnlockedProfile>, ContextError> {
        self.session().ok_or(ContextError::Locked)
    }

    /// The unlocked profile of this run, if any.
    pub fn session(&self) -> Option<Arc<UnlockedProfile>> {
        self.session.lock().expect("session lock poisoned").clone()
    }

    /// Replaces (or clears) the unlocked profile.
    pub fn set_session(&self, profile: Option<UnlockedProfile>) {
        *self.session.lock().expect("session lock poisoned") = profile.map(Arc::new);
    }

    /// The PHI scanner with its word lists and model, loaded on first use.
    /// There is no weaker fallback: without them most names and towns go
    /// unnoticed, so every text check (typing, photos, submitting) fails with
    /// the reason until it is fixed.
    pub fn scanner(&self) -> Result<Arc<Scanner>, ContextError> {
        self.scanner
            .get_or_init(|| {
                Scanner::load_from(&self.models_dir)
                    .map(Arc::new)
                    .map_err(|err| text_check_unavailable(&err))
            })
            .clone()
            .map_err(ContextError::TextCheckUnavailable)
    }

    /// Why the PHI text check cannot run, or `None` when it can.
    pub fn text_check_problem(&self) -> Option<String> {
        self.scanner().err().map(|err| err.to_string())
    }

    /// The organisation's PHI policy.
    pub fn phi_policy(&self) -> Policy {
        self.phi_policy
            .lock()
            .expect("policy lock poisoned")
            .clone()
    }

    /// Replaces the PHI policy (at start-up and when the settings change).
    pub fn set_phi_policy(&self, policy: Policy) {
        *self.phi_policy.lock().expect("policy lock poisoned") = policy;
    }
}

/// What the window shows, and every text check returns, when the scanner's
/// word lists or model cannot be loaded.
fn text_check_unavailable(cause: &dyn std::fmt::Display) -> String {
    format!(
        "The PHI text check cannot run ({cause}). Names, places and other identifiers \
         would go unnoticed, so checking text and submitting are blocked until this is \
         fixed: reinstall Clearpost, or run scripts/fetch-models and \
         scripts/train-phi-tagger in a source checkout."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_word_lists_block_the_text_check_instead_of_falling_back() {
        let data = tempfile::tempdir().unwrap();
        let empty_models = tempfile::tempdir().unwrap();
        let context = Context::with_dirs(data.path().into(), empty_models.path().into());
        let err = context
            .scanner()
            .err()
            .expect("no scanner without its lists");
        assert!(
            err.to_string().contains("PHI text check cannot run"),
            "{err}"
        );
        assert!(err.to_string().contains("submitting are blocked"), "{err}");
        // The same answer every time: nothing loads a weaker scanner later.
        assert_eq!(context.text_check_problem(), Some(err.to_string()));
    }

    #[test]
    fn a_tampered_model_blocks_the_text_check() {
        let data = tempfile::tempdir().unwrap();
        let models = tempfile::tempdir().unwrap();
        // Copy the real lists, then change one byte of the model: the checksum
        // must refuse it.
        let Some(real) = crate::test_support::models_or_skip() else {
            return;
        };
        copy_tree(&real, models.path());
        let model = models.path().join(clearpost_phi::tagger::MODEL_PATH);
        let mut bytes = std::fs::read(&model).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&model, bytes).unwrap();
        let context = Context::with_dirs(data.path().into(), models.path().into());
        let problem = context
            .text_check_problem()
            .expect("a tampered model is refused");
        assert!(problem.contains("PHI text check cannot run"), "{problem}");
    }

    #[tokio::test]
    async fn signed_steps_need_an_unlocked_profile_and_the_database_opens_once() {
        let data = tempfile::tempdir().unwrap();
        let context = Context::with_dirs(data.path().into(), data.path().into());
        assert!(matches!(context.signer(), Err(ContextError::Locked)));
        let first = context.db().await.unwrap() as *const Database;
        let second = context.db().await.unwrap() as *const Database;
        assert_eq!(first, second);
        assert!(data
            .path()
            .join(clearpost_audit::DATABASE_FILE_NAME)
            .exists());
        context.close().await;
    }

    fn copy_tree(from: &Path, to: &Path) {
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.path().extension().is_some_and(|ext| ext == "onnx") {
                continue; // the photo models are not the scanner's
            } else if entry.file_type().unwrap().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
                copy_tree(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
}
