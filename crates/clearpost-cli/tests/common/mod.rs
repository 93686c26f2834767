//! Shared set-up for the CLI's end-to-end tests: the binary on a data folder
//! with the test passphrases in its environment, and the steps of a review
//! (profiles, a post whose name, ward and phone number block, its submission
//! with a reason for every finding, the approval) as argument lists, so that
//! each test can run them its own way (plainly, under strace, in a namespace
//! without network, on two "laptops").

// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

#[path = "../../../../tests/support/skip.rs"]
pub mod skip;

/// The author's passphrase, in the variable `AUTHOR_PASS`.
pub const AUTHOR_PASS: &str = "author passphrase one";
/// The reviewer's passphrase, in the variable `REVIEWER_PASS`.
pub const REVIEWER_PASS: &str = "reviewer passphrase two";

/// The post every review test submits: a name, a ward and a phone number,
/// all of which the scan flags as blocking.
pub const POST_TEXT: &str = "Welcome back to Ward 4, Jane Doe! Call 555-201-3344.\n";

/// `--override` arguments giving a reason for every finding in [`POST_TEXT`]
/// and the author's own `phi-1` (by finding id, or by the flagged text).
pub const KEEP_EVERY_FINDING: [&str; 8] = [
    "--override",
    "phi-1=Jane is our nurse; written consent on file",
    "--override",
    "Jane=Jane is our nurse; written consent on file",
    "--override",
    "Ward 4=the ward is named in our public newsletter",
    "--override",
    "555-201-3344=the ward's public front-desk number",
];

/// The CLI on `data` with `args`, the passphrase variables set and no stdin,
/// started through `wrapper` (a program and its arguments before the CLI,
/// e.g. `strace -f -o LOG`) unless it is empty.
pub fn clearpost_via<S: AsRef<OsStr>>(wrapper: &[String], data: &Path, args: &[S]) -> Command {
    let binary = env!("CARGO_BIN_EXE_clearpost");
    let mut command = match wrapper.split_first() {
        Some((program, before)) => {
            let mut command = Command::new(program);
            command.args(before).arg(binary);
            command
        }
        None => Command::new(binary),
    };
    command
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("AUTHOR_PASS", AUTHOR_PASS)
        .env("REVIEWER_PASS", REVIEWER_PASS)
        .stdin(Stdio::null());
    command
}

/// The CLI on `data` with `args` (see [`clearpost_via`]).
pub fn clearpost<S: AsRef<OsStr>>(data: &Path, args: &[S]) -> Command {
    clearpost_via(&[], data, args)
}

/// Runs the CLI on `data` with `args` and returns what it did.
pub fn run<S: AsRef<OsStr>>(data: &Path, args: &[S]) -> Output {
    clearpost(data, args).output().unwrap()
}

/// `output`, after checking it exited with `code` (else panics with the
/// command, its stdout and stderr).
pub fn expect<S: AsRef<OsStr>>(output: Output, code: i32, args: &[S]) -> Output {
    let args: Vec<_> = args.iter().map(|a| a.as_ref().to_string_lossy()).collect();
    assert_eq!(
        output.status.code(),
        Some(code),
        "clearpost {args:?}\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The stdout of a command that must have succeeded (else panics with its
/// exit code, stdout and stderr).
pub fn succeeded(output: Output) -> String {
    assert!(
        output.status.success(),
        "exit code {:?}\nstdout: {}\nstderr: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Runs the CLI on `data` with `args`, checks it succeeded, returns stdout.
pub fn ok<S: AsRef<OsStr>>(data: &Path, args: &[S]) -> String {
    let output = expect(run(data, args), 0, args);
    String::from_utf8(output.stdout).unwrap()
}

/// The models `detect` and `redact` run on (faces and the two OCR stages).
pub const VISION_MODELS: [&str; 3] = [
    "centerface.onnx",
    "ch_PP-OCRv4_det_infer.onnx",
    "ch_PP-OCRv4_rec_infer.onnx",
];

/// True when the fetched vision models are there (detect/redact can run);
/// else [`skip::skip`] (a `SKIP:` line, or a failure under `CI=true`) and false.
pub fn models_present() -> bool {
    skip::models_present(&VISION_MODELS)
}

/// `jpeg` with one more segment (`marker`, e.g. 0xE1 for APP1 or 0xFE for a
/// comment) holding `payload`, right after the start-of-image marker.
pub fn with_segment(jpeg: &[u8], marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, marker]);
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// The files of a post to submit.
pub struct Post {
    /// `post.md`, holding [`POST_TEXT`].
    pub text: PathBuf,
    /// `findings.json`: the author's own blocking finding `phi-1` on "Jane Doe".
    pub findings: PathBuf,
}

/// Writes `post.md` and `findings.json` into `dir`.
pub fn write_post(dir: &Path) -> Post {
    let post = Post {
        text: dir.join("post.md"),
        findings: dir.join("findings.json"),
    };
    fs::write(&post.text, POST_TEXT).unwrap();
    let start = POST_TEXT.find("Jane Doe").unwrap();
    let findings = serde_json::json!([{
        "id": "phi-1", "category": "name", "blocking": true, "excerpt": "Jane Doe",
        "location": {"type": "text", "start": start, "end": start + 8}
    }]);
    fs::write(&post.findings, findings.to_string()).unwrap();
    post
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| a.to_string()).collect()
}

/// `profile create NAME --role ROLE`, the passphrase in variable `pass_var`.
pub fn create_profile(name: &str, role: &str, pass_var: &str) -> Vec<String> {
    strings(&[
        "profile",
        "create",
        name,
        "--role",
        role,
        "--passphrase-env",
        pass_var,
    ])
}

/// `profile switch NAME`, the passphrase in variable `pass_var`.
pub fn switch_profile(name: &str, pass_var: &str) -> Vec<String> {
    strings(&["profile", "switch", name, "--passphrase-env", pass_var])
}

/// One machine with a reviewer (Rui) and an author (Ana), Ana current.
pub fn reviewer_and_author() -> Vec<Vec<String>> {
    vec![
        create_profile("Rui", "reviewer", "REVIEWER_PASS"),
        create_profile("Ana", "author", "AUTHOR_PASS"),
        switch_profile("Ana", "AUTHOR_PASS"),
    ]
}

/// `review submit` of `post` with one attachment, printing JSON, as the
/// profile whose passphrase is in `pass_var`; no overrides (add
/// [`KEEP_EVERY_FINDING`] for a submission the policy accepts).
pub fn submit(post: &Post, attachment: &Path, pass_var: &str) -> Vec<String> {
    let path = |p: &Path| p.display().to_string();
    vec![
        "review".into(),
        "submit".into(),
        path(&post.text),
        "--attach".into(),
        path(attachment),
        "--findings".into(),
        path(&post.findings),
        "--json".into(),
        "--passphrase-env".into(),
        pass_var.into(),
    ]
}

/// [`submit`] as Ana with a reason for every finding.
pub fn submit_keeping_every_finding(post: &Post, attachment: &Path) -> Vec<String> {
    let mut args = submit(post, attachment, "AUTHOR_PASS");
    args.extend(strings(&KEEP_EVERY_FINDING));
    args
}

/// The submission hash in `review submit --json` output.
pub fn submission_hash(stdout: &[u8]) -> String {
    let submitted: serde_json::Value = serde_json::from_slice(stdout).unwrap();
    submitted["submission"].as_str().unwrap().to_string()
}

/// `review approve HASH` as the profile whose passphrase is in `pass_var`.
pub fn approve(hash: &str, pass_var: &str) -> Vec<String> {
    strings(&["review", "approve", hash, "--passphrase-env", pass_var])
}

/// Switch to Rui, then approve `hash` as Rui.
pub fn approve_as_reviewer(hash: &str) -> Vec<Vec<String>> {
    vec![
        switch_profile("Rui", "REVIEWER_PASS"),
        approve(hash, "REVIEWER_PASS"),
    ]
}

/// Puts `phrase` on draft `draft`'s own allow-list as the app's "allow in this
/// draft only" quick fix does (the CLI has no command for it), signed by the
/// current profile, whose passphrase is [`AUTHOR_PASS`].
pub fn allow_in_draft(data: &Path, draft: &str, phrase: &str) {
    use clearpost_core::audit::{profiles, Database};
    use clearpost_core::review::workspace;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let db = Database::open(data).await.unwrap();
        let me = profiles::unlock_current(&db, AUTHOR_PASS).await.unwrap();
        let copy = workspace::allow_in_draft(&db, &me, draft, phrase)
            .await
            .unwrap();
        assert!(copy.allow_list.iter().any(|p| p == phrase));
        db.close().await;
    });
}
