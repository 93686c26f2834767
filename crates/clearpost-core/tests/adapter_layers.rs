//! The app (`src-tauri/src`) and the CLI (`crates/clearpost-cli/src`) are
//! adapters over this crate: they parse input, call one use case and present
//! the result. These checks keep them so: neither reaches the signed log's
//! crate or the database driver, and each stays small enough to read.
//! (Here rather than in either adapter so it runs without the GUI toolchain.)

use std::fs;
use std::path::{Path, PathBuf};

/// Most lines of Rust either adapter may hold (issue 14's target).
const MAX_ADAPTER_LINES: usize = 1_500;

/// What only the application layer may name.
const FORBIDDEN: [&str; 3] = ["clearpost_audit", "clearpost_core::audit", "sqlx"];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

fn adapters() -> [(&'static str, PathBuf); 2] {
    [
        ("the app", repo_root().join("src-tauri/src")),
        ("the CLI", repo_root().join("crates/clearpost-cli/src")),
    ]
}

#[test]
fn neither_adapter_names_the_log_crate_or_the_database_driver() {
    for (name, dir) in adapters() {
        let mut files = vec![];
        rust_files(&dir, &mut files);
        assert!(!files.is_empty(), "{name}: no sources in {}", dir.display());
        for file in files {
            let text = fs::read_to_string(&file).unwrap();
            for (n, line) in text.lines().enumerate() {
                if let Some(word) = FORBIDDEN.iter().find(|w| line.contains(*w)) {
                    panic!(
                        "{name} names {word} at {}:{}: call a clearpost-core use case instead",
                        file.display(),
                        n + 1
                    );
                }
            }
        }
    }
}

#[test]
fn each_adapter_stays_within_its_line_budget() {
    for (name, dir) in adapters() {
        let mut files = vec![];
        rust_files(&dir, &mut files);
        let lines: usize = files
            .iter()
            .map(|f| fs::read_to_string(f).unwrap().lines().count())
            .sum();
        assert!(
            lines <= MAX_ADAPTER_LINES,
            "{name} has {lines} lines of Rust (at most {MAX_ADAPTER_LINES}): move rules into clearpost-core"
        );
    }
}

#[test]
fn neither_adapter_depends_on_the_log_crate_or_the_database_driver() {
    let manifests = [
        ("the app", repo_root().join("Cargo.toml"), "[dependencies]"),
        (
            "the CLI",
            repo_root().join("crates/clearpost-cli/Cargo.toml"),
            "[dependencies]",
        ),
    ];
    for (name, path, table) in manifests {
        let text = fs::read_to_string(&path).unwrap();
        let start = text.find(table).expect("a [dependencies] table") + table.len();
        let body = &text[start..];
        let body = &body[..body.find("\n[").unwrap_or(body.len())];
        for dependency in ["clearpost-audit", "sqlx"] {
            assert!(
                !body.lines().any(|l| l.trim_start().starts_with(dependency)),
                "{name} depends on {dependency} in {}",
                path.display()
            );
        }
    }
}
