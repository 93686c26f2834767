//! `clearpost redact --boxes` with manual boxes only (no models needed):
//! folders are walked, PNG stays PNG, the box is painted, `--preview` outlines
//! instead of painting, bad input gives exit code 2 and a clear message.

use assert_cmd::Command;
use image::{Rgb, RgbImage};

fn photo(path: &std::path::Path) {
    RgbImage::from_fn(120, 80, |x, y| Rgb([(x * 2) as u8, (y * 3) as u8, 200]))
        .save(path)
        .unwrap();
}

fn redact(args: &[&str]) -> (bool, String, String) {
    let out = Command::cargo_bin("clearpost")
        .unwrap()
        .arg("redact")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn manual_boxes_are_painted_and_previewed_across_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    photo(&input.join("a.png"));
    photo(&input.join("sub/b.png"));
    std::fs::write(input.join("notes.txt"), "not a photo").unwrap();
    let boxes = dir.path().join("boxes.json");
    std::fs::write(&boxes, r#"[{"x": 20, "y": 20, "w": 40, "h": 30}]"#).unwrap();
    let out = dir.path().join("out");
    let (ok, stdout, stderr) = redact(&[
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--boxes",
        boxes.to_str().unwrap(),
        "--no-detect",
        "--json",
    ]);
    assert!(ok, "{stderr}");
    let reports: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(reports.len(), 2, "{stdout}");
    for report in &reports {
        let regions = report["regions"].as_array().unwrap();
        assert_eq!(regions.len(), 1);
        assert_eq!(regions[0]["origin"], "user");
        assert_eq!(regions[0]["redacted"], true);
    }
    for name in ["a.png", "sub/b.png"] {
        let img = image::open(out.join(name)).unwrap().to_rgb8();
        assert_eq!(*img.get_pixel(40, 35), Rgb([0, 0, 0]), "{name} painted");
        assert_eq!(
            *img.get_pixel(100, 70),
            Rgb([200, 210, 200]),
            "{name} rest kept"
        );
    }

    let preview = dir.path().join("preview");
    let (ok, _, stderr) = redact(&[
        input.join("a.png").to_str().unwrap(),
        "-o",
        preview.to_str().unwrap(),
        "--boxes",
        boxes.to_str().unwrap(),
        "--no-detect",
        "--preview",
    ]);
    assert!(ok, "{stderr}");
    let img = image::open(preview.join("a.png")).unwrap().to_rgb8();
    // The interior is untouched; the outline (2 px margin) is drawn.
    assert_eq!(*img.get_pixel(40, 35), Rgb([80, 105, 200]));
    assert_ne!(*img.get_pixel(18, 35), Rgb([36, 105, 200]));
}

#[test]
fn unreadable_photos_and_bad_boxes_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("fake.jpg");
    std::fs::write(&fake, b"not a jpeg at all").unwrap();
    let boxes = dir.path().join("boxes.json");
    std::fs::write(&boxes, "[]").unwrap();
    let out = dir.path().join("out");
    let output = Command::cargo_bin("clearpost")
        .unwrap()
        .args([
            "redact",
            fake.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .args(["--boxes", boxes.to_str().unwrap(), "--no-detect"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read the photo"));

    std::fs::write(&boxes, "{oops").unwrap();
    photo(&dir.path().join("ok.png"));
    let (ok, _, stderr) = redact(&[
        dir.path().join("ok.png").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--boxes",
        boxes.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(stderr.contains("boxes.json"), "{stderr}");
}
