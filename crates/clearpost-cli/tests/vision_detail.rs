//! `clearpost detect --detail`: the second, tiled pass at twice the scale
//! finds small faces the first pass misses. Measured against the labelled
//! boxes of a crowd photo from the shared face set (1024x732, most of its
//! 176 faces under 16 px tall).
//!
//! Skips (a `SKIP:` line) without the fetched models or without `../shared`;
//! under `CI=true` that fails instead.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

mod common;

const PHOTO: &str = "0--Parade/0_Parade_marchingband_1_78.jpg";

/// The shared face set, or `None` after [`common::skip::skip`].
fn corpus() -> Option<PathBuf> {
    let gt = common::skip::shared("corpus/faces/gt.json")?;
    gt.parent().map(Path::to_path_buf)
}

/// (x, y, w, h) of each face `clearpost detect --faces --json` reports.
fn detect(photo: &Path, detail: bool) -> Vec<[f32; 4]> {
    let mut cmd = Command::cargo_bin("clearpost").unwrap();
    cmd.args(["detect", "--faces", "--json"]).arg(photo);
    if detail {
        cmd.arg("--detail");
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    line["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let n = |k: &str| r[k].as_f64().unwrap() as f32;
            [n("x"), n("y"), n("w"), n("h")]
        })
        .collect()
}

fn iou(a: [f32; 4], b: [f32; 4]) -> f32 {
    let w = (a[0] + a[2]).min(b[0] + b[2]) - a[0].max(b[0]);
    let h = (a[1] + a[3]).min(b[1] + b[3]) - a[1].max(b[1]);
    if w <= 0.0 || h <= 0.0 {
        return 0.0;
    }
    let inter = w * h;
    inter / (a[2] * a[3] + b[2] * b[3] - inter)
}

/// Labelled faces matched by some detection at IoU >= 0.5.
fn matched(truth: &[[f32; 4]], found: &[[f32; 4]]) -> usize {
    truth
        .iter()
        .filter(|t| found.iter().any(|f| iou(**t, *f) >= 0.5))
        .count()
}

#[test]
fn the_detail_pass_finds_small_faces_the_first_pass_misses() {
    if !common::models_present() {
        return;
    }
    let Some(corpus) = corpus() else { return };
    let gt: serde_json::Value =
        serde_json::from_slice(&std::fs::read(corpus.join("gt.json")).unwrap()).unwrap();
    let entry = gt
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["file"] == PHOTO)
        .expect("the crowd photo is in gt.json");
    let truth: Vec<[f32; 4]> = entry["faces"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["invalid"] == 0)
        .map(|f| {
            let n = |k: &str| f[k].as_f64().unwrap() as f32;
            [n("x"), n("y"), n("w"), n("h")]
        })
        .collect();
    let photo = corpus.join("images").join(PHOTO);

    let plain = detect(&photo, false);
    let detailed = detect(&photo, true);
    let (found_plain, found_detailed) = (matched(&truth, &plain), matched(&truth, &detailed));
    // The first pass finds few of this crowd's tiny faces; the detail pass,
    // at twice the scale, finds several times as many.
    assert!(
        found_detailed >= 2 * found_plain.max(5),
        "labelled faces found: {found_plain} without --detail, {found_detailed} with ({} labelled)",
        truth.len()
    );
    // No first-pass face is lost: each is kept or merged (NMS at IoU 0.3)
    // into a better-scoring box over the same face (0.25: the JSON's whole
    // pixels move tiny boxes a little).
    for face in &plain {
        assert!(
            detailed.iter().any(|d| iou(*face, *d) >= 0.25),
            "{face:?} lost with --detail"
        );
    }
}
