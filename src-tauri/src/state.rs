//! App-wide state shared by the commands.

use std::path::PathBuf;

/// Environment variable that points the app at another data directory (tests,
/// demos). The CLI's `--data-dir` reads the same variable.
pub const DATA_DIR_ENV: &str = "CLEARPOST_DATA_DIR";

/// What every command needs: where the database and content store live.
pub struct AppState {
    pub data_dir: PathBuf,
}

impl AppState {
    /// Uses `$CLEARPOST_DATA_DIR` if set, else the platform data directory that
    /// the CLI also uses by default, so both open the same database.
    pub fn new() -> Self {
        let data_dir = std::env::var_os(DATA_DIR_ENV)
            .map(PathBuf::from)
            .unwrap_or_else(clearpost_core::paths::default_data_dir);
        AppState { data_dir }
    }
}
