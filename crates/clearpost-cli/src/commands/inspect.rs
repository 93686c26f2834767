//! `clearpost inspect`: say what metadata photos carry, in plain words.

use std::path::PathBuf;
use std::process::ExitCode;

use clearpost_core::photo_files::{self, Inspected};

use crate::context::Context;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Photos or folders (searched recursively).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Print one JSON array instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(_ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let entries = photo_files::inspect_files(&args.files)?;
    let failed = entries.iter().filter(|e| e.error.is_some()).count();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&entries)?);
    } else {
        for entry in &entries {
            print_table(entry);
        }
    }
    Ok(if failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_table(entry: &Inspected) {
    let path = entry.path.display();
    let Some(report) = &entry.report else {
        println!("{path}: error: {}\n", entry.error.as_deref().unwrap_or(""));
        return;
    };
    let removable = report.removable_blocks().count();
    println!(
        "{path}: {}, {} metadata block(s), {removable} to remove ({} bytes)",
        report.format,
        report.blocks.len(),
        report.removable_bytes()
    );
    for block in &report.blocks {
        let action = if block.kept { "keep  " } else { "remove" };
        println!("  {action} {:<40} {:>9} bytes", block.location, block.size);
    }
    if let Some(o) = report.orientation.filter(|&o| o != 1) {
        println!("  orientation: EXIF {o} (pixels are turned upright when stripped)");
    }
    for finding in &report.findings {
        println!("  {:<14} {}", finding.kind.label(), finding.detail);
    }
    if report.is_clean() {
        println!("  nothing identifying found");
    }
    println!();
}
