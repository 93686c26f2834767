//! HEIC/HEIF and AVIF decoding (libheif) on real files of the shared metadata
//! corpus, read at run time: a phone photo comes out upright and in the size
//! the container declares, AVIF and 10-bit photos decode to 8-bit RGB, a
//! photo declaring more pixels than the limit is refused before decoding, and
//! no damaged file panics. No model is needed.
//!
//! Without `../shared` each test prints one `SKIP:` line; under `CI=true` it
//! fails instead (`tests/support/skip.rs`).

#[path = "../../../tests/support/skip.rs"]
mod skip;

use std::path::PathBuf;

use clearpost_vision::{decode_upright, OutputFormat, VisionError};

/// `corpus/metadata/<relative>` in the shared folder, or `None` after
/// [`skip::skip`].
fn corpus_file(relative: &str) -> Option<PathBuf> {
    let path = skip::shared("corpus/metadata")?.join(relative);
    if path.is_file() {
        Some(path)
    } else {
        skip::skip(format!("{} is missing", path.display()));
        None
    }
}

/// An iPhone 13 Pro Max photo: 4032×3024 coded, with `irot` (and an EXIF
/// orientation 6 saying the same) to show it as a 3024×4032 portrait.
const IPHONE: &str = "exif-samples/heic__mobile__iphone_13_pro_max.HEIC";

#[test]
fn an_iphone_heic_comes_out_upright_once() {
    let Some(path) = corpus_file(IPHONE) else {
        return;
    };
    let picture = decode_upright(&std::fs::read(path).unwrap()).unwrap();
    // Landscape again would mean the EXIF orientation was applied on top of irot.
    assert_eq!(picture.image.dimensions(), (3024, 4032));
    assert_eq!(picture.format, OutputFormat::Jpeg);
    assert_eq!(picture.converted_from, Some("HEIF"));
    assert_eq!(picture.exif_orientation, 1);
    // A real photo, not a blank buffer.
    let first = *picture.image.get_pixel(0, 0);
    assert!(picture.image.pixels().any(|p| *p != first));
}

#[test]
fn avif_and_10_bit_heif_decode_to_8_bit_rgb() {
    for (file, size, format) in [
        ("libheif/examples__example.avif", None, "AVIF"),
        (
            "pillow-heif/tests__images__heif__RGBA_10__128x128.heif",
            Some((128, 128)),
            "HEIF",
        ),
    ] {
        let Some(path) = corpus_file(file) else {
            return;
        };
        let picture = decode_upright(&std::fs::read(path).unwrap())
            .unwrap_or_else(|err| panic!("{file}: {err}"));
        if let Some(size) = size {
            assert_eq!(picture.image.dimensions(), size, "{file}");
        }
        assert_eq!(picture.converted_from, Some(format), "{file}");
        assert_eq!(picture.format, OutputFormat::Jpeg, "{file}");
    }
}

#[test]
fn a_burst_gives_its_primary_image_only() {
    let Some(path) = corpus_file("pillow-heif/tests__images__heif_other__nokia__bird_burst.heic")
    else {
        return;
    };
    let picture = decode_upright(&std::fs::read(path).unwrap()).unwrap();
    assert!(picture.image.width() > 0 && picture.image.height() > 0);
}

/// `bytes` with the size in every `ispe` (image spatial extents) property
/// set to `width` × `height`: the size libheif reports before decoding.
fn with_declared_size(bytes: &[u8], width: u32, height: u32) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let mut patched = 0;
    let mut at = 0;
    while let Some(found) = out[at..].windows(4).position(|w| w == b"ispe") {
        // "ispe", then version and flags (4 bytes), then width and height.
        let start = at + found + 8;
        out[start..start + 4].copy_from_slice(&width.to_be_bytes());
        out[start + 4..start + 8].copy_from_slice(&height.to_be_bytes());
        patched += 1;
        at = start + 8;
    }
    assert!(patched > 0, "no ispe property found");
    out
}

#[test]
fn a_heic_declaring_more_pixels_than_the_limit_is_refused_before_decoding() {
    let Some(path) = corpus_file("libheif/tests__data__rainbow-451x461.heic") else {
        return;
    };
    let bomb = with_declared_size(&std::fs::read(path).unwrap(), 20_000, 20_000);
    let started = std::time::Instant::now();
    let err = decode_upright(&bomb).unwrap_err().to_string();
    assert!(
        err.contains("20000×20000") && err.contains("larger than the 120 megapixels"),
        "{err}"
    );
    // Refused from the header: decoding 400 MP would take far longer.
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
}

#[test]
fn damaged_heif_and_avif_files_are_clear_errors_never_panics() {
    let Some(dir) = skip::shared("corpus/metadata") else {
        return;
    };
    let Some(iphone) = corpus_file(IPHONE) else {
        return;
    };
    let iphone = std::fs::read(iphone).unwrap();
    let mut inputs: Vec<(String, Vec<u8>)> = vec![
        (
            "iPhone HEIC cut to a third".into(),
            iphone[..iphone.len() / 3].to_vec(),
        ),
        ("iPhone HEIC cut to 2 KB".into(), iphone[..2048].to_vec()),
    ];
    // Every HEIF and AVIF file of the corpus, the fuzzer's crashers and the
    // truncated and corrupted ones included: each decodes or is refused.
    for folder in [
        "libheif",
        "pillow-heif",
        "exif-samples",
        "exiftool",
        "mat2",
        "pillow",
    ] {
        let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_lowercase();
            if [".heic", ".heif", ".hif", ".avif"]
                .iter()
                .any(|ext| name.ends_with(ext))
            {
                inputs.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut refused = 0;
    for (name, bytes) in &inputs {
        match decode_upright(bytes) {
            Ok(picture) => assert!(picture.image.width() > 0, "{name}"),
            Err(VisionError::Decode(message)) => {
                assert!(!message.is_empty(), "{name}");
                refused += 1;
            }
            Err(other) => panic!("{name}: not a decode error: {other}"),
        }
    }
    assert!(
        refused >= 2,
        "the cut files must be refused ({refused} refused)"
    );
    let cut = decode_upright(&inputs[0].1).unwrap_err().to_string();
    assert!(
        cut.starts_with("cannot read the photo: the HEIF file is damaged"),
        "{cut}"
    );
}
