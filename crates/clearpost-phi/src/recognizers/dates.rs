//! Dates tied to a person: full dates in the common numeric and written formats,
//! month and day ("March 3rd"), and month-day numbers after a date word. A year alone,
//! a weekday, "today", fractions ("1/2"), ranges ("2-3") and scores ("5/5") are not
//! reported: Safe Harbor keeps years, and the rest are not dates.

use super::{has_context, PatternSpec, Verdict};
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

/// Words that make a bare month/day ("3/14") a date.
const STRONG_DATE_CONTEXT: &[&str] = &[
    "born",
    "dob",
    "admitted",
    "discharged",
    "died",
    "surgery",
    "seen on",
    "visit on",
    "appointment",
    "birthday",
    "dated",
    "procedure on",
    "since",
];

/// Capitalised or upper-case month names and abbreviations ("may" in lower case is
/// the verb far more often than the month).
macro_rules! month {
    () => {
        r"(?:Jan(?:uary)?|JAN(?:UARY)?|Feb(?:ruary)?|FEB(?:RUARY)?|Mar(?:ch)?|MAR(?:CH)?|Apr(?:il)?|APR(?:IL)?|May|MAY|June?|JUNE?|July?|JULY?|Aug(?:ust)?|AUG(?:UST)?|Sep(?:t(?:ember)?)?|SEP(?:T(?:EMBER)?)?|Oct(?:ober)?|OCT(?:OBER)?|Nov(?:ember)?|NOV(?:EMBER)?|Dec(?:ember)?|DEC(?:EMBER)?)\.?"
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
            concat!(
                r"\b",
                month!(),
                r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?\b"
            ),
            0.75,
            "a date (month and day)",
        ),
        spec(
            "date_day_month_year",
            concat!(
                r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?",
                month!(),
                r"(?:,?\s+\d{4})?\b"
            ),
            0.75,
            "a date (day and month)",
        ),
        spec(
            "date_month_year",
            concat!(r"\b", month!(), r",?\s+(?:of\s+)?\d{4}\b"),
            0.4,
            "a month and year: Safe Harbor allows the year alone",
        ),
        spec(
            "date_numeric",
            r"\b\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})\b",
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
            "date_month_day_numeric",
            r"\b\d{1,2}/\d{1,2}\b",
            0.55,
            "a month/day after a date word",
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

/// Checks the calendar, and asks for a date word where the form alone is weak.
pub fn validate_date(matched: &str, before: &str, spec: &PatternSpec) -> Option<Verdict> {
    let nums = numbers(matched);
    let ok = match spec.name {
        "date_month_day_year" | "date_day_month_year" => {
            let month = month_number(matched)?;
            let day = nums.first()?.0;
            let year = nums.get(1).map(|n| n.0);
            is_calendar_date(month, day, year)
        }
        "date_month_year" => month_number(matched).is_some(),
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
        "date_iso" => {
            let [(y, 4), (m, _), (d, _), ..] = nums.as_slice() else {
                return None;
            };
            (1800..=2100).contains(y) && is_calendar_date(*m, *d, Some(*y))
        }
        "date_month_day_numeric" => {
            let [(m, _), (d, _)] = nums.as_slice() else {
                return None;
            };
            // "1/2", "5/5" and "3/4" are doses and scores unless a date word is
            // right before them.
            let near = super::tail(before, 24);
            has_context(near, STRONG_DATE_CONTEXT) && is_calendar_date(*m, *d, None) && *m != *d
        }
        _ => true,
    };
    ok.then(|| spec.default_verdict(before))
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

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
        found
    }

    #[test]
    fn full_dates_in_common_formats() {
        for text in [
            "born 9/17/1951",
            "on 2016-04-09 13:27:05",
            "March 19th, 2017",
            "19 March 2017",
            "DOB 07.30.1964",
        ] {
            assert!(!find_all(text).is_empty(), "{text}");
        }
        assert!(find_all("admitted March 3rd").contains(&"March 3rd".to_string()));
    }

    #[test]
    fn fractions_scores_ranges_years_and_today_are_not_dates() {
        for text in [
            "take 1/2 tablet",
            "strength 5/5",
            "2-3 times a day",
            "in 1980",
            "today",
            "Saturday",
            "version 1.2.10",
            "you may 5 times",
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
    }

    #[test]
    fn month_day_needs_a_date_word() {
        assert_eq!(find_all("seen on 3/14"), vec!["3/14"]);
        assert!(find_all("scored 3/14").is_empty());
    }
}
