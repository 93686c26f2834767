//! `clearpost detect`: faces and records (text regions) in photos, one JSON
//! object per line per file with `--json` — the stable contract scripts and
//! evaluations rely on:
//! `{"file","width","height","regions":[{"kind":"face"|"text","x","y","w","h","score","text"?}]}`
//! in pixels of the upright image (after EXIF orientation).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clearpost_core::vision::{self, DetectOptions, Region, RegionKind, Vision};
use serde::Serialize;

use crate::context::Context;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Photos to look at (JPEG or PNG).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Print one JSON object per line per file.
    #[arg(long)]
    json: bool,
    /// Only faces (with --records: both).
    #[arg(long)]
    faces: bool,
    /// Only records, i.e. text regions (with --faces: both).
    #[arg(long)]
    records: bool,
    /// Find text regions but do not read their text (faster).
    #[arg(long)]
    no_read: bool,
    /// Also look for small faces: a second pass at twice the scale, in tiles
    /// (finds far more faces under 32 px; several times slower).
    #[arg(long)]
    detail: bool,
    /// Face score threshold (0..1).
    #[arg(long, value_name = "SCORE", default_value_t = vision::FaceOptions::default().threshold)]
    face_threshold: f32,
}

/// One region as the JSON contract spells it.
#[derive(Debug, Serialize)]
pub struct JsonRegion {
    pub kind: &'static str,
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
    pub score: f32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// "redact" or "review" (an addition to the contract; ignore if unneeded).
    pub verdict: &'static str,
}

impl JsonRegion {
    /// `region` in whole pixels of a `width` × `height` image, or `None`
    /// when it lies outside.
    pub fn from_region(region: &Region, width: u32, height: u32) -> Option<JsonRegion> {
        let (x0, y0, x1, y1) = region.rect.pixel_bounds(width, height)?;
        Some(JsonRegion {
            kind: match region.kind {
                RegionKind::Face => "face",
                RegionKind::Text => "text",
                RegionKind::Manual => "manual",
            },
            x: x0,
            y: y0,
            w: x1 - x0,
            h: y1 - y0,
            score: (region.score * 1000.0).round() / 1000.0,
            text: region.text.clone(),
            verdict: match region.verdict {
                vision::Verdict::Redact => "redact",
                vision::Verdict::Review => "review",
            },
        })
    }
}

#[derive(Debug, Serialize)]
struct FileResult {
    file: String,
    width: u32,
    height: u32,
    regions: Vec<JsonRegion>,
}

/// Which detectors `--faces` / `--records` ask for (neither means both), and
/// whether `--detail` adds the face detail pass.
pub fn detect_options(faces: bool, records: bool, read_text: bool, detail: bool) -> DetectOptions {
    let both = !faces && !records;
    let mut options = DetectOptions {
        faces: faces || both,
        records: records || both,
        read_text,
        ..DetectOptions::default()
    };
    options.face.detail_scale = detail.then_some(vision::DETAIL_SCALE);
    options
}

pub fn run(_ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let mut options = detect_options(args.faces, args.records, !args.no_read, args.detail);
    options.face.threshold = args.face_threshold;
    let vision = Vision::shared();
    let mut failed = false;
    for file in &args.files {
        match detect_file(vision, file, &options) {
            Ok(result) => print_result(&result, args.json)?,
            Err(err) => {
                failed = true;
                eprintln!("clearpost: error: {}: {err:#}", file.display());
            }
        }
    }
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn detect_file(
    vision: &Vision,
    file: &Path,
    options: &DetectOptions,
) -> anyhow::Result<FileResult> {
    let bytes = clearpost_core::input::read_photo(file)?;
    let picture = vision::decode_upright(&bytes)?;
    let (width, height) = picture.image.dimensions();
    let regions = vision.detect(&picture.image, options)?;
    Ok(FileResult {
        file: file.display().to_string(),
        width,
        height,
        regions: regions
            .iter()
            .filter_map(|r| JsonRegion::from_region(r, width, height))
            .collect(),
    })
}

fn print_result(result: &FileResult, json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string(result)?);
        return Ok(());
    }
    println!(
        "{} ({}×{}): {} region(s)",
        result.file,
        result.width,
        result.height,
        result.regions.len()
    );
    for r in &result.regions {
        let text = r
            .text
            .as_deref()
            .map(|t| format!(" \"{}\"", t.replace('\n', " / ")))
            .unwrap_or_default();
        println!(
            "  {:<4} {:>5},{:<5} {:>4}×{:<4} score {:.2} {}{}",
            r.kind, r.x, r.y, r.w, r.h, r.score, r.verdict, text
        );
    }
    Ok(())
}
