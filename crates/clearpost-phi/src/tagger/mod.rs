//! A learned token tagger for person names and places: an averaged perceptron over
//! word shape, affixes, neighbouring words, the word lists and the labels before
//! (see [`features`]). Rules find what has a pattern (numbers, dates, addresses); the
//! tagger finds what only the company a word keeps reveals: "spoke with jenny",
//! "@ carlos", a foreign surname, a small town after "lives in".
//!
//! The model is trained by `scripts/train-phi-tagger` from the tune part of the
//! public development sets (see [`train`]), deterministically, and the file it writes
//! is checked against [`MODEL_SHA256`] when loaded: a model that is not the one
//! this code was built with is refused, never used.

use std::path::Path;

use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};

use crate::lexicon::Lexicon;
use crate::PhiError;

pub mod features;
pub mod paragraphs;
pub mod tokens;
pub mod train;

/// Where the model lives under the assets folder.
pub const MODEL_PATH: &str = "phi/tagger.bin";
/// SHA-256 of the model `scripts/train-phi-tagger` builds (it checks this too).
pub const MODEL_SHA256: &str = "eef10aaeb5bee58ca8e6ee938e3f8d558e3f7ee6db24bcbc0679c6788684084b";
/// First bytes of a model file.
const MAGIC: &[u8; 10] = b"CPTAGGER1\n";

/// A token's label: outside, or the beginning or inside of a name or a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Label {
    /// Not part of a name or place.
    Outside,
    /// First token of a person's name.
    BeginName,
    /// A later token of a person's name.
    InName,
    /// First token of a place.
    BeginPlace,
    /// A later token of a place.
    InPlace,
}

/// How many labels there are.
pub const LABELS: usize = 5;

impl Label {
    /// Every label, in weight-vector order.
    pub const ALL: [Label; LABELS] = [
        Label::Outside,
        Label::BeginName,
        Label::InName,
        Label::BeginPlace,
        Label::InPlace,
    ];

    /// Index into a weight vector.
    pub fn index(self) -> usize {
        self as usize
    }

    /// A short tag used in features.
    pub fn tag(self) -> &'static str {
        match self {
            Label::Outside => "O",
            Label::BeginName => "B-N",
            Label::InName => "I-N",
            Label::BeginPlace => "B-P",
            Label::InPlace => "I-P",
        }
    }

    /// Whether this label may follow `prev` (an inside label continues its own kind).
    pub fn may_follow(self, prev: Label) -> bool {
        match self {
            Label::InName => matches!(prev, Label::BeginName | Label::InName),
            Label::InPlace => matches!(prev, Label::BeginPlace | Label::InPlace),
            _ => true,
        }
    }
}

/// What a tagged span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanKind {
    /// A person's name.
    Name,
    /// A place.
    Place,
}

/// A span the tagger labelled, with how sure it is (mean label probability).
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedSpan {
    /// Byte range in the text.
    pub range: std::ops::Range<usize>,
    /// Name or place.
    pub kind: SpanKind,
    /// 0 to 1.
    pub confidence: f32,
}

/// The learned weights: one score per label for each feature id.
#[derive(Debug, Default, Clone)]
pub struct Tagger {
    weights: FxHashMap<u32, [f32; LABELS]>,
    entity_bias: f32,
}

/// Added to the score of every name and place label when tagging: a missed name
/// leaks, a false one costs a glance, so the tagger leans towards reporting.
/// Chosen on the validation fold of the tune part (`phi-train --validate --bias`).
pub const ENTITY_BIAS: f32 = 2.0;

impl Tagger {
    /// Loads the model from the assets folder `dir`, refusing a file whose SHA-256
    /// is not [`MODEL_SHA256`].
    pub fn load(dir: &Path) -> Result<Tagger, PhiError> {
        let path = dir.join(MODEL_PATH);
        let bytes = std::fs::read(&path).map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => PhiError::CorruptList {
                path: path.clone(),
                why: "the name and place model is missing: run scripts/train-phi-tagger"
                    .to_string(),
            },
            _ => PhiError::Io {
                path: path.clone(),
                source,
            },
        })?;
        let sum = hex_digest(&bytes);
        if sum != MODEL_SHA256 {
            return Err(PhiError::CorruptList {
                path,
                why: format!(
                    "the name and place model has checksum {sum}, expected {MODEL_SHA256}: \
                     run scripts/train-phi-tagger"
                ),
            });
        }
        Tagger::from_bytes(&bytes).map_err(|why| PhiError::CorruptList { path, why })
    }

    /// Reads a model file's bytes (no checksum check).
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, String> {
        let body = bytes
            .strip_prefix(MAGIC.as_slice())
            .ok_or("not a tagger model (wrong header)")?;
        let (count, mut rest) = body.split_at_checked(4).ok_or("truncated header")?;
        let count = u32::from_le_bytes(count.try_into().expect("4 bytes")) as usize;
        let record = 4 + 4 * LABELS;
        if rest.len() != count.checked_mul(record).ok_or("size overflow")? {
            return Err(format!(
                "expected {count} features ({} bytes), found {} bytes",
                count * record,
                rest.len()
            ));
        }
        let mut weights = FxHashMap::default();
        weights.reserve(count);
        while !rest.is_empty() {
            let (item, tail) = rest.split_at(record);
            let key = u32::from_le_bytes(item[..4].try_into().expect("4 bytes"));
            let mut w = [0f32; LABELS];
            for (l, chunk) in item[4..].chunks_exact(4).enumerate() {
                w[l] = f32::from_le_bytes(chunk.try_into().expect("4 bytes"));
            }
            weights.insert(key, w);
            rest = tail;
        }
        Ok(Tagger {
            weights,
            entity_bias: ENTITY_BIAS,
        })
    }

    /// The model file's bytes: features in key order, so equal weights give equal
    /// files (and checksums).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut keys: Vec<&u32> = self.weights.keys().collect();
        keys.sort_unstable();
        let mut out = MAGIC.to_vec();
        out.extend((keys.len() as u32).to_le_bytes());
        for key in keys {
            out.extend(key.to_le_bytes());
            for w in self.weights[key] {
                out.extend(w.to_le_bytes());
            }
        }
        out
    }

    /// The same model leaning more (or less) towards names and places.
    pub fn with_entity_bias(mut self, bias: f32) -> Tagger {
        self.entity_bias = bias;
        self
    }

    /// How many features have weights.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Whether the model is empty.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    fn scores(&self, features: &[u32]) -> [f32; LABELS] {
        let mut scores = [0f32; LABELS];
        for f in features {
            if let Some(w) = self.weights.get(f) {
                for (s, w) in scores.iter_mut().zip(w) {
                    *s += w;
                }
            }
        }
        scores
    }

    /// Labels every token, left to right (each label sees the two before it).
    /// `word_scores` holds the scores of the word-only features already worked out
    /// for this text (see [`WordScores`]).
    fn label_tokens<'t>(
        &self,
        text: &str,
        tokens: &'t [tokens::Token],
        lex: &Lexicon,
        word_scores: &mut WordScores<'t>,
    ) -> Vec<(Label, f32)> {
        let mut out: Vec<(Label, f32)> = Vec::with_capacity(tokens.len());
        let facts = features::Facts::of(text, tokens, lex);
        let mut feats = Vec::new();
        for i in 0..tokens.len() {
            let prev = out.last().map_or(Label::Outside, |l| l.0);
            let prev2 = out
                .len()
                .checked_sub(2)
                .map_or(Label::Outside, |j| out[j].0);
            let word = *word_scores
                .0
                .entry((&*tokens[i].lower, facts.shape(i)))
                .or_insert_with(|| {
                    feats.clear();
                    features::word_features(tokens, &facts, i, &mut feats);
                    self.scores(&feats)
                });
            feats.clear();
            features::context_features(tokens, &facts, i, &mut feats);
            features::label_features(tokens, &facts, i, prev, prev2, &mut feats);
            let mut scores = self.scores(&feats);
            for (s, w) in scores.iter_mut().zip(word) {
                *s += w;
            }
            for s in &mut scores[1..] {
                *s += self.entity_bias;
            }
            out.push(best_label(&scores, prev));
        }
        out
    }

    /// The names and places in `text`.
    pub fn tag(&self, text: &str, lex: &Lexicon) -> Vec<TaggedSpan> {
        let tokens = tokens::tokenize(text);
        self.tag_tokens(text, &tokens, lex, &mut WordScores::default())
    }

    /// The names and places in `text`, already tokenised, sharing `word_scores`
    /// with the other texts of the same scan.
    pub(crate) fn tag_tokens<'t>(
        &self,
        text: &str,
        tokens: &'t [tokens::Token],
        lex: &Lexicon,
        word_scores: &mut WordScores<'t>,
    ) -> Vec<TaggedSpan> {
        if self.weights.is_empty() {
            return Vec::new();
        }
        let labels = self.label_tokens(text, tokens, lex, word_scores);
        let mut spans = spans_of(tokens, &labels);
        for span in &mut spans {
            trim_common_tail(text, tokens, span, lex);
        }
        spans
    }
}

/// The scores of a word's own features (word, affixes, shape, list entries) by
/// word and shape: the same wherever the word stands, so worked out once per scan
/// ("the" comes back hundreds of times).
#[derive(Default)]
pub(crate) struct WordScores<'t>(FxHashMap<(&'t str, &'static str), [f32; LABELS]>);

/// The best label allowed after `prev`, with its softmax probability.
fn best_label(scores: &[f32; LABELS], prev: Label) -> (Label, f32) {
    let allowed = |l: &Label| l.may_follow(prev);
    let best = Label::ALL
        .into_iter()
        .filter(allowed)
        .max_by(|a, b| scores[a.index()].total_cmp(&scores[b.index()]))
        .unwrap_or(Label::Outside);
    let max = scores[best.index()];
    let total: f32 = Label::ALL
        .into_iter()
        .filter(allowed)
        .map(|l| (scores[l.index()] - max).exp())
        .sum();
    (best, 1.0 / total)
}

/// Joins labelled tokens into spans; a span's confidence is the mean probability of
/// its tokens' labels.
fn spans_of(tokens: &[tokens::Token], labels: &[(Label, f32)]) -> Vec<TaggedSpan> {
    let mut spans: Vec<TaggedSpan> = Vec::new();
    let mut count = 0f32;
    for (token, &(label, p)) in tokens.iter().zip(labels) {
        let kind = match label {
            Label::Outside => continue,
            Label::BeginName | Label::InName => SpanKind::Name,
            Label::BeginPlace | Label::InPlace => SpanKind::Place,
        };
        let continues = matches!(label, Label::InName | Label::InPlace);
        match spans.last_mut() {
            Some(last) if continues => {
                last.range.end = token.range.end;
                last.confidence += p;
                count += 1.0;
            }
            _ => {
                if let Some(last) = spans.last_mut() {
                    last.confidence /= count.max(1.0);
                }
                spans.push(TaggedSpan {
                    range: token.range.clone(),
                    kind,
                    confidence: p,
                });
                count = 1.0;
            }
        }
    }
    if let Some(last) = spans.last_mut() {
        last.confidence /= count.max(1.0);
    }
    spans
}

/// Drops lower-case everyday words from the end of a span ("Dunwoody after
/// college" is a place followed by two ordinary words): names and places end on a
/// capitalised or rare word.
fn trim_common_tail(text: &str, tokens: &[tokens::Token], span: &mut TaggedSpan, lex: &Lexicon) {
    let inside: Vec<&tokens::Token> = tokens
        .iter()
        .filter(|t| t.range.start >= span.range.start && t.range.end <= span.range.end)
        .collect();
    let keep = inside
        .iter()
        .rposition(|t| {
            let word = &text[t.range.clone()];
            let everyday = word.chars().all(char::is_lowercase) && lex.zipf(&t.lower) >= 4.0;
            !everyday
        })
        .unwrap_or(0);
    if let Some(last) = inside.get(keep) {
        span.range.end = last.range.end;
    }
}

fn hex_digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
