//! `clearpost strip`: remove identifying metadata from photos, losslessly
//! where possible, writing cleaned copies (or replacing in place on request).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context as _};
use clearpost_core::{atomic_file, meta};
use indicatif::{ProgressBar, ProgressStyle};

use crate::context::Context;

/// Above this many files a progress bar is shown (on a terminal).
const PROGRESS_FROM: usize = 4;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Photos or folders (searched recursively).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Folder to write cleaned copies to (created if missing); folder inputs
    /// keep their layout under it.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "DIR",
        required_unless_present = "in_place",
        conflicts_with = "in_place"
    )]
    output: Option<PathBuf>,
    /// Replace each input with its cleaned version (atomic replace).
    #[arg(long)]
    in_place: bool,
    /// Print one JSON line per file with what was removed.
    #[arg(long)]
    json: bool,
}

/// Expands folders recursively; returns (file, path relative to its argument).
pub(crate) fn collect_files(inputs: &[PathBuf]) -> anyhow::Result<Vec<(PathBuf, PathBuf)>> {
    let mut out = Vec::new();
    for input in inputs {
        let meta =
            std::fs::metadata(input).with_context(|| format!("cannot read {}", input.display()))?;
        if meta.is_dir() {
            walk(input, input, &mut out)?;
        } else {
            let name = input.file_name().map(PathBuf::from).unwrap_or_default();
            out.push((input.clone(), name));
        }
    }
    Ok(out)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, PathBuf)>) -> anyhow::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(root, &path, out)?;
        } else if path.is_file() {
            // Keep the folder's own name so that several folders do not mix.
            let base = root
                .canonicalize()
                .ok()
                .and_then(|r| r.file_name().map(PathBuf::from));
            let rel = path.strip_prefix(root).unwrap_or(&path);
            out.push((path.clone(), base.unwrap_or_default().join(rel)));
        }
    }
    Ok(())
}

/// Writes `bytes` to `target` with the one atomic write (random `O_EXCL`
/// temporary file, fsync, rename; links never followed), creating its folder.
fn write_atomically(target: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(dir) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    atomic_file::write_atomic(target, bytes)
        .with_context(|| format!("cannot write {}", target.display()))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

pub fn run(_ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let files = collect_files(&args.files)?;
    if files.is_empty() {
        bail!("no files to strip");
    }
    let progress = if files.len() >= PROGRESS_FROM && !args.json {
        let bar = ProgressBar::new(files.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let (mut cleaned, mut blocks, mut saved) = (0usize, 0usize, 0i64);
    let mut failures: Vec<String> = Vec::new();
    for (path, rel) in &files {
        progress.set_message(path.display().to_string());
        let target = match &args.output {
            Some(dir) => dir.join(rel),
            None => path.clone(),
        };
        let result = (|| -> anyhow::Result<meta::Stripped> {
            if args.output.is_some() && same_file(path, &target) {
                bail!("the output would overwrite the input (use --in-place to replace it)");
            }
            let bytes = clearpost_core::input::read_photo(path)?;
            let stripped = meta::strip(&bytes)?;
            write_atomically(&target, &stripped.bytes)?;
            Ok(stripped)
        })();
        match result {
            Ok(s) => {
                cleaned += 1;
                blocks += s.removed.blocks.len();
                saved += s.input_size as i64 - s.output_size as i64;
                if args.json {
                    let line = serde_json::json!({
                        "path": path, "output": target, "result": &s,
                    });
                    progress.suspend(|| println!("{line}"));
                }
            }
            Err(err) => {
                let line = format!("{}: {err:#}", path.display());
                if args.json {
                    let json = serde_json::json!({ "path": path, "error": format!("{err:#}") });
                    progress.suspend(|| println!("{json}"));
                }
                failures.push(line);
            }
        }
        progress.inc(1);
    }
    progress.finish_and_clear();
    for failure in &failures {
        eprintln!("clearpost: failed: {failure}");
    }
    eprintln!(
        "{cleaned} file(s) cleaned, {blocks} metadata block(s) removed, {saved} bytes saved, {} failed",
        failures.len()
    );
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
