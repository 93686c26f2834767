//! The organisation's rules for a scan: what is known to be safe (allow-list), what
//! must always be flagged (deny-list), and per category whether it is checked, the
//! confidence below which it is not reported, and whether it blocks a draft.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::finding::Category;
use crate::PhiError;

/// Settings for one category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CategoryRule {
    /// Whether the category is reported at all.
    pub enabled: bool,
    /// Findings below this confidence are not reported (overrides the policy-wide
    /// value when set).
    pub min_confidence: Option<f32>,
    /// Whether findings of this category (at or above the blocking confidence) stop a
    /// draft; `None` keeps the default (every category blocks except patient context).
    pub blocking: Option<bool>,
}

impl Default for CategoryRule {
    fn default() -> Self {
        CategoryRule {
            enabled: true,
            min_confidence: None,
            blocking: None,
        }
    }
}

/// An organisation's scanning policy, usually loaded from its settings as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Policy {
    /// Phrases known to be safe: the organisation's own phone numbers, address,
    /// website, names of staff who consented. Matches inside them are reported as
    /// suppressed. Phone-like entries also match other spellings of the same digits.
    pub allow: Vec<String>,
    /// Terms that are always flagged (a patient's nickname, a ward's internal code),
    /// whole words, case-insensitive.
    pub deny: Vec<String>,
    /// Findings below this confidence are not reported.
    pub min_confidence: f32,
    /// Findings at or above this confidence block a draft (when their category blocks).
    pub block_confidence: f32,
    /// Per-category overrides; categories not listed use [`CategoryRule::default`].
    pub categories: BTreeMap<Category, CategoryRule>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            allow: Vec::new(),
            deny: Vec::new(),
            min_confidence: 0.35,
            block_confidence: 0.5,
            categories: BTreeMap::new(),
        }
    }
}

impl Policy {
    /// Parses a policy from its JSON settings form; missing fields take defaults.
    pub fn from_json(json: &str) -> Result<Policy, PhiError> {
        let policy: Policy = serde_json::from_str(json).map_err(PhiError::Policy)?;
        policy.validate()?;
        Ok(policy)
    }

    fn validate(&self) -> Result<(), PhiError> {
        let in_unit = |x: f32| (0.0..=1.0).contains(&x);
        let mut bad = Vec::new();
        if !in_unit(self.min_confidence) {
            bad.push(format!("min_confidence {}", self.min_confidence));
        }
        if !in_unit(self.block_confidence) {
            bad.push(format!("block_confidence {}", self.block_confidence));
        }
        for (category, rule) in &self.categories {
            if let Some(min) = rule.min_confidence.filter(|m| !in_unit(*m)) {
                bad.push(format!("{category}.min_confidence {min}"));
            }
        }
        if bad.is_empty() {
            Ok(())
        } else {
            Err(PhiError::InvalidPolicy(format!(
                "confidences must be between 0 and 1: {}",
                bad.join(", ")
            )))
        }
    }

    /// The rule for `category` (the default when the policy does not list it).
    pub fn rule(&self, category: Category) -> CategoryRule {
        self.categories.get(&category).cloned().unwrap_or_default()
    }

    /// Whether a finding of `category` with `confidence` is reported.
    pub fn reports(&self, category: Category, confidence: f32) -> bool {
        let rule = self.rule(category);
        rule.enabled && confidence >= rule.min_confidence.unwrap_or(self.min_confidence)
    }

    /// Whether a (non-suppressed) finding of `category` with `confidence` blocks.
    pub fn blocks(&self, category: Category, confidence: f32) -> bool {
        let default_blocking = category != Category::PatientContext;
        self.rule(category).blocking.unwrap_or(default_blocking)
            && confidence >= self.block_confidence
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_settings_with_missing_fields_take_defaults() {
        let policy = Policy::from_json(
            r#"{"allow": ["555-010-0000"], "categories": {"date": {"enabled": false}}}"#,
        )
        .unwrap();
        assert_eq!(policy.allow, vec!["555-010-0000"]);
        assert!(!policy.reports(Category::Date, 1.0));
        assert!(policy.reports(Category::Name, 0.9));
        assert!(!policy.reports(Category::Name, 0.1));
        assert!(policy.blocks(Category::Name, 0.9));
        assert!(!policy.blocks(Category::PatientContext, 0.9));
    }

    #[test]
    fn out_of_range_confidence_is_a_clear_error() {
        let err = Policy::from_json(r#"{"min_confidence": 3}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("min_confidence 3"), "{err}");
        let err = Policy::from_json(r#"{"categories": {"not_a_category": {}}}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("not_a_category"), "{err}");
    }
}
