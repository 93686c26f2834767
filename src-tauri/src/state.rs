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
    scanner: OnceLock<Arc<Scanner>>,
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
        // Temporary files a crashed run left behind (only Clearpost's, only
        // those of processes that are gone).
        clearpost_core::atomic_file::remove_leftovers_in_data_dir(&data_dir);
        AppState {
            data_dir,
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

    /// The PHI scanner, with its word lists loaded on first use. Without the
    /// lists (models not fetched) it still runs every pattern recogniser.
    pub fn scanner(&self) -> Arc<Scanner> {
        self.scanner
            .get_or_init(|| {
                Arc::new(Scanner::load_default().unwrap_or_else(|err| {
                    eprintln!("clearpost: PHI word lists unavailable, names and places from lists are off: {err}");
                    Scanner::without_lists()
                }))
            })
            .clone()
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
