//! The tagger's own split of text into tokens: words (letters and digits, with inner
//! apostrophes and hyphens) and single punctuation marks. Unlike the name
//! recogniser's word walk it keeps digits and punctuation, because "@", "#", "Dr."
//! and a line break are what the tagger learns from.

use std::borrow::Cow;
use std::ops::Range;

/// One token.
#[derive(Debug, Clone, PartialEq)]
pub struct Token<'a> {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// Lower-cased text (borrowed from the text when it is lower case already,
    /// as most words are: one allocation per token was a tenth of a scan).
    pub lower: Cow<'a, str>,
    /// The first token of a line (or of the text).
    pub line_start: bool,
    /// Whether it is a word (letters or digits) rather than a punctuation mark.
    pub is_word: bool,
}

impl Token<'_> {
    /// The same token, owning its lower-case text.
    pub fn into_owned(self) -> Token<'static> {
        Token {
            range: self.range,
            lower: std::borrow::Cow::Owned(self.lower.into_owned()),
            line_start: self.line_start,
            is_word: self.is_word,
        }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-')
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut line_start = true;
    while let Some((start, c)) = chars.next() {
        if c == '\n' {
            line_start = true;
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        let mut end = start + c.len_utf8();
        let is_word = is_word_char(c);
        if is_word {
            while let Some(&(i, next)) = chars.peek() {
                let joins = is_joiner(next)
                    && text[i + next.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(is_word_char);
                if is_word_char(next) || joins {
                    end = i + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
        }
        tokens.push(Token {
            range: start..end,
            lower: crate::recognizers::tokens::lower_case(&text[start..end]),
            line_start,
            is_word,
        });
        line_start = false;
    }
    tokens
}

/// The coarse shape of a token: how it is capitalised and whether it has digits.
pub fn shape(word: &str) -> &'static str {
    let mut upper = 0;
    let mut lower = 0;
    let mut digit = 0;
    let mut other = 0;
    let mut first_upper = false;
    for (i, c) in word.chars().enumerate() {
        if c.is_uppercase() {
            upper += 1;
            if i == 0 {
                first_upper = true;
            }
        } else if c.is_lowercase() {
            lower += 1;
        } else if c.is_ascii_digit() {
            digit += 1;
        } else {
            other += 1;
        }
    }
    match (upper, lower, digit, other) {
        (0, 0, 0, _) => "punct",
        (0, 0, _, _) => "digits",
        (_, _, d, _) if d > 0 => "alnum",
        (1, 0, 0, _) => "X",
        (_, 0, 0, _) => "XX",
        (0, _, 0, _) => "x",
        (1, _, 0, _) if first_upper => "Xx",
        _ => "xX",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_punctuation_and_line_starts() {
        let text = "Met @ anna-lee O'Neil.\nDr. K 2pm";
        let tokens = tokenize(text);
        let words: Vec<&str> = tokens.iter().map(|t| &text[t.range.clone()]).collect();
        assert_eq!(
            words,
            ["Met", "@", "anna-lee", "O'Neil", ".", "Dr", ".", "K", "2pm"]
        );
        assert!(tokens[0].line_start && tokens[5].line_start && !tokens[6].line_start);
        assert!(!tokens[1].is_word && tokens[2].is_word);
    }

    #[test]
    fn shapes() {
        assert_eq!(shape("Anna"), "Xx");
        assert_eq!(shape("ANNA"), "XX");
        assert_eq!(shape("anna"), "x");
        assert_eq!(shape("iPhone"), "xX");
        assert_eq!(shape("1999"), "digits");
        assert_eq!(shape("B12"), "alnum");
        assert_eq!(shape("K"), "X");
        assert_eq!(shape("#"), "punct");
    }
}
