//! The learned name and place tagger inside the real scanner (word lists and the
//! trained model from `scripts/fetch-models` and `scripts/train-phi-tagger`). Every
//! sentence here was written for this test.

mod common;

use clearpost_phi::{Category, Policy, Scanner, Severity};

fn scanner() -> Option<Scanner> {
    common::scanner_with_lists()
}

fn blocking(scanner: &Scanner, text: &str, category: Category) -> Vec<String> {
    scanner
        .scan_plain(text, &Policy::default())
        .into_iter()
        .filter(|f| f.category == category && f.severity == Severity::Blocking)
        .map(|f| f.text)
        .collect()
}

#[test]
fn the_model_is_loaded_with_the_lists() {
    let Some(scanner) = scanner() else { return };
    assert!(
        scanner.has_tagger(),
        "the scanner must load the tagger with the lists"
    );
}

#[test]
fn drugs_and_eponyms_are_not_people() {
    let Some(scanner) = scanner() else { return };
    for text in [
        "Our pharmacy now stocks Tamiflu and Paxlovid this winter.",
        "Metformin and lisinopril are common prescriptions for adults.",
        "Hodgkin lymphoma and Crohn's disease are explained below.",
    ] {
        let names = blocking(&scanner, text, Category::Name);
        assert!(names.is_empty(), "{text}: {names:?}");
    }
}

#[test]
fn names_read_from_the_sentence() {
    let Some(scanner) = scanner() else { return };
    assert_eq!(
        blocking(
            &scanner,
            "so proud of @ marcusfeld for running the 10k",
            Category::Name
        ),
        ["@ marcusfeld"]
    );
    assert_eq!(
        blocking(
            &scanner,
            "My brother Tomasz drove me to the appointment.",
            Category::Name
        ),
        ["Tomasz"]
    );
    assert_eq!(
        blocking(
            &scanner,
            "Thanks to Dr. Okonkwo-Bright for the talk on heart health.",
            Category::Name
        ),
        ["Okonkwo-Bright"]
    );
}

#[test]
fn small_places_end_on_the_place() {
    let Some(scanner) = scanner() else { return };
    let places = blocking(
        &scanner,
        "She grew up in Tullamore and moved to Dunwoody after college.",
        Category::GeographicSubdivision,
    );
    assert_eq!(places, ["Tullamore", "Dunwoody"]);
}

#[test]
fn a_model_with_another_checksum_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let models = common::models_dir();
    for list in clearpost_phi::lexicon::LISTS {
        let to = dir.path().join(list.relative_path);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        if let Err(err) = std::fs::copy(models.join(list.relative_path), &to) {
            return common::skip::skip(format!(
                "word list {} not available: {err}",
                list.relative_path
            ));
        }
    }
    let model = dir.path().join(clearpost_phi::tagger::MODEL_PATH);
    std::fs::create_dir_all(model.parent().unwrap()).unwrap();
    std::fs::write(&model, b"CPTAGGER1\n\0\0\0\0").unwrap();
    let err = Scanner::load_from(dir.path()).err().expect("refused");
    assert!(err.to_string().contains("checksum"), "{err}");
    std::fs::remove_file(&model).unwrap();
    let err = Scanner::load_from(dir.path()).err().expect("refused");
    assert!(err.to_string().contains("missing"), "{err}");
}
