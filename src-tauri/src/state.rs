//! App-wide state shared by the commands.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use clearpost_core::phi::{Policy, Scanner};

/// Environment variable that points the app at another data directory (tests,
/// demos). The CLI's `--data-dir` reads the same variable.
pub const DATA_DIR_ENV: &str = "CLEARPOST_DATA_DIR";

/// What every command needs: where the database and content store live, and
/// the engine parts that are expensive to build (loaded once, shared).
pub struct AppState {
    pub data_dir: PathBuf,
    scanner: OnceLock<Arc<Scanner>>,
}

impl AppState {
    /// Uses `$CLEARPOST_DATA_DIR` if set, else the platform data directory that
    /// the CLI also uses by default, so both open the same database.
    pub fn new() -> Self {
        let data_dir = std::env::var_os(DATA_DIR_ENV)
            .map(PathBuf::from)
            .unwrap_or_else(clearpost_core::paths::default_data_dir);
        AppState {
            data_dir,
            scanner: OnceLock::new(),
        }
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

    /// The organisation's PHI policy (settings arrive with the settings screen).
    pub fn phi_policy(&self) -> Policy {
        Policy::default()
    }
}
