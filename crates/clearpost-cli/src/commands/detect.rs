//! `clearpost detect`: faces and records (text regions) in photos, one JSON
//! object per line per file with `--json` — the stable contract scripts and
//! evaluations rely on:
//! `{"file","width","height","regions":[{"kind":"face"|"record"|"manual","x","y","w","h","score","text"?}]}`
//! in pixels of the upright image (after EXIF orientation).

use std::path::PathBuf;
use std::process::ExitCode;

use clearpost_core::photo_files::{self, detect_options, record_scanner, Detected};
use clearpost_core::vision::{self, Vision};

use crate::context::Context;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Photos to look at (JPEG, PNG, HEIC/HEIF, AVIF, WebP, TIFF, GIF).
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

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let mut options = detect_options(args.faces, args.records, !args.no_read, args.detail);
    options.face.threshold = args.face_threshold;
    let (vision, scanner) = (Vision::shared(), record_scanner(ctx.core(), &options)?);
    let mut failed = false;
    for file in &args.files {
        match photo_files::detect_file(vision, scanner.as_deref(), file, &options) {
            Ok(result) => print_result(&result, args.json)?,
            Err(err) => {
                let err = anyhow::Error::from(err);
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

fn print_result(result: &Detected, json: bool) -> anyhow::Result<()> {
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
            "  {:<6} {:>5},{:<5} {:>4}×{:<4} score {:.2} {}{}",
            r.kind, r.x, r.y, r.w, r.h, r.score, r.verdict, text
        );
    }
    Ok(())
}
