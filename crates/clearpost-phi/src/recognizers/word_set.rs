//! A fixed list of lower-case words written in the source as a plain array (easy to
//! read and review) and looked up through a hash set built on first use: several
//! lists hold hundreds of words and are consulted for every word of a draft, where
//! a linear search cost a measurable share of scan time.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

/// A static word list with constant-time membership.
pub struct WordSet {
    words: &'static [&'static str],
    set: OnceLock<FxHashSet<&'static str>>,
}

impl WordSet {
    /// A set over `words` (built when first consulted).
    pub const fn new(words: &'static [&'static str]) -> WordSet {
        WordSet {
            words,
            set: OnceLock::new(),
        }
    }

    /// Whether `word` is one of the words (exact, case-sensitive match).
    pub fn contains(&self, word: &str) -> bool {
        self.set
            .get_or_init(|| self.words.iter().copied().collect())
            .contains(word)
    }

    /// The words, in source order.
    pub fn words(&self) -> &'static [&'static str] {
        self.words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static COLOURS: WordSet = WordSet::new(&["red", "green", "blue"]);

    #[test]
    fn membership_is_exact() {
        assert!(COLOURS.contains("green"));
        assert!(!COLOURS.contains("Green"));
        assert!(!COLOURS.contains("gree"));
        assert!(!COLOURS.contains(""));
        assert_eq!(COLOURS.words().len(), 3);
    }
}
