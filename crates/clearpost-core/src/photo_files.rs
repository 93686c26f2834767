//! Photo files in and out, as the CLI's batch commands use them: which files
//! a list of paths and folders names, inspecting, stripping, detecting and
//! redacting one file and writing the result with the one atomic write.
//! Each function takes one file and returns what happened; printing and
//! progress are the caller's.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::atomic_file;
use crate::context::{Context, ContextError};
use crate::input::{self, InputError};
use crate::meta::{self, MetaError};
use crate::phi::{Policy, Scanner};
use crate::vision::{
    self, preview, DetectOptions, Origin, Rect, RedactionStyle, Region, RegionKind, Verdict,
    Vision, VisionError,
};

/// Why one photo could not be handled.
#[derive(Debug, thiserror::Error)]
pub enum PhotoError {
    /// Reading a file or listing a folder failed (`what` says which).
    #[error("{what}")]
    Io {
        /// "cannot read x.jpg", "reading dir"...
        what: String,
        /// Why.
        source: std::io::Error,
    },
    /// The photo could not be read (too large, unreadable).
    #[error(transparent)]
    Input(#[from] InputError),
    /// The metadata could not be read or removed.
    #[error(transparent)]
    Meta(#[from] MetaError),
    /// Decoding, detection or encoding failed.
    #[error(transparent)]
    Vision(#[from] VisionError),
    /// The output would replace the original.
    #[error("{0}")]
    WouldOverwrite(String),
    /// A boxes file is not what `--boxes` takes.
    #[error("{0}")]
    Boxes(String),
}

fn io(what: String) -> impl FnOnce(std::io::Error) -> PhotoError {
    move |source| PhotoError::Io { what, source }
}

/// Whether two paths name the same existing file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Writes `bytes` to `target` with the one atomic write ([`atomic_file`]:
/// random `O_EXCL` temporary file, fsync, rename, removed on error; links
/// never followed), creating its folder first.
pub fn write_output(target: &Path, bytes: &[u8]) -> Result<(), PhotoError> {
    if let Some(dir) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io(format!("cannot create {}", dir.display())))?;
    }
    atomic_file::write_atomic(target, bytes)
        .map_err(io(format!("cannot write {}", target.display())))
}

// ------------------------------------------------------------ inspect, strip

/// Files as given and folders walked recursively, each with the path its
/// copy takes under an output folder (a folder keeps its own name, so that
/// several folders do not mix).
pub fn collect_files(inputs: &[PathBuf]) -> Result<Vec<(PathBuf, PathBuf)>, PhotoError> {
    let mut out = Vec::new();
    for input in inputs {
        let meta =
            std::fs::metadata(input).map_err(io(format!("cannot read {}", input.display())))?;
        if meta.is_dir() {
            walk(input, input, &mut out)?;
        } else {
            let name = input.file_name().map(PathBuf::from).unwrap_or_default();
            out.push((input.clone(), name));
        }
    }
    Ok(out)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, PathBuf)>) -> Result<(), PhotoError> {
    let listing = || io(format!("cannot list {}", dir.display()));
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(listing())?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(listing())?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(root, &path, out)?;
        } else if path.is_file() {
            let base = root
                .canonicalize()
                .ok()
                .and_then(|r| r.file_name().map(PathBuf::from));
            let rel = path.strip_prefix(root).unwrap_or(&path);
            out.push((path.clone(), base.unwrap_or_default().join(rel)));
        }
    }
    Ok(())
}

/// What metadata the photo at `path` carries.
pub fn inspect_file(path: &Path) -> Result<meta::MetadataReport, PhotoError> {
    let bytes = input::read_photo(path)?;
    Ok(meta::inspect(&bytes)?)
}

/// One file's outcome of [`inspect_files`].
#[derive(Debug, Serialize)]
pub struct Inspected {
    /// The file.
    pub path: PathBuf,
    /// What it carries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<meta::MetadataReport>,
    /// Why it could not be inspected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Inspects every file `inputs` name ([`collect_files`]); a file that cannot
/// be inspected says why in its entry.
pub fn inspect_files(inputs: &[PathBuf]) -> Result<Vec<Inspected>, PhotoError> {
    Ok(collect_files(inputs)?
        .into_iter()
        .map(|(path, _)| match inspect_file(&path) {
            Ok(report) => Inspected {
                path,
                report: Some(report),
                error: None,
            },
            Err(err) => Inspected {
                path,
                report: None,
                error: Some(error_chain(&err)),
            },
        })
        .collect())
}

/// An error and its causes, "outer: inner: …".
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Removes the metadata of the photo at `path` and writes the result to
/// `target` (which may be `path` itself only when `in_place`).
pub fn strip_file(
    path: &Path,
    target: &Path,
    in_place: bool,
) -> Result<meta::Stripped, PhotoError> {
    if !in_place && same_file(path, target) {
        return Err(PhotoError::WouldOverwrite(
            "the output would overwrite the input (use --in-place to replace it)".into(),
        ));
    }
    let bytes = input::read_photo(path)?;
    let stripped = meta::strip(&bytes)?;
    write_output(target, &stripped.bytes)?;
    Ok(stripped)
}

// ------------------------------------------------------------------- detect

/// Which detectors to run: `faces` / `records` (neither means both), whether
/// to read the text of records, and whether to add the small-face pass.
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

/// One region in whole pixels, as the CLI's JSON contract spells it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionReport {
    /// "face", "record" or "manual" ([`RegionKind`]).
    pub kind: RegionKind,
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
    /// Rounded to three decimals.
    pub score: f32,
    /// What a record reads, when read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// "redact" or "review".
    pub verdict: &'static str,
}

impl RegionReport {
    /// `region` in whole pixels of a `width` × `height` image, or `None`
    /// when it lies outside.
    pub fn new(region: &Region, width: u32, height: u32) -> Option<RegionReport> {
        let (x0, y0, x1, y1) = region.rect.pixel_bounds(width, height)?;
        Some(RegionReport {
            kind: region.kind,
            x: x0,
            y: y0,
            w: x1 - x0,
            h: y1 - y0,
            score: (region.score * 1000.0).round() / 1000.0,
            text: region.text.clone(),
            verdict: match region.verdict {
                Verdict::Redact => "redact",
                Verdict::Review => "review",
            },
        })
    }
}

/// What detection found in one photo.
#[derive(Debug, Clone, Serialize)]
pub struct Detected {
    pub file: String,
    pub width: u32,
    pub height: u32,
    pub regions: Vec<RegionReport>,
}

/// The PHI scanner that classifies what records say, when `options` read
/// their text (none otherwise). Fails, with the reason, when its word lists
/// or model cannot be loaded: records are never classified by less.
pub fn record_scanner(
    context: &Context,
    options: &DetectOptions,
) -> Result<Option<std::sync::Arc<Scanner>>, ContextError> {
    (options.records && options.read_text)
        .then(|| context.scanner())
        .transpose()
}

/// Raises a record's verdict to "redact" when the PHI scanner, under
/// `policy`, finds an identifier in the text the vision engine read. (The
/// engine's own verdict looks only at the shape of tokens; what the text
/// says is the application's call, with the same policy as a post's text.)
pub fn classify_records(regions: &mut [Region], scanner: &Scanner, policy: &Policy) {
    for region in regions.iter_mut().filter(|r| r.kind == RegionKind::Record) {
        let Some(text) = region.text.as_deref().filter(|t| !t.trim().is_empty()) else {
            continue;
        };
        if scanner
            .scan_plain(text, policy)
            .iter()
            .any(|f| !f.suppressed)
        {
            region.verdict = Verdict::Redact;
        }
    }
}

/// Detects faces and records in the photo at `file` (upright pixels); with
/// a `scanner`, the text read in records is classified by it
/// ([`classify_records`], default policy).
pub fn detect_file(
    vision: &Vision,
    scanner: Option<&Scanner>,
    file: &Path,
    options: &DetectOptions,
) -> Result<Detected, PhotoError> {
    let bytes = input::read_photo(file)?;
    let picture = vision::decode_upright(&bytes)?;
    let (width, height) = picture.image.dimensions();
    let mut regions = vision.detect(&picture.image, options)?;
    if let Some(scanner) = scanner {
        classify_records(&mut regions, scanner, &Policy::default());
    }
    Ok(Detected {
        file: file.display().to_string(),
        width,
        height,
        regions: regions
            .iter()
            .filter_map(|r| RegionReport::new(r, width, height))
            .collect(),
    })
}

// ------------------------------------------------------------------- redact

/// One photo to redact and where its copy goes (without extension yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedactJob {
    pub input: PathBuf,
    pub output_stem: PathBuf,
}

/// The extensions a folder walk picks up: every format the decoder reads
/// (HEIC/HEIF and AVIF through libheif; `.hif` is what some cameras write).
pub const PHOTO_EXTENSIONS: [&str; 11] = [
    "jpg", "jpeg", "png", "heic", "heif", "hif", "avif", "webp", "tif", "tiff", "gif",
];

pub fn is_photo_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| PHOTO_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Files as given, folders walked recursively for photos by extension (JPEG,
/// PNG, HEIC/HEIF, AVIF, WebP, TIFF, GIF), keeping their layout under
/// `output`; `output` itself is never read from.
pub fn redact_jobs(paths: &[PathBuf], output: &Path) -> Result<Vec<RedactJob>, PhotoError> {
    let output_abs = std::fs::canonicalize(output).ok();
    let mut jobs = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(io(format!("reading {}", path.display())))?;
        if !meta.is_dir() {
            let name = path.file_stem().unwrap_or(path.as_os_str());
            jobs.push(RedactJob {
                input: path.clone(),
                output_stem: output.join(name),
            });
            continue;
        }
        let mut stack = vec![path.clone()];
        while let Some(dir) = stack.pop() {
            if output_abs.is_some() && std::fs::canonicalize(&dir).ok() == output_abs {
                continue;
            }
            let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
                .map_err(io(format!("reading {}", dir.display())))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            entries.sort();
            for entry in entries {
                if entry.is_dir() {
                    stack.push(entry);
                } else if is_photo_name(&entry) {
                    let relative = entry.strip_prefix(path).unwrap_or(&entry);
                    jobs.push(RedactJob {
                        output_stem: output.join(relative).with_extension(""),
                        input: entry,
                    });
                }
            }
        }
    }
    Ok(jobs)
}

/// A box to redact by hand, in pixels of the upright photo.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ManualBox {
    /// Only for files whose path ends with this (or that this ends with).
    #[serde(default)]
    pub file: Option<String>,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    /// "face" marks a face; anything else is a manual box.
    #[serde(default)]
    pub kind: Option<String>,
}

/// One line of `clearpost detect --json`, as a boxes file may hold it.
#[derive(Debug, Deserialize)]
struct DetectLine {
    file: String,
    regions: Vec<ManualBox>,
}

/// Parses a boxes file's `text` (from `path`): a JSON array of boxes, or the
/// JSON lines `clearpost detect --json` prints.
pub fn parse_boxes(text: &str, path: &Path) -> Result<Vec<ManualBox>, PhotoError> {
    if let Ok(boxes) = serde_json::from_str::<Vec<ManualBox>>(text) {
        return Ok(boxes);
    }
    let mut boxes = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let parsed: DetectLine = serde_json::from_str(line).map_err(|err| {
            PhotoError::Boxes(format!(
                "{} line {}: expected a JSON array of {{x,y,w,h}} boxes or `clearpost detect --json` lines: {err}",
                path.display(),
                n + 1
            ))
        })?;
        for mut b in parsed.regions {
            b.file = Some(parsed.file.clone());
            boxes.push(b);
        }
    }
    Ok(boxes)
}

/// Reads a boxes file ([`parse_boxes`]).
pub fn read_boxes(path: &Path) -> Result<Vec<ManualBox>, PhotoError> {
    let text = std::fs::read_to_string(path).map_err(io(format!("reading {}", path.display())))?;
    parse_boxes(&text, path)
}

/// The boxes that apply to `input`, as regions.
pub fn manual_regions(boxes: &[ManualBox], input: &Path) -> Vec<Region> {
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

/// How to redact.
#[derive(Debug, Clone)]
pub struct RedactSettings {
    /// How regions are painted.
    pub style: RedactionStyle,
    /// Outline the regions instead of painting them.
    pub preview: bool,
    /// Leave records whose text does not look like an identifier.
    pub identifiers_only: bool,
    /// Run no detector (manual boxes only).
    pub no_detect: bool,
    /// What the detectors look for.
    pub options: DetectOptions,
}

/// One region of a redaction report.
#[derive(Debug, Clone, Serialize)]
pub struct RedactedRegion {
    #[serde(flatten)]
    pub region: RegionReport,
    /// "detector" or "user".
    pub origin: &'static str,
    /// Painted (false for a kept record or a preview).
    pub redacted: bool,
}

/// What redacting one photo did.
#[derive(Debug, Clone, Serialize)]
pub struct Redacted {
    pub file: String,
    pub output: String,
    /// "JPEG" or "PNG": the container the copy is written in.
    pub written_as: &'static str,
    /// The original's container when the copy is in another one: a HEIC
    /// ("HEIF") or AVIF photo is written as JPEG, a WebP, TIFF or GIF as PNG,
    /// since Clearpost does not re-encode those formats.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub converted_from: Option<&'static str>,
    pub width: u32,
    pub height: u32,
    /// The style's name, or "preview".
    pub style: &'static str,
    pub preview: bool,
    pub regions: Vec<RedactedRegion>,
}

/// Redacts one photo: detects (unless `no_detect`; records classified by
/// `scanner` as [`detect_file`] does), adds the manual boxes,
/// paints (or outlines) the chosen regions, re-encodes with no metadata and
/// writes the copy next to `job.output_stem` with the one atomic write. The
/// original is never written.
pub fn redact_file(
    vision: &Vision,
    scanner: Option<&Scanner>,
    job: &RedactJob,
    settings: &RedactSettings,
    manual: &[ManualBox],
) -> Result<Redacted, PhotoError> {
    let bytes = input::read_photo(&job.input)?;
    let mut picture = vision::decode_upright(&bytes)?;
    let (width, height) = picture.image.dimensions();
    let mut regions = if settings.no_detect {
        Vec::new()
    } else {
        vision.detect(&picture.image, &settings.options)?
    };
    if let Some(scanner) = scanner {
        classify_records(&mut regions, scanner, &Policy::default());
    }
    regions.extend(manual_regions(manual, &job.input));
    let chosen: Vec<bool> = regions
        .iter()
        .map(|r| {
            !(settings.identifiers_only
                && r.kind == RegionKind::Record
                && r.verdict == Verdict::Review)
        })
        .collect();
    let to_paint: Vec<Region> = regions
        .iter()
        .zip(&chosen)
        .filter(|(_, &c)| c)
        .map(|(r, _)| r.clone())
        .collect();
    if settings.preview {
        preview::draw_regions(&mut picture.image, &to_paint);
    } else {
        vision::redact(&mut picture.image, &to_paint, settings.style);
    }
    let encoded = vision::encode_clean(&picture.image, picture.format)?;
    let output = job.output_stem.with_extension(picture.format.extension());
    if same_file(&output, &job.input) {
        return Err(PhotoError::WouldOverwrite(format!(
            "the output {} would overwrite the original",
            output.display()
        )));
    }
    write_output(&output, &encoded)?;
    Ok(Redacted {
        file: job.input.display().to_string(),
        output: output.display().to_string(),
        width,
        height,
        style: if settings.preview {
            "preview"
        } else {
            settings.style.name()
        },
        preview: settings.preview,
        written_as: picture.format.name(),
        converted_from: picture.converted_from,
        regions: regions
            .iter()
            .zip(&chosen)
            .filter_map(|(r, &c)| {
                Some(RedactedRegion {
                    region: RegionReport::new(r, width, height)?,
                    origin: match r.origin {
                        Origin::Detector => "detector",
                        Origin::User => "user",
                    },
                    redacted: c && !settings.preview,
                })
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(text: &str) -> Region {
        Region {
            kind: RegionKind::Record,
            rect: Rect::new(0.0, 0.0, 10.0, 10.0),
            score: 0.9,
            text: Some(text.into()),
            landmarks: Vec::new(),
            origin: Origin::Detector,
            verdict: vision::records::interim_verdict(text),
        }
    }

    #[test]
    fn what_a_record_says_is_classified_here_with_the_policy() {
        let scanner = Scanner::without_lists();
        let mut regions = vec![
            record("write to dana.author@example.org"),
            record("Open every day until six"),
        ];
        // The vision engine only looked at the shape of the tokens.
        assert!(regions.iter().all(|r| r.verdict == Verdict::Review));
        classify_records(&mut regions, &scanner, &Policy::default());
        assert_eq!(regions[0].verdict, Verdict::Redact);
        assert_eq!(regions[1].verdict, Verdict::Review);
        // What the organisation allows stays for a person to review.
        let mut allowed = vec![record("write to dana.author@example.org")];
        let policy = Policy {
            allow: vec!["dana.author@example.org".into()],
            ..Policy::default()
        };
        classify_records(&mut allowed, &scanner, &policy);
        assert_eq!(allowed[0].verdict, Verdict::Review);
    }

    #[test]
    fn neither_faces_nor_records_means_both() {
        let both = detect_options(false, false, true, false);
        assert!(both.faces && both.records && both.read_text);
        assert!(both.face.detail_scale.is_none());
        let faces = detect_options(true, false, false, true);
        assert!(faces.faces && !faces.records);
        assert_eq!(faces.face.detail_scale, Some(vision::DETAIL_SCALE));
    }

    #[test]
    fn boxes_come_as_an_array_or_as_detect_lines() {
        let path = Path::new("boxes.json");
        let array = parse_boxes(r#"[{"x":1,"y":2,"w":3,"h":4}]"#, path).unwrap();
        assert_eq!(array.len(), 1);
        assert_eq!(array[0].file, None);
        let lines = parse_boxes(
            "{\"file\":\"a/ward.jpg\",\"regions\":[{\"kind\":\"face\",\"x\":1,\"y\":2,\"w\":3,\"h\":4}]}\n\n",
            path,
        )
        .unwrap();
        assert_eq!(lines[0].file.as_deref(), Some("a/ward.jpg"));
        let err = parse_boxes("{oops", path).unwrap_err().to_string();
        assert!(
            err.starts_with("boxes.json line 1: expected a JSON array"),
            "{err}"
        );
    }

    #[test]
    fn a_box_for_one_file_applies_only_to_that_file() {
        let boxes = parse_boxes(
            r#"[{"x":1,"y":1,"w":5,"h":5,"file":"ward.jpg","kind":"face"},{"x":0,"y":0,"w":2,"h":2}]"#,
            Path::new("b.json"),
        )
        .unwrap();
        let here = manual_regions(&boxes, Path::new("photos/ward.jpg"));
        assert_eq!(here.len(), 2);
        assert_eq!(here[0].kind, RegionKind::Face);
        assert_eq!(here[1].kind, RegionKind::Manual);
        assert_eq!(manual_regions(&boxes, Path::new("other.jpg")).len(), 1);
    }

    #[test]
    fn folders_are_walked_for_photos_and_the_output_folder_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in");
        std::fs::create_dir_all(input.join("sub")).unwrap();
        std::fs::write(input.join("a.JPG"), b"x").unwrap();
        std::fs::write(input.join("sub/b.png"), b"x").unwrap();
        std::fs::write(input.join("sub/c.HEIC"), b"x").unwrap();
        std::fs::write(input.join("sub/d.avif"), b"x").unwrap();
        std::fs::write(input.join("notes.txt"), b"x").unwrap();
        let output = input.join("out");
        std::fs::create_dir_all(&output).unwrap();
        std::fs::write(output.join("old.jpg"), b"x").unwrap();
        let jobs = redact_jobs(std::slice::from_ref(&input), &output).unwrap();
        let stems: Vec<PathBuf> = jobs.iter().map(|j| j.output_stem.clone()).collect();
        assert_eq!(
            stems,
            vec![
                output.join("a"),
                output.join("sub/b"),
                output.join("sub/c"),
                output.join("sub/d")
            ]
        );
    }

    #[test]
    fn strip_never_writes_over_its_input_unless_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let photo = dir.path().join("p.jpg");
        std::fs::write(&photo, b"not really a photo").unwrap();
        let err = strip_file(&photo, &photo, false).unwrap_err();
        assert!(matches!(err, PhotoError::WouldOverwrite(_)));
        assert_eq!(std::fs::read(&photo).unwrap(), b"not really a photo");
        let files = collect_files(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!(files.len(), 1);
        assert!(files[0].1.ends_with("p.jpg"));
    }
}
