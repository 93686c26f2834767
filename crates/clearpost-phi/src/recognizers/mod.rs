//! The recognisers, one file per identifier family, composed in one [`Registry`].
//!
//! A pattern recogniser is a [`PatternSpec`]: a regular expression, a validator
//! (checksums, calendar and numbering rules), the context words that raise its score
//! and the base score. All patterns are compiled into one `RegexSet`, which reads the
//! text once and says which patterns occur at all; only those are then run to find
//! where (most drafts trigger a handful). Rules that must see the text on both sides
//! of a match run over the whole text: bare month/day dates and "the 14th"
//! ([`dates::find_extra`]) and values after identifying labels ([`labels`]). Names
//! and places are found by one walk over the words ([`names`]). Everything is built with the `regex` crate, whose matching
//! time is linear in the text: no pattern can blow up on a hostile draft.

use std::ops::Range;

use regex::{RegexBuilder, RegexSet, RegexSetBuilder};

/// Lazy-DFA cache of the one set that runs every pattern at once. Its automaton is
/// large (all patterns, Unicode letter classes): at the regex default of 2 MiB the
/// cache thrashes and a 2,000-word scan costs ~16 ms of CPU instead of ~3.5 ms, and
/// on the 1,500 varied snippets of the dev set 8 MiB still costs a third of the
/// throughput (0.40 vs 0.63 MB/s of CPU) while 16 and 32 MiB are level. The cache
/// grows only as states are needed (a 200,000-character hostile draft adds ~10 MiB
/// in all), so this is a ceiling, not an allocation.
const SET_DFA_CACHE_BYTES: usize = 16 << 20;
/// Lazy-DFA cache of each single pattern (run only where the set found a match):
/// the regex default. Before, every cache was 32 MiB, a ceiling of ~1.5 GB over
/// ~50 patterns; now ~115 MiB at worst and a few MiB in practice.
const PATTERN_DFA_CACHE_BYTES: usize = 2 << 20;

use crate::finding::Category;
use crate::lexicon::Lexicon;

pub mod accounts;
pub mod address_block;
pub mod age;
pub mod checksums;
pub mod context;
pub mod dates;
pub mod devices;
pub mod email;
pub mod geography;
pub mod health_ids;
pub mod labels;
pub mod licenses;
pub mod names;
pub mod network;
pub mod phone;
pub mod places;
pub mod ssn;
pub mod tokens;
pub mod vehicles;
pub mod word_set;

/// A possible finding before the policy is applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Byte range in the scanned text.
    pub range: Range<usize>,
    /// Which identifier.
    pub category: Category,
    /// How sure, 0 to 1.
    pub confidence: f32,
    /// Why, in plain words.
    pub reason: String,
    /// What to write instead.
    pub suggestion: String,
}

/// What a validator decides about one regex match.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// The category (a validator may refine it: a phone after "fax" is a fax).
    pub category: Category,
    /// The confidence.
    pub confidence: f32,
    /// The reason, when it differs from the spec's.
    pub reason: Option<String>,
    /// The suggestion, when it differs from the spec's.
    pub suggestion: Option<String>,
}

/// Validators see the matched text and the lower-cased text just before it.
pub type Validator = fn(matched: &str, before: &str, spec: &PatternSpec) -> Option<Verdict>;

/// One pattern recogniser.
pub struct PatternSpec {
    /// Short name for debugging and tests.
    pub name: &'static str,
    /// The regular expression. When it has a capture group named `id`, the finding
    /// covers that group only (context words such as "MRN:" are not part of it).
    pub pattern: &'static str,
    /// The category when the validator does not refine it.
    pub category: Category,
    /// Score before context.
    pub score: f32,
    /// Words that, within the few words before the match, raise the score.
    pub context: &'static [&'static str],
    /// How much the context raises it.
    pub context_boost: f32,
    /// Plain-words reason.
    pub reason: &'static str,
    /// Suggested replacement.
    pub suggestion: &'static str,
    /// Checks the match; `None` rejects it.
    pub validate: Validator,
}

impl PatternSpec {
    /// The verdict of a spec whose validator accepts everything: base score plus the
    /// context boost when a context word is near.
    pub fn default_verdict(&self, before: &str) -> Verdict {
        let boost = if has_context(before, self.context) {
            self.context_boost
        } else {
            0.0
        };
        Verdict {
            category: self.category,
            confidence: (self.score + boost).min(1.0),
            reason: None,
            suggestion: None,
        }
    }
}

/// A validator that accepts every match with the default verdict.
pub fn accept(_: &str, before: &str, spec: &PatternSpec) -> Option<Verdict> {
    Some(spec.default_verdict(before))
}

/// How many bytes before a match are searched for context words.
pub const CONTEXT_WINDOW: usize = 48;

/// Whether any of `words` occurs as a whole word in `before` (already lower-case).
pub fn has_context(before: &str, words: &[&str]) -> bool {
    words.iter().any(|w| contains_word(before, w))
}

/// Whole-word (or whole-phrase) containment, ASCII word boundaries.
pub fn contains_word(hay: &str, word: &str) -> bool {
    let bytes = hay.as_bytes();
    let mut from = 0;
    while let Some(pos) = hay[from..].find(word) {
        let start = from + pos;
        let end = start + word.len();
        let left_ok = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
        let right_ok = end == bytes.len() || !bytes[end].is_ascii_alphanumeric();
        if left_ok && right_ok {
            return true;
        }
        from = start + 1;
        while !hay.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// Whether the text just before a match ends inside a web address ("…example.org/
/// a?mrn=", "http://t.co/"): numbers there are part of the link, which the URL
/// recogniser reports as a whole.
pub fn inside_url(before: &str) -> bool {
    let fragment = before
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '<' | '"' | '['))
        .next()
        .unwrap_or("");
    let lower = fragment.to_ascii_lowercase();
    // A window with no space at all that has a path in it is the tail of a long link.
    let long_link = fragment.len() == before.len() && before.len() >= 40 && lower.contains('/');
    lower.contains("://") || lower.starts_with("www.") || long_link
}

/// The last (at most) `max_bytes` bytes of `text`, cut on a character boundary.
pub fn tail(text: &str, max_bytes: usize) -> &str {
    let mut from = text.len().saturating_sub(max_bytes);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    &text[from..]
}

/// The lower-cased text in the window before `start`.
pub fn context_before(text: &str, start: usize) -> String {
    let mut from = start.saturating_sub(CONTEXT_WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    text[from..start].to_lowercase()
}

struct Compiled {
    spec: PatternSpec,
    regex: regex::Regex,
    id_group: Option<usize>,
}

/// Every recogniser, compiled once.
pub struct Registry {
    set: RegexSet,
    compiled: Vec<Compiled>,
}

impl Registry {
    /// Compiles every pattern recogniser.
    pub fn new() -> Registry {
        phone::prepare_database();
        let specs: Vec<PatternSpec> = [
            email::specs(),
            network::specs(),
            phone::specs(),
            phone::labelled_specs(),
            ssn::specs(),
            accounts::specs(),
            health_ids::specs(),
            vehicles::specs(),
            licenses::specs(),
            devices::specs(),
            dates::specs(),
            age::specs(),
            places::specs(),
        ]
        .into_iter()
        .flatten()
        .collect();
        // Unicode word boundaries make the regex engine give up its fast DFA on any
        // non-ASCII text (curly quotes, accents): ASCII boundaries keep scans fast,
        // at the cost of not anchoring a pattern on a non-ASCII letter.
        let patterns: Vec<String> = specs
            .iter()
            .map(|s| s.pattern.replace(r"\b", r"(?-u:\b)"))
            .collect();
        // The patterns are constants of this crate; a bad one is a programming
        // error caught by every test run, so failing loudly here is right.
        // A larger lazy-DFA cache keeps the set from falling back to the (much slower)
        // NFA simulation on long drafts.
        let set = RegexSetBuilder::new(&patterns)
            .dfa_size_limit(SET_DFA_CACHE_BYTES)
            .build()
            .expect("recogniser patterns");
        let compiled = specs
            .into_iter()
            .zip(patterns)
            .map(|(spec, pattern)| {
                let regex = RegexBuilder::new(&pattern)
                    .dfa_size_limit(PATTERN_DFA_CACHE_BYTES)
                    .build()
                    .expect("recogniser pattern");
                let id_group = regex.capture_names().position(|n| n == Some("id"));
                Compiled {
                    spec,
                    regex,
                    id_group,
                }
            })
            .collect();
        Registry { set, compiled }
    }

    /// The names of the compiled pattern recognisers (for tests and reports).
    pub fn pattern_names(&self) -> Vec<&'static str> {
        self.compiled.iter().map(|c| c.spec.name).collect()
    }

    /// Every candidate in `text`: patterns that the set says occur, then the word walk.
    pub fn candidates(&self, text: &str, lexicon: &Lexicon) -> Vec<Candidate> {
        let mut out = Vec::new();
        for index in self.set.matches(text).iter() {
            let compiled = &self.compiled[index];
            let spec = &compiled.spec;
            let mut judge = |m: regex::Match| {
                let before = context_before(text, m.start());
                if let Some(verdict) = (spec.validate)(m.as_str(), &before, spec) {
                    out.push(Candidate {
                        range: m.range(),
                        category: verdict.category,
                        confidence: verdict.confidence,
                        reason: verdict.reason.unwrap_or_else(|| spec.reason.to_string()),
                        suggestion: verdict
                            .suggestion
                            .unwrap_or_else(|| spec.suggestion.to_string()),
                    });
                }
            };
            match compiled.id_group {
                // Only a pattern with an `id` group needs capture positions; the
                // others take the plain search, which stays in the lazy DFA instead
                // of running the (much slower) capture engines. Same matches.
                Some(group) => {
                    for caps in compiled.regex.captures_iter(text) {
                        if let Some(m) = caps.get(group).or_else(|| caps.get(0)) {
                            judge(m);
                        }
                    }
                }
                None => compiled.regex.find_iter(text).for_each(&mut judge),
            }
        }
        out.extend(dates::find_extra(text));
        out.extend(labels::find(text));
        let words = tokens::tokenize(text);
        out.extend(names::find(text, &words, lexicon));
        out.extend(places::find_cities(text, &words, lexicon));
        let addresses = address_block::extend(text, &out, lexicon);
        out.extend(addresses);
        let found_identifiers = out.clone();
        out.extend(context::find(text, &words, &found_identifiers));
        out
    }
}

impl Default for Registry {
    fn default() -> Self {
        Registry::new()
    }
}

/// Keeps the strongest of overlapping candidates: by confidence, then length.
pub fn resolve_overlaps(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    candidates.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then((b.range.end - b.range.start).cmp(&(a.range.end - a.range.start)))
            .then(a.range.start.cmp(&b.range.start))
    });
    let mut kept: Vec<Candidate> = Vec::new();
    for candidate in candidates {
        let overlaps = kept
            .iter()
            .any(|k| k.range.start < candidate.range.end && candidate.range.start < k.range.end);
        if !overlaps {
            kept.push(candidate);
        }
    }
    kept.sort_by_key(|c| (c.range.start, c.range.end));
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tail_cuts_on_char_boundaries() {
        assert_eq!(tail("björgvinsdóttir x", 4), "ir x");
        assert_eq!(tail("dóttir", 5), "ttir");
        assert_eq!(tail("ó", 1), "");
        assert_eq!(tail("ab", 10), "ab");
    }

    #[test]
    fn whole_word_context_ignores_parts_of_words() {
        assert!(contains_word("the mrn: ", "mrn"));
        assert!(!contains_word("thermrn", "mrn"));
        assert!(contains_word("call me at", "call"));
        assert!(!contains_word("recall", "call"));
    }

    #[test]
    fn numbers_inside_links_are_part_of_the_link() {
        assert!(inside_url("see https://example.org/story?mrn="));
        assert!(inside_url("(www.example.org/t/"));
        assert!(!inside_url("see https://example.org/story "));
        assert!(!inside_url("call "));
    }

    #[test]
    fn overlaps_keep_the_more_confident_candidate() {
        let c = |s, e, conf| Candidate {
            range: s..e,
            category: Category::Name,
            confidence: conf,
            reason: String::new(),
            suggestion: String::new(),
        };
        let kept = resolve_overlaps(vec![c(0, 5, 0.5), c(3, 9, 0.9), c(10, 12, 0.4)]);
        assert_eq!(kept, vec![c(3, 9, 0.9), c(10, 12, 0.4)]);
    }

    #[test]
    fn accented_capitals_are_found_through_the_ascii_boundary_set() {
        let registry = Registry::new();
        let text = "Ólafur lives at Østergade 12 in Östergötland County.";
        let found: Vec<&str> = registry
            .candidates(text, &Lexicon::empty())
            .into_iter()
            .map(|c| &text[c.range])
            .collect();
        assert!(found.contains(&"Østergade 12"), "{found:?}");
        assert!(found.contains(&"Östergötland County"), "{found:?}");
    }

    #[test]
    fn every_pattern_compiles_into_one_set() {
        let registry = Registry::new();
        assert!(registry.pattern_names().len() > 15);
    }
}
