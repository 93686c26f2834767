//! `clearpost scan FILE...`: flag PHI in text or Markdown files (or `-` for standard
//! input). Exit code 1 when any finding is at the blocking level, so it can gate a
//! publishing script.
//!
//! With `--json`, one JSON object per file and line:
//! `{"file", "findings": [{"start", "end", "category", "confidence", "text", "reason",
//! "suggestion", ...}]}` with byte offsets into the file; this is the stable contract
//! scripts and evaluations rely on (fields may be added, never renamed).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clearpost_core::phi::{Finding, Scanner, TextFormat};
use clearpost_core::text_scan;
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
    let policy = text_scan::load_policy(args.policy.as_deref())?;
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
        let text = text_scan::read_text(path)?;
        let format = text_scan::text_format(path, forced_format(&args));
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

fn forced_format(args: &Args) -> Option<TextFormat> {
    match (args.markdown, args.plain) {
        (true, _) => Some(TextFormat::Markdown),
        (_, true) => Some(TextFormat::Plain),
        _ => None,
    }
}

fn print_human(path: &Path, text: &str, findings: &[Finding]) {
    let name = path.display();
    if findings.is_empty() {
        println!("{name}: no PHI found");
        return;
    }
    for f in findings {
        let (line, col) = text_scan::line_col(text, f.start);
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
