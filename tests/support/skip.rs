//! Skips that cannot pass silently, shared by the integration tests of every
//! crate (each includes this file with `#[path = ".../tests/support/skip.rs"]`,
//! so no crate, manifest or lock file is involved).
//!
//! A test that needs something it cannot make itself (the fetched models and
//! word lists, `../shared`, a system tool such as `strace`) calls [`skip`]
//! when it is missing:
//! - under `CI=true` (or `CI=1`) the test fails, saying what is missing;
//! - elsewhere it prints one line `SKIP: <reason> [<test>]` on stderr and the
//!   caller returns. The line is written straight to stderr, past the test
//!   harness's capture, so it shows in `cargo test` output even for a test
//!   that passes; `scripts/test-all` counts these lines.

#![allow(dead_code)]

use std::fmt::Display;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The marker that starts every skip line (counted by `scripts/test-all`).
pub const MARKER: &str = "SKIP: ";

/// True when running under CI (`CI=true` or `CI=1`), where nothing may skip.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Under CI: fails the test with `reason`. Elsewhere: prints
/// `SKIP: <reason> [<test>]` on stderr (uncaptured) and returns, so the
/// caller can `return`.
#[track_caller]
pub fn skip(reason: impl Display) {
    if in_ci() {
        panic!("CI=true, so this test may not skip: {reason}");
    }
    let test = std::thread::current()
        .name()
        .unwrap_or("unnamed test")
        .to_string();
    // One write of the whole line: lines of tests running in parallel do not mix.
    let line = format!("{MARKER}{reason} [{test}]\n");
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

/// `Some(value)`, or [`skip`] with "`what`: `error`" and `None`.
#[track_caller]
pub fn require<T, E: Display>(what: &str, result: Result<T, E>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(err) => {
            skip(format!("{what}: {err}"));
            None
        }
    }
}

/// The repository root: the nearest folder above the crate holding
/// `scripts/test-all` (the crates sit at different depths).
pub fn repo_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .find(|dir| dir.join("scripts/test-all").is_file())
        .unwrap_or(manifest)
        .to_path_buf()
}

/// The shared data folder: `$CLEARPOST_SHARED_DIR`, else `shared/` beside the
/// repository. Not checked; see [`shared`].
pub fn shared_root() -> PathBuf {
    match std::env::var_os("CLEARPOST_SHARED_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => repo_root().join("../shared"),
    }
}

/// `relative` (e.g. `corpus/metadata`) inside the shared data folder when it
/// exists, else [`skip`] and `None`.
#[track_caller]
pub fn shared(relative: &str) -> Option<PathBuf> {
    let path = shared_root().join(relative);
    if path.exists() {
        Some(path)
    } else {
        skip(format!(
            "{} is absent (the shared data folder; set CLEARPOST_SHARED_DIR)",
            path.display()
        ));
        None
    }
}

/// The models folder the engines use: `$CLEARPOST_MODELS_DIR`, else the
/// repository's `models/`.
pub fn models_dir() -> PathBuf {
    match std::env::var_os("CLEARPOST_MODELS_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => repo_root().join("models"),
    }
}

/// True when every one of `files` is in [`models_dir`]; else [`skip`] naming
/// the missing ones, and false.
#[track_caller]
pub fn models_present(files: &[&str]) -> bool {
    let dir = models_dir();
    let missing: Vec<&str> = files
        .iter()
        .copied()
        .filter(|f| !dir.join(f).is_file())
        .collect();
    if missing.is_empty() {
        return true;
    }
    skip(format!(
        "models missing in {}: {} (run scripts/fetch-models)",
        dir.display(),
        missing.join(", ")
    ));
    false
}
