//! Telephone and fax numbers, validated with `phonenumber` (libphonenumber's rules).

use phonenumber::country::Id;

use super::{has_context, PatternSpec, Verdict};
use crate::finding::Category;

const PHONE_CONTEXT: &[&str] = &[
    "phone",
    "tel",
    "telephone",
    "call",
    "called",
    "calling",
    "cell",
    "mobile",
    "fax",
    "contact",
    "reach",
    "text",
    "desk",
    "office",
    "ph",
    "dial",
    "answering",
    "messages",
    "number",
    "pager",
    "home",
    "work",
];

/// Regions tried for numbers written without a country code, after the US.
const OTHER_REGIONS: &[Id] = &[
    Id::CA,
    Id::GB,
    Id::AU,
    Id::DE,
    Id::FR,
    Id::NL,
    Id::BE,
    Id::CH,
    Id::IT,
    Id::ES,
    Id::IE,
    Id::SE,
    Id::DK,
    Id::NO,
    Id::FI,
];

/// The phone recogniser.
pub fn specs() -> Vec<PatternSpec> {
    vec![PatternSpec {
        name: "phone",
        pattern: r"(?:(?:\+|\b00)\d{1,3}[ .\-]?)?(?:\(\d{1,5}\)|\b\d{1,5})(?:[ .\-]?(?:\(0\)[ .\-]?)?(?:\(\d{2,5}\)|\d{2,5})){1,5}(?:[ ]?(?:x|ext\.?|extension)[ ]?\d{1,6})?\b",
        category: Category::PhoneNumber,
        score: 0.8,
        context: PHONE_CONTEXT,
        context_boost: 0.15,
        reason: "looks like a phone number",
        suggestion: "[phone]",
        validate: validate_phone,
    }]
}

/// A number followed by the kind of line it is ("512 44 078 office", "31-72-05-64
/// fax"), as in signatures: the trailing word is the context.
pub fn labelled_specs() -> Vec<PatternSpec> {
    vec![PatternSpec {
        name: "phone_with_trailing_label",
        pattern: r"(?P<id>(?:\+\d{1,3}[ .\-]?)?(?:\(\d{1,5}\)|\b\d{1,5})(?:[ .\-]?(?:\(\d{2,5}\)|\d{2,5})){1,5})[ \t]*[-–]?[ \t]*(?i:office|fax|mobile|cell|home|work|tel|phone)\b",
        category: Category::PhoneNumber,
        score: 0.6,
        context: &[],
        context_boost: 0.0,
        reason: "a number labelled as a phone or fax",
        suggestion: "[phone]",
        validate: validate_labelled_phone,
    }]
}

/// 7–15 digits, not a date; "fax" after the number makes it a fax number.
fn validate_labelled_phone(matched: &str, before: &str, spec: &PatternSpec) -> Option<Verdict> {
    let digits = matched.chars().filter(char::is_ascii_digit).count();
    if !(7..=15).contains(&digits) || looks_like_date(matched) {
        return None;
    }
    Some(spec.default_verdict(before))
}

/// Accepts 7–15 digit numbers that libphonenumber says are valid (US first, then
/// international format, then common regions), or that sit right after a phone word.
pub fn validate_phone(matched: &str, before: &str, spec: &PatternSpec) -> Option<Verdict> {
    // An extension ("x4412", "ext. 12") is part of the finding but not of the number.
    let matched = without_extension(matched);
    let digits = matched.chars().filter(char::is_ascii_digit).count();
    if !(7..=15).contains(&digits)
        || looks_like_date(matched)
        || after_other_label(before)
        || super::inside_url(before)
    {
        return None;
    }
    let near = super::tail(before, 24);
    let context = has_context(before, PHONE_CONTEXT);
    let (category, kind) = if has_context(near, &["fax"]) {
        (Category::FaxNumber, "fax")
    } else {
        (Category::PhoneNumber, "phone")
    };
    let international = matched.starts_with('+') || matched.starts_with("00");
    let (mut confidence, reason) = if valid_in(matched, Some(Id::US)) {
        (0.8, format!("looks like a US {kind} number"))
    } else if international && valid_in(matched, None) {
        (0.8, format!("looks like an international {kind} number"))
    } else if (context || matched.starts_with('0'))
        && OTHER_REGIONS.iter().any(|id| valid_in(matched, Some(*id)))
    {
        // National numbers elsewhere start with a trunk 0; trying every region on
        // every number would also be slow. Written in groups with nine digits or
        // more ("030 884 21 57", "0471-3382915") it is hardly anything else.
        let grouped = digits >= 9 && matched.contains([' ', '-', '.']);
        if grouped {
            (0.55, format!("written like a national {kind} number"))
        } else {
            (0.45, format!("looks like a {kind} number"))
        }
    } else if context {
        (0.5, format!("a number written after a {kind} word"))
    } else if nanp_shaped(matched) {
        // Whatever word precedes it ("email me or 555-201-8890"): written like a US
        // number, even one libphonenumber does not know (555 numbers, new codes).
        (0.6, format!("written like a US {kind} number"))
    } else {
        return None;
    };
    if context {
        confidence += spec.context_boost;
    }
    Some(Verdict {
        category,
        confidence: f32::min(confidence, 1.0),
        reason: Some(reason),
        suggestion: Some(format!("[{kind}]")),
    })
}

/// Written as a North American number: area code and exchange not starting with 0
/// or 1, the line number set apart ("555-201-8890", "(555) 201-8890", "555.201.8890",
/// "+1 555 201 8890"). Ten bare digits are not enough (order and record numbers).
fn nanp_shaped(matched: &str) -> bool {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(
            r"^(?:\+?1[ .-]?)?(?:\([2-9]\d{2}\)[ .-]?|[2-9]\d{2}[ .-])[2-9]\d{2}[ .-]\d{4}$",
        )
        .expect("NANP pattern")
    })
    .is_match(matched)
}

/// Labels that make a phone-shaped number something else ("order 555-201-8890").
const OTHER_LABELS: &[&str] = &[
    "order",
    "invoice",
    "isbn",
    "ref",
    "reference",
    "tracking",
    "case",
    "account",
    "acct",
    "claim",
    "policy",
    "member",
    "mrn",
    "id",
    "serial",
    "confirmation",
    "ticket",
    "application",
    "sku",
    "model",
    "part",
    "lot",
    "record",
    "chart",
    "ssn",
    "patient",
];

fn after_other_label(before: &str) -> bool {
    let near = super::tail(before, 24);
    let last_words: Vec<&str> = near
        .split(|c: char| !(c.is_alphanumeric() || c == '#'))
        .filter(|w| !w.is_empty() && !matches!(*w, "no" | "number" | "num" | "#" | "is"))
        .collect();
    last_words
        .last()
        .is_some_and(|w| OTHER_LABELS.contains(&w.trim_end_matches('#')))
}

/// The number without a trailing extension ("614-385-2290x4412" -> "614-385-2290").
fn without_extension(matched: &str) -> &str {
    let cut = matched
        .char_indices()
        .find(|&(i, c)| {
            (c == 'x' || c == 'e')
                && matched[..i]
                    .trim_end()
                    .ends_with(|d: char| d.is_ascii_digit() || d == ')')
        })
        .map_or(matched.len(), |(i, _)| i);
    matched[..cut].trim_end()
}

/// How many compiled patterns `phonenumber` keeps. Its metadata holds a few
/// thousand patterns, compiled on first use into an LRU cache of only 100; trying a
/// number in the US, then internationally, then in 15 other regions touches more than
/// that, so the cache thrashed and recompiling libphonenumber's patterns took a
/// quarter of all scan time on the dev set. Room for every pattern the regions above
/// use (and the international numbers met in practice) costs a few MiB.
const PHONE_PATTERN_CACHE: usize = 4096;

/// Loads libphonenumber's metadata (a few tens of milliseconds, once per process),
/// enlarges its pattern cache and compiles the patterns of the regions every scan
/// tries (an all-zero number is tried against every number type of a region, so all
/// its patterns get compiled). The registry calls this when it is built, so the
/// first scans after start-up (or the first keystrokes) do not pay for it.
pub fn prepare_database() {
    static PREPARED: std::sync::Once = std::sync::Once::new();
    PREPARED.call_once(|| {
        if let Ok(mut cache) = phonenumber::metadata::DATABASE.cache().lock() {
            cache.set_capacity(PHONE_PATTERN_CACHE);
        }
        for region in std::iter::once(Id::US).chain(OTHER_REGIONS.iter().copied()) {
            check_in("0000000000", Some(region));
        }
    });
}

fn valid_in(text: &str, region: Option<Id>) -> bool {
    prepare_database();
    check_in(text, region)
}

fn check_in(text: &str, region: Option<Id>) -> bool {
    phonenumber::parse(region, text)
        .map(|number| phonenumber::is_valid(&number))
        .unwrap_or(false)
}

/// ISO dates and times ("2016-04-09", "1979 06 23") are dates, not phones.
fn looks_like_date(text: &str) -> bool {
    let groups: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    if let [year, month, day] = groups.as_slice() {
        let (y, m, d) = (
            year.parse::<u32>(),
            month.parse::<u32>(),
            day.parse::<u32>(),
        );
        if let (Ok(y), Ok(m), Ok(d)) = (y, m, d) {
            return year.len() == 4
                && (1800..=2100).contains(&y)
                && (1..=12).contains(&m)
                && (1..=31).contains(&d);
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, before: &str) -> Option<Verdict> {
        validate_phone(text, before, &specs()[0])
    }

    #[test]
    fn valid_us_and_international_numbers_are_phones() {
        let v = check("(614) 385-2290", "").unwrap();
        assert_eq!(v.category, Category::PhoneNumber);
        assert!(v.confidence >= 0.8);
        assert!(check("+41 44 668 18 00", "").is_some());
        assert!(check("+44 20 7946 0958", "").is_some());
    }

    #[test]
    fn extensions_belong_to_the_phone_number() {
        let re = regex::Regex::new(specs()[0].pattern).unwrap();
        for text in [
            "614-385-2290x4412",
            "(614)385-2290x0135",
            "614-385-2290 ext. 12",
        ] {
            let m = re.find(text).unwrap();
            assert_eq!(m.as_str(), text, "the whole number with its extension");
            assert!(check(m.as_str(), "").is_some(), "{text}");
        }
        assert_eq!(without_extension("614.385.2290x317"), "614.385.2290");
        assert!(check("12x4587", "").is_none());
    }

    #[test]
    fn numbers_labelled_after_them_are_phones() {
        let spec = &labelled_specs()[0];
        let re = regex::Regex::new(spec.pattern).unwrap();
        for (text, number) in [
            ("512 44 078 office", "512 44 078"),
            ("31-72-05-64 Office", "31-72-05-64"),
            ("(41) 613-207-Office", "(41) 613-207"),
        ] {
            let caps = re.captures(text).unwrap();
            let m = caps.name("id").unwrap().as_str();
            assert_eq!(m, number);
            let verdict = validate_labelled_phone(m, "", spec);
            assert_eq!(
                verdict.is_some(),
                m.chars().filter(char::is_ascii_digit).count() >= 7,
                "{text}"
            );
        }
        assert!(re
            .captures("2019-04-12 office")
            .is_some_and(
                |c| validate_labelled_phone(c.name("id").unwrap().as_str(), "", spec).is_none()
            ));
        assert!(re
            .captures("room 412 office")
            .is_none_or(
                |c| validate_labelled_phone(c.name("id").unwrap().as_str(), "", spec).is_none()
            ));
    }

    #[test]
    fn phone_shaped_numbers_are_found_whatever_word_precedes_them() {
        for before in ["email me or ", "call ", "", "ring Jo on ", "questions? "] {
            let v = check("555-201-8890", before).unwrap_or_else(|| panic!("{before}"));
            assert!(v.confidence >= 0.5, "{before}: blocks");
        }
        assert!(check("(555) 201-8890", "or ").is_some());
        assert!(check("555.201.8890", "or ").is_some());
        // Not a phone: another label, bare digits, ZIP+4, a date, an SSN shape.
        assert!(check("555-201-8890", "order # ").is_none());
        assert!(check("555-201-8890", "tracking number ").is_none());
        assert!(check("5552018890", "").is_none());
        assert!(check("55520-1889", "").is_none());
        assert!(check("2016-04-09", "").is_none());
        assert!(check("155-201-8890", "").is_none());
        assert!(check("555-201-8890", "see http://example.org/t/").is_none());
    }

    #[test]
    fn grouped_national_numbers_with_a_trunk_zero_block() {
        let v = check("020 7946 0321", "").unwrap();
        assert!(v.confidence >= 0.5, "{v:?}");
        // Run together, it could be any other number: only a weak guess.
        assert!(!matches!(check("02079460321", ""), Some(v) if v.confidence >= 0.5));
    }

    #[test]
    fn fax_context_makes_a_fax_number() {
        let v = check("614-385-2290", "fax: ").unwrap();
        assert_eq!(v.category, Category::FaxNumber);
        assert_eq!(v.suggestion.as_deref(), Some("[fax]"));
    }

    #[test]
    fn short_numbers_dates_and_doses_are_not_phones() {
        assert!(check("2-3", "").is_none());
        assert!(check("1979-06-23", "").is_none());
        assert!(check("12345", "call ").is_none());
        assert!(
            !matches!(check("4821 7730", ""), Some(v) if v.confidence >= 0.5),
            "only a weak guess without a phone word"
        );
    }
}
