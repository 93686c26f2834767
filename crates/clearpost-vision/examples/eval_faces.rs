//! Face evaluation on a WIDER-style labelled set (`../shared/corpus/faces`),
//! for BENCHMARKS.md. Run in release; see `scripts/bench-vision` for the full
//! side-by-side run with deface.
//!
//! ```text
//! eval_faces detect GT_JSON IMAGES_DIR OUT_JSONL [--threshold T] [--max-side N] [--detail S]
//! eval_faces repeat N PHOTO OUT_JSONL [same options]
//! eval_faces score GT_JSON NAME=JSONL...
//! ```
//! `detect` and `repeat` write one JSON line per photo:
//! `{"file", "ms", "faces": [[x, y, w, h, score], ...]}` (ms = read + decode +
//! detect); `score` reads such files (ours and the peer's) and prints recall
//! (overall and by face height), precision and median time per threshold.
//! Matching: IoU >= 0.5, each face at most once, best scores first; faces the
//! annotators flagged invalid are left out of recall, and detections matching
//! them count neither as right nor as wrong.

use std::io::Write;
use std::time::Instant;

use clearpost_vision::{decode_upright, FaceOptions, Rect, Vision};
use serde_json::{json, Value};

type Detections = Vec<(String, f64, Vec<[f32; 5]>)>;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("detect") if args.len() >= 4 => detect(&args[1], &args[2], &args[3], &args[4..]),
        Some("repeat") if args.len() >= 4 => repeat(&args[1], &args[2], &args[3], &args[4..]),
        Some("score") if args.len() >= 3 => score(&args[1], &args[2..]),
        _ => Err("usage: eval_faces detect|repeat|score ... (see the source header)".into()),
    };
    if let Err(e) = result {
        eprintln!("eval_faces: {e}");
        std::process::exit(2);
    }
}

fn options(rest: &[String]) -> Result<FaceOptions, String> {
    let mut o = FaceOptions {
        threshold: 0.1,
        ..FaceOptions::default()
    };
    let mut it = rest.iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let bad = |_| format!("bad value for {flag}: {value}");
        match flag.as_str() {
            "--threshold" => o.threshold = value.parse().map_err(bad)?,
            "--max-side" => o.max_side = value.parse().map_err(|_| format!("bad {value}"))?,
            "--detail" => o.detail_scale = Some(value.parse().map_err(bad)?),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok(o)
}

fn run_one(vision: &Vision, path: &str, o: &FaceOptions) -> Result<(f64, Vec<[f32; 5]>), String> {
    let start = Instant::now();
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    let picture = decode_upright(&bytes).map_err(|e| format!("{path}: {e}"))?;
    let detector = vision.face_detector().map_err(|e| e.to_string())?;
    let faces = detector
        .detect(&picture.image, o)
        .map_err(|e| format!("{path}: {e}"))?;
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    Ok((
        ms,
        faces
            .iter()
            .map(|f| [f.rect.x, f.rect.y, f.rect.w, f.rect.h, f.score])
            .collect(),
    ))
}

fn write_line(out: &mut impl Write, file: &str, ms: f64, faces: &[[f32; 5]]) -> Result<(), String> {
    writeln!(out, "{}", json!({"file": file, "ms": ms, "faces": faces})).map_err(|e| e.to_string())
}

fn detect(gt: &str, images: &str, out: &str, rest: &[String]) -> Result<(), String> {
    let o = options(rest)?;
    let vision = Vision::shared();
    let gt = read_gt(gt)?;
    let mut out = std::fs::File::create(out).map_err(|e| e.to_string())?;
    for entry in &gt {
        let file = entry["file"].as_str().ok_or("gt entry without file")?;
        let (ms, faces) = run_one(vision, &format!("{images}/{file}"), &o)?;
        write_line(&mut out, file, ms, &faces)?;
    }
    Ok(())
}

fn repeat(n: &str, photo: &str, out: &str, rest: &[String]) -> Result<(), String> {
    let n: usize = n.parse().map_err(|_| "N must be a number")?;
    let o = options(rest)?;
    let vision = Vision::shared();
    let mut out = std::fs::File::create(out).map_err(|e| e.to_string())?;
    for _ in 0..n {
        let (ms, faces) = run_one(vision, photo, &o)?;
        write_line(&mut out, photo, ms, &faces)?;
    }
    Ok(())
}

fn read_gt(path: &str) -> Result<Vec<Value>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let v: Value = serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
    v.as_array().cloned().ok_or(format!("{path}: not a list"))
}

fn read_detections(path: &str) -> Result<Detections, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: Value = serde_json::from_str(line).map_err(|e| format!("{path}: {e}"))?;
            let faces = v["faces"]
                .as_array()
                .ok_or("no faces")?
                .iter()
                .map(|f| {
                    let n = |i: usize| f[i].as_f64().unwrap_or(0.0) as f32;
                    [n(0), n(1), n(2), n(3), n(4)]
                })
                .collect();
            Ok((
                v["file"].as_str().unwrap_or("").to_string(),
                v["ms"].as_f64().unwrap_or(0.0),
                faces,
            ))
        })
        .collect()
}

/// Face height bins the corpus README asks for.
const BINS: [(f32, f32, &str); 4] = [
    (0.0, 16.0, "<16"),
    (16.0, 32.0, "16-31"),
    (32.0, 64.0, "32-63"),
    (64.0, f32::INFINITY, ">=64"),
];

struct Tally {
    found: [usize; 4],
    total: [usize; 4],
    true_pos: usize,
    false_pos: usize,
}

fn tally(gt: &[Value], dets: &Detections, threshold: f32) -> Tally {
    let mut t = Tally {
        found: [0; 4],
        total: [0; 4],
        true_pos: 0,
        false_pos: 0,
    };
    for entry in gt {
        let file = entry["file"].as_str().unwrap_or("");
        let faces: Vec<(Rect, bool)> = entry["faces"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|f| {
                        let n = |k: &str| f[k].as_f64().unwrap_or(0.0) as f32;
                        (
                            Rect::new(n("x"), n("y"), n("w"), n("h")),
                            f["invalid"].as_i64() == Some(1),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        for (rect, invalid) in &faces {
            if !invalid {
                t.total[bin(rect.h)] += 1;
            }
        }
        let mut boxes: Vec<[f32; 5]> = dets
            .iter()
            .find(|d| d.0 == file)
            .map(|d| d.2.iter().copied().filter(|b| b[4] > threshold).collect())
            .unwrap_or_default();
        boxes.sort_by(|a, b| b[4].total_cmp(&a[4]));
        let mut taken = vec![false; faces.len()];
        for b in boxes {
            let r = Rect::new(b[0], b[1], b[2], b[3]);
            let best = faces
                .iter()
                .enumerate()
                .filter(|(i, _)| !taken[*i])
                .map(|(i, (f, _))| (i, f.iou(&r)))
                .filter(|(_, iou)| *iou >= 0.5)
                .max_by(|a, b| a.1.total_cmp(&b.1));
            match best {
                Some((i, _)) => {
                    taken[i] = true;
                    if !faces[i].1 {
                        t.true_pos += 1;
                        t.found[bin(faces[i].0.h)] += 1;
                    }
                }
                None => t.false_pos += 1,
            }
        }
    }
    t
}

fn bin(h: f32) -> usize {
    BINS.iter()
        .position(|(lo, hi, _)| h >= *lo && h < *hi)
        .unwrap_or(3)
}

fn score(gt: &str, runs: &[String]) -> Result<(), String> {
    let gt = read_gt(gt)?;
    println!(
        "| run | threshold | recall | precision | <16 | 16-31 | 32-63 | >=64 | median ms/photo |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for run in runs {
        let (name, path) = run.split_once('=').ok_or("runs are NAME=JSONL")?;
        let dets = read_detections(path)?;
        let mut ms: Vec<f64> = dets.iter().map(|d| d.1).collect();
        ms.sort_by(f64::total_cmp);
        let median = ms.get(ms.len() / 2).copied().unwrap_or(0.0);
        for threshold in [0.2f32, 0.3, 0.4, 0.5] {
            let t = tally(&gt, &dets, threshold);
            let total: usize = t.total.iter().sum();
            let recall = t.true_pos as f64 / total.max(1) as f64;
            let precision = t.true_pos as f64 / (t.true_pos + t.false_pos).max(1) as f64;
            let bins: Vec<String> = (0..4)
                .map(|i| {
                    format!(
                        "{:.3} ({}/{})",
                        t.found[i] as f64 / t.total[i].max(1) as f64,
                        t.found[i],
                        t.total[i]
                    )
                })
                .collect();
            println!(
                "| {name} | {threshold} | {recall:.3} | {precision:.3} | {} | {median:.0} |",
                bins.join(" | ")
            );
        }
    }
    Ok(())
}
