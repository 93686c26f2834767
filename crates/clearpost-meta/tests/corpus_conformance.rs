//! Conformance over the shared metadata corpus (262 public test images).
//!
//! For every file that decodes, the stripped output must (a) decode, (b) have
//! the original's pixels after applying its orientation (exactly on the
//! lossless paths, PSNR ≥ 40 dB where a JPEG had to be re-encoded), and (c)
//! carry nothing but the structural tags listed in `ALLOWED` according to
//! `exiftool -a -G1 -j` run once over the whole output folder. Files that do
//! not decode must be refused with an error (never a panic).
//!
//! Skips (a `SKIP:` line) when `../shared` is absent and the exiftool part
//! skips when exiftool is not installed (Debian: libimage-exiftool-perl);
//! under `CI=true` either fails the test instead (`tests/support/skip.rs`).

#[path = "../../../tests/support/skip.rs"]
mod skip;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use clearpost_meta::{ImageFormat, OrientationOutcome};

/// Tags exiftool may report on a clean output: file structure, image
/// geometry, colour (the ICC profile is kept on purpose) and container boxes.
const ALLOWED: &[&str] = &[
    "SourceFile",
    "ExifTool:ExifToolVersion",
    "ExifTool:Warning",
    "Composite:ImageSize",
    "Composite:Megapixels",
    // File-level facts exiftool derives from the structure.
    "File:FileType",
    "File:FileTypeExtension",
    "File:MIMEType",
    "File:ImageWidth",
    "File:ImageHeight",
    "File:EncodingProcess",
    "File:BitsPerSample",
    "File:ColorComponents",
    "File:YCbCrSubSampling",
    "File:ExifByteOrder",
    // JPEG: JFIF header and Adobe colour transform.
    "JFIF:JFIFVersion",
    "JFIF:ResolutionUnit",
    "JFIF:XResolution",
    "JFIF:YResolution",
    "Adobe:APP14Flags0",
    "Adobe:APP14Flags1",
    "Adobe:ColorTransform",
    "Adobe:DCTEncodeVersion",
    // PNG structure and colour chunks.
    "PNG:ImageWidth",
    "PNG:ImageHeight",
    "PNG:BitDepth",
    "PNG:ColorType",
    "PNG:Compression",
    "PNG:Filter",
    "PNG:Interlace",
    "PNG:Gamma",
    "PNG:WhitePointX",
    "PNG:WhitePointY",
    "PNG:RedX",
    "PNG:RedY",
    "PNG:GreenX",
    "PNG:GreenY",
    "PNG:BlueX",
    "PNG:BlueY",
    "PNG:BackgroundColor",
    "PNG:Palette",
    "PNG:Transparency",
    "PNG:SRGBRendering",
    "PNG:SignificantBits",
    "PNG:ProfileName",
    "PNG:AnimationFrames",
    "PNG:AnimationPlays",
    "PNG-pHYs:PixelUnits",
    "PNG-pHYs:PixelsPerUnitX",
    "PNG-pHYs:PixelsPerUnitY",
    // WebP.
    "RIFF:VP8Version",
    "RIFF:ImageWidth",
    "RIFF:ImageHeight",
    "RIFF:HorizontalScale",
    "RIFF:VerticalScale",
    "RIFF:WebP_Flags",
    "RIFF:AlphaCompression",
    "RIFF:AlphaFiltering",
    "RIFF:AlphaPreprocessing",
    "RIFF:BackgroundColor",
    "RIFF:AnimationLoopCount",
    "RIFF:Duration",
    // GIF.
    "GIF:GIFVersion",
    "GIF:ImageWidth",
    "GIF:ImageHeight",
    "GIF:HasColorMap",
    "GIF:ColorResolutionDepth",
    "GIF:BitsPerPixel",
    "GIF:BackgroundColor",
    "GIF:PixelAspectRatio",
    "GIF:AnimationIterations",
    "GIF:FrameCount",
    "GIF:Duration",
    "GIF:TransparentColor",
    // TIFF image structure (Orientation is kept: TIFF viewers honour it).
    "IFD0:SubfileType",
    "IFD0:OldSubfileType",
    "IFD0:ImageWidth",
    "IFD0:ImageHeight",
    "IFD0:BitsPerSample",
    "IFD0:Compression",
    "IFD0:PhotometricInterpretation",
    "IFD0:Thresholding",
    "IFD0:FillOrder",
    "IFD0:StripOffsets",
    "IFD0:Orientation",
    "IFD0:SamplesPerPixel",
    "IFD0:RowsPerStrip",
    "IFD0:StripByteCounts",
    "IFD0:MinSampleValue",
    "IFD0:MaxSampleValue",
    "IFD0:XResolution",
    "IFD0:YResolution",
    "IFD0:PlanarConfiguration",
    "IFD0:ResolutionUnit",
    "IFD0:T4Options",
    "IFD0:T6Options",
    "IFD0:TransferFunction",
    "IFD0:Predictor",
    "IFD0:WhitePoint",
    "IFD0:PrimaryChromaticities",
    "IFD0:ColorMap",
    "IFD0:TileWidth",
    "IFD0:TileLength",
    "IFD0:TileOffsets",
    "IFD0:TileByteCounts",
    "IFD0:InkSet",
    "IFD0:ExtraSamples",
    "IFD0:SampleFormat",
    "IFD0:JPEGTables",
    "IFD0:YCbCrCoefficients",
    "IFD0:YCbCrSubSampling",
    "IFD0:YCbCrPositioning",
    "IFD0:ReferenceBlackWhite",
    // HEIF/AVIF container structure and codec configuration.
    "QuickTime:MajorBrand",
    "QuickTime:MinorVersion",
    "QuickTime:CompatibleBrands",
    "QuickTime:HandlerType",
    "QuickTime:HandlerDescription",
    "Meta:PrimaryItemReference",
    "Meta:MetaImageSize",
    "QuickTime:ImageSpatialExtent",
    "QuickTime:ImagePixelDepth",
    "QuickTime:Rotation",
    "QuickTime:CleanAperture",
    "QuickTime:AuxiliaryImageType",
    "QuickTime:MediaDataOffset",
    "QuickTime:MediaDataSize",
    "QuickTime:ColorProfiles",
    "QuickTime:ColorPrimaries",
    "QuickTime:TransferCharacteristics",
    "QuickTime:MatrixCoefficients",
    "QuickTime:VideoFullRangeFlag",
    "QuickTime:HEVCConfigurationVersion",
    "QuickTime:GeneralProfileSpace",
    "QuickTime:GeneralTierFlag",
    "QuickTime:GeneralProfileIDC",
    "QuickTime:GenProfileCompatibilityFlags",
    "QuickTime:ConstraintIndicatorFlags",
    "QuickTime:GeneralLevelIDC",
    "QuickTime:MinSpatialSegmentationIDC",
    "QuickTime:ParallelismType",
    "QuickTime:ChromaFormat",
    "QuickTime:BitDepthLuma",
    "QuickTime:BitDepthChroma",
    "QuickTime:AverageFrameRate",
    "QuickTime:ConstantFrameRate",
    "QuickTime:NumTemporalLayers",
    "QuickTime:TemporalIDNested",
    "QuickTime:AV1ConfigurationVersion",
    "QuickTime:ChromaSamplePosition",
];

/// ICC profile groups are allowed whole: the profile is kept on purpose
/// (removing it shifts colours) and is reported as kept.
fn allowed(key: &str) -> bool {
    ALLOWED.contains(&key)
        || key.starts_with("ICC_Profile:")
        || key.starts_with("ICC-")
        || key.starts_with("System:")
}

/// `../shared/corpus/metadata`, or `None` after [`skip::skip`].
fn corpus() -> Option<PathBuf> {
    skip::shared("corpus/metadata")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if !matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "tsv")) {
            out.push(p);
        }
    }
}

/// MANIFEST.tsv: path -> whether Pillow (with pillow-heif) decodes the file.
/// Used only for HEIF/AVIF, which this test cannot decode in Rust.
fn pillow_decodes(dir: &Path) -> BTreeMap<String, bool> {
    let text = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap_or_default();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let col = header.iter().position(|h| *h == "pillow_decodes");
    lines
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            Some((cells[0].to_string(), *cells.get(col?)? == "Y"))
        })
        .collect()
}

/// Decodes with the image crate; with `orient`, applies the EXIF orientation
/// the image crate itself reads (independent of our parser).
fn decode(bytes: &[u8], orient: bool) -> Option<image::DynamicImage> {
    use image::ImageDecoder as _;
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .ok()?;
    let mut decoder = reader.into_decoder().ok()?;
    let mut orientation = decoder.orientation().ok();
    // The image crate misses EXIF chunks written with a JPEG-style "Exif\0\0"
    // prefix (Pillow's WebP files): fall back to kamadak-exif's reading.
    if matches!(
        orientation,
        None | Some(image::metadata::Orientation::NoTransforms)
    ) {
        orientation = clearpost_meta::exif_orientation(bytes)
            .and_then(|o| image::metadata::Orientation::from_exif(o as u8));
    }
    let mut img = image::DynamicImage::from_decoder(decoder).ok()?;
    if orient {
        if let Some(o) = orientation {
            img.apply_orientation(o);
        }
    }
    Some(img)
}

fn psnr(a: &image::DynamicImage, b: &image::DynamicImage) -> f64 {
    let (a, b) = (a.to_rgb8(), b.to_rgb8());
    if a.dimensions() != b.dimensions() {
        return 0.0;
    }
    let mse: f64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(&x, &y)| (x as f64 - y as f64).powi(2))
        .sum::<f64>()
        / a.as_raw().len() as f64;
    if mse == 0.0 {
        f64::INFINITY
    } else {
        10.0 * (255.0f64 * 255.0 / mse).log10()
    }
}

#[test]
fn corpus_outputs_decode_match_and_carry_no_metadata() {
    let Some(dir) = corpus() else {
        return;
    };
    let manifest = pillow_decodes(&dir);
    let out_dir = tempfile::tempdir().unwrap();
    let mut list = Vec::new();
    files(&dir, &mut list);
    let mut problems = Vec::new();
    let (mut stripped, mut refused, mut lossless, mut reencoded) = (0, 0, 0, 0);
    let mut worst_psnr = f64::INFINITY;
    let mut worst_transform_psnr = f64::INFINITY;
    let mut heif_identical = 0;
    let mut heif_undecodable = Vec::new();
    let mut heif_refused = Vec::new();
    let mut written = BTreeMap::new();
    for path in &list {
        let rel = path
            .strip_prefix(&dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let bytes = std::fs::read(path).unwrap();
        let format = clearpost_meta::detect_format(&bytes).ok();
        let is_heif = matches!(format, Some(ImageFormat::Heif | ImageFormat::Avif));
        let original = if is_heif { None } else { decode(&bytes, true) };
        let decodes = if is_heif {
            manifest.get(&rel).copied().unwrap_or(false)
        } else {
            original.is_some()
        };
        let result = std::panic::catch_unwind(|| clearpost_meta::strip(&bytes));
        let result = match result {
            Ok(r) => r,
            Err(_) => {
                problems.push(format!("{rel}: PANIC"));
                continue;
            }
        };
        let s = match (result, decodes) {
            (Ok(s), _) => s,
            (Err(e), true) => {
                problems.push(format!("{rel}: decodable file refused: {e}"));
                continue;
            }
            (Err(e), false) => {
                assert!(!e.to_string().is_empty());
                refused += 1;
                // A refused HEIF that libheif can draw would be a candidate
                // for the transcode-to-JPEG fallback: list them.
                if is_heif {
                    let verdict = match heif_pixels(&bytes) {
                        Ok((w, h, _)) => format!("libheif decodes {w}×{h}"),
                        Err(e) => format!("libheif: {e}"),
                    };
                    heif_refused.push(format!("{rel}: {verdict}"));
                }
                continue;
            }
        };
        stripped += 1;
        let name = format!("{:03}.{}", written.len(), s.format.extension());
        std::fs::write(out_dir.path().join(&name), &s.bytes).unwrap();
        written.insert(name, rel.clone());
        if is_heif {
            let a = clearpost_meta::heif_primary_fingerprint(&bytes).unwrap();
            let b = clearpost_meta::heif_primary_fingerprint(&s.bytes).unwrap();
            if a != b {
                problems.push(format!("{rel}: primary image data or properties changed"));
            }
            // And the pixels, as libheif draws them (irot/imir/clap applied).
            match (heif_pixels(&bytes), heif_pixels(&s.bytes)) {
                (Ok(before), Ok(after)) if before == after => heif_identical += 1,
                (Ok(_), Ok(_)) => problems.push(format!("{rel}: HEIF pixels differ")),
                (Ok(_), Err(e)) => {
                    problems.push(format!("{rel}: HEIF output does not decode: {e}"))
                }
                (Err(e), _) => heif_undecodable.push(format!("{rel} ({e})")),
            }
            lossless += 1;
            continue;
        }
        let Some(original) = original else {
            // Stripped although the image crate cannot decode it: only allowed
            // for formats whose pixels we copy verbatim (checked by exiftool below).
            continue;
        };
        // TIFF keeps its Orientation tag: compare as stored.
        let keeps_tag = matches!(s.orientation, OrientationOutcome::KeptInContainer { .. });
        let Some(output) = decode(&s.bytes, keeps_tag) else {
            problems.push(format!("{rel}: output does not decode"));
            continue;
        };
        let original = if keeps_tag {
            decode(&bytes, true).unwrap()
        } else {
            original
        };
        match s.orientation {
            OrientationOutcome::Reencoded {
                lossless: false, ..
            } => {
                reencoded += 1;
                let p = psnr(&original, &output);
                worst_psnr = worst_psnr.min(p);
                if p < 40.0 {
                    problems.push(format!("{rel}: re-encoded PSNR {p:.1} dB < 40"));
                }
            }
            OrientationOutcome::LosslessTransform { .. } => {
                // DCT coefficients are moved, never requantised; decoders still
                // round chroma upsampling differently once blocks are transposed.
                lossless += 1;
                let p = psnr(&original, &output);
                worst_transform_psnr = worst_transform_psnr.min(p);
                if p < 50.0 {
                    problems.push(format!("{rel}: lossless transform PSNR {p:.1} dB < 50"));
                }
            }
            _ => {
                lossless += 1;
                if original.to_rgba16() != output.to_rgba16() {
                    let unrotated = decode(&bytes, false).unwrap();
                    problems.push(format!(
                        "{rel}: pixels differ ({:?}, {:?}) psnr {:.1} vs unrotated {:.1} {:?} {:?}",
                        original.dimensions_pair(),
                        output.dimensions_pair(),
                        psnr(&original, &output),
                        psnr(&unrotated, &output),
                        original.color(),
                        output.color()
                    ));
                }
            }
        }
    }
    eprintln!(
        "corpus: {} files, {stripped} stripped ({lossless} lossless, {reencoded} re-encoded, worst PSNR {worst_psnr:.1} dB; worst DCT-transform PSNR {worst_transform_psnr:.1} dB), {refused} refused",
        list.len()
    );
    eprintln!(
        "HEIF/AVIF: {heif_identical} stripped outputs pixel-identical to their originals \
         (libheif {}); {} originals libheif cannot decode: {}",
        libheif_rs::LibHeif::new()
            .version()
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join("."),
        heif_undecodable.len(),
        heif_undecodable.join(", ")
    );
    eprintln!("refused HEIF/AVIF:\n  {}", heif_refused.join("\n  "));
    check_exiftool(out_dir.path(), &written, &mut problems);
    assert!(stripped >= 230, "only {stripped} files stripped");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The primary image of a HEIF/AVIF file decoded by libheif to 8-bit RGBA
/// (width, height, rows without padding).
fn heif_pixels(bytes: &[u8]) -> Result<(u32, u32, Vec<u8>), String> {
    use libheif_rs::{ColorSpace, HeifContext, LibHeif, RgbChroma};
    let lib = LibHeif::new();
    let context = HeifContext::read_from_bytes(bytes).map_err(|e| e.to_string())?;
    let handle = context.primary_image_handle().map_err(|e| e.to_string())?;
    let image = lib
        .decode(&handle, ColorSpace::Rgb(RgbChroma::Rgba), None)
        .map_err(|e| e.to_string())?;
    let planes = image.planes();
    let plane = planes.interleaved.ok_or("no interleaved plane")?;
    let row = plane.width as usize * 4;
    let pixels = plane
        .data
        .chunks(plane.stride)
        .take(plane.height as usize)
        .flat_map(|r| &r[..row.min(r.len())])
        .copied()
        .collect();
    Ok((plane.width, plane.height, pixels))
}

trait Dims {
    fn dimensions_pair(&self) -> (u32, u32);
}
impl Dims for image::DynamicImage {
    fn dimensions_pair(&self) -> (u32, u32) {
        (self.width(), self.height())
    }
}

/// One exiftool process over the whole output folder.
fn check_exiftool(dir: &Path, names: &BTreeMap<String, String>, problems: &mut Vec<String>) {
    let run = Command::new("exiftool")
        .args(["-a", "-G1", "-j", "-q", "-q"])
        .arg(dir)
        .output();
    let Some(run) = skip::require(
        "the exiftool check: exiftool is not installed (libimage-exiftool-perl)",
        run,
    ) else {
        return;
    };
    let json: serde_json::Value = serde_json::from_slice(&run.stdout).expect("exiftool JSON");
    let entries = json.as_array().expect("exiftool array");
    assert_eq!(
        entries.len(),
        names.len(),
        "exiftool read every output file"
    );
    let mut leftovers: BTreeSet<String> = BTreeSet::new();
    for entry in entries {
        let source = entry["SourceFile"].as_str().unwrap_or("");
        let name = Path::new(source).file_name().unwrap().to_string_lossy();
        let original = names.get(name.as_ref()).cloned().unwrap_or_default();
        for (key, value) in entry.as_object().unwrap() {
            if !allowed(key) {
                problems.push(format!("{original}: exiftool still sees {key} = {value}"));
                leftovers.insert(key.clone());
            }
        }
    }
    eprintln!(
        "exiftool: {} outputs checked, disallowed tags: {leftovers:?}",
        entries.len()
    );
}
