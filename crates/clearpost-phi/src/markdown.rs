//! Markdown awareness without losing offsets: the source is turned into a *mask*, a
//! string of exactly the same length in which every byte of Markdown syntax is
//! replaced by a space and every byte of content (paragraph and heading text, list
//! items, table cells, link text and URLs, image alt text and titles, inline code,
//! code blocks, raw HTML, front matter) is kept. Recognisers run on the mask, so a
//! finding's offsets are offsets into the original source, and syntax (`**`, `](`,
//! `|`) can never be part of a finding.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};

/// The source with Markdown syntax blanked out, byte for byte the same length.
pub fn mask_markdown(source: &str) -> String {
    let mut keep: Vec<Range<usize>> = Vec::new();
    let parser = Parser::new_ext(source, parser_options());
    for (_, def) in parser.reference_definitions().iter() {
        let span = def.span.clone();
        keep_needle(source, &span, &def.dest, &mut keep);
        if let Some(title) = &def.title {
            keep_needle(source, &span, title, &mut keep);
        }
    }
    for (event, range) in parser.into_offset_iter() {
        match event {
            // An inline code span's range includes its backticks.
            Event::Code(_) => keep.push(trim_range(source, range, '`')),
            Event::Text(_)
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::FootnoteReference(_) => keep.push(range),
            Event::Start(Tag::Link {
                dest_url, title, ..
            })
            | Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                // The URL and title sit after the link text: search from the end of
                // the link's source so link text equal to its URL maps to the URL.
                keep_needle(source, &range, &dest_url, &mut keep);
                keep_needle(source, &range, &title, &mut keep);
            }
            _ => {}
        }
    }
    build_mask(source, &keep)
}

fn trim_range(source: &str, range: Range<usize>, delimiter: char) -> Range<usize> {
    let Some(slice) = source.get(range.clone()) else {
        return range;
    };
    let start = range.start + (slice.len() - slice.trim_start_matches(delimiter).len());
    let end = range.end - (slice.len() - slice.trim_end_matches(delimiter).len());
    if start <= end {
        start..end
    } else {
        range
    }
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
}

/// Keeps the last occurrence of `needle` inside `within` (URLs and titles are written
/// literally in the source unless they contain escapes, which are rare; an escaped
/// URL is then simply not kept, and the link text is still scanned).
fn keep_needle(source: &str, within: &Range<usize>, needle: &str, keep: &mut Vec<Range<usize>>) {
    if needle.is_empty() {
        return;
    }
    let Some(hay) = source.get(within.clone()) else {
        return;
    };
    if let Some(pos) = hay.rfind(needle) {
        let start = within.start + pos;
        keep.push(start..start + needle.len());
    }
}

fn build_mask(source: &str, keep: &[Range<usize>]) -> String {
    let src = source.as_bytes();
    let mut mask: Vec<u8> = src
        .iter()
        .map(|&b| if b == b'\n' || b == b'\r' { b } else { b' ' })
        .collect();
    for range in keep {
        let end = range.end.min(src.len());
        if range.start < end {
            mask[range.start..end].copy_from_slice(&src[range.start..end]);
        }
    }
    // Ranges come from the parser on char boundaries, and every blanked byte became
    // an ASCII space, so the result is valid UTF-8; fall back to the source (scanning
    // syntax too) rather than panic if that ever stops being true.
    String::from_utf8(mask).unwrap_or_else(|_| source.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mask_keeps_length_and_content_and_blanks_syntax() {
        let src = "# Title\n\n**Jane** [see](https://x.org/a \"Tip\") ![alt](p.png)\n";
        let mask = mask_markdown(src);
        assert_eq!(mask.len(), src.len());
        assert_eq!(&mask[2..7], "Title");
        assert!(!mask.contains('#') && !mask.contains('*') && !mask.contains('['));
        assert!(mask.contains("Jane"));
        assert!(mask.contains("https://x.org/a"));
        assert!(mask.contains("Tip") && mask.contains("alt") && mask.contains("p.png"));
        assert!(!mask.contains('('));
    }

    #[test]
    fn table_cells_code_and_front_matter_are_kept() {
        let src = "---\nauthor: Mary Major\n---\n\n| a | b |\n|---|---|\n| x | Room 12 |\n\n`code 1`\n\n```\nblock\n```\n";
        let mask = mask_markdown(src);
        assert_eq!(mask.len(), src.len());
        assert!(mask.contains("author: Mary Major"), "{mask:?}");
        assert!(mask.contains("Room 12"));
        assert!(mask.contains("code 1"));
        assert!(mask.contains("block"));
        assert!(!mask.contains('|') && !mask.contains('`'), "{mask:?}");
    }

    #[test]
    fn reference_definitions_keep_their_url() {
        let src = "See [the page][p].\n\n[p]: https://example.org/patients/7 \"Jo\"\n";
        let mask = mask_markdown(src);
        assert!(mask.contains("https://example.org/patients/7"), "{mask:?}");
        assert!(!mask.contains("[p]"));
    }
}
