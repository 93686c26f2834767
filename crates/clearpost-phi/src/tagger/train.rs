//! Training the tagger: an averaged perceptron (Collins 2002) with greedy left-to-
//! right decoding, the same decoding the scanner uses. The order of examples is
//! shuffled each epoch by a seeded generator and every sum runs in a fixed order, so
//! the same data, seed and epochs always give the same bytes.

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::tokens::{tokenize, Token};
use super::{best_label, features, Label, SpanKind, Tagger, LABELS};
use crate::lexicon::Lexicon;

/// One training text with its gold label per token and its label-free features.
pub struct Example {
    text: String,
    tokens: Vec<Token<'static>>,
    facts: features::Facts,
    gold: Vec<Label>,
    static_features: Vec<Vec<u32>>,
}

impl Example {
    /// Tokenises `text` and labels each token from the gold spans: the first token
    /// inside a span begins it, the following ones continue it.
    pub fn new(text: String, spans: &[(Range<usize>, SpanKind)], lex: &Lexicon) -> Example {
        // Owned, as the example keeps its text beside them.
        let tokens: Vec<Token<'static>> =
            tokenize(&text).into_iter().map(Token::into_owned).collect();
        let mut gold = vec![Label::Outside; tokens.len()];
        for (range, kind) in spans {
            let mut first = true;
            for (token, label) in tokens.iter().zip(gold.iter_mut()) {
                let inside = token.range.start >= range.start && token.range.end <= range.end;
                if !inside {
                    continue;
                }
                *label = match (kind, first) {
                    (SpanKind::Name, true) => Label::BeginName,
                    (SpanKind::Name, false) => Label::InName,
                    (SpanKind::Place, true) => Label::BeginPlace,
                    (SpanKind::Place, false) => Label::InPlace,
                };
                first = false;
            }
        }
        let facts = features::Facts::of(&text, &tokens, lex);
        let static_features = (0..tokens.len())
            .map(|i| {
                let mut out = Vec::new();
                features::static_features(&tokens, &facts, i, &mut out);
                out
            })
            .collect();
        Example {
            text,
            tokens,
            facts,
            gold,
            static_features,
        }
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// How many tokens it has.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether it has no tokens.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

/// A weight with what averaging needs: the running sum of its past values.
#[derive(Clone, Copy, Default)]
struct Averaged {
    weight: [f32; LABELS],
    total: [f64; LABELS],
    stamp: [u64; LABELS],
}

/// SplitMix64: a small, well-known generator, enough to shuffle reproducibly.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// What training reports after each epoch.
#[derive(Debug, Clone, Copy)]
pub struct EpochReport {
    /// 1-based epoch.
    pub epoch: usize,
    /// Share of tokens whose predicted label was wrong during the epoch.
    pub error_rate: f64,
}

/// Trains on `examples` for `epochs` passes, shuffling with `seed`; features whose
/// averaged weights all stay below `prune` in absolute value are dropped.
pub fn train(
    examples: &[Example],
    epochs: usize,
    seed: u64,
    prune: f32,
    mut report: impl FnMut(EpochReport),
) -> Tagger {
    let mut weights: FxHashMap<u32, Averaged> = FxHashMap::default();
    let mut rng = SplitMix(seed);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut now: u64 = 0;
    let mut feats = Vec::new();
    for epoch in 1..=epochs {
        rng.shuffle(&mut order);
        let (mut wrong, mut seen) = (0u64, 0u64);
        for &e in &order {
            let example = &examples[e];
            let mut predicted: Vec<Label> = Vec::with_capacity(example.len());
            for i in 0..example.len() {
                now += 1;
                let prev = predicted.last().copied().unwrap_or(Label::Outside);
                let prev2 = i.checked_sub(2).map_or(Label::Outside, |j| predicted[j]);
                feats.clear();
                feats.extend_from_slice(&example.static_features[i]);
                features::label_features(
                    &example.tokens,
                    &example.facts,
                    i,
                    prev,
                    prev2,
                    &mut feats,
                );
                let mut scores = [0f32; LABELS];
                for f in &feats {
                    if let Some(w) = weights.get(f) {
                        for (s, w) in scores.iter_mut().zip(w.weight) {
                            *s += w;
                        }
                    }
                }
                let (guess, _) = best_label(&scores, prev);
                let truth = example.gold[i];
                seen += 1;
                if guess != truth {
                    wrong += 1;
                    for f in &feats {
                        let w = weights.entry(*f).or_default();
                        for (label, delta) in [(truth, 1.0f32), (guess, -1.0)] {
                            let l = label.index();
                            w.total[l] += (now - w.stamp[l]) as f64 * f64::from(w.weight[l]);
                            w.stamp[l] = now;
                            w.weight[l] += delta;
                        }
                    }
                }
                predicted.push(guess);
            }
        }
        report(EpochReport {
            epoch,
            error_rate: wrong as f64 / seen.max(1) as f64,
        });
    }
    let mut averaged: FxHashMap<u32, [f32; LABELS]> = FxHashMap::default();
    for (key, w) in weights {
        let mut out = [0f32; LABELS];
        for (l, slot) in out.iter_mut().enumerate() {
            let total = w.total[l] + (now - w.stamp[l]) as f64 * f64::from(w.weight[l]);
            *slot = (total / now.max(1) as f64) as f32;
        }
        if out.iter().any(|x| x.abs() >= prune) {
            averaged.insert(key, out);
        }
    }
    Tagger {
        weights: averaged,
        entity_bias: super::ENTITY_BIAS,
    }
}

/// A tiny trained tagger for the tests of this module and its neighbours.
#[cfg(test)]
pub(crate) mod tests_support {
    use super::*;

    /// A tiny self-written set: names after "with", places after "in".
    pub(crate) fn toy_examples(lex: &Lexicon) -> Vec<Example> {
        let rows = [
            ("met with Orla today", "Orla", SpanKind::Name),
            ("met with Bram today", "Bram", SpanKind::Name),
            ("lives in Tolva now", "Tolva", SpanKind::Place),
            ("lives in Kessel now", "Kessel", SpanKind::Place),
            ("met with Ilse today", "Ilse", SpanKind::Name),
            ("lives in Murn now", "Murn", SpanKind::Place),
        ];
        rows.iter()
            .map(|(text, span, kind)| {
                let start = text.find(span).unwrap();
                Example::new(text.to_string(), &[(start..start + span.len(), *kind)], lex)
            })
            .collect()
    }

    /// A tagger trained on [`toy_examples`]: names after "with", places after "in".
    pub(crate) fn toy_tagger(lex: &Lexicon) -> Tagger {
        train(&toy_examples(lex), 10, 7, 0.0, |_| {})
    }
}

#[cfg(test)]
mod tests {
    use super::tests_support::toy_examples;
    use super::*;

    #[test]
    fn learns_context_and_is_deterministic() {
        let lex = Lexicon::empty();
        let examples = toy_examples(&lex);
        let a = train(&examples, 10, 7, 0.0, |_| {});
        let b = train(&examples, 10, 7, 0.0, |_| {});
        assert_eq!(a.to_bytes(), b.to_bytes());
        let found = a.tag("met with Zeno today, lives in Quarn now", &lex);
        let kinds: Vec<SpanKind> = found.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [SpanKind::Name, SpanKind::Place], "{found:?}");
        assert!(found.iter().all(|s| s.confidence > 0.5));
    }

    #[test]
    fn a_model_survives_its_file_format() {
        let lex = Lexicon::empty();
        let model = train(&toy_examples(&lex), 3, 1, 0.0, |_| {});
        let back = Tagger::from_bytes(&model.to_bytes()).unwrap();
        assert_eq!(back.to_bytes(), model.to_bytes());
        assert!(Tagger::from_bytes(b"CPTAGGER1\n\x05\0\0\0").is_err());
        assert!(Tagger::from_bytes(b"nonsense").is_err());
    }
}
