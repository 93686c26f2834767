//! User and organisation settings, persisted with tauri-plugin-store in
//! `settings.json` in the app's data folder: display name, the organisation's
//! allow-list, how photos are redacted, which findings block a submission,
//! and the theme. The PHI scan reads them through `AppState::phi_policy`.

use std::collections::BTreeMap;

use anyhow::Context as _;
use clearpost_core::phi::{Category, CategoryRule, Policy};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tauri::{AppHandle, Manager};
use tauri_plugin_store::StoreExt;

use crate::error::CommandResult;
use crate::state::AppState;

const STORE_FILE: &str = "settings.json";
const DISPLAY_NAME_KEY: &str = "display_name";
const ALLOW_LIST_KEY: &str = "allow_list";
const REDACTION_STYLE_KEY: &str = "redaction_style";
const BLOCKING_KEY: &str = "blocking";
const THEME_KEY: &str = "theme";
const MAX_DISPLAY_NAME_CHARS: usize = 80;
const MAX_ALLOW_PHRASE_CHARS: usize = 200;
const MAX_ALLOW_PHRASES: usize = 2000;

/// How faces and records are covered in photos (the Photos panel reads it).
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RedactionStyle {
    #[default]
    Blur,
    Pixelate,
    SolidBox,
}

/// Light, dark, or whatever the system prefers (`prefers-color-scheme`).
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// Which PHI findings stop a submission.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct BlockingLevels {
    /// Findings at or above this confidence block (when their category blocks).
    pub min_confidence: f32,
    /// Categories that warn but never block (snake_case names).
    pub non_blocking_categories: Vec<Category>,
}

impl Default for BlockingLevels {
    fn default() -> Self {
        BlockingLevels {
            min_confidence: Policy::default().block_confidence,
            non_blocking_categories: vec![Category::PatientContext],
        }
    }
}

/// The settings the UI shows and edits.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Settings {
    pub display_name: String,
    /// The organisation's safe phrases (its own phone number, address, staff
    /// who consented): never flagged.
    pub allow_list: Vec<String>,
    pub redaction_style: RedactionStyle,
    pub blocking: BlockingLevels,
    pub theme: Theme,
}

impl Settings {
    /// The PHI scan policy these settings ask for.
    pub fn phi_policy(&self) -> Policy {
        let categories: BTreeMap<Category, CategoryRule> = Category::ALL
            .iter()
            .map(|&category| {
                let blocking = !self.blocking.non_blocking_categories.contains(&category);
                let rule = CategoryRule {
                    blocking: Some(blocking),
                    ..CategoryRule::default()
                };
                (category, rule)
            })
            .collect();
        Policy {
            allow: self.allow_list.clone(),
            block_confidence: self.blocking.min_confidence,
            categories,
            ..Policy::default()
        }
    }
}

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
    app.state::<AppState>()
        .set_phi_policy(settings.phi_policy());
    Ok(())
}

/// Reads the settings (defaults for anything never set).
#[tauri::command]
pub fn get_settings(app: AppHandle) -> CommandResult<Settings> {
    Ok(load(&app)?)
}

/// Sets the user's display name and saves it to disk at once.
#[tauri::command]
pub fn set_display_name(app: AppHandle, name: String) -> CommandResult<Settings> {
    let mut settings = load(&app)?;
    settings.display_name = validate_display_name(&name)?;
    store_all(&app, &settings)?;
    Ok(settings)
}

/// Replaces every setting after checking it; nothing is saved when any is bad.
#[tauri::command]
pub fn update_settings(app: AppHandle, settings: Settings) -> CommandResult<Settings> {
    let checked = validate(settings)?;
    store_all(&app, &checked)?;
    Ok(checked)
}

/// Adds one phrase to the organisation's allow-list (the editor's quick fix).
#[tauri::command]
pub fn allow_phrase(app: AppHandle, phrase: String) -> CommandResult<Settings> {
    let mut settings = load(&app)?;
    settings.allow_list.push(phrase);
    let checked = validate(settings)?;
    store_all(&app, &checked)?;
    Ok(checked)
}

/// Checks and normalises settings from the UI.
fn validate(mut settings: Settings) -> anyhow::Result<Settings> {
    settings.display_name = if settings.display_name.trim().is_empty() {
        String::new()
    } else {
        validate_display_name(&settings.display_name)?
    };
    settings.allow_list = validate_allow_list(&settings.allow_list)?;
    let confidence = settings.blocking.min_confidence;
    anyhow::ensure!(
        (0.0..=1.0).contains(&confidence),
        "the blocking confidence must be between 0 and 1 (got {confidence})"
    );
    settings.blocking.non_blocking_categories.sort();
    settings.blocking.non_blocking_categories.dedup();
    Ok(settings)
}

/// Trims phrases, drops blanks and repeats, refuses over-long ones.
fn validate_allow_list(phrases: &[String]) -> anyhow::Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for phrase in phrases {
        let phrase = phrase.trim();
        if phrase.is_empty() || out.iter().any(|p| p == phrase) {
            continue;
        }
        anyhow::ensure!(
            phrase.chars().count() <= MAX_ALLOW_PHRASE_CHARS,
            "an allowed phrase is at most {MAX_ALLOW_PHRASE_CHARS} characters: {:?}…",
            phrase.chars().take(30).collect::<String>()
        );
        anyhow::ensure!(
            !phrase.chars().any(char::is_control),
            "an allowed phrase cannot contain control characters"
        );
        out.push(phrase.to_owned());
    }
    anyhow::ensure!(
        out.len() <= MAX_ALLOW_PHRASES,
        "the allow-list holds at most {MAX_ALLOW_PHRASES} phrases"
    );
    Ok(out)
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
    use super::*;

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

    #[test]
    fn allow_list_is_trimmed_deduplicated_and_checked() {
        let list = validate_allow_list(&[
            " 555-010-0000 ".into(),
            "".into(),
            "555-010-0000".into(),
            "St Luke's".into(),
        ])
        .unwrap();
        assert_eq!(list, vec!["555-010-0000", "St Luke's"]);
        assert!(validate_allow_list(&["x".repeat(201)]).is_err());
        assert!(validate_allow_list(&["a\nb".into()]).is_err());
    }

    #[test]
    fn settings_from_an_older_file_take_defaults() {
        let settings: Settings = serde_json::from_str(r#"{"display_name":"Dana"}"#).unwrap();
        assert_eq!(settings.redaction_style, RedactionStyle::Blur);
        assert_eq!(settings.theme, Theme::System);
        assert_eq!(
            read::<RedactionStyle>(Some(Value::from("solid_box"))),
            RedactionStyle::SolidBox
        );
        assert_eq!(read::<Theme>(Some(Value::from("purple"))), Theme::System);
    }

    #[test]
    fn blocking_levels_and_allow_list_shape_the_scan_policy() {
        let mut settings = Settings::default();
        let policy = settings.phi_policy();
        assert!(policy.blocks(Category::Name, 0.9));
        assert!(!policy.blocks(Category::PatientContext, 0.9));
        settings.blocking.min_confidence = 0.95;
        settings.blocking.non_blocking_categories = vec![Category::Date];
        settings.allow_list = vec!["555-010-0000".into()];
        let policy = settings.phi_policy();
        assert!(!policy.blocks(Category::Name, 0.9));
        assert!(policy.blocks(Category::Name, 0.96));
        assert!(!policy.blocks(Category::Date, 0.99));
        assert!(policy.blocks(Category::PatientContext, 0.99));
        assert_eq!(policy.allow, vec!["555-010-0000"]);
        let bad = Settings {
            blocking: BlockingLevels {
                min_confidence: 1.5,
                ..BlockingLevels::default()
            },
            ..Settings::default()
        };
        assert!(validate(bad).is_err());
    }
}
