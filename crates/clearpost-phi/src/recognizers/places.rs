//! Geographic units smaller than a state: street addresses (US and common European
//! forms), apartment and suite numbers, PO boxes, ZIP codes, counties, cities from
//! the gazetteer, and hospital room, bed and ward numbers.

use super::tokens::{Gap, Shape, Token};
use super::{accept, has_context, Candidate, PatternSpec, Verdict};
use crate::finding::Category;
use crate::lexicon::Lexicon;

macro_rules! us_state {
    () => {
        r"(?:A[LKZR]|C[AOT]|D[EC]|F[LM]|G[AU]|HI|I[DLNA]|K[SY]|LA|M[EHDAINSOTP]|N[EVHJMYCD]|O[HKR]|P[AWR]|RI|S[CD]|T[NX]|UT|V[TAI]|W[AVIY])"
    };
}

/// Address, ZIP, county and room recognisers.
pub fn specs() -> Vec<PatternSpec> {
    let spec = |name, pattern, score, reason, suggestion| PatternSpec {
        name,
        pattern,
        category: Category::GeographicSubdivision,
        score,
        context: &[],
        context_boost: 0.0,
        reason,
        suggestion,
        validate: accept,
    };
    vec![
        spec(
            "street_address",
            r"\b\d{1,6}[A-Za-z]?[ \t]+(?:[NSEW]\.?[ \t]+)?(?:[A-Z0-9][\w'.-]*[ \t]+){0,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Highway|Hwy|Parkway|Pkwy|Trail|Trl|Square|Sq|Crescent|Cres|Close|Row|Alley|Plaza|Loop|Pike|Greens?|Mews|Gardens|Grove|Heights|Route|Rte|Walk|Path|Run|Crossing|Point|Ridge|Hollow|Creek|Station|Manor|Estates?|Village|Meadows?|Junction|Valley|Springs?|Fork|Landing|Bypass|Expressway|Freeway|Turnpike|Causeway)\b\.?",
            0.85,
            "a street address",
            "[address]",
        ),
        spec(
            "street_address_european_prefix",
            r"(?i)\b(?:rue|via|viale|calle|carrer|avenida|avda\.|piazza|piazzetta|plaza|ul\.|ulica|strada|rua|camino|chemin|allée|boulevard|bd\.|corso|largo|travessa|praça)[ \t]+(?:[\w'.-]+[ \t]+){0,4}\d{1,5}[a-z]?\b",
            0.75,
            "a street address",
            "[address]",
        ),
        spec(
            "street_address_european_suffix",
            // The word may start with an accented capital ("Østergade 12"): the
            // regex engine's fast path only knows ASCII word boundaries, so the
            // start is a non-letter (or the text start) outside the `id` group.
            // ("ring" is not a suffix here: "During 3 days" is not a street.)
            r"(?:^|[^\p{L}\p{N}_])(?P<id>\p{Lu}[\p{L}-]*(?:straße|strasse|str\.|weg|gasse|platz|vej|veien|vegen|gata|gatan|vägen|katu|tie|laan|straat|gracht|kuja|utca|allee|damm|gade|stræde|väg)[ \t]+\d{1,5}[a-zA-Z]?\b)",
            0.75,
            "a street address",
            "[address]",
        ),
        PatternSpec {
            name: "numbered_street",
            // "31870 Haapatie 14", "612 Lærkehøjen 8": a house number, a street
            // name in any language and a number, after an address cue or at the start
            // of a line (the validator checks which).
            pattern: r"\b\d{1,5}[ \t]+(?:\p{L}[\p{L}'.-]*[ \t]+){1,4}\d{1,4}[a-zA-Z]?\b",
            category: Category::GeographicSubdivision,
            score: 0.7,
            context: &[],
            context_boost: 0.0,
            reason: "a street address (house number, street, number)",
            suggestion: "[address]",
            validate: validate_numbered_street,
        },
        spec(
            "uk_postcode",
            r"\b[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}\b",
            0.6,
            "a UK postcode",
            "[postcode]",
        ),
        spec(
            "canadian_postcode",
            r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] \d[ABCEGHJ-NPRSTV-Z]\d\b",
            0.6,
            "a Canadian postal code",
            "[postcode]",
        ),
        spec(
            "street_address_number_first",
            // "58 rue des Tanneurs", "7310 Rua Dezoito de Maio": French,
            // Spanish and Portuguese write the house number before the street word.
            r"(?i)\b\d{1,5},?[ \t]+(?:rue|avenue|av\.|boulevard|bd\.?|chemin|allée|impasse|quai|calle|rua|avenida|avda\.|travessa|praça)[ \t]+[\p{L}'.-]+(?:[ \t]+[\p{L}'.-]+){0,4}",
            0.75,
            "a street address",
            "[address]",
        ),
        spec(
            "unit_number",
            r"\b(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|Fl\.)\s*#?\s*\d{1,5}[A-Z]?\b",
            0.6,
            "an apartment or suite number",
            "[address]",
        ),
        spec(
            "po_box",
            r"(?i)\b(?:p\.?\s?o\.?\s*box|post\s+office\s+box|box)\s+\d{1,6}\b",
            0.6,
            "a post office box",
            "[address]",
        ),
        spec(
            "military_address",
            r"\b(?:APO|FPO|DPO)\s+(?:AA|AE|AP)\s+\d{5}\b",
            0.85,
            "a military mail address",
            "[address]",
        ),
        spec(
            "zip_after_state",
            concat!(r"\b", us_state!(), r"\.?,?\s+(?P<id>\d{5}(?:-\d{4})?)\b"),
            0.85,
            "a ZIP code",
            "[ZIP]",
        ),
        spec(
            "zip_plus_four",
            r"\b\d{5}-\d{4}\b",
            0.7,
            "a ZIP+4 code",
            "[ZIP]",
        ),
        spec(
            "postal_code_in_context",
            r"(?i)\b(?:zip(?:\s*code)?|postal\s*code|post\s*code|postcode)\s*(?:is|:|#)?\s*(?P<id>[A-Z0-9]{2,5}(?:[ -][A-Z0-9]{2,4})?)\b",
            0.85,
            "a postal code",
            "[ZIP]",
        ),
        spec(
            "city_state",
            concat!(
                r"(?:^|[^\p{L}\p{N}_])(?P<id>\p{Lu}[\p{Ll}'-]+(?:\s\p{Lu}[\p{Ll}'-]+){0,2}),\s+",
                us_state!(),
                r"\b"
            ),
            0.75,
            "a city (followed by a state)",
            "[city]",
        ),
        spec(
            "county",
            r"(?:^|[^\p{L}\p{N}_])(?P<id>(?:\p{Lu}[\p{Ll}'-]+\s+){1,2}(?:County|Parish|Borough)\b)",
            0.7,
            "a county",
            "[county]",
        ),
        PatternSpec {
            name: "room_bed",
            pattern: r"(?i)\b(?:room|rm\.?|bed|bay|ward|cubicle|bed\s+space)\s*#?\s*\d{1,4}[A-Z]?\b",
            category: Category::GeographicSubdivision,
            score: 0.55,
            context: &[
                "patient",
                "admitted",
                "discharged",
                "icu",
                "hospital",
                "stay",
                "stayed",
                "recovering",
            ],
            context_boost: 0.2,
            reason: "a hospital room, bed or ward number can locate a patient",
            suggestion: "[room]",
            validate: validate_room,
        },
    ]
}

/// Words that make "<number> <words> <number>" a count, a dose or a date rather
/// than a street ("3 times a 2", "12 March 2020", "5 mg every 6").
const NOT_STREET_WORDS: &[&str] = &[
    "and",
    "or",
    "to",
    "of",
    "the",
    "in",
    "on",
    "at",
    "for",
    "with",
    "from",
    "by",
    "am",
    "pm",
    "x",
    "a",
    "an",
    "is",
    "are",
    "was",
    "were",
    "out",
    "than",
    "over",
    "under",
    "about",
    "between",
    "per",
    "every",
    "each",
    "years",
    "year",
    "yrs",
    "days",
    "day",
    "weeks",
    "week",
    "months",
    "month",
    "hours",
    "hour",
    "hrs",
    "minutes",
    "min",
    "mins",
    "seconds",
    "mg",
    "ml",
    "mcg",
    "kg",
    "g",
    "lb",
    "lbs",
    "oz",
    "cm",
    "mm",
    "km",
    "miles",
    "mi",
    "times",
    "patients",
    "people",
    "beds",
    "percent",
    "cents",
    "dollars",
    "points",
    "units",
    "doses",
    "visits",
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "chapter",
    "section",
    "page",
    "pages",
    "vol",
    "volume",
    "verse",
    "room",
    "bed",
    "floor",
];

/// Cues right before an address ("lives at", "address:", "sent to").
const ADDRESS_CUES: &[&str] = &[
    "at",
    "address",
    "address:",
    "address is",
    "to",
    "to:",
    "lives on",
    "live on",
];

fn validate_numbered_street(matched: &str, before: &str, spec: &PatternSpec) -> Option<Verdict> {
    let words: Vec<&str> = matched.split_whitespace().collect();
    let middle = &words[1..words.len() - 1];
    let street_like = middle.iter().all(|w| {
        let clean = w.trim_end_matches('.').to_lowercase();
        !NOT_STREET_WORDS.contains(&clean.as_str())
    }) && middle.iter().any(|w| w.chars().count() >= 3);
    if !street_like {
        return None;
    }
    let last_line = before.rsplit('\n').next().unwrap_or("");
    let line_start = (before.contains('\n') || before.len() < super::CONTEXT_WINDOW / 2)
        && last_line.chars().all(|c| " \t>|*-?".contains(c));
    let trimmed = before.trim_end();
    let cue = ADDRESS_CUES.iter().any(|c| {
        trimmed.ends_with(c)
            && trimmed[..trimmed.len() - c.len()]
                .chars()
                .next_back()
                .is_none_or(|ch| !ch.is_alphanumeric())
    });
    if !(line_start || cue) {
        return None;
    }
    Some(spec.default_verdict(before))
}

fn validate_room(matched: &str, before: &str, spec: &PatternSpec) -> Option<Verdict> {
    let mut verdict = spec.default_verdict(before);
    if has_context(
        before,
        &["conference", "meeting", "board", "class", "lecture"],
    ) {
        verdict.confidence = 0.3;
    }
    let _ = matched;
    Some(verdict)
}

const PLACE_PREPOSITIONS: &[&str] = &[
    "in",
    "from",
    "at",
    "near",
    "to",
    "of",
    "outside",
    "around",
    "visiting",
    "lives",
    "live",
    "living",
    "moved",
    "born",
    "grew",
    "resident",
    "residents",
    "towards",
    "toward",
];

/// City names from the gazetteer among capitalised words.
pub fn find_cities(text: &str, tokens: &[Token], lex: &Lexicon) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !matches!(tokens[i].shape, Shape::Title | Shape::Upper) {
            i += 1;
            continue;
        }
        let mut matched = None;
        for len in (1..=3).rev() {
            let end = i + len;
            if end > tokens.len() {
                continue;
            }
            let window = &tokens[i..end];
            let joined_ok = window[1..]
                .iter()
                .all(|t| t.gap == Gap::Space && matches!(t.shape, Shape::Title | Shape::Upper));
            if !joined_ok {
                continue;
            }
            let key = window
                .iter()
                .map(|t| t.lower())
                .collect::<Vec<_>>()
                .join(" ");
            if lex.is_city(&key) {
                matched = Some((end, key));
                break;
            }
        }
        let Some((end, key)) = matched else {
            if let Some(mut candidate) = upper_case_place(tokens, i, lex) {
                candidate.range.end += postcode_after(text, candidate.range.end);
                out.push(candidate);
            } else if let Some((candidate, next)) = unknown_town_with_postcode(text, tokens, i, lex)
            {
                out.push(candidate);
                i = next;
                continue;
            }
            i += 1;
            continue;
        };
        let prep = i > 0
            && tokens[i].gap == Gap::Space
            && PLACE_PREPOSITIONS.contains(&tokens[i - 1].lower());
        let single = end == i + 1;
        let ordinary = single && lex.zipf(&key) >= 3.3;
        let confidence = match (prep, ordinary) {
            (true, false) => 0.65,
            (false, false) if single && key.chars().count() <= 3 => 0.0,
            (false, false) => 0.5,
            (true, true) => 0.4,
            (false, true) => 0.0,
        };
        if confidence > 0.0 {
            let town_end = tokens[end - 1].range.end;
            out.push(Candidate {
                range: tokens[i].range.start..town_end + postcode_after(text, town_end),
                category: Category::GeographicSubdivision,
                confidence,
                reason: "a city or town (smaller than a state)".to_string(),
                suggestion: "[city]".to_string(),
            });
        }
        i = end;
    }
    out
}

/// The length of a postcode written right after a town ("Castelbruno 01033",
/// "Paris 75008", "NORRSTRANDA 793 41", "Coimbra 3000-456", "Kraków 30-001"),
/// with the space before it; 0 when there is none. A four-digit year
/// ("in Boston 2019") is not a postcode.
fn postcode_after(text: &str, end: usize) -> usize {
    let rest = &text[end..];
    let Some(after_space) = rest.strip_prefix(' ') else {
        return 0;
    };
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let first = digits(after_space);
    let mut len = first;
    let tail = &after_space[first..];
    if let Some(second) = tail
        .strip_prefix(' ')
        .or_else(|| tail.strip_prefix('-'))
        .map(digits)
    {
        let joined = matches!((first, second), (3, 2) | (4, 3) | (2, 3));
        if joined {
            len = first + 1 + second;
        }
    }
    let plain = len == first;
    if plain && !(4..=5).contains(&first) {
        return 0;
    }
    let code = &after_space[..len];
    if plain
        && first == 4
        && code
            .parse::<u32>()
            .is_ok_and(|y| (1900..=2099).contains(&y))
    {
        return 0;
    }
    // The code must end there: not part of a longer number or word.
    if after_space[len..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric())
    {
        return 0;
    }
    1 + len
}

/// A town the gazetteer does not know (villages, districts), recognised by what
/// surrounds it in an address: a place preposition before it and a postcode right
/// after it ("in Bjert 6091", "from Ravnsholt K 1460"). Up to three capitalised
/// words, none of them an English word or a known name (so "in Building 4021" and
/// "in Ward 12345" stay quiet); a year is not a postcode. Returns the candidate and
/// the token index after it.
fn unknown_town_with_postcode(
    text: &str,
    tokens: &[Token],
    i: usize,
    lex: &Lexicon,
) -> Option<(Candidate, usize)> {
    let after_preposition = i > 0
        && tokens[i].gap == Gap::Space
        && matches!(tokens[i - 1].lower(), "in" | "from" | "to" | "at" | "near");
    if !after_preposition {
        return None;
    }
    let unknown = |t: &Token| {
        matches!(t.shape, Shape::Title | Shape::Upper) && {
            let entry = lex.entry(&t.lower);
            // A single capital ("Ravnsholt K") is a district letter, not a word.
            t.lower.chars().count() == 1
                || (entry.zipf < 3.0
                    && entry.first_name_rank.is_none()
                    && entry.surname_rank.is_none())
        }
    };
    // Short capitals are acronyms ("PSC 0413" is a military post box), not towns.
    let letters = tokens[i].lower.chars().count();
    if !unknown(&tokens[i]) || letters < 3 || (tokens[i].shape == Shape::Upper && letters <= 3) {
        return None;
    }
    let mut end = i + 1;
    while end < tokens.len()
        && end - i < 3
        && tokens[end].gap == Gap::Space
        && unknown(&tokens[end])
    {
        end += 1;
    }
    // The postcode may follow any of the words ("Bjert 6091", "Ravnsholt K 1460").
    (i + 1..=end).rev().find_map(|stop| {
        let town_end = tokens[stop - 1].range.end;
        let code = postcode_after(text, town_end);
        (code > 0).then(|| {
            (
                Candidate {
                    range: tokens[i].range.start..town_end + code,
                    category: Category::GeographicSubdivision,
                    confidence: 0.55,
                    reason: "a town followed by its postcode".to_string(),
                    suggestion: "[city]".to_string(),
                },
                stop,
            )
        })
    })
}

/// A word in capitals right after a place preposition ("flew to LEPPEN", "grew up
/// in ΑΛΑΣΣΑ"): addresses and forms write towns in capitals, and a word that is
/// neither English nor a name is rarely anything else there. Short words (ICU,
/// MRSA) and known words are left out.
fn upper_case_place(tokens: &[Token], i: usize, lex: &Lexicon) -> Option<Candidate> {
    let token = &tokens[i];
    let after_preposition = i > 0
        && token.gap == Gap::Space
        && matches!(
            tokens[i - 1].lower(),
            "in" | "from" | "to" | "at" | "near" | "of"
        );
    let unknown = lex.zipf(&token.lower) < 2.5
        && lex.first_name_rank(&token.lower).is_none()
        && lex.surname_rank(&token.lower).is_none();
    (token.shape == Shape::Upper
        && token.lower.chars().count() >= 5
        && after_preposition
        && unknown)
        .then(|| Candidate {
            range: token.range.clone(),
            category: Category::GeographicSubdivision,
            confidence: 0.5,
            reason: format!("a place name in capitals after '{}'", tokens[i - 1].lower),
            suggestion: "[city]".to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    fn first_match(name: &str, text: &str) -> Option<String> {
        let spec = specs().into_iter().find(|s| s.name == name).unwrap();
        let re = Regex::new(spec.pattern).unwrap();
        let caps = re.captures(text)?;
        Some(
            caps.name("id")
                .unwrap_or_else(|| caps.get(0).unwrap())
                .as_str()
                .to_string(),
        )
    }

    #[test]
    fn street_addresses_us_and_european() {
        assert_eq!(
            first_match("street_address", "lives at 1234 N. Elm Street, Millbrook").as_deref(),
            Some("1234 N. Elm Street")
        );
        assert_eq!(
            first_match("street_address", "318 Quarry Lane").as_deref(),
            Some("318 Quarry Lane")
        );
        assert_eq!(
            first_match("street_address_european_suffix", "Bøgeskovvej 41").as_deref(),
            Some("Bøgeskovvej 41")
        );
        assert_eq!(
            first_match("street_address_european_prefix", "rue des vignes 117").as_deref(),
            Some("rue des vignes 117")
        );
        assert!(first_match("street_address", "took 2 Tylenol").is_none());
        assert_eq!(
            first_match(
                "street_address_number_first",
                "lives at 58 rue des Tanneurs, Dijon"
            )
            .as_deref(),
            Some("58 rue des Tanneurs")
        );
        assert!(first_match("street_address_number_first", "3 avenues of care").is_none());
        // A street never runs on to the next line.
        assert_eq!(
            first_match("street_address_european_prefix", "Rua Nova 41\n Apt. 19").as_deref(),
            Some("Rua Nova 41")
        );
    }

    fn validated(name: &str, text: &str, before: &str) -> bool {
        let spec = specs().into_iter().find(|s| s.name == name).unwrap();
        first_match(name, text).is_some_and(|m| (spec.validate)(&m, before, &spec).is_some())
    }

    #[test]
    fn numbered_streets_in_any_language_after_a_cue_or_at_a_line_start() {
        assert_eq!(
            first_match("numbered_street", "at 612 Lærkehøjen 8, Vejle").as_deref(),
            Some("612 Lærkehøjen 8")
        );
        assert!(validated(
            "numbered_street",
            "612 Lærkehøjen 8",
            "his address: "
        ));
        assert!(validated(
            "numbered_street",
            "31870 Haapatie 14",
            "billing:\n    "
        ));
        assert!(validated("numbered_street", "7 Ulica Długa 3", ""));
        // Counts, doses and dates are not streets, and no cue means no street.
        assert!(!validated("numbered_street", "12 March 2020", "on "));
        assert!(!validated("numbered_street", "5 mg every 6", "take "));
        assert!(!validated(
            "numbered_street",
            "40 Volunteers joined 3",
            "this year our hospital team of "
        ));
    }

    #[test]
    fn uk_and_canadian_postcodes() {
        assert_eq!(
            first_match("uk_postcode", "London SW1A 1AA").as_deref(),
            Some("SW1A 1AA")
        );
        assert_eq!(
            first_match("uk_postcode", "NR21 0AX").as_deref(),
            Some("NR21 0AX")
        );
        assert_eq!(
            first_match("canadian_postcode", "Truro NS B2N 7K4").as_deref(),
            Some("B2N 7K4")
        );
        assert!(first_match("uk_postcode", "COVID 19 cases").is_none());
        assert!(
            first_match("canadian_postcode", "D2N 7K4").is_none(),
            "no D in Canada"
        );
    }

    #[test]
    fn accented_capitals_start_streets_cities_and_counties() {
        assert_eq!(
            first_match(
                "street_address_european_suffix",
                "bor på Østergade 12, 2. sal"
            )
            .as_deref(),
            Some("Østergade 12")
        );
        assert_eq!(
            first_match("street_address_european_suffix", "Ågatan 3").as_deref(),
            Some("Ågatan 3")
        );
        assert_eq!(
            first_match("city_state", "moved from Île Verte, ME last spring").as_deref(),
            Some("Île Verte")
        );
        assert_eq!(
            first_match("county", "in Östergötland County").as_deref(),
            Some("Östergötland County")
        );
        // Not from the middle of a word, and "During 3 days" is not a street.
        assert!(first_match("street_address_european_suffix", "xÅgatan 3").is_none());
        assert!(first_match("street_address_european_suffix", "During 3 days").is_none());
    }

    #[test]
    fn zip_codes_need_a_state_or_a_zip_word() {
        assert_eq!(
            first_match("zip_after_state", "Boston, MA 02115").as_deref(),
            Some("02115")
        );
        assert_eq!(
            first_match("postal_code_in_context", "My zip code is 48213-550").as_deref(),
            Some("48213-550")
        );
        assert_eq!(
            first_match("zip_plus_four", "02115-3304").as_deref(),
            Some("02115-3304")
        );
        assert!(first_match("zip_after_state", "we raised 25000 dollars").is_none());
    }

    #[test]
    fn upper_case_towns_after_a_preposition() {
        let lex = Lexicon::empty();
        let found = |text: &str| -> Vec<String> {
            let tokens = super::super::tokens::tokenize(text);
            find_cities(text, &tokens, &lex)
                .into_iter()
                .map(|c| text[c.range].to_string())
                .collect()
        };
        assert_eq!(
            found("She flew to GRAUENSTETT on Monday."),
            vec!["GRAUENSTETT"]
        );
        assert_eq!(found("He grew up in ΑΛΑΣΣΑ."), vec!["ΑΛΑΣΣΑ"]);
        assert!(found("Admitted to ICU overnight.").is_empty(), "too short");
        assert!(found("RESULTS: WEZEMBEEK").is_empty(), "no preposition");
    }

    #[test]
    fn unknown_towns_are_places_when_a_postcode_follows() {
        let lex = Lexicon::empty();
        let found = |text: &str| -> Vec<String> {
            let tokens = super::super::tokens::tokenize(text);
            find_cities(text, &tokens, &lex)
                .into_iter()
                .map(|c| text[c.range].to_string())
                .collect()
        };
        assert_eq!(
            found("She lives in Vrønding 7100 now."),
            vec!["Vrønding 7100"]
        );
        assert_eq!(
            found("He moved from Ravnsholt K 1460 in the spring."),
            vec!["Ravnsholt K 1460"]
        );
        assert!(
            found("She lives in Vrønding now.").is_empty(),
            "no postcode"
        );
        assert!(found("He was in Vrønding 2019.").is_empty(), "a year");
        assert!(
            found("Vrønding 7100 is on the map.").is_empty(),
            "no preposition"
        );
    }

    #[test]
    fn postcodes_right_after_a_town() {
        fn after<'a>(text: &'a str, town: &str) -> &'a str {
            let end = text.find(town).unwrap() + town.len();
            &text[end..end + postcode_after(text, end)]
        }
        assert_eq!(after("in Paris 75008 on foot", "Paris"), " 75008");
        assert_eq!(after("in NORRSTRANDA 793 41 in", "NORRSTRANDA"), " 793 41");
        assert_eq!(after("Coimbra 3000-456.", "Coimbra"), " 3000-456");
        assert_eq!(after("Kraków 30-001", "Kraków"), " 30-001");
        assert_eq!(after("in Boston 2019 we", "Boston"), "", "a year");
        assert_eq!(after("in Boston 12 times", "Boston"), "");
        assert_eq!(after("in Boston 483921", "Boston"), "");
        assert_eq!(after("in Boston 02115x", "Boston"), "");
    }

    #[test]
    fn rooms_beds_counties() {
        assert_eq!(
            first_match("room_bed", "discharged from room 412 on").as_deref(),
            Some("room 412")
        );
        assert_eq!(
            first_match("county", "in Orange County today").as_deref(),
            Some("Orange County")
        );
        assert_eq!(
            first_match("city_state", "from Millbrook, IL").as_deref(),
            Some("Millbrook")
        );
    }
}
