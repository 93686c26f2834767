//! What the tagger looks at for each token, as hashed feature ids: the word, its
//! shape and affixes, its neighbours, where it stands in the line, what the word
//! lists say about it (first name, surname, city, how common an English word it is),
//! and the labels already given to the tokens before it.
//!
//! Features are hashed with 64-bit FNV-1a folded to 32 bits: a hash we define, so a
//! trained model keeps its meaning whatever hashing crate the project uses later.

use super::tokens::{shape, Token};
use super::Label;
use crate::lexicon::{Lexicon, WordEntry, INTERNATIONAL_RANK};

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// A feature id: FNV-1a of a kind tag and its value parts.
pub fn feature_id(kind: &str, parts: &[&str]) -> u32 {
    let mut hash = FNV_OFFSET;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(FNV_PRIME);
        }
    };
    eat(kind.as_bytes());
    for part in parts {
        eat(&[0x1f]);
        eat(part.as_bytes());
    }
    (hash ^ (hash >> 32)) as u32
}

fn rank_bucket(rank: Option<u32>) -> &'static str {
    match rank {
        None => "none",
        Some(r) if r >= INTERNATIONAL_RANK => "intl",
        Some(r) if r <= 100 => "100",
        Some(r) if r <= 500 => "500",
        Some(r) if r <= 2000 => "2k",
        Some(_) => "rare",
    }
}

fn zipf_bucket(zipf: f32) -> &'static str {
    match zipf {
        z if z <= 0.0 => "0",
        z if z < 2.5 => "2",
        z if z < 3.5 => "3",
        z if z < 4.5 => "4",
        z if z < 5.5 => "5",
        _ => "6",
    }
}

/// Prefix or suffix of `n` characters (the whole word when shorter).
fn affix(word: &str, n: usize, suffix: bool) -> &str {
    let count = word.chars().count();
    if count <= n {
        return word;
    }
    let cut = if suffix { count - n } else { n };
    let byte = word.char_indices().nth(cut).map_or(word.len(), |(i, _)| i);
    if suffix {
        &word[byte..]
    } else {
        &word[..byte]
    }
}

/// What the word lists and the shape say about each token, worked out once per
/// text: every token's features read its neighbours' too, and looking them up
/// again for each neighbour was most of the tagger's time.
pub struct Facts {
    shapes: Vec<&'static str>,
    entries: Vec<WordEntry>,
    cities: Vec<bool>,
    /// Whether this token and the next one together name a city ("new york").
    city_pairs: Vec<bool>,
}

impl Facts {
    /// The facts of every token of `text`.
    pub fn of(text: &str, tokens: &[Token], lex: &Lexicon) -> Facts {
        let entries: Vec<WordEntry> = tokens.iter().map(|t| lex.entry(&t.lower)).collect();
        let mut pair = String::new();
        let city_pairs = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if !entries[i].starts_city {
                    return false;
                }
                pair.clear();
                pair.push_str(&t.lower);
                pair.push(' ');
                pair.push_str(tokens.get(i + 1).map_or(EDGE, |n| &*n.lower));
                lex.is_city(&pair)
            })
            .collect();
        Facts {
            shapes: tokens
                .iter()
                .map(|t| shape(&text[t.range.clone()]))
                .collect(),
            cities: entries.iter().map(|e| e.city).collect(),
            entries,
            city_pairs,
        }
    }
}

/// What stands for a missing neighbour before the first or after the last token.
const EDGE: &str = "<edge>";

impl Facts {
    /// The shape of token `i`.
    pub fn shape(&self, i: usize) -> &'static str {
        self.shapes[i]
    }
}

/// Everything about a token and its neighbourhood that does not depend on labels,
/// in the order training sums them (the model's bytes depend on that order, so
/// it stays). Tagging computes the same set as [`word_features`] plus
/// [`context_features`] (a test holds them equal).
pub fn static_features(tokens: &[Token], facts: &Facts, i: usize, out: &mut Vec<u32>) {
    let token = &tokens[i];
    let lower = &*token.lower;
    let at = |j: isize| usize::try_from(j).ok().filter(|&j| j < tokens.len());
    let lower_at = |j: isize| -> &str { at(j).map_or(EDGE, |j| &*tokens[j].lower) };
    let shape_at = |j: isize| -> &'static str { at(j).map_or(EDGE, |j| facts.shapes[j]) };
    let entry_at =
        |j: isize| -> WordEntry { at(j).map_or_else(WordEntry::default, |j| facts.entries[j]) };
    let i = i as isize;
    let s = shape_at(i);
    let prev = lower_at(i - 1);
    let sentence_start =
        token.line_start || matches!(prev, "." | "!" | "?" | ":" | EDGE | "\"" | "“");
    let start_tag = if sentence_start { "start" } else { "mid" };
    let entry = entry_at(i);
    let fn_b = rank_bucket(entry.first_name_rank);
    let sn_b = rank_bucket(entry.surname_rank);
    let z_b = zipf_bucket(entry.zipf);
    let next_entry = entry_at(i + 1);
    let prev_entry = entry_at(i - 1);
    let city_here = facts.cities[i as usize];
    let city_with_next = facts.city_pairs[i as usize];
    let city_with_prev = at(i - 1).is_some_and(|j| facts.city_pairs[j]);
    let bool_tag = |b: bool| if b { "1" } else { "0" };
    let long = if lower.chars().count() > 12 {
        "long"
    } else {
        "short"
    };

    out.extend([
        feature_id("bias", &[]),
        feature_id("w", &[lower]),
        feature_id("s", &[s]),
        feature_id("s|start", &[s, start_tag]),
        feature_id("p3", &[affix(lower, 3, false)]),
        feature_id("x3", &[affix(lower, 3, true)]),
        feature_id("x2", &[affix(lower, 2, true)]),
        feature_id("len", &[long, s]),
        feature_id("w-1", &[prev]),
        feature_id("w-2", &[lower_at(i - 2)]),
        feature_id("w+1", &[lower_at(i + 1)]),
        feature_id("w+2", &[lower_at(i + 2)]),
        feature_id("w-1|s", &[prev, s]),
        feature_id("w-1|w", &[prev, lower]),
        feature_id("w|w+1", &[lower, lower_at(i + 1)]),
        feature_id("s-1|s", &[shape_at(i - 1), s]),
        feature_id("s|s+1", &[s, shape_at(i + 1)]),
        feature_id("fn", &[fn_b, s]),
        feature_id("sn", &[sn_b, s]),
        feature_id("z", &[z_b, s]),
        feature_id("fn|sn|z", &[fn_b, sn_b, z_b]),
        feature_id("z|start", &[z_b, s, start_tag]),
        feature_id(
            "fn+1",
            &[rank_bucket(next_entry.first_name_rank), shape_at(i + 1)],
        ),
        feature_id(
            "sn+1",
            &[rank_bucket(next_entry.surname_rank), shape_at(i + 1)],
        ),
        feature_id(
            "fn-1",
            &[rank_bucket(prev_entry.first_name_rank), shape_at(i - 1)],
        ),
        feature_id("z+1", &[zipf_bucket(next_entry.zipf)]),
        feature_id("z-1", &[zipf_bucket(prev_entry.zipf)]),
        feature_id("city", &[bool_tag(city_here), s]),
        feature_id(
            "city2",
            &[bool_tag(city_with_next), bool_tag(city_with_prev)],
        ),
    ]);
}

/// The features of the word alone: they depend only on its lower-case text and
/// its shape, so the tagger works them out once per distinct word of a text.
pub fn word_features(tokens: &[Token], facts: &Facts, i: usize, out: &mut Vec<u32>) {
    let lower = &*tokens[i].lower;
    let s = facts.shapes[i];
    let entry = facts.entries[i];
    let fn_b = rank_bucket(entry.first_name_rank);
    let sn_b = rank_bucket(entry.surname_rank);
    let z_b = zipf_bucket(entry.zipf);
    let bool_tag = |b: bool| if b { "1" } else { "0" };
    let long = if lower.chars().count() > 12 {
        "long"
    } else {
        "short"
    };
    out.extend([
        feature_id("bias", &[]),
        feature_id("w", &[lower]),
        feature_id("s", &[s]),
        feature_id("p3", &[affix(lower, 3, false)]),
        feature_id("x3", &[affix(lower, 3, true)]),
        feature_id("x2", &[affix(lower, 2, true)]),
        feature_id("len", &[long, s]),
        feature_id("fn", &[fn_b, s]),
        feature_id("sn", &[sn_b, s]),
        feature_id("z", &[z_b, s]),
        feature_id("fn|sn|z", &[fn_b, sn_b, z_b]),
        feature_id("city", &[bool_tag(facts.cities[i]), s]),
    ]);
}

/// The features of a word's neighbourhood (its neighbours, where it stands).
pub fn context_features(tokens: &[Token], facts: &Facts, i: usize, out: &mut Vec<u32>) {
    let token = &tokens[i];
    let lower = &*token.lower;
    let at = |j: isize| usize::try_from(j).ok().filter(|&j| j < tokens.len());
    let lower_at = |j: isize| -> &str { at(j).map_or(EDGE, |j| &*tokens[j].lower) };
    let shape_at = |j: isize| -> &'static str { at(j).map_or(EDGE, |j| facts.shapes[j]) };
    let entry_at =
        |j: isize| -> WordEntry { at(j).map_or_else(WordEntry::default, |j| facts.entries[j]) };
    let i = i as isize;
    let s = shape_at(i);
    let prev = lower_at(i - 1);
    let sentence_start =
        token.line_start || matches!(prev, "." | "!" | "?" | ":" | EDGE | "\"" | "“");
    let start_tag = if sentence_start { "start" } else { "mid" };
    let entry = entry_at(i);
    let z_b = zipf_bucket(entry.zipf);
    let next_entry = entry_at(i + 1);
    let prev_entry = entry_at(i - 1);
    let city_with_next = facts.city_pairs[i as usize];
    let city_with_prev = at(i - 1).is_some_and(|j| facts.city_pairs[j]);
    let bool_tag = |b: bool| if b { "1" } else { "0" };

    out.extend([
        feature_id("s|start", &[s, start_tag]),
        feature_id("w-1", &[prev]),
        feature_id("w-2", &[lower_at(i - 2)]),
        feature_id("w+1", &[lower_at(i + 1)]),
        feature_id("w+2", &[lower_at(i + 2)]),
        feature_id("w-1|s", &[prev, s]),
        feature_id("w-1|w", &[prev, lower]),
        feature_id("w|w+1", &[lower, lower_at(i + 1)]),
        feature_id("s-1|s", &[shape_at(i - 1), s]),
        feature_id("s|s+1", &[s, shape_at(i + 1)]),
        feature_id("z|start", &[z_b, s, start_tag]),
        feature_id(
            "fn+1",
            &[rank_bucket(next_entry.first_name_rank), shape_at(i + 1)],
        ),
        feature_id(
            "sn+1",
            &[rank_bucket(next_entry.surname_rank), shape_at(i + 1)],
        ),
        feature_id(
            "fn-1",
            &[rank_bucket(prev_entry.first_name_rank), shape_at(i - 1)],
        ),
        feature_id("z+1", &[zipf_bucket(next_entry.zipf)]),
        feature_id("z-1", &[zipf_bucket(prev_entry.zipf)]),
        feature_id(
            "city2",
            &[bool_tag(city_with_next), bool_tag(city_with_prev)],
        ),
    ]);
}

/// The features that depend on the labels already given to the two tokens before.
pub fn label_features(
    tokens: &[Token],
    facts: &Facts,
    i: usize,
    prev: Label,
    prev2: Label,
    out: &mut Vec<u32>,
) {
    let token = &tokens[i];
    let s = facts.shapes[i];
    out.push(feature_id("t-1", &[prev.tag()]));
    out.push(feature_id("t-2|t-1", &[prev2.tag(), prev.tag()]));
    out.push(feature_id("t-1|s", &[prev.tag(), s]));
    out.push(feature_id("t-1|w", &[prev.tag(), &token.lower]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_ids_are_stable_and_separate_parts() {
        // Models are trained against these values: they must never change.
        assert_eq!(feature_id("w", &["anna"]), feature_id("w", &["anna"]));
        assert_ne!(feature_id("w", &["ab", "c"]), feature_id("w", &["a", "bc"]));
        assert_ne!(feature_id("w", &["anna"]), feature_id("w-1", &["anna"]));
    }

    #[test]
    fn word_and_context_features_are_the_training_set() {
        let lex = Lexicon::empty();
        let text = "Met anna in Springfield.\nDr. K saw ÉLODIE 2pm";
        let tokens = super::super::tokens::tokenize(text);
        let facts = Facts::of(text, &tokens, &lex);
        for i in 0..tokens.len() {
            let (mut training, mut split) = (Vec::new(), Vec::new());
            static_features(&tokens, &facts, i, &mut training);
            word_features(&tokens, &facts, i, &mut split);
            context_features(&tokens, &facts, i, &mut split);
            training.sort_unstable();
            split.sort_unstable();
            assert_eq!(training, split, "token {i}");
        }
    }

    #[test]
    fn affixes_count_characters() {
        assert_eq!(affix("zoë", 2, true), "oë");
        assert_eq!(affix("zoë", 5, true), "zoë");
        assert_eq!(affix("jörgen", 3, false), "jör");
    }
}
