//! App-wide state shared by the commands.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use anyhow::Context as _;
use clearpost_core::audit::profiles::UnlockedProfile;
use clearpost_core::audit::Database;
use clearpost_core::phi::{Policy, Scanner};
use tokio::sync::OnceCell;

/// Environment variable that points the app at another data directory (tests,
/// demos). The CLI's `--data-dir` reads the same variable.
pub const DATA_DIR_ENV: &str = "CLEARPOST_DATA_DIR";

/// What every command needs: where the database and content store live, and
/// the engine parts that are expensive to build (loaded once, shared).
pub struct AppState {
    pub data_dir: PathBuf,
    /// Where the word lists and the name and place model are read from.
    models_dir: PathBuf,
    /// The PHI scanner, or why it could not be loaded (kept, so every caller
    /// gets the same answer and the window can say it).
    scanner: OnceLock<Result<Arc<Scanner>, String>>,
    db: OnceCell<Database>,
    /// The profile unlocked with its passphrase in this run of the app. Kept in
    /// memory only: a restart asks for the passphrase again.
    session: Mutex<Option<Arc<UnlockedProfile>>>,
    /// The organisation's scan policy from the settings (allow-list, blocking
    /// levels); replaced whenever the settings are saved.
    phi_policy: Mutex<Policy>,
}

impl AppState {
    /// Uses `$CLEARPOST_DATA_DIR` if set, else the platform data directory that
    /// the CLI also uses by default, so both open the same database.
    pub fn new() -> Self {
        let data_dir = std::env::var_os(DATA_DIR_ENV)
            .map(PathBuf::from)
            .unwrap_or_else(clearpost_core::paths::default_data_dir);
        AppState::with_dirs(data_dir, clearpost_core::assets::assets_dir())
    }

    /// The state over a given data folder and models folder.
    pub fn with_dirs(data_dir: PathBuf, models_dir: PathBuf) -> Self {
        // Temporary files a crashed run left behind (only Clearpost's, only
        // those of processes that are gone).
        clearpost_core::atomic_file::remove_leftovers_in_data_dir(&data_dir);
        AppState {
            data_dir,
            models_dir,
            scanner: OnceLock::new(),
            db: OnceCell::new(),
            session: Mutex::new(None),
            phi_policy: Mutex::new(Policy::default()),
        }
    }

    /// The database (opened and migrated on first use, then shared: the pool
    /// serialises writers with SQLite's busy timeout).
    pub async fn db(&self) -> anyhow::Result<&Database> {
        self.db
            .get_or_try_init(|| Database::open(&self.data_dir))
            .await
            .with_context(|| format!("opening Clearpost's data in {}", self.data_dir.display()))
    }

    /// The unlocked profile of this session, or a message asking to unlock one.
    pub fn signer(&self) -> anyhow::Result<Arc<UnlockedProfile>> {
        self.session
            .lock()
            .expect("session lock poisoned")
            .clone()
            .context("no profile is unlocked: choose your profile and enter its passphrase")
    }

    /// The unlocked profile of this session, if any.
    pub fn session(&self) -> Option<Arc<UnlockedProfile>> {
        self.session.lock().expect("session lock poisoned").clone()
    }

    /// Replaces (or clears) the unlocked profile.
    pub fn set_session(&self, profile: Option<UnlockedProfile>) {
        *self.session.lock().expect("session lock poisoned") = profile.map(Arc::new);
    }

    /// The PHI scanner with its word lists and model, loaded on first use. There
    /// is no weaker fallback: without them most names and towns go unnoticed, so
    /// every text check (typing, photos, submitting) fails with the reason and
    /// the window says so until it is fixed.
    pub fn scanner(&self) -> anyhow::Result<Arc<Scanner>> {
        self.scanner
            .get_or_init(|| {
                Scanner::load_from(&self.models_dir)
                    .map(Arc::new)
                    .map_err(|err| text_check_unavailable(&err))
            })
            .clone()
            .map_err(anyhow::Error::msg)
    }

    /// Why the PHI text check cannot run, or `None` when it can.
    pub fn text_check_problem(&self) -> Option<String> {
        self.scanner().err().map(|err| err.to_string())
    }

    /// The organisation's PHI policy, from the settings.
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
        let state = AppState::with_dirs(data.path().into(), empty_models.path().into());
        let err = state.scanner().err().expect("no scanner without its lists");
        assert!(
            err.to_string().contains("PHI text check cannot run"),
            "{err}"
        );
        assert!(err.to_string().contains("submitting are blocked"), "{err}");
        // The same answer every time: nothing loads a weaker scanner later.
        assert_eq!(state.text_check_problem(), Some(err.to_string()));
    }

    #[test]
    fn a_tampered_model_blocks_the_text_check() {
        let data = tempfile::tempdir().unwrap();
        let models = tempfile::tempdir().unwrap();
        let real = clearpost_core::assets::assets_dir();
        // Copy the real lists, then change one byte of the model: the checksum
        // must refuse it.
        if let Err(err) = Scanner::load_from(&real) {
            assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "CI=true: {err}");
            eprintln!("SKIP: the PHI word lists or tagger are not available ({err})");
            return;
        }
        copy_tree(&real, models.path());
        let model = models.path().join(clearpost_core::phi::tagger::MODEL_PATH);
        let mut bytes = std::fs::read(&model).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&model, bytes).unwrap();
        let state = AppState::with_dirs(data.path().into(), models.path().into());
        let problem = state
            .text_check_problem()
            .expect("a tampered model is refused");
        assert!(problem.contains("PHI text check cannot run"), "{problem}");
    }

    fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
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
