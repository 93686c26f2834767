//! `clearpost redact`: finds faces and records in photos (and takes manual
//! boxes), paints them irreversibly, and writes re-encoded copies with no
//! metadata to an output folder. Originals are never modified.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context as _};
use clearpost_core::vision::{
    self, preview, Origin, Rect, RedactStyle, Region, RegionKind, Verdict, Vision,
};
use indicatif::{ProgressBar, ProgressStyle};
use serde::{Deserialize, Serialize};

use crate::commands::detect::{detect_options, JsonRegion};
use crate::context::Context;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Style {
    /// One fixed colour (removes the content by construction).
    Solid,
    /// A coarse mosaic holding nothing of the region but its mean colour.
    Pixelate,
    /// Blurred noise holding nothing of the region but its mean colour.
    Blur,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Photos or folders (searched recursively for .jpg, .jpeg, .png).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Folder to write the redacted copies to (created if missing).
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    output: PathBuf,
    /// How regions are painted.
    #[arg(long, value_enum, default_value = "solid")]
    style: Style,
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

/// A manual box from --boxes.
#[derive(Debug, Deserialize)]
struct ManualBox {
    #[serde(default)]
    file: Option<String>,
    x: f32,
    y: f32,
    w: f32,
    h: f32,
    #[serde(default)]
    kind: Option<String>,
}

/// One line of `clearpost detect --json`, as --boxes accepts it.
#[derive(Debug, Deserialize)]
struct DetectLine {
    file: String,
    regions: Vec<ManualBox>,
}

#[derive(Debug, Serialize)]
struct ReportRegion {
    #[serde(flatten)]
    region: JsonRegion,
    origin: &'static str,
    redacted: bool,
}

#[derive(Debug, Serialize)]
struct FileReport {
    file: String,
    output: String,
    width: u32,
    height: u32,
    style: &'static str,
    preview: bool,
    regions: Vec<ReportRegion>,
}

pub fn run(_ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let manual = match &args.boxes {
        Some(path) => read_boxes(path)?,
        None => Vec::new(),
    };
    let jobs = collect_inputs(&args.files, &args.output)?;
    if jobs.is_empty() {
        bail!("no JPEG or PNG photos found in the given paths");
    }
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("creating {}", args.output.display()))?;
    let options = detect_options(args.faces, args.records, true, args.detail);
    let vision = Vision::shared();
    let progress = if jobs.len() > 1 && !args.json {
        let bar = ProgressBar::new(jobs.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let mut failed = false;
    for job in &jobs {
        progress.set_message(job.input.display().to_string());
        match redact_file(vision, job, &args, &options, &manual) {
            Ok(report) => progress.suspend(|| print_report(&report, args.json))?,
            Err(err) => {
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

/// One photo to redact and where its copy goes (without extension yet).
struct Job {
    input: PathBuf,
    output_stem: PathBuf,
}

fn is_photo(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "jpg" | "jpeg" | "png"))
}

/// Files as given, folders walked recursively (keeping their layout under the
/// output folder); the output folder itself is never read from.
fn collect_inputs(paths: &[PathBuf], output: &Path) -> anyhow::Result<Vec<Job>> {
    let output_abs = std::fs::canonicalize(output).ok();
    let mut jobs = Vec::new();
    for path in paths {
        let meta =
            std::fs::metadata(path).with_context(|| format!("reading {}", path.display()))?;
        if meta.is_dir() {
            let mut stack = vec![path.clone()];
            while let Some(dir) = stack.pop() {
                if output_abs.is_some() && std::fs::canonicalize(&dir).ok() == output_abs {
                    continue;
                }
                let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
                    .with_context(|| format!("reading {}", dir.display()))?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .collect();
                entries.sort();
                for entry in entries {
                    if entry.is_dir() {
                        stack.push(entry);
                    } else if is_photo(&entry) {
                        let relative = entry.strip_prefix(path).unwrap_or(&entry);
                        jobs.push(Job {
                            output_stem: output.join(relative).with_extension(""),
                            input: entry,
                        });
                    }
                }
            }
        } else {
            let name = path.file_stem().unwrap_or(path.as_os_str());
            jobs.push(Job {
                input: path.clone(),
                output_stem: output.join(name),
            });
        }
    }
    Ok(jobs)
}

fn read_boxes(path: &Path) -> anyhow::Result<Vec<ManualBox>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    if let Ok(boxes) = serde_json::from_str::<Vec<ManualBox>>(&text) {
        return Ok(boxes);
    }
    let mut boxes = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let parsed: DetectLine = serde_json::from_str(line).with_context(|| {
            format!(
                "{} line {}: expected a JSON array of {{x,y,w,h}} boxes or `clearpost detect --json` lines",
                path.display(),
                n + 1
            )
        })?;
        for mut b in parsed.regions {
            b.file = Some(parsed.file.clone());
            boxes.push(b);
        }
    }
    Ok(boxes)
}

fn manual_regions(boxes: &[ManualBox], input: &Path) -> Vec<Region> {
    let input = input.to_string_lossy();
    boxes
        .iter()
        .filter(|b| {
            b.file
                .as_deref()
                .is_none_or(|f| input.ends_with(f) || f.ends_with(&*input))
        })
        .map(|b| {
            let mut region = Region::manual(Rect::new(b.x, b.y, b.w, b.h));
            if b.kind.as_deref() == Some("face") {
                region.kind = RegionKind::Face;
            }
            region
        })
        .collect()
}

fn redact_file(
    vision: &Vision,
    job: &Job,
    args: &Args,
    options: &vision::DetectOptions,
    manual: &[ManualBox],
) -> anyhow::Result<FileReport> {
    let bytes = clearpost_core::input::read_photo(&job.input)?;
    let mut picture = vision::decode_upright(&bytes)?;
    let (width, height) = picture.image.dimensions();
    let mut regions = if args.no_detect {
        Vec::new()
    } else {
        vision.detect(&picture.image, options)?
    };
    regions.extend(manual_regions(manual, &job.input));
    let chosen: Vec<bool> = regions
        .iter()
        .map(|r| {
            !(args.identifiers_only && r.kind == RegionKind::Text && r.verdict == Verdict::Review)
        })
        .collect();
    let to_paint: Vec<Region> = regions
        .iter()
        .zip(&chosen)
        .filter(|(_, &c)| c)
        .map(|(r, _)| r.clone())
        .collect();
    if args.preview {
        preview::draw_regions(&mut picture.image, &to_paint);
    } else {
        vision::redact(&mut picture.image, &to_paint, style(args.style));
    }
    let encoded = vision::encode_clean(&picture.image, picture.format)?;
    let output = job.output_stem.with_extension(picture.format.extension());
    if same_file(&output, &job.input) {
        bail!(
            "the output {} would overwrite the original",
            output.display()
        );
    }
    write_atomically(&output, &encoded)?;
    Ok(FileReport {
        file: job.input.display().to_string(),
        output: output.display().to_string(),
        width,
        height,
        style: if args.preview {
            "preview"
        } else {
            style_name(args.style)
        },
        preview: args.preview,
        regions: regions
            .iter()
            .zip(&chosen)
            .filter_map(|(r, &c)| {
                Some(ReportRegion {
                    region: JsonRegion::from_region(r, width, height)?,
                    origin: match r.origin {
                        Origin::Detector => "detector",
                        Origin::User => "user",
                    },
                    redacted: c && !args.preview,
                })
            })
            .collect(),
    })
}

fn style(style: Style) -> RedactStyle {
    match style {
        Style::Solid => RedactStyle::Solid,
        Style::Pixelate => RedactStyle::Pixelate,
        Style::Blur => RedactStyle::Blur,
    }
}

fn style_name(style: Style) -> &'static str {
    match style {
        Style::Solid => "solid",
        Style::Pixelate => "pixelate",
        Style::Blur => "blur",
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Writes with the one atomic write (random `O_EXCL` temporary file, fsync,
/// rename, removed on error; links never followed), so a reader never sees
/// half a photo.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    clearpost_core::atomic_file::write_atomic(path, bytes)
        .with_context(|| format!("writing {}", path.display()))
}

fn print_report(report: &FileReport, json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string(report)?);
        return Ok(());
    }
    let faces = report
        .regions
        .iter()
        .filter(|r| r.region.kind == "face")
        .count();
    let texts = report
        .regions
        .iter()
        .filter(|r| r.region.kind == "text")
        .count();
    let manual = report.regions.iter().filter(|r| r.origin == "user").count();
    let painted = report.regions.iter().filter(|r| r.redacted).count();
    println!(
        "{} -> {}: {faces} face(s), {texts} record(s), {manual} manual box(es); {} {painted}",
        report.file,
        report.output,
        if report.preview {
            "outlined"
        } else {
            "redacted"
        },
    );
    for r in report.regions.iter().filter(|r| r.region.kind == "text") {
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
