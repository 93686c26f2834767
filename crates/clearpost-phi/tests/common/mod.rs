//! Shared helpers for the integration tests (included with `mod common;`).

#![allow(dead_code)]

use std::path::PathBuf;

use clearpost_phi::Scanner;

#[path = "../../../../tests/support/skip.rs"]
pub mod skip;

/// The repository's `models/` folder (or `$CLEARPOST_MODELS_DIR`).
pub fn models_dir() -> PathBuf {
    clearpost_assets::assets_dir()
}

/// A scanner with the word lists and the tagger, or `None` (after
/// [`skip::skip`]: a `SKIP:` line, or a failure under `CI=true`) when
/// `scripts/fetch-models` or `scripts/train-phi-tagger` has not been run.
pub fn scanner_with_lists() -> Option<Scanner> {
    skip::require(
        "the word lists or the tagger are not available",
        Scanner::load_from(&models_dir()),
    )
}

/// The shared data folder (`../shared` beside the repository, or
/// `$CLEARPOST_SHARED_DIR`), or `None` after [`skip::skip`].
pub fn shared_dir() -> Option<PathBuf> {
    skip::shared("")
}
