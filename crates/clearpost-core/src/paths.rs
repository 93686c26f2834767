//! Where Clearpost keeps its data. The app and the CLI resolve the same default
//! through this one function so they open the same database.

use std::path::PathBuf;

/// The app's identifier; also the name of its folder in the platform data directory.
pub const APP_IDENTIFIER: &str = "org.clearpost.desktop";

/// The platform data directory for Clearpost (on Linux
/// `~/.local/share/org.clearpost.desktop`). Falls back to `./clearpost-data` when the
/// platform has no home directory (a bare CI container).
pub fn default_data_dir() -> PathBuf {
    dirs::data_dir()
        .map(|dir| dir.join(APP_IDENTIFIER))
        .unwrap_or_else(|| PathBuf::from("clearpost-data"))
}
