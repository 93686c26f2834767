//! What the tagger looks at for each token, as hashed feature ids: the word, its
//! shape and affixes, its neighbours, where it stands in the line, what the word
//! lists say about it (first name, surname, city, how common an English word it is),
//! and the labels already given to the tokens before it.
//!
//! Features are hashed with 64-bit FNV-1a folded to 32 bits: a hash we define, so a
//! trained model keeps its meaning whatever hashing crate the project uses later.

use super::tokens::{shape, Token};
use super::Label;
use crate::lexicon::{Lexicon, INTERNATIONAL_RANK};

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

/// Everything about the neighbourhood of a token that does not depend on labels.
pub fn static_features(text: &str, tokens: &[Token], i: usize, lex: &Lexicon) -> Vec<u32> {
    let token = &tokens[i];
    let word = &text[token.range.clone()];
    let lower = token.lower.as_str();
    let lower_at = |j: isize| -> &str {
        usize::try_from(j)
            .ok()
            .and_then(|j| tokens.get(j))
            .map_or("<edge>", |t| t.lower.as_str())
    };
    let shape_at = |j: isize| -> &'static str {
        usize::try_from(j)
            .ok()
            .and_then(|j| tokens.get(j))
            .map_or("<edge>", |t| shape(&text[t.range.clone()]))
    };
    let i = i as isize;
    let s = shape(word);
    let prev = lower_at(i - 1);
    let sentence_start =
        token.line_start || matches!(prev, "." | "!" | "?" | ":" | "<edge>" | "\"" | "“");
    let start_tag = if sentence_start { "start" } else { "mid" };
    let entry = lex.entry(lower);
    let fn_b = rank_bucket(entry.first_name_rank);
    let sn_b = rank_bucket(entry.surname_rank);
    let z_b = zipf_bucket(entry.zipf);
    let next_entry = lex.entry(lower_at(i + 1));
    let prev_entry = lex.entry(prev);
    let city_here = lex.is_city(lower);
    let city_with_next = lex.is_city(&format!("{lower} {}", lower_at(i + 1)));
    let city_with_prev = lex.is_city(&format!("{prev} {lower}"));
    let bool_tag = |b: bool| if b { "1" } else { "0" };
    let long = if word.chars().count() > 12 {
        "long"
    } else {
        "short"
    };

    vec![
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
    ]
}

/// The features that depend on the labels already given to the two tokens before.
pub fn label_features(
    text: &str,
    tokens: &[Token],
    i: usize,
    prev: Label,
    prev2: Label,
    out: &mut Vec<u32>,
) {
    let token = &tokens[i];
    let s = shape(&text[token.range.clone()]);
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
    fn affixes_count_characters() {
        assert_eq!(affix("zoë", 2, true), "oë");
        assert_eq!(affix("zoë", 5, true), "zoë");
        assert_eq!(affix("jörgen", 3, false), "jör");
    }
}
