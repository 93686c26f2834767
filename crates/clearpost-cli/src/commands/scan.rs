//! `clearpost scan FILE...`: flag PHI in text or Markdown files (or `-` for standard
//! input). Exit code 1 when any finding is at the blocking level, so it can gate a
//! publishing script.
//!
//! With `--json`, one JSON object per file and line:
//! `{"file", "findings": [{"start", "end", "category", "confidence", "text", "reason",
//! "suggestion", ...}]}` with byte offsets into the file; this is the stable contract
//! scripts and evaluations rely on (fields may be added, never renamed).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context as _};
use clearpost_core::phi::{Finding, Policy, Scanner, TextFormat};
use serde::Serialize;

use crate::context::Context;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Text or Markdown files to scan; `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// One JSON object per file and line instead of the human-readable report.
    #[arg(long)]
    json: bool,
    /// Policy settings (JSON: allow, deny, min_confidence, block_confidence,
    /// categories).
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// Read every file as Markdown (default for .md/.markdown/.mdx and stdin).
    #[arg(long, conflicts_with = "plain")]
    markdown: bool,
    /// Read every file as plain text (default for other extensions).
    #[arg(long)]
    plain: bool,
    /// Scan without the word lists (names after titles and context still found) when
    /// `scripts/fetch-models` has not been run.
    #[arg(long)]
    no_lists: bool,
}

#[derive(Serialize)]
struct FileReport<'a> {
    file: String,
    findings: &'a [Finding],
}

pub fn run(_ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let policy = match &args.policy {
        Some(path) => {
            let json = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read policy {}", path.display()))?;
            Policy::from_json(&json).with_context(|| format!("policy {}", path.display()))?
        }
        None => Policy::default(),
    };
    let scanner = if args.no_lists {
        // Said on standard error, so `--json` output stays machine-readable: a scan
        // without the lists misses most names and towns, and nobody should read a
        // clean report from it as "no PHI".
        eprintln!(
            "clearpost: warning: scanning without the name and place lists (--no-lists): \
             names and towns known only from those lists are not found"
        );
        Scanner::without_lists()
    } else {
        Scanner::load_default().context(
            "loading the name and place lists; run `scripts/fetch-models`, \
             or pass --no-lists to scan without them",
        )?
    };
    let mut blocking = false;
    for path in &args.files {
        let text = read_text(path)?;
        let format = choose_format(path, &args);
        let findings = scanner.scan_as(&text, format, &policy);
        blocking |= findings.iter().any(Finding::is_blocking);
        if args.json {
            let report = FileReport {
                file: path.display().to_string(),
                findings: &findings,
            };
            println!("{}", serde_json::to_string(&report)?);
        } else {
            print_human(path, &text, &findings);
        }
    }
    Ok(if blocking {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn read_text(path: &Path) -> anyhow::Result<String> {
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        let limit = clearpost_core::input::MAX_TEXT_BYTES;
        std::io::stdin()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
        if bytes.len() as u64 > limit {
            bail!("standard input is larger than the {limit} bytes Clearpost scans");
        }
    } else {
        bytes = clearpost_core::input::read_text_bytes(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(err) => bail!(
            "{} is not UTF-8 text (invalid byte at offset {}); convert it to UTF-8 first",
            path.display(),
            err.utf8_error().valid_up_to()
        ),
    }
}

fn choose_format(path: &Path, args: &Args) -> TextFormat {
    if args.markdown {
        return TextFormat::Markdown;
    }
    if args.plain {
        return TextFormat::Plain;
    }
    let markdown_ext = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "md" | "markdown" | "mdx"));
    if path == Path::new("-") || markdown_ext {
        TextFormat::Markdown
    } else {
        TextFormat::Plain
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn print_human(path: &Path, text: &str, findings: &[Finding]) {
    let name = path.display();
    if findings.is_empty() {
        println!("{name}: no PHI found");
        return;
    }
    for f in findings {
        let (line, col) = line_col(text, f.start);
        let level = match f.severity {
            clearpost_core::phi::Severity::Blocking => "BLOCK",
            clearpost_core::phi::Severity::Warning => "warn",
            clearpost_core::phi::Severity::Suppressed => "allowed",
        };
        let excerpt: String = f
            .text
            .chars()
            .take(60)
            .collect::<String>()
            .replace('\n', " ");
        println!(
            "{name}:{line}:{col}: {level} {} ({:.2}) \"{excerpt}\": {}; suggest {}",
            f.category, f.confidence, f.reason, f.suggestion
        );
    }
    let blocking = findings.iter().filter(|f| f.is_blocking()).count();
    println!("{name}: {} finding(s), {blocking} blocking", findings.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "ab\néé x";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, text.find('x').unwrap()), (2, 4));
    }
}
