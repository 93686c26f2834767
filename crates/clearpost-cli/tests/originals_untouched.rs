//! Originals are never modified, and outputs appear whole or not at all.
//!
//! 1. Every command (inspect, strip -o, detect, redact -o, scan, review submit,
//!    profile switch, review approve, audit verify, audit export) runs over one
//!    folder of inputs; the SHA-256 and modification time of every input file
//!    is the same afterwards.
//! 2. `strip` over a batch of large photos is killed with SIGKILL part-way; every
//!    file under a final name in the output folder is byte-identical to the
//!    same file from an uninterrupted run, and anything else is a temporary
//!    file (`.clearpost-tmp-…`). A second run completes the batch and removes
//!    the killed runs' temporary files.

#![cfg(target_os = "linux")]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime};

use clearpost_core::atomic_file::TEMP_PREFIX;
use common::{
    approve_as_reviewer, clearpost, models_present, ok, reviewer_and_author, run, submission_hash,
    submit_keeping_every_finding, with_segment, write_post,
};
use sha2::{Digest, Sha256};

/// path -> (SHA-256, modification time) of every file under `dir`.
fn fingerprint(dir: &Path) -> BTreeMap<PathBuf, (String, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let hash = hex(&Sha256::digest(fs::read(&path).unwrap()));
                let modified = fs::metadata(&path).unwrap().modified().unwrap();
                out.insert(path, (hash, modified));
            }
        }
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A JPEG with an EXIF block (orientation 6 and a GPS IFD pointer).
fn jpeg_with_exif(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x * y) % 239) as u8])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 88)
        .encode_image(&img)
        .unwrap();
    // TIFF: IFD0 with Orientation = 6 and a GPS IFD holding GPSLatitudeRef = 'N'.
    let mut tiff = b"Exif\0\0II*\0\x08\0\0\0".to_vec();
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]);
    tiff.extend_from_slice(&[0x25, 0x88, 4, 0, 1, 0, 0, 0, 38, 0, 0, 0]);
    tiff.extend_from_slice(&0u32.to_le_bytes());
    // GPS IFD at offset 38.
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&[0x01, 0x00, 2, 0, 2, 0, 0, 0, b'N', 0, 0, 0]);
    tiff.extend_from_slice(&0u32.to_le_bytes());
    with_segment(&jpeg, 0xE1, &tiff)
}

#[test]
fn no_command_modifies_its_inputs() {
    let work = tempfile::tempdir().unwrap();
    let inputs = work.path().join("inputs");
    let data = work.path().join("data");
    fs::create_dir_all(inputs.join("photos")).unwrap();
    fs::write(inputs.join("photos/ward.jpg"), jpeg_with_exif(320, 240)).unwrap();
    fs::write(inputs.join("photos/odd-size.jpg"), jpeg_with_exif(123, 77)).unwrap();
    let mut png = Vec::new();
    image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8, y as u8, 7]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    fs::write(inputs.join("photos/chart.png"), &png).unwrap();
    // A few real files from the shared corpus when it is there (read in place, never committed).
    let corpus =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/metadata/exif-samples");
    match fs::read_dir(&corpus) {
        Ok(entries) => {
            let mut copied = 0;
            for entry in entries.flatten() {
                let path = entry.path();
                let is_jpeg = path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("jpg"));
                if is_jpeg && copied < 3 {
                    fs::copy(&path, inputs.join("photos").join(path.file_name().unwrap())).unwrap();
                    copied += 1;
                }
            }
        }
        Err(_) => println!(
            "note: {} not present; generated inputs only",
            corpus.display()
        ),
    }
    let post = write_post(&inputs);

    let before = fingerprint(&inputs);
    assert!(before.len() >= 5, "{before:?}");
    let p = |rel: &str| inputs.join(rel).display().to_string();
    let out = |rel: &str| work.path().join(rel).display().to_string();
    let photos = p("photos");

    ok(&data, &["inspect", &photos]);
    ok(&data, &["inspect", "--json", &photos]);
    ok(&data, &["strip", &photos, "-o", &out("stripped")]);
    if models_present() {
        let mut detect = vec!["detect".to_string()];
        detect.extend(
            before
                .keys()
                .filter(|f| f.starts_with(inputs.join("photos")))
                .map(|f| f.display().to_string()),
        );
        let detect: Vec<&str> = detect.iter().map(String::as_str).collect();
        ok(&data, &detect);
        ok(&data, &["redact", &photos, "-o", &out("redacted")]);
    }
    // scan exits 1 when it finds blocking PHI: that is the expected outcome here.
    let scanned = run(&data, &["scan", &p("post.md")]);
    assert_eq!(
        scanned.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&scanned.stderr)
    );
    for args in reviewer_and_author() {
        ok(&data, &args);
    }
    let stripped_photo = work.path().join("stripped/photos/ward.jpg");
    let submitted = ok(&data, &submit_keeping_every_finding(&post, &stripped_photo));
    for args in approve_as_reviewer(&submission_hash(submitted.as_bytes())) {
        ok(&data, &args);
    }
    ok(&data, &["audit", "verify"]);
    ok(
        &data,
        &[
            "audit",
            "export",
            "-o",
            &out("audit.jsonl"),
            "--csv",
            &out("audit.csv"),
        ],
    );
    ok(&data, &["audit", "import-verify", &out("audit.jsonl")]);

    let after = fingerprint(&inputs);
    assert_eq!(
        before, after,
        "an input file changed, appeared or disappeared"
    );
    println!(
        "{} input files unchanged (SHA-256 and mtime) after every command",
        before.len()
    );
}

#[test]
fn killing_a_strip_batch_leaves_no_partial_file_under_a_final_name() {
    let work = tempfile::tempdir().unwrap();
    let inputs = work.path().join("batch");
    let data = work.path().join("data");
    fs::create_dir_all(&inputs).unwrap();
    // Odd sizes with an orientation tag: each file is decoded, turned and
    // re-encoded, slow enough to be killed mid-batch.
    let photo = jpeg_with_exif(2001, 1501);
    let count = 24;
    for i in 0..count {
        fs::write(inputs.join(format!("photo-{i:02}.jpg")), &photo).unwrap();
    }
    let inputs_before = fingerprint(&inputs);
    let reference = work.path().join("reference");
    ok(
        &data,
        &[
            "strip",
            &inputs.display().to_string(),
            "-o",
            &reference.display().to_string(),
        ],
    );
    // strip mirrors the input folder under the output folder.
    let expected = fs::read(reference.join("batch/photo-00.jpg")).unwrap();

    let out_root = work.path().join("out");
    let out = out_root.join("batch");
    let mut kills = 0;
    for round in 0..3 {
        let mut child = clearpost(
            &data,
            &[
                "strip",
                &inputs.display().to_string(),
                "-o",
                &out_root.display().to_string(),
            ],
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
        // Kill once a few more files have appeared (or after 20 s at most).
        let done_before = finished(&out).len();
        let deadline = Instant::now() + Duration::from_secs(20);
        while finished(&out).len() < done_before + 2 && Instant::now() < deadline {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            kills += 1;
        }
        child.wait().unwrap();
        let names = finished(&out);
        for name in &names {
            let bytes = fs::read(out.join(name)).unwrap();
            assert!(bytes == expected, "round {round}: {name} under its final name differs from a complete output ({} bytes)", bytes.len());
        }
        for entry in fs::read_dir(&out).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                names.contains(&name) || name.starts_with(TEMP_PREFIX),
                "round {round}: unexpected file {name}"
            );
        }
        println!(
            "round {round}: killed with {} of {count} files complete",
            names.len()
        );
    }
    assert!(kills >= 1, "the batch finished before it could be killed");
    // A later run completes the batch.
    ok(
        &data,
        &[
            "strip",
            &inputs.display().to_string(),
            "-o",
            &out_root.display().to_string(),
        ],
    );
    assert_eq!(finished(&out).len(), count);
    let left: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(TEMP_PREFIX))
        .collect();
    assert!(
        left.is_empty(),
        "the killed runs' temporary files are still there: {left:?}"
    );
    for name in finished(&out) {
        assert_eq!(fs::read(out.join(&name)).unwrap(), expected, "{name}");
    }
    assert_eq!(inputs_before, fingerprint(&inputs), "an input changed");
}

/// Files under their final names (not dot-named temporaries).
fn finished(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    names
}
