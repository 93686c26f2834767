//! One walk over the text that splits it into words, with what the name and place
//! recognisers need to know about each: its shape (Title, UPPER, lower), whether it
//! starts a sentence or line, and what separates it from the word before.

use std::borrow::Cow;
use std::ops::Range;

/// How a word is capitalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// "Smith", "O'Brien", "McDonald".
    Title,
    /// "SMITH".
    Upper,
    /// "smith".
    Lower,
    /// Anything else ("iPhone").
    Mixed,
}

/// What lies between a word and the word before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// Spaces or tabs only (or nothing: the first word).
    Space,
    /// Spaces around a single period after an initial ("J. Smith").
    Initial,
    /// A line break.
    Newline,
    /// Punctuation, digits or anything else.
    Other,
}

/// One word.
#[derive(Debug, Clone, PartialEq)]
pub struct Token<'a> {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// Lower-cased word (apostrophes and hyphens kept), borrowed from the text
    /// when it is lower case already: most words are, and an allocation per word
    /// was a tenth of a scan.
    pub lower: Cow<'a, str>,
    /// Capitalisation.
    pub shape: Shape,
    /// First word of a sentence, line or text.
    pub sentence_start: bool,
    /// What separates it from the word before.
    pub gap: Gap,
    /// A single letter followed by a period ("J.").
    pub initial_with_period: bool,
}

impl Token<'_> {
    /// The lower-cased word.
    pub fn lower(&self) -> &str {
        &self.lower
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic()
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-')
}

/// Splits `text` into words.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens: Vec<Token<'_>> = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut last_end = 0;
    while let Some((start, c)) = chars.next() {
        if !is_word_char(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, next)) = chars.peek() {
            if is_word_char(next) {
                end = i + next.len_utf8();
                chars.next();
            } else if is_joiner(next) {
                // Keep "O'Brien" and "Mary-Jane" whole, but not a trailing quote.
                let after = text[i + next.len_utf8()..].chars().next();
                if after.is_some_and(is_word_char) {
                    chars.next();
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        let word = &text[start..end];
        let between = &text[last_end..start];
        let previous_is_initial = tokens.last().is_some_and(|t| t.initial_with_period);
        let gap = if between.contains('\n') {
            Gap::Newline
        } else if between.chars().all(|c| c == ' ' || c == '\t') {
            Gap::Space
        } else if previous_is_initial && between.trim_start_matches('.').chars().all(|c| c == ' ') {
            Gap::Initial
        } else {
            Gap::Other
        };
        let before_trimmed = text[..start]
            .trim_end_matches([' ', '\t', '"', '\'', '(', '“', '*', '_', '>', '-', '#']);
        let sentence_start = tokens.is_empty()
            || between.contains('\n')
            || before_trimmed.ends_with(['.', '!', '?', ':', '\n'])
            || before_trimmed.is_empty();
        let initial_with_period = word.chars().count() == 1 && text[end..].starts_with('.');
        tokens.push(Token {
            range: start..end,
            lower: lower_case(word),
            shape: shape_of(word),
            sentence_start,
            gap,
            initial_with_period,
        });
        last_end = end;
    }
    tokens
}

/// `word` in lower case, copied only when lower-casing changes it (a capital,
/// or a title-case letter such as "ǅ", which is not `is_uppercase`).
pub(crate) fn lower_case(word: &str) -> Cow<'_, str> {
    let changes = |c: char| {
        let mut lower = c.to_lowercase();
        !(lower.next() == Some(c) && lower.next().is_none())
    };
    if word.chars().any(changes) {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

fn shape_of(word: &str) -> Shape {
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return Shape::Mixed;
    };
    let letters = || word.chars().filter(|c| c.is_alphabetic());
    if letters().all(char::is_uppercase) {
        // A single capital letter is an initial, which behaves like a Title word.
        return if letters().nth(1).is_none() {
            Shape::Title
        } else {
            Shape::Upper
        };
    }
    if letters().all(char::is_lowercase) {
        return Shape::Lower;
    }
    if first.is_uppercase() {
        // "McDonald", "DeShawn", "O'Brien": a capital first is enough for a name.
        return Shape::Title;
    }
    Shape::Mixed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_shapes_and_sentence_starts() {
        let text = "The patient, Mary-Jane O'Brien, saw Dr. SMITH.\nthen J. Doe";
        let tokens = tokenize(text);
        let words: Vec<&str> = tokens.iter().map(|t| &text[t.range.clone()]).collect();
        assert_eq!(
            words,
            [
                "The",
                "patient",
                "Mary-Jane",
                "O'Brien",
                "saw",
                "Dr",
                "SMITH",
                "then",
                "J",
                "Doe"
            ]
        );
        assert!(tokens[0].sentence_start);
        assert!(!tokens[2].sentence_start);
        assert_eq!(tokens[3].gap, Gap::Space);
        assert_eq!(tokens[6].shape, Shape::Upper);
        assert!(tokens[7].sentence_start, "a new line starts a sentence");
        assert!(tokens[8].initial_with_period);
        assert_eq!(tokens[9].gap, Gap::Initial);
    }

    #[test]
    fn non_ascii_words_keep_byte_ranges() {
        let text = "😀 Zs\u{f3}fia K\u{151}v\u{e1}ri";
        let tokens = tokenize(text);
        assert_eq!(&text[tokens[0].range.clone()], "Zs\u{f3}fia");
        assert_eq!(&text[tokens[1].range.clone()], "K\u{151}v\u{e1}ri");
        assert_eq!(tokens[1].shape, Shape::Title);
    }
}
