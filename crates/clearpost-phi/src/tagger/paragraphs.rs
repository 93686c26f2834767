//! Tagging a text paragraph by paragraph, remembering each paragraph's spans:
//! typing changes one paragraph, so a rescan of a long draft tags only that one
//! again. A paragraph ends at a blank line; the tagger reads two words either side
//! and its training texts are single posts and paragraphs, so nothing it uses
//! crosses a blank line in practice.

use std::sync::Mutex;

use rustc_hash::FxHashMap;

use super::tokens::{tokenize, Token};
use super::{TaggedSpan, Tagger, WordScores};
use crate::lexicon::Lexicon;

/// Paragraphs remembered at most; past it the memory starts again (a draft has
/// tens of paragraphs, a scan of a whole development set thousands).
const REMEMBERED: usize = 4_096;

/// The tagger's spans of recently seen paragraphs, by their exact text.
#[derive(Default)]
pub struct ParagraphMemory {
    spans: Mutex<FxHashMap<String, Vec<TaggedSpan>>>,
}

impl ParagraphMemory {
    /// The spans of `text`, tagged paragraph by paragraph (offsets into `text`).
    pub fn tag(&self, tagger: &Tagger, text: &str, lex: &Lexicon) -> Vec<TaggedSpan> {
        let found: Vec<(usize, &str, Option<Vec<TaggedSpan>>)> = {
            let memory = self.lock();
            paragraphs(text)
                .into_iter()
                .map(|(start, paragraph)| (start, paragraph, memory.get(paragraph).cloned()))
                .collect()
        };
        // The new paragraphs share one table of word scores, as one text would.
        let tokens: Vec<Vec<Token>> = found
            .iter()
            .map(|(_, paragraph, known)| match known {
                Some(_) => Vec::new(),
                None => tokenize(paragraph),
            })
            .collect();
        let mut word_scores = WordScores::default();
        let mut out = Vec::new();
        for ((start, paragraph, known), tokens) in found.into_iter().zip(&tokens) {
            let spans = known.unwrap_or_else(|| {
                let spans = tagger.tag_tokens(paragraph, tokens, lex, &mut word_scores);
                let mut memory = self.lock();
                if memory.len() >= REMEMBERED {
                    memory.clear();
                }
                memory.insert(paragraph.to_string(), spans.clone());
                spans
            });
            out.extend(spans.into_iter().map(|mut span| {
                span.range = span.range.start + start..span.range.end + start;
                span
            }));
        }
        out
    }

    /// The memory, even if a thread panicked while holding it (it holds only
    /// finished results).
    fn lock(&self) -> std::sync::MutexGuard<'_, FxHashMap<String, Vec<TaggedSpan>>> {
        self.spans
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The paragraphs of `text` with their byte offsets: runs of lines that are not
/// blank, from the first to the last non-blank line.
fn paragraphs(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        match (blank, start) {
            (false, None) => start = Some(at),
            (true, Some(s)) => {
                out.push((s, &text[s..end]));
                start = None;
            }
            _ => {}
        }
        if !blank {
            end = at + line.trim_end_matches(['\n', '\r']).len();
        }
        at += line.len();
    }
    if let Some(s) = start {
        out.push((s, &text[s..end]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_end_at_blank_lines() {
        let text = "one\ntwo\n\n  \nthree\r\n\nfour";
        let found: Vec<(usize, &str)> = paragraphs(text);
        assert_eq!(found, [(0, "one\ntwo"), (12, "three"), (20, "four")]);
        for (start, p) in found {
            assert_eq!(&text[start..start + p.len()], p);
        }
        assert!(paragraphs("\n\n  \n").is_empty());
        assert_eq!(paragraphs("solo"), [(0, "solo")]);
    }

    #[test]
    fn remembered_paragraphs_give_the_same_spans_at_their_new_place() {
        let lex = Lexicon::empty();
        let tagger = super::super::train::tests_support::toy_tagger(&lex);
        let memory = ParagraphMemory::default();
        let first = "met with Zeno today\n\nlives in Quarn now";
        let spans = memory.tag(&tagger, first, &lex);
        assert_eq!(spans, tagger_spans_by_paragraph(&tagger, first, &lex));
        // An edit in the first paragraph moves the second; its remembered spans follow.
        let edited = "we met with Zeno today\n\nlives in Quarn now";
        let again = memory.tag(&tagger, edited, &lex);
        assert_eq!(again, tagger_spans_by_paragraph(&tagger, edited, &lex));
        assert!(
            again.iter().any(|s| &edited[s.range.clone()] == "Quarn"),
            "{again:?}"
        );
    }

    fn tagger_spans_by_paragraph(tagger: &Tagger, text: &str, lex: &Lexicon) -> Vec<TaggedSpan> {
        paragraphs(text)
            .into_iter()
            .flat_map(|(start, p)| {
                tagger.tag(p, lex).into_iter().map(move |mut s| {
                    s.range = s.range.start + start..s.range.end + start;
                    s
                })
            })
            .collect()
    }
}
