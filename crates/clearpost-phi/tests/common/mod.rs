//! Shared helpers for the integration tests (included with `mod common;`).

#![allow(dead_code)]

use std::path::PathBuf;

use clearpost_phi::Scanner;

/// The repository's `models/` folder (or `$CLEARPOST_MODELS_DIR`).
pub fn models_dir() -> PathBuf {
    clearpost_assets::assets_dir()
}

/// A scanner with the word lists and the tagger, or `None` (with the reason
/// printed) when `scripts/fetch-models` or `scripts/train-phi-tagger` has not been
/// run. Under `CI=true` nothing skips: a missing list or model fails the test.
pub fn scanner_with_lists() -> Option<Scanner> {
    match Scanner::load_from(&models_dir()) {
        Ok(scanner) => Some(scanner),
        Err(err) if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("CI=true: the word lists or the tagger are not available: {err}")
        }
        Err(err) => {
            eprintln!("skipping: word lists or tagger not available ({err})");
            None
        }
    }
}

/// `/work/shared` relative to the repository, if present.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: {} is absent", dir.display());
        None
    }
}
