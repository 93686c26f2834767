//! The settings a person and their organisation choose: display name, the
//! organisation's allow-list, how photos are redacted, which findings block
//! a submission, and the theme. What they may hold and the PHI scan policy
//! they make are decided here; where they are stored is the caller's (the
//! app keeps them with tauri-plugin-store). The JSON shape is the app's.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::phi::{Category, CategoryRule, Policy};

const MAX_DISPLAY_NAME_CHARS: usize = 80;
const MAX_ALLOW_PHRASE_CHARS: usize = 200;
const MAX_ALLOW_PHRASES: usize = 2000;

/// Why settings were refused (nothing is saved then).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SettingsError {
    /// The display name is blank.
    #[error("the display name cannot be empty")]
    EmptyName,
    /// The display name is too long.
    #[error("the display name is longer than {MAX_DISPLAY_NAME_CHARS} characters")]
    LongName,
    /// The display name holds control characters.
    #[error("the display name contains control characters")]
    ControlInName,
    /// An allowed phrase is too long (its start is kept).
    #[error("an allowed phrase is at most {MAX_ALLOW_PHRASE_CHARS} characters: {0:?}…")]
    LongPhrase(String),
    /// An allowed phrase holds control characters.
    #[error("an allowed phrase cannot contain control characters")]
    ControlInPhrase,
    /// The allow-list is too long.
    #[error("the allow-list holds at most {MAX_ALLOW_PHRASES} phrases")]
    TooManyPhrases,
    /// The blocking confidence is not a probability.
    #[error("the blocking confidence must be between 0 and 1 (got {0})")]
    Confidence(f32),
}

/// How faces and records are covered in photos: the vision engine's one
/// style, saved as "blur" (the default), "pixelate" or "solid_box".
pub use crate::vision::RedactionStyle;

/// Light, dark, or whatever the system prefers (`prefers-color-scheme`).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    /// As the system prefers.
    #[default]
    System,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

/// Which PHI findings stop a submission.
#[cfg_attr(feature = "specta", derive(specta::Type))]
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

/// The settings, as shown and edited.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Settings {
    /// The person's display name.
    pub display_name: String,
    /// The organisation's safe phrases (its own phone number, address, staff
    /// who consented): never flagged.
    pub allow_list: Vec<String>,
    /// How photos are covered.
    pub redaction_style: RedactionStyle,
    /// What blocks a submission.
    pub blocking: BlockingLevels,
    /// The window's theme.
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

    /// The settings checked and normalised (a blank display name is allowed
    /// here: it means "not set yet").
    pub fn validated(mut self) -> Result<Settings, SettingsError> {
        self.display_name = if self.display_name.trim().is_empty() {
            String::new()
        } else {
            display_name(&self.display_name)?
        };
        self.allow_list = allow_list(&self.allow_list)?;
        let confidence = self.blocking.min_confidence;
        if !(0.0..=1.0).contains(&confidence) {
            return Err(SettingsError::Confidence(confidence));
        }
        self.blocking.non_blocking_categories.sort();
        self.blocking.non_blocking_categories.dedup();
        Ok(self)
    }
}

/// Trims phrases, drops blanks and repeats, refuses over-long ones.
pub fn allow_list(phrases: &[String]) -> Result<Vec<String>, SettingsError> {
    let mut out: Vec<String> = Vec::new();
    for phrase in phrases {
        let phrase = phrase.trim();
        if phrase.is_empty() || out.iter().any(|p| p == phrase) {
            continue;
        }
        if phrase.chars().count() > MAX_ALLOW_PHRASE_CHARS {
            return Err(SettingsError::LongPhrase(phrase.chars().take(30).collect()));
        }
        if phrase.chars().any(char::is_control) {
            return Err(SettingsError::ControlInPhrase);
        }
        out.push(phrase.to_owned());
    }
    if out.len() > MAX_ALLOW_PHRASES {
        return Err(SettingsError::TooManyPhrases);
    }
    Ok(out)
}

/// Trims the name and refuses empty, over-long or control-character names.
pub fn display_name(name: &str) -> Result<String, SettingsError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(SettingsError::EmptyName);
    }
    if name.chars().count() > MAX_DISPLAY_NAME_CHARS {
        return Err(SettingsError::LongName);
    }
    if name.chars().any(char::is_control) {
        return Err(SettingsError::ControlInName);
    }
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_name_is_trimmed_and_checked() {
        assert_eq!(display_name("  Dana Reyes ").unwrap(), "Dana Reyes");
        assert!(display_name("   ").is_err());
        assert!(display_name("a\u{7}b").is_err());
        assert!(display_name(&"x".repeat(81)).is_err());
        assert!(display_name(&"é".repeat(80)).is_ok());
    }

    #[test]
    fn allow_list_is_trimmed_deduplicated_and_checked() {
        let list = allow_list(&[
            " 555-010-0000 ".into(),
            "".into(),
            "555-010-0000".into(),
            "St Luke's".into(),
        ])
        .unwrap();
        assert_eq!(list, vec!["555-010-0000", "St Luke's"]);
        assert!(allow_list(&["x".repeat(201)]).is_err());
        assert!(allow_list(&["a\nb".into()]).is_err());
    }

    #[test]
    fn settings_from_an_older_file_take_defaults() {
        let settings: Settings = serde_json::from_str(r#"{"display_name":"Dana"}"#).unwrap();
        assert_eq!(settings.redaction_style, RedactionStyle::Blur);
        assert_eq!(settings.theme, Theme::System);
        let saved: Settings =
            serde_json::from_str(r#"{"display_name":"Dana","redaction_style":"solid_box"}"#)
                .unwrap();
        assert_eq!(saved.redaction_style, RedactionStyle::Solid);
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
        assert_eq!(bad.validated(), Err(SettingsError::Confidence(1.5)));
    }
}
