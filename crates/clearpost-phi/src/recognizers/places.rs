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
            r"\b\d{1,6}[A-Za-z]?\s+(?:[NSEW]\.?\s+)?(?:[A-Z0-9][\w'.-]*\s+){0,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Highway|Hwy|Parkway|Pkwy|Trail|Trl|Square|Sq|Crescent|Cres|Close|Row|Alley|Plaza|Loop|Pike|Greens?|Mews|Gardens|Grove|Heights|Route|Rte|Walk|Path|Run|Crossing|Point|Ridge|Hollow|Creek|Station|Manor|Estates?|Village|Meadows?|Junction|Valley|Springs?|Fork|Landing|Bypass|Expressway|Freeway|Turnpike|Causeway)\b\.?",
            0.85,
            "a street address",
            "[address]",
        ),
        spec(
            "street_address_european_prefix",
            r"(?i)\b(?:rue|via|viale|calle|carrer|avenida|avda\.|piazza|piazzetta|plaza|ul\.|ulica|strada|rua|camino|chemin|allée|boulevard|bd\.|corso|largo|travessa|praça)\s+(?:[\w'.-]+\s+){0,4}\d{1,5}[a-z]?\b",
            0.75,
            "a street address",
            "[address]",
        ),
        spec(
            "street_address_european_suffix",
            r"\b\p{Lu}[\p{L}-]*(?:straße|strasse|str\.|weg|gasse|platz|vej|veien|vegen|gata|gatan|vägen|katu|tie|laan|straat|gracht|kuja|utca|allee|ring|damm|gade|stræde|väg)\s+\d{1,5}[a-zA-Z]?\b",
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
                r"\b(?P<id>\p{Lu}[\p{Ll}'-]+(?:\s\p{Lu}[\p{Ll}'-]+){0,2}),\s+",
                us_state!(),
                r"\b"
            ),
            0.75,
            "a city (followed by a state)",
            "[city]",
        ),
        spec(
            "county",
            r"\b(?:\p{Lu}[\p{Ll}'-]+\s+){1,2}(?:County|Parish|Borough)\b",
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
    let _ = text;
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
                .map(|t| t.lower.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            if lex.is_city(&key) {
                matched = Some((end, key));
                break;
            }
        }
        let Some((end, key)) = matched else {
            i += 1;
            continue;
        };
        let prep = i > 0
            && tokens[i].gap == Gap::Space
            && PLACE_PREPOSITIONS.contains(&tokens[i - 1].lower.as_str());
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
            out.push(Candidate {
                range: tokens[i].range.start..tokens[end - 1].range.end,
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
            first_match("street_address", "lives at 1234 N. Elm Street, Springfield").as_deref(),
            Some("1234 N. Elm Street")
        );
        assert_eq!(
            first_match("street_address", "217 Lovers Lane").as_deref(),
            Some("217 Lovers Lane")
        );
        assert_eq!(
            first_match("street_address_european_suffix", "Vesterskovvej 79").as_deref(),
            Some("Vesterskovvej 79")
        );
        assert_eq!(
            first_match("street_address_european_prefix", "rue du centre 320").as_deref(),
            Some("rue du centre 320")
        );
        assert!(first_match("street_address", "took 2 Tylenol").is_none());
    }

    #[test]
    fn zip_codes_need_a_state_or_a_zip_word() {
        assert_eq!(
            first_match("zip_after_state", "Boston, MA 02115").as_deref(),
            Some("02115")
        );
        assert_eq!(
            first_match("postal_code_in_context", "My zip code is 90010-170").as_deref(),
            Some("90010-170")
        );
        assert_eq!(
            first_match("zip_plus_four", "02115-3304").as_deref(),
            Some("02115-3304")
        );
        assert!(first_match("zip_after_state", "we raised 25000 dollars").is_none());
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
            first_match("city_state", "from Springfield, IL").as_deref(),
            Some("Springfield")
        );
    }
}
