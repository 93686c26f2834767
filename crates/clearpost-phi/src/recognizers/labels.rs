//! Numbers and codes after an identifying label: "pager #32007", "badge 4471",
//! "application no. 12345/06", "plot no. 17/4", "claim # CL-88231", "MRN: #AB-99812",
//! "(ID: 771203)", and every item of a list after a plural label ("plots nos. 12, 15
//! and 17/2"). Whatever the label names (a case, a file, a ticket, an insurance policy),
//! a number that picks out one record picks out one person's record: Safe Harbor's
//! "any other unique identifying number" (R), or the closer category when the label
//! says which (medical record, health plan, account, Social Security).
//!
//! Precision comes from the label, not the number: a label word must come right
//! before the value (with at most "no.", "number", "#", "ID", ":" or "is" between),
//! the value must carry enough digits, and a value after a label that often takes a
//! plain count ("case", "file", "patient") needs an explicit "no."/"number"/"#"/":".
//! Years ("file 2019"), doses and scores never follow such a label in that shape.

use std::sync::OnceLock;

use regex::Regex;

use super::Candidate;
use crate::finding::Category;

/// Labels that name an identifier on their own ("MRN 00123", "pager 32007").
const STRONG: &[(&str, Category, &str)] = &[
    (
        "mrn",
        Category::MedicalRecordNumber,
        "medical record number",
    ),
    (
        "emr",
        Category::MedicalRecordNumber,
        "medical record number",
    ),
    (
        "ehr",
        Category::MedicalRecordNumber,
        "medical record number",
    ),
    (
        "accession",
        Category::MedicalRecordNumber,
        "accession number",
    ),
    ("specimen", Category::MedicalRecordNumber, "specimen number"),
    (
        "hicn",
        Category::HealthPlanBeneficiaryNumber,
        "health plan number",
    ),
    (
        "mbi",
        Category::HealthPlanBeneficiaryNumber,
        "Medicare number",
    ),
    (
        "member",
        Category::HealthPlanBeneficiaryNumber,
        "member number",
    ),
    (
        "subscriber",
        Category::HealthPlanBeneficiaryNumber,
        "subscriber number",
    ),
    (
        "beneficiary",
        Category::HealthPlanBeneficiaryNumber,
        "beneficiary number",
    ),
    (
        "policy",
        Category::HealthPlanBeneficiaryNumber,
        "policy number",
    ),
    (
        "insurance",
        Category::HealthPlanBeneficiaryNumber,
        "insurance number",
    ),
    (
        "ins",
        Category::HealthPlanBeneficiaryNumber,
        "insurance number",
    ),
    (
        "medicaid",
        Category::HealthPlanBeneficiaryNumber,
        "Medicaid number",
    ),
    (
        "medicare",
        Category::HealthPlanBeneficiaryNumber,
        "Medicare number",
    ),
    (
        "hmo",
        Category::HealthPlanBeneficiaryNumber,
        "health plan number",
    ),
    (
        "ppo",
        Category::HealthPlanBeneficiaryNumber,
        "health plan number",
    ),
    ("claim", Category::AccountNumber, "claim number"),
    ("account", Category::AccountNumber, "account number"),
    ("acct", Category::AccountNumber, "account number"),
    ("invoice", Category::AccountNumber, "invoice number"),
    (
        "ssn",
        Category::SocialSecurityNumber,
        "Social Security number",
    ),
    ("pager", Category::OtherUniqueIdentifier, "pager number"),
    ("badge", Category::OtherUniqueIdentifier, "badge number"),
    (
        "employee",
        Category::OtherUniqueIdentifier,
        "employee number",
    ),
    ("staff", Category::OtherUniqueIdentifier, "staff number"),
    ("student", Category::OtherUniqueIdentifier, "student number"),
    ("ticket", Category::OtherUniqueIdentifier, "ticket number"),
    ("docket", Category::OtherUniqueIdentifier, "docket number"),
    ("dossier", Category::OtherUniqueIdentifier, "file number"),
    ("inmate", Category::OtherUniqueIdentifier, "inmate number"),
    (
        "prisoner",
        Category::OtherUniqueIdentifier,
        "prisoner number",
    ),
    ("booking", Category::OtherUniqueIdentifier, "booking number"),
    (
        "confirmation",
        Category::OtherUniqueIdentifier,
        "confirmation number",
    ),
    ("id", Category::OtherUniqueIdentifier, "ID"),
    ("identifier", Category::OtherUniqueIdentifier, "identifier"),
];

/// Labels that also take ordinary counts ("case 2", "patient 3 of 10"): an ID only
/// with "no.", "number", "#", "ID" or ":" after them.
const WEAK: &[(&str, Category, &str)] = &[
    ("record", Category::MedicalRecordNumber, "record number"),
    ("records", Category::MedicalRecordNumber, "record number"),
    ("chart", Category::MedicalRecordNumber, "chart number"),
    ("patient", Category::MedicalRecordNumber, "patient number"),
    ("hospital", Category::MedicalRecordNumber, "hospital number"),
    (
        "encounter",
        Category::MedicalRecordNumber,
        "encounter number",
    ),
    ("visit", Category::MedicalRecordNumber, "visit number"),
    (
        "plan",
        Category::HealthPlanBeneficiaryNumber,
        "health plan number",
    ),
    (
        "group",
        Category::HealthPlanBeneficiaryNumber,
        "group number",
    ),
    ("health", Category::HealthPlanBeneficiaryNumber, "health ID"),
    ("billing", Category::AccountNumber, "billing number"),
    ("case", Category::OtherUniqueIdentifier, "case number"),
    ("cases", Category::OtherUniqueIdentifier, "case number"),
    (
        "application",
        Category::OtherUniqueIdentifier,
        "application number",
    ),
    (
        "applications",
        Category::OtherUniqueIdentifier,
        "application number",
    ),
    ("file", Category::OtherUniqueIdentifier, "file number"),
    ("files", Category::OtherUniqueIdentifier, "file number"),
    (
        "reference",
        Category::OtherUniqueIdentifier,
        "reference number",
    ),
    ("ref", Category::OtherUniqueIdentifier, "reference number"),
    (
        "registration",
        Category::OtherUniqueIdentifier,
        "registration number",
    ),
    ("plot", Category::OtherUniqueIdentifier, "plot number"),
    ("plots", Category::OtherUniqueIdentifier, "plot number"),
    ("parcel", Category::OtherUniqueIdentifier, "parcel number"),
    (
        "complaint",
        Category::OtherUniqueIdentifier,
        "complaint number",
    ),
    (
        "petition",
        Category::OtherUniqueIdentifier,
        "petition number",
    ),
    ("appeal", Category::OtherUniqueIdentifier, "appeal number"),
    ("site", Category::OtherUniqueIdentifier, "site ID"),
];

/// What may stand between a label and its value ("no.", "number", "#", "ID").
const MARKER: &str = r"(?:no|nos|nr|num|number|numbers|id|ids|#|ref)";

/// A value: an optional letter prefix, a digit, then letters, digits and inner
/// separators ("12345/06", "AB-99812", "17/4", "2:21-cv-0413"). Requiring the digit
/// in the pattern keeps "patient with", "case of" from matching at all.
const VALUE: &str = r"(?:[A-Za-z]{1,8}-?)?\d[A-Za-z0-9]*(?:[-/.:][A-Za-z0-9]+){0,4}";

fn label_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let words: Vec<&str> = STRONG
            .iter()
            .chain(WEAK.iter())
            .map(|(w, _, _)| *w)
            .collect();
        let label = format!(r"(?:{})", words.join("|"));
        // label (label){0,2} [(] [marker[.]] [:|is|=|-] [#] value (, value)*
        let pattern = format!(
            r"(?i)\b(?P<label>{label}(?:[ \t]+{label}){{0,2}})\b\.?(?P<marker>[ \t]*\(?[ \t]*{MARKER}\b\.?|[ \t]*#)?(?P<colon>[ \t]*(?::|=|is\b|was\b|-))?[ \t]*(?P<hash>#)?[ \t]*\b(?P<id>{VALUE})\b(?P<more>(?:[ \t]*(?:,|;|&|and\b|or\b)[ \t]*{VALUE})*)"
        );
        Regex::new(&pattern.replace(r"\b", r"(?-u:\b)")).expect("label pattern")
    })
}

fn generic_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // "(no. 12345/06)", "nos. 4471/09 and 4472/09": a slashed reference after
        // "no." needs no label word.
        Regex::new(
            &r"(?i)\bnos?\.[ \t]*(?P<id>\d{2,6}/\d{2,4})(?P<more>(?:[ \t]*(?:,|;|&|and\b)[ \t]*\d{2,6}/\d{2,4})*)"
                .replace(r"\b", r"(?-u:\b)"),
        )
        .expect("generic number pattern")
    })
}

fn lookup(word: &str) -> Option<(Category, &'static str, bool)> {
    let word = word.to_ascii_lowercase();
    STRONG
        .iter()
        .find(|(w, _, _)| *w == word)
        .map(|(_, c, r)| (*c, *r, true))
        .or_else(|| {
            WEAK.iter()
                .find(|(w, _, _)| *w == word)
                .map(|(_, c, r)| (*c, *r, false))
        })
}

fn digits(value: &str) -> usize {
    value.bytes().filter(u8::is_ascii_digit).count()
}

/// Whether `value` has the digits of an identifier: three, or two around a
/// separator ("17/4"); a bare year after a label is a date, not an ID.
fn id_like(value: &str, min_digits: usize) -> bool {
    let n = digits(value);
    let separated = value.contains(['/', '-', '.', ':']);
    let is_year = value.len() == 4
        && value
            .parse::<u32>()
            .is_ok_and(|y| (1900..=2099).contains(&y));
    !is_year && (n >= min_digits || (separated && n >= 2))
}

/// Every value after an identifying label, one candidate per list item.
pub fn find(text: &str) -> Vec<Candidate> {
    let mut out = Vec::new();
    for caps in label_regex().captures_iter(text) {
        let whole = caps.get(0).expect("match");
        if super::inside_url(super::tail(&text[..whole.start()], 200)) {
            continue;
        }
        let label = &caps["label"];
        // The last label word decides ("insurance policy" -> policy; "patient id" -> id).
        let words: Vec<&str> = label.split_whitespace().collect();
        let Some((category, what, strong_last)) = words
            .iter()
            .rev()
            .find_map(|w| lookup(w.trim_end_matches('.')))
        else {
            continue;
        };
        let strong = strong_last || words.iter().any(|w| lookup(w).is_some_and(|l| l.2));
        let marker = caps.name("marker").is_some();
        let colon = caps.name("colon").is_some();
        let hash = caps.name("hash").is_some();
        if !strong && !marker && !colon && !hash {
            continue;
        }
        let id = caps.name("id").expect("id group");
        let value = id.as_str();
        // "#walk2031" is a hashtag, not a value after "group #".
        let glued_hash = (hash
            || caps
                .name("marker")
                .is_some_and(|m| m.as_str().ends_with('#')))
            && text[..id.start()].ends_with('#');
        if glued_hash && value.bytes().any(|b| b.is_ascii_lowercase()) {
            continue;
        }
        let min_digits = if strong || marker { 3 } else { 4 };
        if !id_like(value, min_digits) {
            continue;
        }
        let confidence = if strong { 0.8 } else { 0.75 };
        let reason = format!("a number after '{}': a {what} identifies one person", label);
        push(&mut out, id.range(), category, confidence, &reason);
        if let Some(more) = caps.name("more") {
            push_list(&mut out, more, category, confidence, &reason);
        }
    }
    let labelled = out.len();
    for caps in generic_regex().captures_iter(text) {
        let id = caps.name("id").expect("id group");
        if super::inside_url(super::tail(&text[..id.start()], 200)) {
            continue;
        }
        if out[..labelled]
            .iter()
            .any(|c| c.range.start < id.end() && id.start() < c.range.end)
        {
            continue;
        }
        let reason = "a reference number ('no. …/…') that identifies one case or file";
        push(
            &mut out,
            id.range(),
            Category::OtherUniqueIdentifier,
            0.7,
            reason,
        );
        if let Some(more) = caps.name("more") {
            push_list(&mut out, more, Category::OtherUniqueIdentifier, 0.7, reason);
        }
    }
    out
}

fn push_list(
    out: &mut Vec<Candidate>,
    more: regex::Match,
    category: Category,
    confidence: f32,
    reason: &str,
) {
    let base = more.start();
    let s = more.as_str();
    let mut start = None;
    let bytes = s.as_bytes();
    for i in 0..=bytes.len() {
        let in_value = i < bytes.len()
            && (bytes[i].is_ascii_alphanumeric()
                || (matches!(bytes[i], b'/' | b'-' | b'.' | b':')
                    && start.is_some()
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)));
        match (in_value, start) {
            (true, None) => start = Some(i),
            (false, Some(from)) => {
                let item = &s[from..i];
                let lower = item.to_ascii_lowercase();
                if lower != "and" && lower != "or" && id_like(item, 2) {
                    push(out, base + from..base + i, category, confidence, reason);
                }
                start = None;
            }
            _ => {}
        }
    }
}

fn push(
    out: &mut Vec<Candidate>,
    range: std::ops::Range<usize>,
    category: Category,
    confidence: f32,
    reason: &str,
) {
    let suggestion = match category {
        Category::MedicalRecordNumber => "[record number]",
        Category::HealthPlanBeneficiaryNumber => "[member ID]",
        Category::AccountNumber => "[account number]",
        Category::SocialSecurityNumber => "[SSN]",
        _ => "[ID]",
    };
    out.push(Candidate {
        range,
        category,
        confidence,
        reason: reason.to_string(),
        suggestion: suggestion.to_string(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, Category)> {
        find(text)
            .into_iter()
            .map(|c| (text[c.range].to_string(), c.category))
            .collect()
    }

    fn values(text: &str) -> Vec<String> {
        found(text).into_iter().map(|(v, _)| v).collect()
    }

    #[test]
    fn numbers_after_identifying_labels() {
        assert_eq!(values("page me on pager #40112 tonight"), vec!["40112"]);
        assert_eq!(values("her badge 7731 was found"), vec!["7731"]);
        assert_eq!(
            values("lodged as application no. 33817/11 in May"),
            vec!["33817/11"]
        );
        assert_eq!(
            values("the land is plot no. 23/6 by the river"),
            vec!["23/6"]
        );
        assert_eq!(values("Claim # CL-50213 was paid"), vec!["CL-50213"]);
        assert_eq!(values("Employee ID: E-20931"), vec!["E-20931"]);
        assert_eq!(values("ticket number 88120-B"), vec!["88120-B"]);
        assert_eq!(values("docket 2:21-cv-0413"), vec!["2:21-cv-0413"]);
        assert_eq!(values("Case No. 4417 closed"), vec!["4417"]);
    }

    #[test]
    fn the_label_picks_the_category() {
        assert_eq!(
            found("MRN: #QX-44120"),
            vec![("QX-44120".to_string(), Category::MedicalRecordNumber)]
        );
        assert_eq!(
            found("insurance policy TW-338104 lapsed"),
            vec![(
                "TW-338104".to_string(),
                Category::HealthPlanBeneficiaryNumber
            )]
        );
        assert_eq!(
            found("SSN: 912-40-7761"),
            vec![("912-40-7761".to_string(), Category::SocialSecurityNumber)]
        );
        assert_eq!(
            found("(ID: 55071893)"),
            vec![("55071893".to_string(), Category::OtherUniqueIdentifier)]
        );
    }

    #[test]
    fn every_item_of_a_list_after_a_plural_label() {
        assert_eq!(
            values("under plots nos. 310, 314, 52, 77/3 and 90/1/2 of the village"),
            vec!["310", "314", "52", "77/3", "90/1/2"]
        );
        assert_eq!(
            values("joined with (nos. 4471/09, 4472/09 and 5010/10)"),
            vec!["4471/09", "4472/09", "5010/10"]
        );
    }

    #[test]
    fn counts_years_and_ordinary_words_are_not_ids() {
        for text in [
            "in case 2 patients arrive",
            "the file 2019 report",
            "patient 3 of 10 improved",
            "group B strep",
            "Group 1 carcinogens",
            "plan 2 visits a year",
            "follow the group #walk2031 tag",
            "Protocol No. 11 came into force",
            "MRN is pending",
            "https://example.org/story?mrn=40117733",
            "the ID card",
            "record 120 patients",
            "in case you need it",
        ] {
            assert!(values(text).is_empty(), "{text}: {:?}", values(text));
        }
    }
}
