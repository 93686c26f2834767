//! The labelled development sets in `../shared/corpus/phi` and the one rule that
//! splits them, fixed before any tuning: a record whose id hashes into the held-out
//! fifth is only ever scored (never read while tuning rules, never trained on);
//! the other four fifths may be looked at and trained on.
//!
//! Every set is JSONL `{"id", "text", "spans": [{"start","end","label"}],
//! "ignore_spans"?}` with offsets in Unicode code points; [`Record::load`] converts
//! them to byte offsets, which is what the scanner reports.
//!
//! [`sets`] names the sets and loads them; [`score`] scores findings against them
//! (binary recall, precision, false findings per 1,000 words), for `phi-eval` and for
//! the floors test alike.

pub mod score;
pub mod sets;

use std::io::BufRead;
use std::path::Path;

use serde::Deserialize;
use sha2::{Digest, Sha256};

/// Which part of a development set a record belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// May be read, tuned on and trained on.
    Tune,
    /// Only ever scored.
    HeldOut,
}

/// The part a record id falls in: the first byte of SHA-256 of the id, modulo 5;
/// zero is held out (about a fifth of every set, independent of file order).
pub fn part_of(id: &str) -> Part {
    let digest = Sha256::digest(id.as_bytes());
    if digest[0] % 5 == 0 {
        Part::HeldOut
    } else {
        Part::Tune
    }
}

/// Whether a record is in the part a slow peer (Presidio) is run on when it cannot
/// take every record in reasonable time: every held-out record, plus the tune records
/// whose SHA-256 has a second byte below `tune_share_of_256` (a fixed subsample,
/// independent of file order). This does not change the split, only which tune
/// records a peer sees.
pub fn in_peer_sample(id: &str, tune_share_of_256: u16) -> bool {
    part_of(id) == Part::HeldOut || u16::from(Sha256::digest(id.as_bytes())[1]) < tune_share_of_256
}

/// A labelled span in byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The set's label (NAME, LOCATION, DATE, ID, ORG, OTHER...).
    pub label: String,
}

/// One record of a development set, offsets in bytes.
#[derive(Debug, Clone)]
pub struct Record {
    /// The record id (what [`part_of`] splits on).
    pub id: String,
    /// The text.
    pub text: String,
    /// Labelled spans.
    pub spans: Vec<Span>,
    /// Mentions the annotators judged safe to keep: findings there are neutral.
    pub ignore: Vec<Span>,
}

#[derive(Deserialize)]
struct RawSpan {
    start: usize,
    end: usize,
    #[serde(default)]
    label: String,
}

#[derive(Deserialize)]
struct RawRecord {
    id: String,
    text: String,
    #[serde(default)]
    spans: Vec<RawSpan>,
    #[serde(default)]
    ignore_spans: Vec<RawSpan>,
}

/// What can go wrong reading a development set.
#[derive(Debug, thiserror::Error)]
pub enum DevsetError {
    /// The file cannot be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A line is not a record, or a span lies outside its text.
    #[error("{path}:{line}: {why}")]
    Format {
        /// The file.
        path: String,
        /// 1-based line number.
        line: usize,
        /// What was wrong.
        why: String,
    },
}

impl Record {
    /// Reads every record of a JSONL set, converting code-point offsets to bytes.
    pub fn load(path: &Path) -> Result<Vec<Record>, DevsetError> {
        let shown = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|source| DevsetError::Io {
            path: shown.clone(),
            source,
        })?;
        let mut records = Vec::new();
        for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line.map_err(|source| DevsetError::Io {
                path: shown.clone(),
                source,
            })?;
            if line.trim().is_empty() {
                continue;
            }
            let format_error = |why: String| DevsetError::Format {
                path: shown.clone(),
                line: n + 1,
                why,
            };
            let raw: RawRecord =
                serde_json::from_str(&line).map_err(|e| format_error(e.to_string()))?;
            let bytes_at = char_to_byte_table(&raw.text);
            let convert = |spans: Vec<RawSpan>| -> Result<Vec<Span>, DevsetError> {
                spans
                    .into_iter()
                    .map(|s| match (bytes_at.get(s.start), bytes_at.get(s.end)) {
                        (Some(&start), Some(&end)) if start <= end => Ok(Span {
                            start,
                            end,
                            label: s.label,
                        }),
                        _ => Err(format_error(format!(
                            "span {}..{} lies outside the text",
                            s.start, s.end
                        ))),
                    })
                    .collect()
            };
            records.push(Record {
                spans: convert(raw.spans)?,
                ignore: convert(raw.ignore_spans)?,
                id: raw.id,
                text: raw.text,
            });
        }
        Ok(records)
    }

    /// The part this record is in.
    pub fn part(&self) -> Part {
        part_of(&self.id)
    }
}

/// Byte offset of every code point, plus the text length at the end.
fn char_to_byte_table(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_is_stable_and_about_a_fifth() {
        // Fixed ids must keep their part forever: the split is the contract.
        let held: usize = (0..5000)
            .filter(|i| part_of(&format!("rec-{i}")) == Part::HeldOut)
            .count();
        assert!((900..1100).contains(&held), "held out {held} of 5000");
        assert_eq!(part_of("rec-1"), part_of("rec-1"));
    }

    #[test]
    fn code_points_become_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("set.jsonl");
        std::fs::write(
            &path,
            "{\"id\":\"a\",\"text\":\"Café Zoë met Ann\",\"spans\":[{\"start\":13,\"end\":16,\"label\":\"NAME\"}]}\n",
        )
        .unwrap();
        let records = Record::load(&path).unwrap();
        let span = &records[0].spans[0];
        assert_eq!(&records[0].text[span.start..span.end], "Ann");
    }

    #[test]
    fn a_span_past_the_end_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("set.jsonl");
        std::fs::write(
            &path,
            "{\"id\":\"a\",\"text\":\"short\",\"spans\":[{\"start\":3,\"end\":40,\"label\":\"NAME\"}]}\n",
        )
        .unwrap();
        assert!(matches!(
            Record::load(&path),
            Err(DevsetError::Format { line: 1, .. })
        ));
    }
}
