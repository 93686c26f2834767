//! `clearpost strip`: remove identifying metadata from photos, losslessly
//! where possible, writing cleaned copies (or replacing in place on request).

use std::path::PathBuf;
use std::process::ExitCode;

use crate::context::{progress_bar, Context};
use anyhow::bail;
use clearpost_core::photo_files;

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

pub fn run(_ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let files = photo_files::collect_files(&args.files)?;
    if files.is_empty() {
        bail!("no files to strip");
    }
    let show = files.len() >= PROGRESS_FROM && !args.json;
    let progress = progress_bar(files.len(), show, "{bar:40} {pos}/{len} {wide_msg}");
    let (mut cleaned, mut blocks, mut saved) = (0usize, 0usize, 0i64);
    let mut failures: Vec<String> = Vec::new();
    for (path, rel) in &files {
        progress.set_message(path.display().to_string());
        let target = match &args.output {
            Some(dir) => dir.join(rel),
            None => path.clone(),
        };
        match photo_files::strip_file(path, &target, args.in_place) {
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
                let err = anyhow::Error::from(err);
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
