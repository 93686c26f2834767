//! PHI detection in Markdown drafts: the 18 HIPAA Safe Harbor identifiers, ages
//! over 89 and patient context, with plain-words reasons and suggested fixes.
//!
//! ```no_run
//! use clearpost_phi::{Policy, Scanner};
//! let scanner = Scanner::load_default()?; // word lists from `scripts/fetch-models`
//! for finding in scanner.scan("Our patient John Smith, 92, ...", &Policy::default()) {
//!     println!("{} {:?} {}", finding.category, finding.text, finding.reason);
//! }
//! # Ok::<(), clearpost_phi::PhiError>(())
//! ```
//!
//! How a scan works: Markdown syntax is blanked out ([`markdown`]) so offsets stay
//! those of the source; the recognisers ([`recognizers`]) run in one registry; the
//! strongest of overlapping candidates wins; the [`Policy`] then drops disabled or
//! low-confidence categories, marks allow-listed matches as suppressed, adds
//! deny-listed terms and decides what blocks.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

pub mod devset;
pub mod finding;
pub mod lexicon;
pub mod markdown;
pub mod offsets;
pub mod policy;
pub mod recognizers;

pub use finding::{Category, Finding, Severity};
pub use lexicon::Lexicon;
pub use policy::{CategoryRule, Policy};

use recognizers::{resolve_overlaps, Candidate, Registry};

/// What can go wrong loading the scanner or a policy.
#[derive(Debug, thiserror::Error)]
pub enum PhiError {
    /// A word list is not where `scripts/fetch-models` puts it.
    #[error(transparent)]
    MissingList(#[from] clearpost_assets::AssetError),
    /// A word list could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A word list is not in the expected format.
    #[error("word list {path} is not in the expected format: {why}")]
    CorruptList {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        why: String,
    },
    /// The policy settings are not valid JSON for a [`Policy`].
    #[error("invalid PHI policy settings: {0}")]
    Policy(#[source] serde_json::Error),
    /// The policy parses but makes no sense.
    #[error("invalid PHI policy: {0}")]
    InvalidPolicy(String),
}

/// How the text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFormat {
    /// Markdown: syntax is skipped, content (including link URLs) is scanned.
    Markdown,
    /// Plain text: everything is scanned.
    Plain,
}

/// The recognisers and word lists, built once and shared (it is `Send + Sync`).
pub struct Scanner {
    registry: Registry,
    lexicon: Lexicon,
}

impl Scanner {
    /// Loads the word lists from the default assets folder
    /// (`clearpost_assets::assets_dir()`).
    pub fn load_default() -> Result<Scanner, PhiError> {
        Scanner::load_from(&clearpost_assets::assets_dir())
    }

    /// Loads the word lists from `dir`.
    pub fn load_from(dir: &Path) -> Result<Scanner, PhiError> {
        Ok(Scanner::with_lexicon(Lexicon::load(dir)?))
    }

    /// A scanner without word lists: every pattern recogniser and names after
    /// titles and context words still work, dictionary names and cities do not.
    pub fn without_lists() -> Scanner {
        Scanner::with_lexicon(Lexicon::empty())
    }

    /// A scanner over an already loaded lexicon.
    pub fn with_lexicon(lexicon: Lexicon) -> Scanner {
        Scanner {
            registry: Registry::new(),
            lexicon,
        }
    }

    /// Whether the word lists are loaded.
    pub fn has_lists(&self) -> bool {
        self.lexicon.is_loaded()
    }

    /// Scans a Markdown draft.
    pub fn scan(&self, text: &str, policy: &Policy) -> Vec<Finding> {
        self.scan_as(text, TextFormat::Markdown, policy)
    }

    /// Scans plain text (OCR output, a `.txt` file).
    pub fn scan_plain(&self, text: &str, policy: &Policy) -> Vec<Finding> {
        self.scan_as(text, TextFormat::Plain, policy)
    }

    /// Scans `text` read as `format`. Offsets always point into `text`.
    pub fn scan_as(&self, text: &str, format: TextFormat, policy: &Policy) -> Vec<Finding> {
        let masked;
        let view: &str = match format {
            TextFormat::Markdown => {
                masked = markdown::mask_markdown(text);
                &masked
            }
            TextFormat::Plain => text,
        };
        let mut candidates = self.registry.candidates(view, &self.lexicon);
        candidates.extend(deny_list_candidates(view, &policy.deny));
        candidates.retain(|c| policy.reports(c.category, c.confidence));
        let candidates = resolve_overlaps(candidates);
        to_findings(text, candidates, policy)
    }
}

/// The process-wide scanner: word lists loaded on first use from the default assets
/// folder, or none if they are missing (see [`Scanner::without_lists`]).
pub fn shared_scanner() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    SCANNER.get_or_init(|| Scanner::load_default().unwrap_or_else(|_| Scanner::without_lists()))
}

/// Scans a Markdown draft with the shared scanner.
pub fn scan(text: &str, policy: &Policy) -> Vec<Finding> {
    shared_scanner().scan(text, policy)
}

fn deny_list_candidates(text: &str, deny: &[String]) -> Vec<Candidate> {
    let terms: Vec<&str> = deny
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    let Some(matcher) = phrase_matcher(&terms) else {
        return Vec::new();
    };
    matcher
        .find_iter(text)
        .filter(|m| is_whole_word(text, m.start(), m.end()))
        .map(|m| Candidate {
            range: m.range(),
            category: Category::OtherUniqueIdentifier,
            confidence: 1.0,
            reason: "on the organisation's deny-list".to_string(),
            suggestion: "remove or reword".to_string(),
        })
        .collect()
}

fn phrase_matcher(terms: &[&str]) -> Option<AhoCorasick> {
    if terms.is_empty() {
        return None;
    }
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(terms)
        .ok()
}

fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

fn digits_of(text: &str) -> String {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    // A leading US country code does not make a different number.
    match digits.strip_prefix('1') {
        Some(rest) if rest.len() == 10 => rest.to_string(),
        _ => digits,
    }
}

fn to_findings(source: &str, candidates: Vec<Candidate>, policy: &Policy) -> Vec<Finding> {
    let allow_terms: Vec<&str> = policy
        .allow
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    let allowed_spans: Vec<(usize, usize)> = phrase_matcher(&allow_terms)
        .map(|m| m.find_iter(source).map(|m| (m.start(), m.end())).collect())
        .unwrap_or_default();
    let allowed_numbers: Vec<String> = allow_terms
        .iter()
        .map(|t| digits_of(t))
        .filter(|d| d.len() >= 7)
        .collect();
    let mut mapper = offsets::Utf16Mapper::new(source);
    candidates
        .into_iter()
        .map(|c| {
            let text = source[c.range.clone()].to_string();
            let number = digits_of(&text);
            let suppressed = allowed_spans
                .iter()
                .any(|&(s, e)| s <= c.range.start && c.range.end <= e)
                || (number.len() >= 7 && allowed_numbers.contains(&number));
            let severity = if suppressed {
                Severity::Suppressed
            } else if policy.blocks(c.category, c.confidence) {
                Severity::Blocking
            } else {
                Severity::Warning
            };
            let utf16_start = mapper.utf16_at(c.range.start);
            let utf16_end = mapper.utf16_at(c.range.end);
            Finding {
                start: c.range.start,
                end: c.range.end,
                utf16_start,
                utf16_end,
                category: c.category,
                confidence: (c.confidence * 100.0).round() / 100.0,
                text,
                reason: c.reason,
                suggestion: c.suggestion,
                suppressed,
                severity,
            }
        })
        .collect()
}
