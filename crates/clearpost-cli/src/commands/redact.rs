//! `clearpost redact`: finds faces and records in photos (and takes manual
//! boxes), paints them irreversibly, and writes re-encoded copies with no
//! metadata to an output folder. Originals are never modified. A HEIC/HEIF or
//! AVIF photo's copy is a JPEG (Clearpost does not re-encode those formats),
//! and the report says so.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::context::{progress_bar, Context};
use anyhow::{bail, Context as _};
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clearpost_core::photo_files::{self, detect_options, RedactSettings, Redacted};
use clearpost_core::vision::{RedactionStyle, RegionKind, Vision};

/// `--style`: the vision engine's styles by name, each with its description
/// in `--help`.
fn style_parser() -> impl TypedValueParser<Value = RedactionStyle> {
    PossibleValuesParser::new(
        RedactionStyle::ALL.map(|s| PossibleValue::new(s.name()).help(s.description())),
    )
    .try_map(|name| name.parse::<RedactionStyle>())
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Photos or folders (searched recursively for .jpg, .jpeg, .png, .heic,
    /// .heif, .hif, .avif, .webp, .tif, .tiff, .gif). HEIC/HEIF and AVIF
    /// copies are written as JPEG, WebP, TIFF and GIF copies as PNG.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Folder to write the redacted copies to (created if missing).
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    output: PathBuf,
    /// How regions are painted.
    #[arg(long, value_parser = style_parser(), default_value = "solid")]
    style: RedactionStyle,
    /// Redact faces (with --records: both; neither: both).
    #[arg(long)]
    faces: bool,
    /// Redact records, i.e. text regions (with --faces: both; neither: both).
    #[arg(long)]
    records: bool,
    /// Also look for small faces: a second pass at twice the scale, in tiles
    /// (finds far more faces under 32 px; several times slower).
    #[arg(long)]
    detail: bool,
    /// Redact only records whose text looks like an identifier, not every
    /// text region.
    #[arg(long)]
    identifiers_only: bool,
    /// Extra boxes to redact: a JSON array of {"x","y","w","h"} (optionally
    /// with "file" to limit a box to files whose path ends with it), or the
    /// JSON lines `clearpost detect --json` prints (edited as needed).
    #[arg(long, value_name = "boxes.json")]
    boxes: Option<PathBuf>,
    /// Use only the --boxes, run no detector.
    #[arg(long, requires = "boxes")]
    no_detect: bool,
    /// Write the photos with the regions outlined instead of redacted.
    #[arg(long)]
    preview: bool,
    /// Print one JSON report per line per file.
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let manual = match &args.boxes {
        Some(path) => photo_files::read_boxes(path)?,
        None => Vec::new(),
    };
    let jobs = photo_files::redact_jobs(&args.files, &args.output)?;
    if jobs.is_empty() {
        bail!("no photos (JPEG, PNG, HEIC/HEIF, AVIF, WebP, TIFF, GIF) found in the given paths");
    }
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("creating {}", args.output.display()))?;
    let settings = RedactSettings {
        style: args.style,
        preview: args.preview,
        identifiers_only: args.identifiers_only,
        no_detect: args.no_detect,
        options: detect_options(args.faces, args.records, true, args.detail),
    };
    let scanner = match settings.no_detect {
        true => None,
        false => photo_files::record_scanner(ctx.core(), &settings.options)?,
    };
    let (vision, show) = (Vision::shared(), jobs.len() > 1 && !args.json);
    let progress = progress_bar(jobs.len(), show, "{bar:30} {pos}/{len} {wide_msg}");
    let mut failed = false;
    for job in &jobs {
        progress.set_message(job.input.display().to_string());
        match photo_files::redact_file(vision, scanner.as_deref(), job, &settings, &manual) {
            Ok(report) => progress.suspend(|| print_report(&report, args.json))?,
            Err(err) => {
                let err = anyhow::Error::from(err);
                failed = true;
                progress
                    .suspend(|| eprintln!("clearpost: error: {}: {err:#}", job.input.display()));
            }
        }
        progress.inc(1);
    }
    progress.finish_and_clear();
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_report(report: &Redacted, json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string(report)?);
        return Ok(());
    }
    let faces = report
        .regions
        .iter()
        .filter(|r| r.region.kind == RegionKind::Face)
        .count();
    let records = report
        .regions
        .iter()
        .filter(|r| r.region.kind == RegionKind::Record)
        .count();
    let manual = report.regions.iter().filter(|r| r.origin == "user").count();
    let painted = report.regions.iter().filter(|r| r.redacted).count();
    println!(
        "{} -> {}: {faces} face(s), {records} record(s), {manual} manual box(es); {} {painted}",
        report.file,
        report.output,
        if report.preview {
            "outlined"
        } else {
            "redacted"
        },
    );
    if let Some(original) = report.converted_from {
        println!(
            "  written as {}: {original} cannot be re-encoded here",
            report.written_as
        );
    }
    for r in report
        .regions
        .iter()
        .filter(|r| r.region.kind == RegionKind::Record)
    {
        let text = r.region.text.as_deref().unwrap_or("").replace('\n', " / ");
        println!(
            "  record at {},{} {}×{} ({}{}): \"{}\"",
            r.region.x,
            r.region.y,
            r.region.w,
            r.region.h,
            r.region.verdict,
            if r.redacted { ", redacted" } else { ", kept" },
            text
        );
    }
    Ok(())
}
