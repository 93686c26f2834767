//! Dates tied to a person. Safe Harbor removes every element of a date except the
//! year, so a month and day without a year ("discharged 8/31", "March 3rd", "14
//! March", "the 14th" of a month just named), a month and year ("April 2021") and a
//! weekday with a day ("Friday the 13th", "Mon 3/4") are dates as much as a full one
//! ("9/17/1951", "2016-04-09", "17-Feb-2019"); so are ranges ("3–5 June", "June 3-5")
//! and lists ("(2/21, 4/21)"). Month names count in any case, except lower-case
//! "may" and "march", which need a day suffix, a year or a date preposition.
//!
//! Not dates: a year alone, durations ("3 days", "x2 weeks"), doses and fractions
//! ("1/2 tab", "3/4 cup", "2 1/2"), scores and ratios ("5/5 strength", "10/10 pain",
//! "BP 120/80", "Gleason 3+3", "12/15 patients"), counts ("2-3 times"). A bare
//! number/number is read as a month and day only when its form or its neighbours say
//! so: a day above 12 that is not a common denominator, a date word or weekday just
//! before, a time just after, or another date in the same list; a unit or a count
//! noun just after, or a score word just before, says it is not one.

use std::sync::OnceLock;

use regex::Regex;

use super::{has_context, Candidate, PatternSpec, Verdict};
use crate::finding::Category;

/// Words that make a date personal (and a bare month/day a date at all).
const DATE_CONTEXT: &[&str] = &[
    "born",
    "birth",
    "birthday",
    "dob",
    "d.o.b",
    "admitted",
    "admission",
    "discharged",
    "discharge",
    "died",
    "death",
    "passed",
    "surgery",
    "seen",
    "visit",
    "appointment",
    "diagnosed",
    "since",
    "date",
    "on",
    "dated",
    "procedure",
    "transplant",
    "delivered",
];

/// Words right before a bare month/day ("3/14") that make it a date.
const NUMERIC_DATE_CONTEXT: &[&str] = &[
    "born",
    "dob",
    "admitted",
    "admission",
    "adm",
    "discharged",
    "discharge",
    "d/c",
    "dc'd",
    "died",
    "surgery",
    "seen",
    "visit",
    "appointment",
    "appt",
    "birthday",
    "dated",
    "procedure",
    "since",
    "until",
    "till",
    "through",
    "thru",
    "on",
    "by",
    "from",
    "before",
    "after",
    "starting",
    "started",
    "effective",
    "due",
    "scheduled",
    "booked",
    "last",
    "next",
    "date",
    "s/p",
    "f/u",
    "follow-up",
    "returns",
    "return",
    "back",
    "op",
    "post-op",
    "mon",
    "monday",
    "tue",
    "tues",
    "tuesday",
    "wed",
    "wednesday",
    "thu",
    "thur",
    "thurs",
    "thursday",
    "fri",
    "friday",
    "sat",
    "saturday",
    "sun",
    "sunday",
];

/// Words right after a number/number that make it a dose, a share or a score.
const NOT_DATE_AFTER: &[&str] = &[
    "tab",
    "tabs",
    "tablet",
    "tablets",
    "pill",
    "pills",
    "cap",
    "caps",
    "capsule",
    "capsules",
    "dose",
    "doses",
    "strength",
    "pain",
    "of",
    "cup",
    "cups",
    "tsp",
    "tbsp",
    "teaspoon",
    "teaspoons",
    "tablespoon",
    "tablespoons",
    "inch",
    "inches",
    "in",
    "mile",
    "miles",
    "mg",
    "mcg",
    "ml",
    "g",
    "kg",
    "lb",
    "lbs",
    "oz",
    "unit",
    "units",
    "times",
    "star",
    "stars",
    "scale",
    "score",
    "points",
    "pts",
    "vision",
    "odds",
    "chance",
    "split",
    "ratio",
    "rating",
    "patients",
    "people",
    "cases",
    "subjects",
    "participants",
    "votes",
    "correct",
    "questions",
    "items",
    "days",
    "weeks",
    "months",
    "years",
    "hours",
    "hrs",
    "minutes",
    "mins",
    "shift",
    "shifts",
    "coverage",
    "support",
    "service",
    "access",
    "care",
    "power",
    "grip",
    "reflexes",
    "bilaterally",
    "motor",
    "dilution",
    "strain",
    "match",
    "matches",
    "games",
    "wins",
    "nurses",
    "beds",
    "staff",
    "mm",
    "cm",
    "mmhg",
    "bpm",
    "rule",
    "ratings",
    "slices",
    "pieces",
    "portion",
    "way",
    "full",
    "empty",
    "done",
    "complete",
    "completed",
    "glasses",
    "bottles",
];

/// Words right before a number/number that make it a score, ratio or dose.
const NOT_DATE_BEFORE: &[&str] = &[
    "bp",
    "pressure",
    "pain",
    "strength",
    "score",
    "scored",
    "scores",
    "gcs",
    "apgar",
    "vision",
    "acuity",
    "grade",
    "ratio",
    "rated",
    "rate",
    "rating",
    "take",
    "takes",
    "took",
    "taking",
    "tab",
    "tabs",
    "give",
    "gave",
    "dose",
    "ate",
    "drank",
    "about",
    "approximately",
    "approx",
    "only",
    "just",
    "hr",
    "rr",
    "ratio:",
    "power",
    "motor",
    "reflexes",
    "sensation",
    "eat",
    "drink",
    "drank",
    "half",
    "mix",
    "page",
    "pages",
    "step",
    "steps",
    "question",
    "item",
    "lot",
    "patients",
    "cases",
    "won",
    "lost",
    "beat",
    "split",
    "odds",
    "tied",
];

/// Months, any case (lower-case "may" and "march" are checked by the validator).
macro_rules! month {
    () => {
        r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
    };
}

/// A day of the month, maybe with its suffix ("3", "3rd", "03").
macro_rules! day {
    () => {
        r"\d{1,2}(?i:st|nd|rd|th)?"
    };
}

/// A day range joiner ("3-5", "3 – 5", "3rd to 5th").
macro_rules! range {
    () => {
        r"(?:\s*[-–—]\s*|\s+(?:to|through|thru|and|&)\s+)"
    };
}

/// "first" … "thirty-first".
macro_rules! ordinal_words {
    () => {
        r"(?i:(?:twenty|thirty)[- ]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)"
    };
}

/// Date recognisers.
pub fn specs() -> Vec<PatternSpec> {
    let spec = |name, pattern, score, reason| PatternSpec {
        name,
        pattern,
        category: Category::Date,
        score,
        context: DATE_CONTEXT,
        context_boost: 0.1,
        reason,
        suggestion: "[date]",
        validate: validate_date,
    };
    vec![
        spec(
            "date_month_day_year",
            // "March 3rd", "June 3-5, 2021", "Feb 11th '21", "March the 3rd"
            concat!(
                r"\b",
                month!(),
                r"\s+(?:(?i:the)\s+)?",
                day!(),
                r"(?:",
                range!(),
                day!(),
                r")?\b(?:,?\s+\d{4}\b|\s*['’]\d{2}\b)?"
            ),
            0.75,
            "a date (month and day)",
        ),
        spec(
            "date_day_month_year",
            // "14 March", "3rd of May 2020", "3–5 June"
            concat!(
                r"\b",
                day!(),
                r"(?:",
                range!(),
                day!(),
                r")?\s+(?:(?i:of)\s+)?",
                month!(),
                r"(?:,?\s+\d{4})?\b"
            ),
            0.75,
            "a date (day and month)",
        ),
        spec(
            "date_month_year",
            concat!(r"\b", month!(), r",?\s+(?:(?i:of)\s+)?\d{4}\b"),
            0.6,
            "a month and year: Safe Harbor keeps only the year",
        ),
        spec(
            "date_numeric",
            r"\b\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})\b",
            0.8,
            "a full date",
        ),
        spec(
            "date_day_mon_year_dashed",
            // "17-Feb-2019", "17/FEB/19", "Feb-17-2019"
            concat!(
                r"\b(?:\d{1,2}[-/.]",
                month!(),
                r"[-/.](?:\d{4}|\d{2})|",
                month!(),
                r"[-/.]\d{1,2}[-/.]\d{4})\b"
            ),
            0.8,
            "a full date",
        ),
        spec(
            "date_iso",
            r"\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?\b",
            0.8,
            "a full date",
        ),
        spec(
            "date_weekday_day",
            // "Friday the 13th", "Tue 14th", "SAT 3RD"
            r"\b(?:(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun|MON|TUE|TUES|WED|THU|THUR|THURS|FRI|SAT|SUN)\.?,?\s+(?:(?i:the)\s+)?\d{1,2}(?i:st|nd|rd|th)\b",
            0.7,
            "a weekday and day of the month",
        ),
        spec(
            "date_relative_month",
            // "last October", "this past December", "next March"
            concat!(r"\b(?i:last|this\s+past|next)\s+", month!(), r"\b"),
            0.55,
            "a month of a recent or coming event",
        ),
        spec(
            "date_month_ordinal_word",
            // "March third", "the third of May"
            concat!(
                r"\b(?:",
                month!(),
                r"\s+(?:(?i:the)\s+)?",
                ordinal_words!(),
                r"|(?i:the)\s+",
                ordinal_words!(),
                r"\s+(?i:of)\s+",
                month!(),
                r")\b"
            ),
            0.7,
            "a date (month and day, in words)",
        ),
    ]
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn days_in_month(month: u32, year: Option<u32>) -> u32 {
    match month {
        2 => match year {
            Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
            _ => 29,
        },
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Whether month/day (and optional year) is a real calendar date.
pub fn is_calendar_date(month: u32, day: u32, year: Option<u32>) -> bool {
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(month, year)
}

fn numbers(text: &str) -> Vec<(u32, usize)> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty() && g.len() <= 4)
        .filter_map(|g| g.parse().ok().map(|n| (n, g.len())))
        .collect()
}

fn month_number(text: &str) -> Option<u32> {
    let lower = text.to_lowercase();
    MONTHS
        .iter()
        .position(|m| lower.contains(m))
        .map(|i| i as u32 + 1)
}

/// Lower-case "may" and "march" are usually the verb: a date only with a day suffix,
/// a year, "of", or a date preposition just before.
fn verb_month_ok(matched: &str, before: &str) -> bool {
    verb_month_ok_with(matched, before, true)
}

/// As [`verb_month_ok`]; `year_counts` false when the year is the only number
/// ("it may 2020 be" is no date, "in may 2020" is).
fn verb_month_ok_with(matched: &str, before: &str, year_counts: bool) -> bool {
    let verb = matched
        .split(|c: char| !c.is_alphabetic())
        .any(|w| w == "may" || w == "march");
    if !verb {
        return true;
    }
    let lower = matched.to_lowercase();
    let suffix = ["st", "nd", "rd", "th"].iter().any(|s| {
        lower.split(|c: char| !c.is_alphanumeric()).any(|w| {
            w.len() > s.len()
                && w.ends_with(s)
                && w[..w.len() - s.len()].bytes().all(|b| b.is_ascii_digit())
        })
    });
    let year = year_counts && numbers(matched).iter().any(|&(_, len)| len == 4);
    let of = lower.contains(" of ");
    let prep = super::tail(before, 12)
        .split_whitespace()
        .next_back()
        .is_some_and(|w| {
            matches!(
                w.trim_end_matches(','),
                "on" | "by"
                    | "since"
                    | "until"
                    | "till"
                    | "from"
                    | "before"
                    | "after"
                    | "in"
                    | "of"
                    | "during"
            )
        });
    suffix || year || of || prep
}

/// Checks the calendar, and asks for a date word where the form alone is weak.
pub fn validate_date(matched: &str, before: &str, spec: &PatternSpec) -> Option<Verdict> {
    let nums = numbers(matched);
    let ok = match spec.name {
        "date_month_day_year" | "date_day_month_year" => {
            let month = month_number(matched)?;
            if !verb_month_ok(matched, before) {
                return None;
            }
            // Days, then maybe a four-digit year (a two-digit one after an apostrophe).
            let (days, year): (Vec<u32>, Option<u32>) = match nums.as_slice() {
                [d @ .., (y, 4)] => (d.iter().map(|n| n.0).collect(), Some(*y)),
                [d @ .., (_, 2)] if matched.contains(['\'', '’']) => {
                    (d.iter().map(|n| n.0).collect(), None)
                }
                d => (d.iter().map(|n| n.0).collect(), None),
            };
            !days.is_empty()
                && days.len() <= 2
                && days.iter().all(|&d| is_calendar_date(month, d, year))
        }
        "date_month_year" => {
            month_number(matched).is_some()
                && verb_month_ok_with(matched, before, false)
                && nums
                    .last()
                    .is_some_and(|&(y, _)| (1800..=2100).contains(&y))
        }
        "date_relative_month" | "date_month_ordinal_word" => {
            month_number(matched).is_some() && verb_month_ok(matched, before)
        }
        "date_numeric" => {
            let [(a, _), (b, _), (y, ylen)] = nums.as_slice() else {
                return None;
            };
            let year = if *ylen == 4 { Some(*y) } else { None };
            // Dots with a two-digit year look like version numbers ("1.2.10").
            if *ylen == 2 && matched.contains('.') {
                return None;
            }
            is_calendar_date(*a, *b, year) || is_calendar_date(*b, *a, year)
        }
        "date_day_mon_year_dashed" => {
            let month = month_number(matched)?;
            let day = nums.first()?.0;
            let year = nums.get(1).filter(|n| n.1 == 4).map(|n| n.0);
            is_calendar_date(month, day, year)
        }
        "date_iso" => {
            let [(y, 4), (m, _), (d, _), ..] = nums.as_slice() else {
                return None;
            };
            (1800..=2100).contains(y) && is_calendar_date(*m, *d, Some(*y))
        }
        "date_weekday_day" => nums.first().is_some_and(|&(d, _)| (1..=31).contains(&d)),
        _ => true,
    };
    ok.then(|| spec.default_verdict(before))
}

fn month_day_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?-u:\b)(\d{1,2})/(\d{1,2})(?-u:\b)").expect("m/d pattern"))
}

fn nth_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?-u:\b)the\s+(\d{1,2})(?:st|nd|rd|th)(?-u:\b)").expect("nth pattern")
    })
}

fn any_month_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?-u:\b)(?:(?i:january|february|april|june|july|august|september|october|november|december)|Jan|Feb|Mar|March|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|MAR|MARCH|MAY)(?-u:\b)",
        )
        .expect("month pattern")
    })
}

/// The lower-cased words just before `at` (at most `n`), nearest last.
fn words_before(text: &str, at: usize, n: usize) -> Vec<String> {
    let window = super::tail(&text[..at], 40).to_lowercase();
    let words: Vec<String> = window
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',' | ';' | '[' | ']'))
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches([':', '.']).to_string())
        .collect();
    let from = words.len().saturating_sub(n);
    words[from..].to_vec()
}

/// The lower-cased word right after `at` (skipping spaces), if any.
fn word_after(text: &str, at: usize) -> String {
    text[at..]
        .trim_start_matches([' ', '\t'])
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '%')
        .collect::<String>()
        .to_lowercase()
}

fn time_after(text: &str, at: usize) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^\s*(?:at|@|,)?\s*\d{1,2}(?::\d{2}|\s*(?i:[ap]\.?m)\b)").expect("time pattern")
    });
    re.is_match(&text[at..])
}

struct MonthDay {
    range: std::ops::Range<usize>,
    /// The form alone says it is a date (a day above 12 that is no usual denominator).
    sure: bool,
    /// Context around it says it is a date.
    context: bool,
    /// Context around it says it is not.
    vetoed: bool,
}

/// Bare month/day dates ("8/31", "(2/21, 4/21)", "seen 3/4") and "the 14th" near a
/// month or date word: rules that need the text on both sides, so they run over the
/// whole text rather than as patterns.
pub fn find_extra(text: &str) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut items: Vec<MonthDay> = Vec::new();
    for caps in month_day_regex().captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let (start, end) = (whole.start(), whole.end());
        let bytes = text.as_bytes();
        // Part of a full date, a decimal, a longer number or a path.
        let glued_before =
            start > 0 && matches!(bytes[start - 1], b'/' | b'.' | b'-' | b'\\' | b'+' | b':');
        let glued_after = bytes
            .get(end)
            .is_some_and(|&b| matches!(b, b'/' | b'%' | b'-' | b'+' | b'\\' | b':'))
            || (bytes.get(end) == Some(&b'.')
                && bytes.get(end + 1).is_some_and(u8::is_ascii_digit));
        if glued_before || glued_after {
            continue;
        }
        let (Ok(m), Ok(d)) = (caps[1].parse::<u32>(), caps[2].parse::<u32>()) else {
            continue;
        };
        if !is_calendar_date(m, d, None) {
            continue;
        }
        let before = words_before(text, start, 3);
        let after = word_after(text, end);
        // "2 1/2 cups": a mixed number.
        let mixed = text[..start]
            .trim_end_matches(' ')
            .ends_with(|c: char| c.is_ascii_digit())
            && text[..start].ends_with(' ');
        let last = before.last().map(String::as_str).unwrap_or("");
        let vetoed = mixed
            || NOT_DATE_AFTER.contains(&after.as_str())
            || after.ends_with('%')
            || (before
                .iter()
                .rev()
                .take(2)
                .any(|w| NOT_DATE_BEFORE.contains(&w.as_str()))
                && !NUMERIC_DATE_CONTEXT.contains(&last))
            || (m == d
                && !before
                    .iter()
                    .any(|w| NUMERIC_DATE_CONTEXT.contains(&w.as_str()) && w != "on"));
        let sure = d >= 13 && d != 16 && d != 20 && d != 25;
        let context = before
            .iter()
            .any(|w| NUMERIC_DATE_CONTEXT.contains(&w.as_str()))
            || time_after(text, end);
        items.push(MonthDay {
            range: start..end,
            sure,
            context,
            vetoed,
        });
    }
    // Items of one list ("2/21, 4/21", "3/4 and 3/9") vouch for each other.
    let mut i = 0;
    while i < items.len() {
        let mut j = i;
        while j + 1 < items.len() {
            let gap = &text[items[j].range.end..items[j + 1].range.start];
            let word = gap.trim_matches(|c: char| {
                c.is_whitespace() || matches!(c, ',' | ';' | '&' | '-' | '–')
            });
            let joined = gap.len() <= 6 && matches!(word, "" | "and" | "to" | "or" | "thru");
            if !joined {
                break;
            }
            j += 1;
        }
        let group = &items[i..=j];
        let group_ok =
            group.len() > 1 && group.iter().any(|it| (it.sure || it.context) && !it.vetoed);
        for it in group {
            let confidence = if it.vetoed {
                0.0
            } else if it.context {
                0.65
            } else if it.sure || group_ok {
                0.6
            } else {
                0.0
            };
            if confidence > 0.0 {
                out.push(Candidate {
                    range: it.range.clone(),
                    category: Category::Date,
                    confidence,
                    reason: "a month and day (Safe Harbor keeps only the year)".to_string(),
                    suggestion: "[date]".to_string(),
                });
            }
        }
        i = j + 1;
    }
    for caps in nth_regex().captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let Ok(day) = caps[1].parse::<u32>() else {
            continue;
        };
        if !(1..=31).contains(&day) {
            continue;
        }
        // "the 14th floor", "the 19th century": a noun after it is not a day.
        let after = word_after(text, whole.end());
        let day_follows = after.is_empty()
            || matches!(
                after.as_str(),
                "of" | "at"
                    | "and"
                    | "to"
                    | "through"
                    | "thru"
                    | "when"
                    | "or"
                    | "we"
                    | "she"
                    | "he"
                    | "i"
                    | "they"
                    | "the"
                    | "in"
                    | "from"
                    | "until"
                    | "till"
                    | "for"
                    | "after"
                    | "before"
                    | "is"
                    | "was"
                    | "will"
            );
        if !day_follows {
            continue;
        }
        let lo = whole.start().saturating_sub(80);
        let hi = (whole.end() + 40).min(text.len());
        let (lo, hi) = (floor_char(text, lo), ceil_char(text, hi));
        let month_near = any_month_regex().is_match(&text[lo..hi]);
        let lower = text[lo..hi].to_lowercase();
        let date_word_near = has_context(
            &lower,
            &[
                "appointment",
                "appt",
                "admitted",
                "discharged",
                "surgery",
                "born",
                "scheduled",
                "due",
                "birthday",
                "visit",
                "seen",
                "dob",
            ],
        );
        let prep = words_before(text, whole.start(), 1)
            .last()
            .is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "on" | "by" | "until" | "till" | "since" | "from" | "before" | "after"
                )
            });
        if month_near || (prep && date_word_near) {
            // The day itself, without "the".
            let day = caps.get(1).expect("day");
            out.push(Candidate {
                range: day.start()..whole.end(),
                category: Category::Date,
                confidence: if month_near { 0.6 } else { 0.55 },
                reason: "a day of the month (Safe Harbor keeps only the year)".to_string(),
                suggestion: "[date]".to_string(),
            });
        }
    }
    out
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// Every date the patterns and the whole-text rules find.
    fn find_all(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        for spec in specs() {
            let re = Regex::new(spec.pattern).unwrap();
            for m in re.find_iter(text) {
                let before = text[..m.start()].to_lowercase();
                if validate_date(m.as_str(), &before, &spec).is_some() {
                    found.push(m.as_str().to_string());
                }
            }
        }
        for c in find_extra(text) {
            found.push(text[c.range].to_string());
        }
        found
    }

    fn has(text: &str, date: &str) -> bool {
        find_all(text).iter().any(|f| f == date)
    }

    #[test]
    fn full_dates_in_common_formats() {
        for text in [
            "born 9/17/1951",
            "on 2016-04-09 13:27:05",
            "March 19th, 2017",
            "19 March 2017",
            "DOB 07.30.1964",
            "noted on 23-Feb-2019",
            "AUG-09-2018",
        ] {
            assert!(!find_all(text).is_empty(), "{text}");
        }
        assert!(has("admitted March 3rd", "March 3rd"));
    }

    #[test]
    fn month_and_day_without_a_year() {
        assert!(has("sent home on 8/31 with her son", "8/31"));
        assert!(has("she came back 9/27 for a check", "9/27"));
        assert!(has("s/p MI x2 (3/19, 11/22) and a stent", "3/19"));
        assert!(has("s/p MI x2 (3/19, 11/22) and a stent", "11/22"));
        // A list vouches for its weaker items.
        assert!(has("clinic visits (6/2, 6/30)", "6/2"));
        assert!(has("seen 3/4 by the team", "3/4"));
        assert!(has("Mon 3/4 we start", "3/4"));
        assert!(has("see you 3/4 at 10:30", "3/4"));
        assert!(has("she arrives 7/9 @ 3pm", "7/9"));
        assert!(has("see you 12/14", "12/14"));
    }

    #[test]
    fn day_month_month_day_ordinals_weekdays_and_ranges() {
        assert!(has("we met 14 March at noon", "14 March"));
        assert!(has("on the 3rd of May she left", "3rd of May"));
        assert!(has("see you on may 5th", "may 5th"));
        assert!(has("FROM 2 DECEMBER ON", "2 DECEMBER"));
        assert!(has("camp runs 3–5 June", "3–5 June"));
        assert!(has("camp runs June 3-5, 2022", "June 3-5, 2022"));
        assert!(has(
            "the ward party on 12th - 14th August",
            "12th - 14th August"
        ));
        assert!(has("back on Friday the 13th", "Friday the 13th"));
        assert!(has("ring on Tue 14th", "Tue 14th"));
        assert!(has("operated in April 2021", "April 2021"));
        assert!(has("she was seen last October", "last October"));
        assert!(has("born on March third", "March third"));
        assert!(has("the twenty-first of June", "the twenty-first of June"));
        assert!(has("since feb 11th '21 the cough", "feb 11th '21"));
        assert!(has(
            "she was admitted in June; on the 14th she went home",
            "14th"
        ));
        assert!(has("the appointment is on the 21st", "21st"));
    }

    #[test]
    fn doses_scores_fractions_counts_years_and_durations_are_not_dates() {
        for text in [
            "take 1/2 tablet",
            "on 1/2 tab twice a day",
            "strength 5/5",
            "strength is 4/5 in both legs",
            "2-3 times a day",
            "in 1980",
            "today",
            "Saturday",
            "version 1.2.10",
            "you may 5 times",
            "it may 2020 be",
            "BP 120/80",
            "pain 10/10",
            "pain was 7/10 overnight",
            "rated it 8/10",
            "Gleason 3+3",
            "3/4 cup of milk",
            "add 2 1/2 cups",
            "a 5/16 inch bolt",
            "12/15 patients improved",
            "scored 9/14 on the quiz",
            "for 3 days",
            "x2 weeks",
            "open 24/7",
            "50/50 chance",
            "the 14th floor",
            "in the 19th century",
            "our 14th annual gala",
            "patients aged 5 may need less",
            "they march 3 miles",
        ] {
            assert!(find_all(text).is_empty(), "{text}: {:?}", find_all(text));
        }
    }

    #[test]
    fn calendar_rules() {
        assert!(is_calendar_date(2, 29, Some(2024)));
        assert!(!is_calendar_date(2, 29, Some(2023)));
        assert!(!is_calendar_date(4, 31, None));
        assert!(!is_calendar_date(13, 1, None));
        assert!(find_all("born 02/30/1990").is_empty());
        assert!(find_all("seen on 4/31").is_empty());
        assert!(find_all("June 31").is_empty());
    }

    #[test]
    fn month_day_needs_a_date_word_when_it_could_be_a_fraction() {
        assert_eq!(find_all("seen on 3/14"), vec!["3/14"]);
        assert!(find_all("mix 3/4 with water").is_empty());
        assert!(find_all("a ratio of 1/3").is_empty());
    }
}
