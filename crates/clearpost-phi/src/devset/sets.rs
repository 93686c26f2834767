//! The development sets `phi-eval` and the floors test score on, by name.

use std::path::{Path, PathBuf};

use super::{DevsetError, Part, Record};

/// One development set: a name and the files it is read from (in
/// `../shared/corpus/phi`).
#[derive(Debug, Clone, Copy)]
pub struct SetSpec {
    /// Short name used on the command line and in reports.
    pub name: &'static str,
    /// The JSONL files, read in this order.
    pub files: &'static [&'static str],
    /// False for text without labels, where every finding is a false alarm.
    pub labelled: bool,
    /// The finding categories the set's annotators labelled, when they labelled only
    /// some kinds of identifier (the tweet sets label people, places and
    /// organisations, not dates, links or phone numbers); empty: every kind.
    pub annotated: &'static [&'static str],
}

/// Names (handles included: they are `name` findings) and places below state level.
const PEOPLE_AND_PLACES: &[&str] = &["name", "geographic_subdivision"];

/// Every development set, in report order.
pub const SETS: [SetSpec; 6] = [
    SetSpec {
        name: "presidio_synth",
        files: &["presidio_synth_v2.jsonl"],
        labelled: true,
        annotated: &[],
    },
    SetSpec {
        name: "btc",
        files: &["btc_all.jsonl"],
        labelled: true,
        annotated: PEOPLE_AND_PLACES,
    },
    SetSpec {
        name: "wnut17",
        files: &["wnut17_train.jsonl", "wnut17_dev.jsonl"],
        labelled: true,
        annotated: PEOPLE_AND_PLACES,
    },
    SetSpec {
        name: "tab",
        files: &["tab_train.jsonl", "tab_dev.jsonl"],
        labelled: true,
        annotated: &[],
    },
    SetSpec {
        name: "asq_phi",
        files: &["asq_phi_clinical_queries.jsonl"],
        labelled: true,
        annotated: &[],
    },
    SetSpec {
        name: "medquad",
        files: &["health_text_medquad.jsonl"],
        labelled: false,
        annotated: &[],
    },
];

/// The set called `name`.
pub fn spec(name: &str) -> Option<&'static SetSpec> {
    SETS.iter().find(|s| s.name == name)
}

/// `../shared/corpus/phi` beside the repository (where CI and the development
/// machines keep the sets).
pub fn default_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/phi")
}

/// A loaded set.
#[derive(Debug, Clone)]
pub struct DevSet {
    /// Which set.
    pub spec: &'static SetSpec,
    /// Its records, files concatenated in order.
    pub records: Vec<Record>,
}

impl DevSet {
    /// Reads every file of `spec` from `dir`.
    pub fn load(dir: &Path, spec: &'static SetSpec) -> Result<DevSet, DevsetError> {
        let mut records = Vec::new();
        for file in spec.files {
            records.extend(Record::load(&dir.join(file))?);
        }
        Ok(DevSet { spec, records })
    }

    /// Every set of [`SETS`] from `dir`; the first unreadable file is the error.
    pub fn load_all(dir: &Path) -> Result<Vec<DevSet>, DevsetError> {
        SETS.iter().map(|spec| DevSet::load(dir, spec)).collect()
    }

    /// The records of one part, with their index in the set.
    pub fn part(&self, part: Part) -> impl Iterator<Item = (usize, &Record)> {
        self.records
            .iter()
            .enumerate()
            .filter(move |(_, r)| r.part() == part)
    }
}
