//! Scoring findings against a development set, the same way for Clearpost and for a
//! peer (Presidio).
//!
//! - **Binary recall**: a scored gold span counts as found when any finding overlaps
//!   it (by at least one byte); *blocking recall* counts only blocking findings.
//! - **Precision**: the share of findings that overlap a scored gold span. A finding
//!   that overlaps no scored span but does overlap a neutral one is neither a hit nor
//!   a false alarm. Neutral are: ORG, OTHER, TITLE and NRP spans, TAB's
//!   `ignore_spans`, and gold spans that are not Safe Harbor identifiers (a LOCATION
//!   that is only a country or US state, an AGE of 89 or less, a DATE that is only a
//!   year, a weekday or a duration) — those are reported on lines of their own and
//!   never count towards recall.
//! - On text without labels every finding is a false alarm, counted per 1,000 words
//!   (whitespace-separated tokens).

use std::collections::BTreeMap;

use super::Record;
use crate::recognizers::geography::is_country_or_state;
use crate::{Finding, Severity};

/// Labels that are not identifiers: findings on them are neutral.
pub const NEUTRAL_LABELS: &[&str] = &["ORG", "OTHER", "TITLE", "NRP"];

/// A finding reduced to what scoring needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pred {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The finding's category name ("name", "date"...).
    pub category: String,
    /// Whether it blocks the post under the policy in force.
    pub blocking: bool,
}

impl Pred {
    /// From a Clearpost finding (blocking = `Severity::Blocking`).
    pub fn from_finding(f: &Finding) -> Pred {
        Pred {
            start: f.start,
            end: f.end,
            category: f.category.as_str().to_string(),
            blocking: f.severity == Severity::Blocking,
        }
    }
}

/// How a gold span is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoldKind {
    /// A Safe Harbor identifier: a recall target; findings on it are hits.
    Scored,
    /// Labelled by the set but not a Safe Harbor identifier (a country, an age of 89
    /// or less, a bare year): reported separately, neutral for precision.
    NotSafeHarbor,
    /// Not an identifier (ORG, OTHER, TITLE, NRP, an ignore span): neutral.
    Neutral,
}

/// A gold span with how it counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gold {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The reporting class: the label, or the label with why it is not a Safe Harbor
    /// identifier ("DATE (year, weekday or duration)").
    pub class: String,
    /// How it counts.
    pub kind: GoldKind,
}

/// The gold spans of a record, ignore spans included (as neutral).
pub fn golds(record: &Record) -> Vec<Gold> {
    let labelled = record.spans.iter().map(|s| {
        let text = record.text.get(s.start..s.end).unwrap_or("");
        let (class, kind) = classify(&s.label, text);
        Gold {
            start: s.start,
            end: s.end,
            class,
            kind,
        }
    });
    let ignored = record.ignore.iter().map(|s| Gold {
        start: s.start,
        end: s.end,
        class: "ignore span".to_string(),
        kind: GoldKind::Neutral,
    });
    labelled.chain(ignored).collect()
}

/// The class and kind of a span labelled `label` covering `text`.
pub fn classify(label: &str, text: &str) -> (String, GoldKind) {
    if NEUTRAL_LABELS.contains(&label) {
        return (label.to_string(), GoldKind::Neutral);
    }
    let not_safe_harbor = match label {
        "LOCATION" if is_country_or_state(text) => Some("LOCATION (country or state only)"),
        "AGE" if matches!(text.trim().parse::<u32>(), Ok(age) if age <= 89) => {
            Some("AGE (89 or less)")
        }
        "DATE" if date_is_not_safe_harbor(text) => Some("DATE (year, weekday or duration)"),
        _ => None,
    };
    match not_safe_harbor {
        Some(class) => (class.to_string(), GoldKind::NotSafeHarbor),
        None => (label.to_string(), GoldKind::Scored),
    }
}

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

const TIME_UNITS: &[&str] = &[
    "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks",
    "month", "months", "year", "years", "decade", "decades", "yr", "yrs",
];

const QUANTITY_WORDS: &[&str] = &[
    "a",
    "an",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "half",
    "several",
    "few",
    "couple",
    "many",
    "some",
    "of",
    "and",
    "or",
    "to",
    "more",
    "than",
    "over",
    "under",
    "about",
    "almost",
    "nearly",
    "approximately",
    "around",
    "at",
    "least",
    "most",
    "less",
    "up",
    "for",
    "the",
    "past",
    "last",
    "next",
    "another",
    "further",
    "additional",
    "period",
];

/// A DATE span that is only a year (or years), a weekday, or a duration: not a
/// Safe Harbor date element.
pub fn date_is_not_safe_harbor(text: &str) -> bool {
    let lower = text.to_lowercase().replace('’', "'").replace("'s", "");
    let tokens: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | ',' | '/'))
        .map(|t| t.trim_matches(|c: char| matches!(c, '.' | '(' | ')' | '’' | '\'' | '"')))
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.is_empty() {
        return false;
    }
    let is_year = |t: &str| {
        let digits = t.strip_suffix('s').unwrap_or(t);
        digits.len() == 4
            && digits.chars().all(|c| c.is_ascii_digit())
            && (digits.starts_with("1") || digits.starts_with("2"))
    };
    let connector = |t: &str| {
        matches!(
            t,
            "to" | "and" | "or" | "between" | "from" | "until" | "in" | "the" | "of" | "year"
        )
    };
    let years_only =
        tokens.iter().any(|t| is_year(t)) && tokens.iter().all(|t| is_year(t) || connector(t));
    let weekday = |t: &str| WEEKDAYS.contains(&t) || WEEKDAYS.contains(&t.trim_end_matches('s'));
    let weekday_only = tokens.iter().any(|t| weekday(t))
        && tokens
            .iter()
            .all(|t| weekday(t) || matches!(*t, "on" | "last" | "next" | "this" | "every"));
    let unit_at = tokens.iter().rposition(|t| TIME_UNITS.contains(t));
    let duration = unit_at.is_some_and(|at| {
        tokens[at + 1..]
            .iter()
            .all(|t| matches!(*t, "old" | "long" | "later" | "earlier" | "ago" | "s"))
            && tokens[..at].iter().all(|t| {
                t.chars().all(|c| c.is_ascii_digit() || c == '.')
                    || QUANTITY_WORDS.contains(t)
                    || TIME_UNITS.contains(t)
            })
            && at > 0
    });
    years_only || weekday_only || duration
}

/// How a finding counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// It overlaps a scored gold span.
    Hit,
    /// It overlaps only neutral or not-Safe-Harbor spans.
    Neutral,
    /// It overlaps no gold span at all.
    FalseAlarm,
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// One record scored: per gold span (same order as `golds`), whether any finding
/// and whether a blocking finding overlaps it; per finding, its verdict.
#[derive(Debug, Clone)]
pub struct RecordScore {
    /// The record's gold spans.
    pub golds: Vec<Gold>,
    /// (found by any finding, found by a blocking finding), per gold span.
    pub found: Vec<(bool, bool)>,
    /// Per finding, in the order given.
    pub verdicts: Vec<Verdict>,
}

/// Scores `preds` on `record`.
pub fn score_record(record: &Record, preds: &[Pred]) -> RecordScore {
    let golds = golds(record);
    let found = golds
        .iter()
        .map(|g| {
            let touching = preds
                .iter()
                .filter(|p| overlaps((p.start, p.end), (g.start, g.end)));
            let mut any = false;
            let mut blocking = false;
            for p in touching {
                any = true;
                blocking |= p.blocking;
            }
            (any, blocking)
        })
        .collect();
    let verdicts = preds
        .iter()
        .map(|p| {
            let touched = golds
                .iter()
                .filter(|g| overlaps((p.start, p.end), (g.start, g.end)));
            let mut verdict = Verdict::FalseAlarm;
            for g in touched {
                if g.kind == GoldKind::Scored {
                    return Verdict::Hit;
                }
                verdict = Verdict::Neutral;
            }
            verdict
        })
        .collect();
    RecordScore {
        golds,
        found,
        verdicts,
    }
}

/// Gold spans of one class and how many were found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GoldCount {
    /// Whether the class is a recall target.
    pub scored: bool,
    /// Spans.
    pub spans: usize,
    /// Spans overlapped by any finding.
    pub found: usize,
    /// Spans overlapped by a blocking finding.
    pub found_blocking: usize,
}

impl GoldCount {
    /// Binary recall over all findings, or over blocking findings only.
    pub fn recall(&self, blocking: bool) -> Option<f64> {
        let found = if blocking {
            self.found_blocking
        } else {
            self.found
        };
        ratio(found, self.spans)
    }
}

/// Findings by verdict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FindingCount {
    /// Overlapping a scored gold span.
    pub hits: usize,
    /// Overlapping no gold span.
    pub false_alarms: usize,
    /// Overlapping only neutral spans (not counted).
    pub neutral: usize,
}

impl FindingCount {
    /// Findings that count for precision.
    pub fn counted(&self) -> usize {
        self.hits + self.false_alarms
    }

    /// Hits over counted findings (None without any).
    pub fn precision(&self) -> Option<f64> {
        ratio(self.hits, self.counted())
    }

    fn add(&mut self, verdict: Verdict) {
        match verdict {
            Verdict::Hit => self.hits += 1,
            Verdict::Neutral => self.neutral += 1,
            Verdict::FalseAlarm => self.false_alarms += 1,
        }
    }

    fn merge(&mut self, other: &FindingCount) {
        self.hits += other.hits;
        self.false_alarms += other.false_alarms;
        self.neutral += other.neutral;
    }
}

/// `a / b`, or None when `b` is zero.
pub fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// The totals of a set (or part of one).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// Records scored.
    pub records: usize,
    /// Bytes of text.
    pub bytes: usize,
    /// Whitespace-separated words of text.
    pub words: usize,
    /// Gold spans per class.
    pub gold: BTreeMap<String, GoldCount>,
    /// All findings.
    pub all: FindingCount,
    /// Blocking findings.
    pub blocking: FindingCount,
    /// Per finding category: (all, blocking).
    pub by_category: BTreeMap<String, (FindingCount, FindingCount)>,
}

impl Tally {
    /// Scores one record and adds it; returns the record's details.
    pub fn add(&mut self, record: &Record, preds: &[Pred]) -> RecordScore {
        let scored = score_record(record, preds);
        self.add_scored(record, preds, &scored);
        scored
    }

    /// Adds an already scored record.
    pub fn add_scored(&mut self, record: &Record, preds: &[Pred], scored: &RecordScore) {
        self.records += 1;
        self.bytes += record.text.len();
        self.words += record.text.split_whitespace().count();
        for (g, &(any, blocking)) in scored.golds.iter().zip(&scored.found) {
            if g.kind == GoldKind::Neutral {
                continue;
            }
            let count = self.gold.entry(g.class.clone()).or_default();
            count.scored = g.kind == GoldKind::Scored;
            count.spans += 1;
            count.found += usize::from(any);
            count.found_blocking += usize::from(blocking);
        }
        for (p, &verdict) in preds.iter().zip(&scored.verdicts) {
            self.all.add(verdict);
            let by_category = self.by_category.entry(p.category.clone()).or_default();
            by_category.0.add(verdict);
            if p.blocking {
                self.blocking.add(verdict);
                by_category.1.add(verdict);
            }
        }
    }

    /// Adds another tally's counts.
    pub fn merge(&mut self, other: &Tally) {
        self.records += other.records;
        self.bytes += other.bytes;
        self.words += other.words;
        for (class, count) in &other.gold {
            let mine = self.gold.entry(class.clone()).or_default();
            mine.scored = count.scored;
            mine.spans += count.spans;
            mine.found += count.found;
            mine.found_blocking += count.found_blocking;
        }
        self.all.merge(&other.all);
        self.blocking.merge(&other.blocking);
        for (category, (all, blocking)) in &other.by_category {
            let mine = self.by_category.entry(category.clone()).or_default();
            mine.0.merge(all);
            mine.1.merge(blocking);
        }
    }

    /// The scored classes summed.
    pub fn scored_gold(&self) -> GoldCount {
        let mut total = GoldCount {
            scored: true,
            ..GoldCount::default()
        };
        for count in self.gold.values().filter(|c| c.scored) {
            total.spans += count.spans;
            total.found += count.found;
            total.found_blocking += count.found_blocking;
        }
        total
    }

    /// Binary recall over the scored spans.
    pub fn recall(&self, blocking: bool) -> Option<f64> {
        self.scored_gold().recall(blocking)
    }

    /// Precision of all findings, or of blocking findings only.
    pub fn precision(&self, blocking: bool) -> Option<f64> {
        if blocking {
            self.blocking.precision()
        } else {
            self.all.precision()
        }
    }

    /// Precision leaving out the findings of one category (e.g. "url" on sets that do
    /// not label URLs).
    pub fn precision_without(&self, category: &str, blocking: bool) -> Option<f64> {
        let (all, blk) = self.by_category.get(category).copied().unwrap_or_default();
        let (total, left_out) = if blocking {
            (self.blocking, blk)
        } else {
            (self.all, all)
        };
        ratio(
            total.hits - left_out.hits,
            total.counted() - left_out.counted(),
        )
    }

    /// Precision of the findings of the given categories only (all findings when
    /// `categories` is empty): on a set that labels only some kinds of identifier,
    /// findings of the other kinds can be neither right nor wrong.
    pub fn precision_of(&self, categories: &[&str], blocking: bool) -> Option<f64> {
        if categories.is_empty() {
            return self.precision(blocking);
        }
        let (mut hits, mut counted) = (0, 0);
        for category in categories {
            let (all, blk) = self.by_category.get(*category).copied().unwrap_or_default();
            let kept = if blocking { blk } else { all };
            hits += kept.hits;
            counted += kept.counted();
        }
        ratio(hits, counted)
    }

    /// False alarms per 1,000 words (the measure for text without identifiers).
    pub fn false_per_1k_words(&self, blocking: bool) -> Option<f64> {
        let false_alarms = if blocking {
            self.blocking.false_alarms
        } else {
            self.all.false_alarms
        };
        ratio(false_alarms * 1000, self.words)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::devset::Span;

    fn record(text: &str, spans: &[(&str, &str)], ignore: &[&str]) -> Record {
        let span = |needle: &str, label: &str| {
            let start = text.find(needle).expect("needle in text");
            Span {
                start,
                end: start + needle.len(),
                label: label.to_string(),
            }
        };
        Record {
            id: "r".to_string(),
            text: text.to_string(),
            spans: spans.iter().map(|(n, l)| span(n, l)).collect(),
            ignore: ignore.iter().map(|n| span(n, "")).collect(),
        }
    }

    fn pred(text: &str, needle: &str, category: &str, blocking: bool) -> Pred {
        let start = text.find(needle).expect("needle in text");
        Pred {
            start,
            end: start + needle.len(),
            category: category.to_string(),
            blocking,
        }
    }

    #[test]
    fn recall_precision_and_neutral_findings() {
        let text = "Maud Quill of Acme Widgets saw Bo Tarn in Ohio on 3 March 2020 in Lyon.";
        let r = record(
            text,
            &[
                ("Maud Quill", "NAME"),
                ("Acme Widgets", "ORG"),
                ("Bo Tarn", "NAME"),
                ("Ohio", "LOCATION"),
                ("3 March 2020", "DATE"),
                ("Lyon", "LOCATION"),
            ],
            &[],
        );
        let preds = vec![
            pred(text, "Quill", "name", true), // hit, blocking
            pred(text, "Acme", "name", true),  // neutral (ORG)
            pred(text, "Ohio", "geographic_subdivision", false), // neutral (state)
            pred(text, "3 March", "date", false), // hit, warning only
            pred(text, "saw", "name", false),  // false alarm
        ];
        let mut t = Tally::default();
        let s = t.add(&r, &preds);
        assert_eq!(
            s.verdicts,
            vec![
                Verdict::Hit,
                Verdict::Neutral,
                Verdict::Neutral,
                Verdict::Hit,
                Verdict::FalseAlarm
            ]
        );
        // Scored: Maud Quill, Bo Tarn, 3 March 2020, Lyon (Ohio is a state).
        assert_eq!(t.scored_gold().spans, 4);
        assert_eq!(t.recall(false), Some(0.5));
        assert_eq!(t.recall(true), Some(0.25));
        assert_eq!(t.precision(false), Some(2.0 / 3.0));
        assert_eq!(t.precision(true), Some(1.0));
        assert_eq!(t.gold["LOCATION (country or state only)"].found, 1);
        assert_eq!(t.precision_without("name", false), Some(1.0));
        assert_eq!(t.all.neutral, 2);
    }

    #[test]
    fn ignore_spans_are_neutral_and_unlabelled_text_counts_per_word() {
        let text = "one two three four five six seven eight nine ten";
        let r = record(text, &[], &["three"]);
        let preds = vec![
            pred(text, "three", "name", true),
            pred(text, "seven", "name", true),
        ];
        let mut t = Tally::default();
        t.add(&r, &preds);
        assert_eq!(t.all.false_alarms, 1);
        assert_eq!(t.false_per_1k_words(true), Some(100.0));
        assert_eq!(t.recall(false), None);
    }

    #[test]
    fn dates_that_are_not_safe_harbor() {
        for t in [
            "1998",
            "the 1990s",
            "between 2001 and 2004",
            "Tuesday",
            "next tuesday",
            "two years",
            "six months",
            "10 days",
            "a couple of weeks",
            "eleven weeks’",
            "1 year’s",
            "two weeks'",
        ] {
            assert!(date_is_not_safe_harbor(t), "{t}");
        }
        for t in [
            "3 March 2020",
            "March 2020",
            "12/31",
            "the 14th",
            "2020-03-03",
            "Friday 3 March",
            "the final month of 2020 on 4 May",
        ] {
            assert!(!date_is_not_safe_harbor(t), "{t}");
        }
    }

    #[test]
    fn countries_states_and_ages() {
        assert_eq!(
            classify("LOCATION", "the Maldives").1,
            GoldKind::NotSafeHarbor
        );
        assert_eq!(classify("LOCATION", "New York").1, GoldKind::NotSafeHarbor);
        assert_eq!(classify("LOCATION", "Springfield").1, GoldKind::Scored);
        assert_eq!(classify("AGE", "89").1, GoldKind::NotSafeHarbor);
        assert_eq!(classify("AGE", "93").1, GoldKind::Scored);
        assert_eq!(classify("ORG", "Acme").1, GoldKind::Neutral);
        assert_eq!(classify("OTHER", "tall").1, GoldKind::Neutral);
    }
}
