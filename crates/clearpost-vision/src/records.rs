//! From text lines to records: lines close to each other (a chart, a badge, a
//! whiteboard) are grouped into one region, their text joined in reading
//! order, and the region given a first verdict from the shape of its tokens.
//!
//! [`interim_verdict`]: text holding an identifier-like token (long digit
//! runs, letters mixed with digits, dates) is "redact", since OCR misreads
//! can hide a pattern from the PHI scanner; any other text is "review". The
//! vision engine returns what it read; the application layer runs the PHI
//! scanner on it with the organisation's policy and may raise "review" to
//! "redact" (`clearpost_core::photo_files::classify_records`).

use crate::geometry::Rect;
use crate::region::Verdict;

/// One line of text: where it is and what it says (empty when unread).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Where.
    pub rect: Rect,
    /// Detection score.
    pub score: f32,
    /// Recognised text.
    pub text: String,
}

/// A group of lines that belong together.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The union of its lines.
    pub rect: Rect,
    /// The best line score.
    pub score: f32,
    /// Its lines' text in reading order, one line per `\n`.
    pub text: String,
}

/// Two lines belong to one record when the gap between their boxes is at
/// most this many times the smaller line height: forms and charts space
/// lines up to ~2 line heights apart (a gap of ~1), so their lines chain
/// together while text across the room does not.
const JOIN_DISTANCE: f32 = 1.0;

/// Groups `lines` into records (union-find over touching grown boxes).
pub fn group_lines(lines: &[Line]) -> Vec<Record> {
    let n = lines.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for i in 0..n {
        for j in i + 1..n {
            let reach = JOIN_DISTANCE * lines[i].rect.h.min(lines[j].rect.h);
            let a = lines[i].rect.expand(reach, reach);
            if a.intersection(&lines[j].rect).is_some() {
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                parent[ri] = rj;
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); n];
    for i in 0..n {
        let root = find(&mut parent, i);
        groups[root].push(i);
    }
    let mut records: Vec<Record> = groups
        .into_iter()
        .filter(|g| !g.is_empty())
        .map(|mut members| {
            // Reading order: top to bottom by line centre, then left to right.
            members.sort_by(|&a, &b| {
                let (ra, rb) = (&lines[a].rect, &lines[b].rect);
                if same_row(ra, rb) {
                    ra.x.total_cmp(&rb.x)
                } else {
                    ra.y.total_cmp(&rb.y)
                }
            });
            let rect = members
                .iter()
                .map(|&i| lines[i].rect)
                .reduce(|a, b| a.union(&b))
                .unwrap_or(lines[members[0]].rect);
            let score = members.iter().map(|&i| lines[i].score).fold(0.0, f32::max);
            // Pieces on one row (words the detector split) join with a
            // space, rows with a newline.
            let mut text = String::new();
            let mut previous: Option<&Rect> = None;
            for &i in &members {
                let piece = lines[i].text.as_str();
                if piece.is_empty() {
                    continue;
                }
                if let Some(prev) = previous {
                    text.push(if same_row(prev, &lines[i].rect) {
                        ' '
                    } else {
                        '\n'
                    });
                }
                text.push_str(piece);
                previous = Some(&lines[i].rect);
            }
            Record { rect, score, text }
        })
        .collect();
    records.sort_by(|a, b| {
        a.rect
            .y
            .total_cmp(&b.rect.y)
            .then(a.rect.x.total_cmp(&b.rect.x))
    });
    records
}

/// Whether two line boxes sit on one row (centres within half a line height).
fn same_row(a: &Rect, b: &Rect) -> bool {
    (a.y + a.h / 2.0 - b.y - b.h / 2.0).abs() < 0.5 * a.h.min(b.h)
}

/// The interim rule: "redact" when a token looks like an identifier (a run of
/// five or more digits, a date, or letters mixed with three or more digits,
/// such as an MRN, a wristband barcode number or a bed/room code), else
/// "review" (any text may name someone; a person decides).
pub fn interim_verdict(text: &str) -> Verdict {
    let identifier = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '#'))
        .any(looks_like_identifier);
    if identifier {
        Verdict::Redact
    } else {
        Verdict::Review
    }
}

fn looks_like_identifier(token: &str) -> bool {
    let digits = token.chars().filter(char::is_ascii_digit).count();
    let letters = token.chars().filter(|c| c.is_alphabetic()).count();
    let longest_run = token
        .split(|c: char| !c.is_ascii_digit())
        .map(str::len)
        .max()
        .unwrap_or(0);
    let date_like = digits >= 4
        && token
            .chars()
            .filter(|c| matches!(c, '/' | '-' | '.'))
            .count()
            >= 2;
    longest_run >= 5 || date_like || (letters >= 1 && digits >= 3 && token.len() >= 5)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(x: f32, y: f32, w: f32, h: f32, text: &str) -> Line {
        Line {
            rect: Rect::new(x, y, w, h),
            score: 0.9,
            text: text.into(),
        }
    }

    #[test]
    fn stacked_lines_form_one_record_and_distant_text_another() {
        let lines = [
            line(100.0, 130.0, 200.0, 20.0, "DOB 01/02/1950"),
            line(100.0, 100.0, 60.0, 20.0, "Edwin"),
            line(170.0, 101.0, 80.0, 20.0, "Tarrow"),
            line(900.0, 700.0, 100.0, 20.0, "EXIT"),
        ];
        let records = group_lines(&lines);
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].text, "Edwin Tarrow\nDOB 01/02/1950");
        assert_eq!(records[0].rect, Rect::new(100.0, 100.0, 200.0, 50.0));
        assert_eq!(records[1].text, "EXIT");
    }

    #[test]
    fn identifiers_are_redact_and_plain_words_review() {
        assert_eq!(interim_verdict("MRN 00123456"), Verdict::Redact);
        assert_eq!(interim_verdict("DOB: 03/04/1985"), Verdict::Redact);
        assert_eq!(interim_verdict("Bed A1203"), Verdict::Redact);
        assert_eq!(interim_verdict("Ward 7 visiting hours"), Verdict::Review);
        assert_eq!(interim_verdict("EXIT"), Verdict::Review);
        assert_eq!(interim_verdict("2024"), Verdict::Review);
    }
}
