//! The UI's TypeScript types and command wrappers (ui/src/lib/bindings.ts) are
//! generated from the Rust commands; CI fails here when the committed file is
//! not what the Rust side generates today.
//!
//! Regenerate after changing a command or a type it takes or returns:
//! `UPDATE_BINDINGS=1 cargo test -p clearpost-app --test bindings`

use std::path::{Path, PathBuf};

const REGENERATE: &str = "UPDATE_BINDINGS=1 cargo test -p clearpost-app --test bindings";

/// The committed file, found from the app's manifest folder upwards (the
/// manifest is in `src-tauri/` or at the repository root).
fn committed_path() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest_dir
        .ancestors()
        .find(|dir| dir.join("ui/package.json").is_file())
        .expect("the repository root (holding ui/package.json) above the app's manifest");
    root.join(clearpost_app_lib::BINDINGS_PATH)
}

fn generated() -> String {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("bindings.ts");
    clearpost_app_lib::export_bindings(&path).expect("the bindings export");
    std::fs::read_to_string(&path).expect("the exported bindings")
}

#[test]
fn the_committed_bindings_are_what_the_rust_side_generates() {
    let fresh = generated();
    let committed_path = committed_path();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&committed_path, &fresh).expect("writing ui/src/lib/bindings.ts");
        return;
    }
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    if committed != fresh {
        let line = committed
            .lines()
            .zip(fresh.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(fresh.lines().count()));
        panic!(
            "{} is stale: it differs from what the Rust commands generate from line {}.\n\
             Regenerate it with `{REGENERATE}` and commit it.",
            committed_path.display(),
            line + 1
        );
    }
}

#[test]
fn every_command_and_the_review_event_are_in_the_bindings() {
    let fresh = generated();
    for needle in [
        "\"text_check_problem\"",
        "\"scan_text\"",
        "\"people_trust\"",
        "\"photos_attach\"",
        "REVIEW_CHANGED_EVENT",
        "review-changed",
    ] {
        assert!(fresh.contains(needle), "{needle} missing from the bindings");
    }
}
