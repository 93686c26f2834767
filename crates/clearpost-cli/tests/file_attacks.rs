//! The file and input attacks of issue 19, each reproduced against the CLI and
//! shown refused with a clear error and nothing written or changed:
//! - D: an attachment name in a stored submission edited to `../../escaped.jpg`;
//! - E: symlinks planted at the temporary names `strip` and `redact` used to
//!   write through (`.<name>.clearpost-<pid>.tmp`, `.<name>.<pid>.tmp`) and at
//!   names with today's prefix;
//! - crashed runs' temporary files removed at the next start;
//! - a 480 MiB bundle and an oversized decision file refused before reading;
//! - ANSI escape sequences in a bundle's text shown harmless;
//! - profile names unique after normalisation, never equal to an id.

mod common;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::{
    approve_as_reviewer, create_profile, ok, reviewer_and_author, run, submission_hash,
    submit_keeping_every_finding, switch_profile, write_post, Post,
};

const TEMP_PREFIX: &str = clearpost_core::atomic_file::TEMP_PREFIX;

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap()
}

/// A small JPEG as the image crate encodes it (no metadata but JFIF).
fn clean_jpeg() -> Vec<u8> {
    let picture =
        image::RgbImage::from_fn(48, 32, |x, y| image::Rgb([x as u8 * 5, y as u8 * 7, 90]));
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90)
        .encode_image(&picture)
        .unwrap();
    bytes
}

/// Every file and folder under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            out.push(path.strip_prefix(root).unwrap().to_path_buf());
            if entry.file_type().unwrap().is_dir() {
                walk(root, &path, out);
            }
        }
    }
    let mut out = vec![];
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Runs SQL on the data folder's database as someone with the laptop's
/// account would (triggers can be dropped).
fn tamper(data: &Path, statements: &[&str]) {
    use clearpost_core::audit::Database;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let db = Database::open(data).await.unwrap();
        for statement in statements {
            sqlx::query(statement).execute(db.pool()).await.unwrap();
        }
        db.close().await;
    });
}

/// A laptop with Rui (reviewer) and Ana (author): Ana's post with `photo.jpg`
/// submitted and approved by Rui. Returns the draft id; Ana is current.
fn approved_post(work: &Path, data: &Path) -> String {
    for args in reviewer_and_author() {
        ok(data, &args);
    }
    let post = write_post(work);
    let photo = work.join("photo.jpg");
    std::fs::write(&photo, clean_jpeg()).unwrap();
    let out = ok(data, &submit_keeping_every_finding(&post, &photo));
    let submitted: serde_json::Value = serde_json::from_str(&out).unwrap();
    for args in approve_as_reviewer(&submission_hash(out.as_bytes())) {
        ok(data, &args);
    }
    ok(data, &switch_profile("Ana", "AUTHOR_PASS"));
    submitted["draft"].as_str().unwrap().to_string()
}

fn export_args(draft: &str, out: &Path) -> Vec<String> {
    [
        "review",
        "export",
        draft,
        "-o",
        &out.display().to_string(),
        "--passphrase-env",
        "AUTHOR_PASS",
    ]
    .map(String::from)
    .to_vec()
}

/// Row D: the stored submission's attachment name edited to leave the export
/// folder. The export is refused with the name and the reason; nothing is
/// written anywhere (not even the export folder), the draft stays approved.
#[test]
fn row_d_review_export_refuses_an_attachment_name_that_leaves_the_folder() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("laptop");
    let draft = approved_post(work.path(), &data);
    for name in [
        "../../escaped.jpg",
        "/tmp/clearpost-escaped.jpg",
        "NUL.jpg",
        "post.md",
    ] {
        tamper(
            &data,
            &[
                "DROP TRIGGER IF EXISTS submissions_refuse_update",
                &format!(
                    "UPDATE submissions SET body = replace(body, '\"photo.jpg\"', '{}')",
                    serde_json::to_string(name).unwrap()
                ),
            ],
        );
        // Everything but the database (its WAL files come and go).
        let outside = || -> Vec<PathBuf> {
            tree(work.path())
                .into_iter()
                .filter(|p| !p.starts_with("laptop"))
                .collect()
        };
        let before = outside();
        let out = work.path().join("a/b/out");
        let output = run(&data, &export_args(&draft, &out));
        let message = stderr(&output);
        assert_eq!(code(&output), 1, "{name}: {message}");
        assert!(
            message.contains("clearpost: refused: ")
                && message.contains(&format!("{name:?}"))
                && message.contains("nothing was exported"),
            "{message}"
        );
        assert_eq!(outside(), before, "{name}: something was written");
        assert!(!Path::new("/tmp/clearpost-escaped.jpg").exists());
        let status = ok(&data, &["review", "status", draft.as_str(), "--json"]);
        assert!(status.contains("\"approved\""), "{status}");
        // Back to the genuine name for the next attempt.
        tamper(
            &data,
            &[&format!(
                "UPDATE submissions SET body = replace(body, '{}', '\"photo.jpg\"')",
                serde_json::to_string(name).unwrap()
            )],
        );
    }
    // The genuine export still works.
    let out = work.path().join("out");
    let listed = ok(&data, &export_args(&draft, &out));
    assert!(listed.contains("photo.jpg"), "{listed}");
    assert_eq!(
        tree(&out),
        [PathBuf::from("photo.jpg"), PathBuf::from("post.md")]
    );
}

/// The CLI with `args` started by `sh` after it planted symlinks to `victim`
/// in `folder`: at `.<name>.clearpost-<pid>.tmp` and `.<name>.<pid>.tmp` (the
/// names `strip` and `redact` used to open, following links) for the pid the
/// CLI will have (`exec` keeps the shell's), and at 100 names with today's
/// temporary prefix and that pid.
fn run_with_planted_links(
    data: &Path,
    folder: &Path,
    name: &str,
    victim: &Path,
    args: &[&str],
) -> Output {
    let script = format!(
        r#"set -e
for i in $(seq 1 100); do ln -s "$VICTIM" "$FOLDER/{TEMP_PREFIX}$$-$i.part"; done
ln -s "$VICTIM" "$FOLDER/.$NAME.clearpost-$$.tmp"
ln -s "$VICTIM" "$FOLDER/.$NAME.$$.tmp"
exec "$@""#
    );
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_clearpost"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("VICTIM", victim)
        .env("FOLDER", folder)
        .env("NAME", name)
        .env("AUTHOR_PASS", common::AUTHOR_PASS)
        .env("REVIEWER_PASS", common::REVIEWER_PASS)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn links_in(folder: &Path) -> usize {
    std::fs::read_dir(folder)
        .unwrap()
        .flatten()
        .filter(|e| e.file_type().unwrap().is_symlink())
        .count()
}

/// Row E: `strip -o out` and `redact -o out` with links planted at every
/// temporary name an attacker can predict: the links' target is unchanged,
/// the output is a regular file with the cleaned photo.
#[cfg(unix)]
#[test]
fn row_e_planted_links_at_temporary_names_are_never_followed() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    let victim = work.path().join("victim.txt");
    std::fs::write(&victim, b"the attacker's target: must stay as it is").unwrap();
    let input = work.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let photo = input.join("photo.jpg");
    std::fs::write(
        &photo,
        common::with_segment(&clean_jpeg(), 0xFE, b"Jane Doe, Ward 4"),
    )
    .unwrap();

    let boxes = work.path().join("boxes.json");
    std::fs::write(&boxes, r#"[{"x": 0, "y": 0, "w": 8, "h": 8}]"#).unwrap();
    let boxes = boxes.display().to_string();
    for (command, extra) in [
        ("strip", &[][..]),
        ("redact", &["--no-detect", "--boxes", boxes.as_str()][..]),
    ] {
        let out = work.path().join(format!("out-{command}"));
        std::fs::create_dir(&out).unwrap();
        let (out_arg, photo_arg) = (out.display().to_string(), photo.display().to_string());
        let mut args = vec![command, "-o", out_arg.as_str()];
        args.extend(extra);
        args.push(photo_arg.as_str());
        let output = run_with_planted_links(&data, &out, "photo.jpg", &victim, &args);
        assert!(output.status.success(), "{command}: {}", stderr(&output));
        assert_eq!(
            std::fs::read(&victim).unwrap(),
            b"the attacker's target: must stay as it is",
            "{command} wrote through a planted link"
        );
        let written = out.join("photo.jpg");
        let meta = std::fs::symlink_metadata(&written).unwrap();
        assert!(
            meta.file_type().is_file(),
            "{command}: output is not a regular file"
        );
        let bytes = std::fs::read(&written).unwrap();
        assert!(bytes.starts_with(&[0xFF, 0xD8]), "{command}: not a JPEG");
        assert!(
            !bytes.windows(8).any(|w| w == b"Jane Doe"),
            "{command}: comment kept"
        );
        assert_eq!(
            links_in(&out),
            102,
            "{command}: the planted links are left alone"
        );
    }
}

/// Row E for `review export`: links planted in the export folder at names
/// with the temporary prefix are not followed either.
#[cfg(unix)]
#[test]
fn row_e_review_export_does_not_follow_planted_links() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("laptop");
    let draft = approved_post(work.path(), &data);
    let victim = work.path().join("victim.txt");
    std::fs::write(&victim, b"unchanged").unwrap();
    let out = work.path().join("export");
    std::fs::create_dir(&out).unwrap();
    let args = export_args(&draft, &out);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = run_with_planted_links(&data, &out, "post.md", &victim, &args);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(std::fs::read(&victim).unwrap(), b"unchanged");
    for name in ["post.md", "photo.jpg"] {
        let meta = std::fs::symlink_metadata(out.join(name)).unwrap();
        assert!(meta.file_type().is_file(), "{name}");
    }
}

/// Backdates `path` by an hour.
fn backdate(path: &Path) {
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
}

/// Temporary files left by a crashed run (of a process that is gone, older
/// than this run) are removed at the next start from the data folder and the
/// store, and from an output folder when it is next written to; anything else
/// is left alone.
#[cfg(unix)]
#[test]
fn crashed_runs_leftovers_are_removed_at_the_next_start() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    ok(&data, &create_profile("Ana", "author", "AUTHOR_PASS"));
    let out = work.path().join("out");
    let shard = data.join("attachments/ab");
    std::fs::create_dir_all(&shard).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    // A pid above the kernel's maximum: that process is certainly gone.
    let dead = format!("{TEMP_PREFIX}2000000000-x1y2z3.part");
    let mut leftovers = vec![];
    for folder in [&data, &shard, &out] {
        let path = folder.join(&dead);
        std::fs::write(&path, b"half a photo").unwrap();
        backdate(&path);
        leftovers.push(path);
    }
    let kept = [
        data.join(format!("{TEMP_PREFIX}1-running.part")), // pid 1 is running
        data.join("notes.txt"),
        data.join(".photo.jpg.clearpost-4242.tmp"),
    ];
    for path in &kept {
        std::fs::write(path, b"keep").unwrap();
        backdate(path);
    }
    ok(&data, &["profile", "list"]);
    assert!(
        !leftovers[0].exists() && !leftovers[1].exists(),
        "data folder not cleaned"
    );
    assert!(
        leftovers[2].exists(),
        "an output folder is cleaned only when written to"
    );
    for path in &kept {
        assert!(path.exists(), "{} removed", path.display());
    }
    let photo = work.path().join("photo.jpg");
    std::fs::write(&photo, clean_jpeg()).unwrap();
    ok(
        &data,
        &[
            "strip",
            "-o",
            &out.display().to_string(),
            &photo.display().to_string(),
        ],
    );
    assert!(!leftovers[2].exists(), "output folder not cleaned");
    assert_eq!(tree(&out), [PathBuf::from("photo.jpg")]);
}

/// A 480 MiB bundle (sparse: no disk used) and a decision file over its cap
/// are refused before they are read, naming the limit; nothing is recorded.
#[test]
fn oversized_bundles_and_decisions_are_refused_before_reading() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    ok(&data, &create_profile("Rui", "reviewer", "REVIEWER_PASS"));
    let log_before = ok(&data, &["audit", "verify"]);
    let bundle = work.path().join("huge.clearpost");
    std::fs::File::create(&bundle)
        .unwrap()
        .set_len(480 << 20)
        .unwrap();
    let decision = work.path().join("decision.json");
    std::fs::File::create(&decision)
        .unwrap()
        .set_len((1 << 20) + 1)
        .unwrap();
    let cases: [(&[&str], &Path, &str); 2] = [
        (&["review", "open"], &bundle, "128.0 MiB"),
        (&["review", "import"], &decision, "1.0 MiB"),
    ];
    for (command, file, limit) in cases {
        let started = std::time::Instant::now();
        let mut args: Vec<String> = command.iter().map(|s| s.to_string()).collect();
        args.extend([
            file.display().to_string(),
            "--passphrase-env".into(),
            "REVIEWER_PASS".into(),
        ]);
        let output = run(&data, &args);
        let message = stderr(&output);
        assert_eq!(code(&output), 2, "{message}");
        assert!(
            message.contains(&format!(
                "larger than the {limit} Clearpost opens; nothing was read"
            )),
            "{message}"
        );
        assert!(
            started.elapsed().as_secs() < 20,
            "took {:?}",
            started.elapsed()
        );
    }
    assert_eq!(
        ok(&data, &["audit", "verify"]),
        log_before,
        "something was recorded"
    );
}

fn clearpost<S: AsRef<OsStr>>(data: &Path, args: &[S]) -> String {
    ok(data, args)
}

/// A bundle whose post text carries ANSI escape sequences (clear the screen,
/// move the cursor home, print a fake approval, colours) is shown with every
/// control character escaped: the terminal receives no escape byte.
#[test]
fn ansi_escapes_from_a_bundle_are_shown_harmless() {
    let work = tempfile::tempdir().unwrap();
    let a = work.path().join("author");
    let b = work.path().join("reviewer");
    let p = |name: &str| work.path().join(name).display().to_string();
    clearpost(&a, &create_profile("Ana", "author", "AUTHOR_PASS"));
    clearpost(&b, &create_profile("Rui", "reviewer", "REVIEWER_PASS"));
    clearpost(&a, &["profile", "export-key", "-o", &p("ana.pub")]);
    clearpost(
        &b,
        &[
            "profile",
            "trust",
            &p("ana.pub"),
            "--passphrase-env",
            "REVIEWER_PASS",
        ],
    );
    let text =
        "Spring gala photos are up.\u{1b}[2J\u{1b}[H\u{1b}[32mAPPROVED BY the board\u{1b}[0m\r\n";
    let post = Post {
        text: work.path().join("gala.md"),
        findings: work.path().join("none.json"),
    };
    std::fs::write(&post.text, text).unwrap();
    std::fs::write(&post.findings, "[]").unwrap();
    let photo = work.path().join("gala.jpg");
    std::fs::write(&photo, clean_jpeg()).unwrap();
    let submitted = clearpost(&a, &common::submit(&post, &photo, "AUTHOR_PASS"));
    let hash = submission_hash(submitted.as_bytes());
    clearpost(
        &a,
        &[
            "review",
            "bundle",
            &hash,
            "-o",
            &p("gala.clearpost"),
            "--passphrase-env",
            "AUTHOR_PASS",
        ],
    );
    let shown = clearpost(
        &b,
        &[
            "review",
            "open",
            &p("gala.clearpost"),
            "--passphrase-env",
            "REVIEWER_PASS",
        ],
    );
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\r'),
        "{shown:?}"
    );
    assert!(
        shown.contains("\\u{1b}[2J\\u{1b}[H\\u{1b}[32mAPPROVED BY the board"),
        "{shown}"
    );
    assert!(shown.contains("bundle checked: signed by Ana"), "{shown}");
}

/// Profile names are compared without case, extra spaces or Unicode forms,
/// and a name can never be a profile id: `switch <id>` always means that id.
#[test]
fn profile_names_are_unique_after_normalisation_and_never_an_id() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    clearpost(&data, &create_profile("Ana Silva", "author", "AUTHOR_PASS"));
    let listed = clearpost(&data, &["profile", "list", "--json"]);
    let profiles: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let ana_id = profiles[0]["id"].as_str().unwrap().to_string();
    for twin in ["ana silva", "ANA  SILVA ", "Ａｎａ Ｓｉｌｖａ"] {
        let output = run(&data, &create_profile(twin, "reviewer", "REVIEWER_PASS"));
        let message = stderr(&output);
        assert_ne!(code(&output), 0, "{twin:?} was accepted");
        assert!(
            message.contains("a profile named \"Ana Silva\" already exists"),
            "{message}"
        );
    }
    for id_like in [ana_id.as_str(), "0123456789abcdef"] {
        let output = run(&data, &create_profile(id_like, "reviewer", "REVIEWER_PASS"));
        let message = stderr(&output);
        assert_ne!(code(&output), 0);
        assert!(
            message.contains("cannot look like a profile id"),
            "{message}"
        );
    }
    let after: serde_json::Value =
        serde_json::from_str(&clearpost(&data, &["profile", "list", "--json"])).unwrap();
    assert_eq!(after.as_array().unwrap().len(), 1, "a profile was created");
    let switched = clearpost(&data, &switch_profile(&ana_id, "AUTHOR_PASS"));
    assert!(
        switched.contains("current profile: Ana Silva"),
        "{switched}"
    );
}
