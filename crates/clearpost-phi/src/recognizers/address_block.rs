//! A postal address is a block, not a phrase: the street line found by a pattern is
//! usually followed by the house number before it, the flat or suite after it, and
//! then lines for the town, region, postcode and country ("31870 Haapatie 14 Apt. 207
//! / KUHMOINEN / 17800"). Towns too small for any gazetteer and postcodes of any
//! country are only recognisable by sitting in that block, so this step extends every
//! street, unit or PO-box finding over the rest of its address: the numbers just
//! before it on its line, the short remainder of its line, and the short lines that
//! follow it.

use super::Candidate;
use crate::finding::Category;
use crate::lexicon::Lexicon;

/// At most this many lines after the street line belong to one address.
const MAX_FOLLOWING_LINES: usize = 4;
/// An address line (or the rest of the street line) is short.
const MAX_LINE_CHARS: usize = 48;
const MAX_LINE_WORDS: usize = 6;
/// A word this frequent in English ("Thanks", "Regards", "Beach") makes a line of
/// capitalised words prose or a sign-off rather than a town, unless a postcode or
/// country line follows it.
const COMMON_WORD_ZIPF: f32 = 3.6;

/// Characters that quote or indent a line ("> ", "| ", "- ") and are not part of it.
fn is_line_prefix(c: char) -> bool {
    matches!(c, ' ' | '\t' | '>' | '|' | '-' | '*' | '?' | '\u{a0}')
}

fn is_anchor(c: &Candidate) -> bool {
    c.category == Category::GeographicSubdivision && c.suggestion == "[address]"
}

/// Extra candidates that cover the rest of each address around an address finding.
pub fn extend(text: &str, found: &[Candidate], lex: &Lexicon) -> Vec<Candidate> {
    let mut anchors: Vec<&Candidate> = found.iter().filter(|c| is_anchor(c)).collect();
    anchors.sort_by_key(|c| c.range.start);
    let mut out = Vec::new();
    let mut covered_until = 0;
    for anchor in anchors {
        if anchor.range.end <= covered_until {
            continue;
        }
        let confidence = anchor.confidence.min(0.8);
        let push = |start: usize, end: usize, out: &mut Vec<Candidate>| {
            if start < end {
                out.push(Candidate {
                    range: start..end,
                    category: Category::GeographicSubdivision,
                    confidence,
                    reason: "part of a postal address (town, postcode or house number)".to_string(),
                    suggestion: "[address]".to_string(),
                });
            }
        };
        let (start, end) = (anchor.range.start, anchor.range.end);
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
        let lead = leading_numbers(text, line_start, start);
        let lower_case = !text[line_start..line_end].chars().any(char::is_uppercase);
        let (tail_start, tail_end) = same_line_tail(text, end, line_end, lower_case, lex);
        // The street line as one finding (it overlaps the street finding and, being
        // longer at the same confidence, replaces it), or the place after a comma
        // separately.
        let line_end_of_finding = if tail_start == end { tail_end } else { end };
        {
            // As sure as the surest address finding it covers, so that it replaces
            // them all rather than losing to one of them (a street pattern that
            // left out the house number must not win over the whole line).
            let mut range = lead..line_end_of_finding;
            let overlapping: Vec<&Candidate> = found
                .iter()
                .filter(|c| is_anchor(c) && c.range.start < range.end && range.start < c.range.end)
                .collect();
            for c in &overlapping {
                range = range.start.min(c.range.start)..range.end.max(c.range.end);
            }
            let confidence = overlapping
                .iter()
                .map(|c| c.confidence)
                .fold(anchor.confidence, f32::max);
            out.push(Candidate {
                range,
                confidence,
                ..anchor.clone()
            });
        }
        if tail_start != end {
            push(tail_start, tail_end, &mut out);
        }
        covered_until = tail_end;
        if tail_start != end || tail_end < trim_end_index(text, end, line_end) {
            continue; // the address ends inside its line
        }
        for range in following_lines(text, line_end, lower_case, lex) {
            covered_until = range.end;
            push(range.start, range.end, &mut out);
        }
    }
    out
}

/// Where `text[from..to]` ends once trailing whitespace is dropped.
fn trim_end_index(text: &str, from: usize, to: usize) -> usize {
    from + text[from..to].trim_end().len()
}

/// The start of the house numbers (and unit) written just before the street on its
/// line ("31870 Haapatie 14", "Apt. 118 47120 Birkevej 9").
fn leading_numbers(text: &str, line_start: usize, start: usize) -> usize {
    let mut begin = start;
    loop {
        let before = text[line_start..begin].trim_end_matches([' ', '\t']);
        let word_start = before.rfind([' ', '\t']).map_or(0, |i| i + 1);
        let word = &before[word_start..];
        let numeric = !word.is_empty()
            && word.len() <= 7
            && word.chars().next().is_some_and(|c| c.is_ascii_digit())
            && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !numeric || begin == line_start + word_start {
            return begin;
        }
        begin = line_start + word_start;
    }
}

/// The part of the street's own line after the street that still belongs to the
/// address (empty when none does): the whole remainder when it is
/// short and reads like an address ("Suite 412", ", KOKKOLA", " st."); otherwise
/// the capitalised place name right after a comma ("…184, ΠΑΦΟΣ and then…").
fn same_line_tail(
    text: &str,
    end: usize,
    line_end: usize,
    lower_case: bool,
    lex: &Lexicon,
) -> (usize, usize) {
    let rest = &text[end..line_end];
    let trimmed = rest.trim_end();
    if trimmed.trim().is_empty() {
        return (end, end);
    }
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    let sentence_break = trimmed.contains(['!', '?', ':', '"', '“', ';'])
        || trimmed
            .match_indices(". ")
            .any(|(i, _)| trimmed[i + 2..].starts_with(char::is_uppercase));
    let prose = words.iter().any(|w| is_prose_word(w, lower_case, lex));
    if trimmed.chars().count() <= MAX_LINE_CHARS
        && words.len() <= MAX_LINE_WORDS
        && !sentence_break
        && !prose
    {
        return (end, end + trimmed.len());
    }
    // A place name after a comma: capitalised words, at most three.
    let Some(after_comma) = rest.strip_prefix(',') else {
        return (end, end);
    };
    let mut pos = end + 1;
    let mut taken = 0;
    let mut first = None;
    let mut last = end;
    for word in after_comma.split(' ') {
        if word.is_empty() {
            pos += 1;
            continue;
        }
        let clean = word.trim_end_matches([',', '.']);
        if taken == 3 || !clean.starts_with(char::is_uppercase) {
            break;
        }
        taken += 1;
        first.get_or_insert(pos);
        last = pos + clean.len();
        pos += word.len() + 1;
        if clean.len() != word.len() {
            break;
        }
    }
    (first.unwrap_or(end), last)
}

/// A lower-case word that means prose follows: a frequent English word ("and",
/// "was"), or in capitalised text any lower-case word longer than a particle
/// ("which", "near"). Address words ("st", "apt", "de") are not.
fn is_prose_word(word: &str, lower_case: bool, lex: &Lexicon) -> bool {
    let clean = word.trim_matches(|c: char| !c.is_alphanumeric());
    if clean.is_empty() || !clean.chars().all(|c| c.is_lowercase()) {
        return false;
    }
    const ADDRESS_WORDS: &[&str] = &[
        "st", "street", "apt", "suite", "unit", "floor", "fl", "box", "road", "rd", "ave",
        "avenue", "lane", "de", "do", "da", "del", "la", "le", "nad", "na", "van", "von", "am",
        "an", "der", "di", "dos", "das", "du", "ul", "u",
    ];
    !ADDRESS_WORDS.contains(&clean)
        && (lex.zipf(clean) >= 4.5 || (!lower_case && clean.chars().count() > 3))
}

/// The content ranges of the short address lines after the street line.
fn following_lines(
    text: &str,
    street_line_end: usize,
    lower_case: bool,
    lex: &Lexicon,
) -> Vec<std::ops::Range<usize>> {
    let lines = next_lines(text, street_line_end, MAX_FOLLOWING_LINES + 2);
    let mut out = Vec::new();
    for (index, range) in lines.iter().enumerate() {
        if out.len() == MAX_FOLLOWING_LINES {
            break;
        }
        let line = &text[range.clone()];
        let Some(shape) = line_shape(line, lower_case, lex) else {
            break;
        };
        let accepted = match shape {
            LineShape::Postal => true,
            // A town or region line counts when it reads like a place, or when the
            // postcode or country line that closes the address comes right after it.
            LineShape::Place { common_words } => {
                common_words == 0
                    || lex.is_city(&line.to_lowercase())
                    || lines.get(index + 1).is_some_and(|next| {
                        matches!(
                            line_shape(&text[next.clone()], lower_case, lex),
                            Some(LineShape::Postal)
                        )
                    })
            }
        };
        if !accepted {
            break;
        }
        out.push(range.clone());
    }
    out
}

enum LineShape {
    /// Short, with a number: a postcode, unit or "Country 12345" line.
    Postal,
    /// Short, capitalised words only (or lower-case words in lower-case text).
    Place { common_words: usize },
}

/// What a short line after a street line looks like, or `None` when it is not part
/// of an address (too long, punctuation of prose, a phone number, an email).
fn line_shape(line: &str, lower_case: bool, lex: &Lexicon) -> Option<LineShape> {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.is_empty()
        || words.len() > MAX_LINE_WORDS
        || line.chars().count() > MAX_LINE_CHARS
        || line.contains(['@', ':', '!', '?', '"', '“', ';', '='])
    {
        return None;
    }
    let digits = line.chars().filter(char::is_ascii_digit).count();
    if digits >= 7 {
        return None; // a phone or account number, found by its own recogniser
    }
    if digits > 0 {
        return Some(LineShape::Postal);
    }
    let mut common_words = 0;
    for word in &words {
        let clean = word.trim_matches(|c: char| !c.is_alphanumeric());
        let Some(first) = clean.chars().next() else {
            continue;
        };
        if !first.is_uppercase() && !lower_case && !is_particle(clean) && clean.len() > 3 {
            return None;
        }
        if lex.zipf(&clean.to_lowercase()) >= COMMON_WORD_ZIPF {
            common_words += 1;
        }
    }
    Some(LineShape::Place { common_words })
}

fn is_particle(word: &str) -> bool {
    matches!(
        word,
        "de" | "do"
            | "da"
            | "del"
            | "la"
            | "le"
            | "nad"
            | "na"
            | "van"
            | "von"
            | "am"
            | "an"
            | "der"
            | "di"
            | "dos"
            | "das"
            | "du"
            | "sur"
            | "im"
            | "bei"
    )
}

/// Up to `max` non-blank lines after the line ending at `from` (at most one blank
/// line may separate them), as content ranges without the quote prefix.
fn next_lines(text: &str, from: usize, max: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut pos = from;
    let mut blanks = 0;
    while out.len() < max && pos < text.len() {
        let start = pos + 1; // past the '\n'
        if start > text.len() {
            break;
        }
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = &text[start..end];
        let content = line.trim_start_matches(is_line_prefix).trim_end();
        if content.is_empty() {
            blanks += 1;
            if blanks > 1 {
                break;
            }
        } else {
            blanks = 0;
            let offset = start + (line.len() - line.trim_start_matches(is_line_prefix).len());
            out.push(offset..offset + content.len());
        }
        pos = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor(text: &str, part: &str) -> Candidate {
        let start = text.find(part).unwrap();
        Candidate {
            range: start..start + part.len(),
            category: Category::GeographicSubdivision,
            confidence: 0.75,
            reason: String::new(),
            suggestion: "[address]".to_string(),
        }
    }

    /// What the extension adds, as text (the street line as a whole when it grew).
    fn covered(text: &str, street: &str) -> Vec<String> {
        let lex = Lexicon::empty();
        extend(text, &[anchor(text, street)], &lex)
            .into_iter()
            .map(|c| text[c.range].to_string())
            .filter(|part| part != street)
            .collect()
    }

    #[test]
    fn a_multi_line_address_is_covered_to_its_postcode() {
        let text = "Send it to:\n> 17 Kestrel Mews\n> Flat 2\n> Little Snoring\n>\n> NR21 0AX\n\nThanks for everything, see you soon";
        let parts = covered(text, "17 Kestrel Mews");
        assert_eq!(parts, vec!["Flat 2", "Little Snoring", "NR21 0AX"]);
    }

    #[test]
    fn house_numbers_before_and_the_town_after_on_one_line() {
        let text = "Ship to 4711 Lindenweg 12, Kleinwalsertal and call first.";
        let parts = covered(text, "Lindenweg 12");
        assert_eq!(parts, vec!["4711 Lindenweg 12", "Kleinwalsertal"]);
    }

    #[test]
    fn the_street_line_is_as_sure_as_its_surest_part() {
        let text = "Billing:\n 31870 Haapatie 14 Apt. 207\n TAIVALKOSKI\n 93400";
        let mut weak = anchor(text, "31870 Haapatie 14");
        weak.confidence = 0.6;
        let mut strong = anchor(text, "Haapatie 14");
        strong.confidence = 0.75;
        let found = [weak, strong.clone()];
        let added = extend(text, &found, &Lexicon::empty());
        let line = added
            .iter()
            .find(|c| &text[c.range.clone()] == "31870 Haapatie 14 Apt. 207")
            .expect("the whole street line");
        assert_eq!(line.confidence, 0.75);
        let kept = super::super::resolve_overlaps([&found[..], &added[..]].concat());
        let texts: Vec<&str> = kept.iter().map(|c| &text[c.range.clone()]).collect();
        assert_eq!(
            texts,
            vec!["31870 Haapatie 14 Apt. 207", "TAIVALKOSKI", "93400"]
        );
    }

    #[test]
    fn prose_after_an_address_is_not_swallowed() {
        let text = "We met at 12 Harbour Road\nEveryone was there and it was lovely.\nMore later";
        assert!(covered(text, "12 Harbour Road").is_empty());
        let text = "Our clinic is at 5 Elm Street, which is near the park.";
        assert!(covered(text, "5 Elm Street").is_empty());
    }

    #[test]
    fn a_phone_or_email_line_ends_the_block() {
        let text = "9 Rue Verte 3\nVillefranche-de-Conflent\n+33 4 68 96 00 00\njo@example.org";
        assert_eq!(
            covered(text, "Rue Verte 3"),
            vec!["9 Rue Verte 3", "Villefranche-de-Conflent"]
        );
    }
}
