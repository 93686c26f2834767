//! User and organisation settings, persisted with tauri-plugin-store in
//! `settings.json` in the app's data folder: display name, the organisation's
//! allow-list, how photos are redacted, which findings block a submission,
//! and the theme. What they may hold and the scan policy they make are
//! `clearpost_core::settings`; the PHI scan reads the policy through
//! `Context::phi_policy`.

use anyhow::Context as _;
use clearpost_core::context::Context;
use clearpost_core::settings::{self as rules, Settings};
use serde::Deserialize;
use serde_json::Value;
use tauri::{AppHandle, Manager};
use tauri_plugin_store::StoreExt;

use crate::error::CommandResult;

const STORE_FILE: &str = "settings.json";
const DISPLAY_NAME_KEY: &str = "display_name";
const ALLOW_LIST_KEY: &str = "allow_list";
const REDACTION_STYLE_KEY: &str = "redaction_style";
const BLOCKING_KEY: &str = "blocking";
const THEME_KEY: &str = "theme";

/// Reads one setting, falling back to its default when it is missing or
/// unreadable (a hand-edited file must not stop the app).
fn read<T: for<'de> Deserialize<'de> + Default>(value: Option<Value>) -> T {
    value
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default()
}

/// Loads the settings from the store (defaults for anything never set).
pub fn load(app: &AppHandle) -> anyhow::Result<Settings> {
    let store = app
        .store(STORE_FILE)
        .context("opening the settings store")?;
    Ok(Settings {
        display_name: read(store.get(DISPLAY_NAME_KEY)),
        allow_list: read(store.get(ALLOW_LIST_KEY)),
        redaction_style: read(store.get(REDACTION_STYLE_KEY)),
        blocking: read(store.get(BLOCKING_KEY)),
        theme: read(store.get(THEME_KEY)),
    })
}

/// Writes every setting and saves the file at once (so it survives a crash),
/// then hands the new scan policy to the app state.
fn store_all(app: &AppHandle, settings: &Settings) -> anyhow::Result<()> {
    let store = app
        .store(STORE_FILE)
        .context("opening the settings store")?;
    store.set(
        DISPLAY_NAME_KEY,
        serde_json::to_value(&settings.display_name)?,
    );
    store.set(ALLOW_LIST_KEY, serde_json::to_value(&settings.allow_list)?);
    store.set(
        REDACTION_STYLE_KEY,
        serde_json::to_value(settings.redaction_style)?,
    );
    store.set(BLOCKING_KEY, serde_json::to_value(&settings.blocking)?);
    store.set(THEME_KEY, serde_json::to_value(settings.theme)?);
    store.save().context("saving the settings")?;
    app.state::<Context>().set_phi_policy(settings.phi_policy());
    Ok(())
}

/// Reads the settings (defaults for anything never set).
#[tauri::command]
#[specta::specta]
pub fn get_settings(app: AppHandle) -> CommandResult<Settings> {
    Ok(load(&app)?)
}

/// Sets the user's display name and saves it to disk at once.
#[tauri::command]
#[specta::specta]
pub fn set_display_name(app: AppHandle, name: String) -> CommandResult<Settings> {
    let mut settings = load(&app)?;
    settings.display_name = rules::display_name(&name)?;
    store_all(&app, &settings)?;
    Ok(settings)
}

/// Replaces every setting after checking it; nothing is saved when any is bad.
#[tauri::command]
#[specta::specta]
pub fn update_settings(app: AppHandle, settings: Settings) -> CommandResult<Settings> {
    let checked = settings.validated()?;
    store_all(&app, &checked)?;
    Ok(checked)
}

/// Adds one phrase to the organisation's allow-list (the editor's quick fix).
#[tauri::command]
#[specta::specta]
pub fn allow_phrase(app: AppHandle, phrase: String) -> CommandResult<Settings> {
    let mut settings = load(&app)?;
    settings.allow_list.push(phrase);
    let checked = settings.validated()?;
    store_all(&app, &checked)?;
    Ok(checked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clearpost_core::settings::{RedactionStyle, Theme};

    #[test]
    fn an_unreadable_setting_takes_its_default() {
        assert_eq!(
            read::<RedactionStyle>(Some(Value::from("solid_box"))),
            RedactionStyle::Solid
        );
        assert_eq!(read::<Theme>(Some(Value::from("purple"))), Theme::System);
    }
}
