//! PHI detection in Markdown drafts: the 18 HIPAA Safe Harbor identifiers, ages
//! over 89 and patient context, with plain-words reasons and suggested fixes.
//!
//! ```no_run
//! use clearpost_phi::{Policy, Scanner};
//! let scanner = Scanner::load_default()?; // word lists from `scripts/fetch-models`
//! for finding in scanner.scan("Our patient Edwin Tarrow, 92, ...", &Policy::default()) {
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
pub mod tagger;

pub use finding::{Category, Finding, Severity};
pub use lexicon::Lexicon;
pub use policy::{CategoryRule, Policy};

use recognizers::{resolve_overlaps, Candidate, Registry};
use tagger::Tagger;

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
    tagger: Option<Tagger>,
    /// The tagger's spans of paragraphs seen lately: live scanning rescans the
    /// whole draft on every keystroke, and all but one paragraph are unchanged.
    tagged_paragraphs: tagger::paragraphs::ParagraphMemory,
}

impl Scanner {
    /// Loads the word lists from the default assets folder
    /// (`clearpost_assets::assets_dir()`).
    pub fn load_default() -> Result<Scanner, PhiError> {
        Scanner::load_from(&clearpost_assets::assets_dir())
    }

    /// Loads the word lists and the name and place model from `dir`.
    pub fn load_from(dir: &Path) -> Result<Scanner, PhiError> {
        Ok(Scanner::with_parts(
            Lexicon::load(dir)?,
            Some(Tagger::load(dir)?),
        ))
    }

    /// A scanner without word lists: every pattern recogniser and names after
    /// titles and context words still work, dictionary names and cities do not.
    pub fn without_lists() -> Scanner {
        Scanner::with_lexicon(Lexicon::empty())
    }

    /// A scanner over an already loaded lexicon, without the learned tagger.
    pub fn with_lexicon(lexicon: Lexicon) -> Scanner {
        Scanner::with_parts(lexicon, None)
    }

    /// A scanner over a loaded lexicon and, when given, the learned name and place
    /// tagger (see [`tagger`]).
    pub fn with_parts(lexicon: Lexicon, tagger: Option<Tagger>) -> Scanner {
        Scanner {
            registry: Registry::new(),
            lexicon,
            tagger,
            tagged_paragraphs: Default::default(),
        }
    }

    /// Whether the learned tagger is loaded.
    pub fn has_tagger(&self) -> bool {
        self.tagger.is_some()
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
        if let Some(tagger) = &self.tagger {
            let spans = self.tagged_paragraphs.tag(tagger, view, &self.lexicon);
            let tagged = tagged_candidates(view, spans, &self.lexicon);
            candidates.retain(|c| name_rule_stands(view, c, &tagged));
            let unconfirmed = confirm_rule_spans(&mut candidates, tagged);
            candidates.extend(unconfirmed);
        }
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

/// Below this confidence a name found by the word-list rules needs the tagger to
/// agree. The rules read capitalised words that are in a names list (Wilson,
/// Hodgkin, Crohn in health text); the tagger reads the sentence. Names after a
/// title or a kinship word, in a list of names or before a person verb score above
/// it and stand on their own.
const NAME_RULE_NEEDS_TAGGER_BELOW: f32 = 0.5;
/// The same for a place that is only words (a town from the gazetteer): the
/// gazetteer holds thousands of towns that are also words or eponyms (Bile, Lice,
/// Kawasaki, Parkinson), so such a place always needs the tagger to agree. Places
/// with numbers (addresses, postcodes, rooms) are the rules' alone.
const WORD_PLACE_NEEDS_TAGGER_BELOW: f32 = 1.01;

/// Whether a rule candidate is kept once the tagger has read the text.
fn name_rule_stands(text: &str, candidate: &Candidate, tagged: &[Candidate]) -> bool {
    let found = &text[candidate.range.clone()];
    // Capitalised words only; an ALL-CAPS town after "from" is the rules' call.
    let word_only = || {
        found
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '-' || c == '\'')
            && found.chars().any(char::is_lowercase)
    };
    let needs_agreement_below = match candidate.category {
        Category::Name => NAME_RULE_NEEDS_TAGGER_BELOW,
        Category::GeographicSubdivision if word_only() => WORD_PLACE_NEEDS_TAGGER_BELOW,
        _ => return true,
    };
    candidate.confidence >= needs_agreement_below
        || tagged
            .iter()
            .any(|t| t.range.start < candidate.range.end && candidate.range.start < t.range.end)
}

/// Where the tagger and a rule found the same name or place, the rule's extent is
/// kept (the rules know how far an address or "Ingrid M. Halvorsen" runs) with the
/// higher of the two confidences; the tagger's other spans are returned as new
/// candidates.
fn confirm_rule_spans(candidates: &mut [Candidate], tagged: Vec<Candidate>) -> Vec<Candidate> {
    let mut unconfirmed = Vec::new();
    for t in tagged {
        let same = |c: &Candidate| {
            c.category == t.category && c.range.start < t.range.end && t.range.start < c.range.end
        };
        // Every rule span the tagger agrees with gets the best confidence among
        // them, so the longest extent wins the overlap ("walter wierzbicki" over a
        // second rule's "walter").
        let best = candidates
            .iter()
            .filter(|c| same(c))
            .map(|c| c.confidence)
            .fold(None, |acc: Option<f32>, x| {
                Some(acc.map_or(x, |a| a.max(x)))
            });
        match best {
            Some(best) => {
                let confidence = best.max(t.confidence);
                for c in candidates.iter_mut().filter(|c| same(c)) {
                    c.confidence = confidence;
                }
            }
            None => unconfirmed.push(t),
        }
    }
    unconfirmed
}

/// The tagger's names and places as candidates. A place that is only a country or
/// a US state is not a Safe Harbor identifier and is left out.
fn tagged_candidates(
    text: &str,
    spans: Vec<tagger::TaggedSpan>,
    lexicon: &Lexicon,
) -> Vec<Candidate> {
    spans
        .into_iter()
        .filter_map(|span| {
            let found = &text[span.range.clone()];
            let place = span.kind == tagger::SpanKind::Place;
            if recognizers::names::tagged_span_is_vocabulary(
                text,
                span.range.clone(),
                place,
                lexicon,
            ) {
                return None;
            }
            let (category, reason, suggestion) = match span.kind {
                // One everyday word ("Hope", "Will") is a name only when the rules
                // also see a person there (a title, "named", a list of names).
                tagger::SpanKind::Name if is_everyday_word(found, lexicon) => return None,
                tagger::SpanKind::Name => (
                    Category::Name,
                    "reads as a person's name in this sentence",
                    "remove the name or say \"a patient\", \"a colleague\"",
                ),
                tagger::SpanKind::Place => {
                    if recognizers::geography::is_country_or_state(found)
                        || recognizers::geography::is_larger_region(found)
                    {
                        return None;
                    }
                    (
                        Category::GeographicSubdivision,
                        "reads as a town, street or other place smaller than a state",
                        "name the region or state instead",
                    )
                }
            };
            Some(Candidate {
                range: span.range,
                category,
                confidence: span.confidence,
                reason: reason.to_string(),
                suggestion: suggestion.to_string(),
            })
        })
        .collect()
}

/// A single word among the most common in English (Zipf frequency 5.3 or more:
/// "hope", "will", "may"; first names such as Peter, Frank or Rose are rarer words
/// and are left to the tagger).
fn is_everyday_word(text: &str, lexicon: &Lexicon) -> bool {
    !text.contains(' ') && lexicon.zipf(&text.to_lowercase()) >= 5.3
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
