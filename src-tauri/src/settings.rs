//! User settings, persisted with tauri-plugin-store in `settings.json` in the
//! app's data folder.

use anyhow::Context as _;
use serde::{Deserialize, Serialize};
use tauri::AppHandle;
use tauri_plugin_store::StoreExt;

use crate::error::CommandResult;

const STORE_FILE: &str = "settings.json";
const DISPLAY_NAME_KEY: &str = "display_name";
const MAX_DISPLAY_NAME_CHARS: usize = 80;

/// The settings the UI shows and edits.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Settings {
    pub display_name: String,
}

/// Reads the settings (defaults for anything never set).
#[tauri::command]
pub fn get_settings(app: AppHandle) -> CommandResult<Settings> {
    let store = app
        .store(STORE_FILE)
        .context("opening the settings store")?;
    let display_name = store
        .get(DISPLAY_NAME_KEY)
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default();
    Ok(Settings { display_name })
}

/// Sets the user's display name and saves it to disk at once, so it survives
/// a crash or restart.
#[tauri::command]
pub fn set_display_name(app: AppHandle, name: String) -> CommandResult<Settings> {
    let name = validate_display_name(&name)?;
    let store = app
        .store(STORE_FILE)
        .context("opening the settings store")?;
    store.set(DISPLAY_NAME_KEY, serde_json::Value::String(name.clone()));
    store.save().context("saving the settings")?;
    Ok(Settings { display_name: name })
}

/// Trims the name and refuses empty, over-long or control-character names.
fn validate_display_name(name: &str) -> anyhow::Result<String> {
    let name = name.trim();
    anyhow::ensure!(!name.is_empty(), "the display name cannot be empty");
    anyhow::ensure!(
        name.chars().count() <= MAX_DISPLAY_NAME_CHARS,
        "the display name is longer than {MAX_DISPLAY_NAME_CHARS} characters"
    );
    anyhow::ensure!(
        !name.chars().any(char::is_control),
        "the display name contains control characters"
    );
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::validate_display_name;

    #[test]
    fn display_name_is_trimmed_and_checked() {
        assert_eq!(
            validate_display_name("  Dana Reyes ").unwrap(),
            "Dana Reyes"
        );
        assert!(validate_display_name("   ").is_err());
        assert!(validate_display_name("a\u{7}b").is_err());
        assert!(validate_display_name(&"x".repeat(81)).is_err());
        assert!(validate_display_name(&"é".repeat(80)).is_ok());
    }
}
