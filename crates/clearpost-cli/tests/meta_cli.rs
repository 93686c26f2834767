//! `clearpost inspect` and `clearpost strip` end to end, on photos the test
//! makes itself (a JPEG with EXIF GPS and a comment, a PNG with a text chunk).

use assert_cmd::Command;
use predicates::str::contains;

/// A tiny EXIF block: IFD0 with Make "Acme" and Orientation `o`, little-endian.
fn exif(o: u16) -> Vec<u8> {
    let mut t = b"Exif\0\0II*\0\x08\0\0\0".to_vec();
    t.extend_from_slice(&2u16.to_le_bytes());
    // Make: ASCII, 5 bytes at offset 38 (8 + 2 + 24 + 4).
    t.extend_from_slice(&[0x0f, 0x01, 2, 0, 5, 0, 0, 0, 38, 0, 0, 0]);
    t.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0]);
    t.extend_from_slice(&o.to_le_bytes());
    t.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    t.extend_from_slice(b"Acme\0");
    t
}

fn jpeg(width: u32, height: u32, orientation: u16) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 7) as u8, (y * 5) as u8, ((x ^ y) * 3) as u8])
    });
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 92)
        .encode_image(&img)
        .unwrap();
    let mut out = vec![0xFF, 0xD8];
    for (marker, payload) in [
        (0xE1u8, exif(orientation)),
        (0xFE, b"Ward 7 bed 3".to_vec()),
    ] {
        out.extend_from_slice(&[0xFF, marker]);
        out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(&payload);
    }
    out.extend_from_slice(&plain[2..]);
    out
}

fn clearpost() -> Command {
    Command::cargo_bin("clearpost").unwrap()
}

#[test]
fn inspect_names_what_identifies() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("ward.jpg");
    std::fs::write(&photo, jpeg(32, 16, 1)).unwrap();
    clearpost()
        .arg("inspect")
        .arg(&photo)
        .assert()
        .success()
        .stdout(contains("make: Acme"))
        .stdout(contains("comment: Ward 7 bed 3"));
    let out = clearpost()
        .args(["inspect", "--json"])
        .arg(&photo)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["report"]["format"], "jpeg");
}

#[test]
fn strip_writes_clean_upright_copies_and_never_touches_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    // 32×16 with orientation 6: MCU-aligned, so the lossless path is taken.
    let original = jpeg(32, 16, 6);
    std::fs::write(input.join("a.jpg"), &original).unwrap();
    std::fs::write(input.join("notes.txt"), b"not a photo").unwrap();
    let out = dir.path().join("out");
    clearpost()
        .arg("strip")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2) // notes.txt fails
        .stderr(contains("1 file(s) cleaned"))
        .stderr(contains("notes.txt: unknown file format"));
    assert_eq!(std::fs::read(input.join("a.jpg")).unwrap(), original);
    let cleaned = std::fs::read(out.join("in/a.jpg")).unwrap();
    assert!(!cleaned.windows(4).any(|w| w == b"Acme"));
    assert!(!cleaned.windows(4).any(|w| w == b"Ward"));
    // Turned upright: 32×16 stored, displayed (and now stored) as 16×32.
    let img = image::load_from_memory(&cleaned).unwrap();
    assert_eq!((img.width(), img.height()), (16, 32));
    assert!(!out.join("in/notes.txt").exists());
    clearpost()
        .arg("inspect")
        .arg(out.join("in/a.jpg"))
        .assert()
        .success()
        .stdout(contains("nothing identifying found"));
}

#[test]
fn in_place_needs_the_flag_and_replaces_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("p.jpg");
    std::fs::write(&photo, jpeg(16, 16, 1)).unwrap();
    clearpost().arg("strip").arg(&photo).assert().failure();
    clearpost()
        .args(["strip", "-o"])
        .arg(dir.path())
        .arg(&photo)
        .assert()
        .code(2)
        .stderr(contains("overwrite the input"));
    clearpost()
        .args(["strip", "--in-place"])
        .arg(&photo)
        .assert()
        .success();
    let cleaned = std::fs::read(&photo).unwrap();
    assert!(!cleaned.windows(4).any(|w| w == b"Acme"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left behind");
}
