//! Trains the name and place tagger on the TUNE part of the development sets (never
//! on the held-out part, which only `phi-eval` scores) and writes the model file.
//!
//! Usage: phi-train [--shared DIR] [--out FILE] [--epochs N] [--seed N] [--lower PCT]
//!        [--upper PCT] [--validate [--bias B,...]]
//!
//! `--validate` trains on four fifths of the tune part and prints name and place
//! recall and precision (span overlap) on the remaining fifth of the tune part: the
//! way to compare settings without ever scoring on the held-out part, per set.
//! `--lower`/`--upper`: the percent of tune records also learned from in lower /
//! upper case (pinned: 20 and 0).
//!
//! What it learns from: NAME spans as names; LOCATION and ADDRESS spans that are
//! Safe Harbor identifiers (below state level) as places; everything else,
//! countries and states included, as outside. `scripts/train-phi-tagger` runs this
//! with the pinned settings and checks the checksum of what it writes.

use std::path::PathBuf;

use clearpost_phi::devset::score::{classify, GoldKind};
use clearpost_phi::devset::sets::{default_dir, DevSet};
use clearpost_phi::devset::Part;
use clearpost_phi::tagger::train::{train, Example};
use clearpost_phi::tagger::SpanKind;
use clearpost_phi::Lexicon;

/// The binary's error: a message for the terminal.
type Fail = Box<dyn std::error::Error>;

/// A validation example with its set's name and its gold names and places.
type Check = (
    &'static str,
    Example,
    Vec<(std::ops::Range<usize>, SpanKind)>,
);

/// Pinned training settings: changing one changes the model's checksum.
const EPOCHS: usize = 8;
const SEED: u64 = 20_261_201;
const PRUNE: f32 = 0.01;
/// Percent of tune records also learned from in lower case, and in upper case:
/// posts and notes are not always capitalised, and the sets mostly are.
const LOWER_PERCENT: u8 = 20;
const UPPER_PERCENT: u8 = 0;

fn main() -> Result<(), Fail> {
    let mut shared = default_dir();
    let mut out = clearpost_assets::assets_dir().join(clearpost_phi::tagger::MODEL_PATH);
    let mut epochs = EPOCHS;
    let mut seed = SEED;
    let mut validate = false;
    let mut lower_percent = LOWER_PERCENT;
    let mut upper_percent = UPPER_PERCENT;
    let mut biases: Vec<f32> = vec![clearpost_phi::tagger::ENTITY_BIAS];
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--shared" => shared = PathBuf::from(value()?),
            "--out" => out = PathBuf::from(value()?),
            "--epochs" => epochs = value()?.parse()?,
            "--seed" => seed = value()?.parse()?,
            "--validate" => validate = true,
            "--lower" => lower_percent = value()?.parse()?,
            "--upper" => upper_percent = value()?.parse()?,
            "--bias" => {
                biases = value()?
                    .split(',')
                    .map(str::parse)
                    .collect::<Result<_, _>>()?
            }
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let lexicon = Lexicon::load(&clearpost_assets::assets_dir())?;
    let sets = DevSet::load_all(&shared)?;
    let mut examples = Vec::new();
    let mut checks: Vec<Check> = Vec::new();
    // Text without labels (health education) is all "outside": it is where the
    // tagger learns that disease eponyms, drugs and organisms are not people.
    for set in &sets {
        let before = examples.len();
        for (_, record) in set.part(Part::Tune) {
            let spans: Vec<_> = record
                .spans
                .iter()
                .filter_map(|s| {
                    let text = record.text.get(s.start..s.end)?;
                    let (_, kind) = classify(&s.label, text);
                    let tagged = match s.label.as_str() {
                        "NAME" => SpanKind::Name,
                        "LOCATION" | "ADDRESS" => SpanKind::Place,
                        _ => return None,
                    };
                    (kind == GoldKind::Scored).then_some((s.start..s.end, tagged))
                })
                .collect();
            if validate && in_validation_fold(&record.id) {
                let example = Example::new(record.text.clone(), &spans, &lexicon);
                checks.push((set.spec.name, example, spans));
            } else {
                examples.push(Example::new(record.text.clone(), &spans, &lexicon));
                // ASCII case changes keep every byte offset, so the spans still fit.
                let draw = id_byte(&record.id, 2) % 100;
                if draw < lower_percent {
                    let text = record.text.to_ascii_lowercase();
                    examples.push(Example::new(text, &spans, &lexicon));
                } else if draw >= 100 - upper_percent.min(100) {
                    let text = record.text.to_ascii_uppercase();
                    examples.push(Example::new(text, &spans, &lexicon));
                }
            }
        }
        eprintln!(
            "phi-train: {} tune records from {}",
            examples.len() - before,
            set.spec.name
        );
    }
    let tokens: usize = examples.iter().map(Example::len).sum();
    eprintln!(
        "phi-train: {} records, {tokens} tokens, {epochs} epochs, seed {seed}",
        examples.len()
    );
    let model = train(&examples, epochs, seed, PRUNE, |r| {
        eprintln!("  epoch {}: token error rate {:.4}", r.epoch, r.error_rate);
    });
    if validate {
        for bias in biases {
            print!("bias {bias}: ");
            report_validation(&model.clone().with_entity_bias(bias), &checks, &lexicon);
        }
        return Ok(());
    }
    let bytes = model.to_bytes();
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // scripts/train-phi-tagger writes to a temporary name and checks the checksum
    // before moving the file into place; the scanner checks it again on load.
    std::fs::write(&out, &bytes)?;
    eprintln!(
        "phi-train: {} features, {} bytes -> {}",
        model.len(),
        bytes.len(),
        out.display()
    );
    Ok(())
}

/// The validation fold inside the tune part: the second byte of SHA-256 of the id,
/// modulo 5, is zero (independent of the held-out rule, which uses the first byte).
fn in_validation_fold(id: &str) -> bool {
    id_byte(id, 1).is_multiple_of(5)
}

/// Byte `n` of SHA-256 of a record id: fixed draws that need no generator.
fn id_byte(id: &str, n: usize) -> u8 {
    use sha2::{Digest, Sha256};
    Sha256::digest(id.as_bytes())[n]
}

/// Span-overlap recall and precision of names and places on the validation fold,
/// per set and over all of them.
fn report_validation(model: &clearpost_phi::tagger::Tagger, checks: &[Check], lexicon: &Lexicon) {
    let mut names: Vec<&str> = checks.iter().map(|(set, _, _)| *set).collect();
    names.dedup();
    let line = |label: &str, rows: &mut dyn Iterator<Item = &Check>| {
        let (mut gold, mut found, mut predicted, mut right) = (0usize, 0usize, 0usize, 0usize);
        for (_, example, spans) in rows {
            let tagged = model.tag(example.text(), lexicon);
            let overlaps = |a: &std::ops::Range<usize>, b: &std::ops::Range<usize>| {
                a.start < b.end && b.start < a.end
            };
            gold += spans.len();
            found += spans
                .iter()
                .filter(|(g, _)| tagged.iter().any(|t| overlaps(&t.range, g)))
                .count();
            predicted += tagged.len();
            right += tagged
                .iter()
                .filter(|t| spans.iter().any(|(g, _)| overlaps(&t.range, g)))
                .count();
        }
        println!(
            "  {label:<15} recall {:.3} ({found}/{gold}), precision {:.3} ({right}/{predicted})",
            found as f64 / gold.max(1) as f64,
            right as f64 / predicted.max(1) as f64
        );
    };
    println!("validation fold: {} records", checks.len());
    for name in names {
        line(name, &mut checks.iter().filter(|(set, _, _)| *set == name));
    }
    line("all", &mut checks.iter());
}
