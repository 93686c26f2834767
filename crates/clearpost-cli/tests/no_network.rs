//! Clearpost never talks to the network. The CLI's whole pipeline (info,
//! inspect, strip, detect, redact, scan, profile create/switch, review submit,
//! approve, audit verify) runs twice:
//!
//! 1. under `strace -f -e trace=network`: no socket other than AF_UNIX is
//!    created, and no connect/sendto/sendmsg/bind names any other address;
//! 2. under `unshare -rn` (a network namespace with no interfaces): every
//!    command still succeeds.
//!
//! Each part is skipped (a `SKIP:` line) when the tool is missing or not
//! permitted here (strace needs ptrace; unshare needs user namespaces); under
//! `CI=true` that fails instead (`tests/support/skip.rs`).

#![cfg(target_os = "linux")]

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{
    approve_as_reviewer, clearpost_via, expect, models_present, reviewer_and_author, skip,
    submission_hash, submit_keeping_every_finding, write_post,
};

/// How each command is started: a wrapper program and its arguments before the CLI.
type Wrapper = Vec<String>;

fn run(wrapper: &Wrapper, data: &Path, args: &[String]) -> Output {
    clearpost_via(wrapper, data, args).output().unwrap()
}

/// Runs the whole pipeline with `wrap(step)` in front of each command; panics
/// on any unexpected exit code. Returns the number of commands run.
fn pipeline(work: &Path, wrap: &dyn Fn(usize) -> Wrapper) -> usize {
    let data = work.join("data");
    let photos = work.join("photos");
    fs::create_dir_all(&photos).unwrap();
    let img = image::RgbImage::from_fn(96, 64, |x, y| image::Rgb([x as u8, y as u8, 128]));
    img.save(photos.join("ward.png")).unwrap();
    img.save(photos.join("team.jpg")).unwrap();
    let post = write_post(work);
    let p = |rel: &str| work.join(rel).display().to_string();

    let mut steps: Vec<(Vec<String>, i32)> = vec![
        (vec!["info".into()], 0),
        (vec!["inspect".into(), p("photos")], 0),
        (
            vec!["strip".into(), p("photos"), "-o".into(), p("clean")],
            0,
        ),
    ];
    if models_present() {
        steps.push((
            vec!["detect".into(), p("photos/team.jpg"), p("photos/ward.png")],
            0,
        ));
        steps.push((
            vec!["redact".into(), p("photos"), "-o".into(), p("redacted")],
            0,
        ));
    }
    steps.push((vec!["scan".into(), p("post.md")], 1)); // 1 = blocking findings, as expected
    steps.extend(reviewer_and_author().into_iter().map(|args| (args, 0)));
    let mut count = 0;
    for (args, expected) in &steps {
        expect(run(&wrap(count), &data, args), *expected, args);
        count += 1;
    }
    let submit = submit_keeping_every_finding(&post, &work.join("clean/photos/team.jpg"));
    let out = expect(run(&wrap(count), &data, &submit), 0, &submit);
    count += 1;
    let hash = submission_hash(&out.stdout);
    let mut rest = approve_as_reviewer(&hash);
    rest.push(vec!["audit".into(), "verify".into()]);
    for args in rest {
        expect(run(&wrap(count), &data, &args), 0, &args);
        count += 1;
    }
    count
}

/// Network system calls in an strace log that involve anything but AF_UNIX.
fn non_local_network_calls(log: &str) -> Vec<String> {
    log.lines()
        .filter(|line| {
            let call = line.split_whitespace().nth(1).unwrap_or("");
            let creates = call.starts_with("socket(") || call.starts_with("socketpair(");
            let addresses = ["connect(", "sendto(", "sendmsg(", "sendmmsg(", "bind("]
                .iter()
                .any(|c| call.starts_with(c));
            (creates && !(line.contains("AF_UNIX") || line.contains("AF_LOCAL")))
                || (addresses && line.contains("sa_family=") && !line.contains("sa_family=AF_UNIX"))
        })
        .map(str::to_string)
        .collect()
}

fn tool_works(program: &str, args: &[&str]) -> Result<(), String> {
    match Command::new(program).args(args).arg("true").output() {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => Err(format!(
            "{program} is not permitted here: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Err(e) => Err(format!("{program} is not available: {e}")),
    }
}

#[test]
fn the_pipeline_makes_no_network_call_under_strace() {
    if let Err(why) = tool_works("strace", &["-f", "-qq", "-o", "/dev/null"]) {
        return skip::skip(format!(
            "the strace check: {why} (scripts/install-deps installs strace)"
        ));
    }
    let work = tempfile::tempdir().unwrap();
    let logs = work.path().join("strace");
    fs::create_dir_all(&logs).unwrap();
    // Control: strace and the filter do see a TCP connection attempt here.
    let control = logs.join("control.log");
    Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=network", "-o"])
        .arg(&control)
        .args(["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9 || true"])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    let seen = non_local_network_calls(&fs::read_to_string(&control).unwrap());
    assert!(
        seen.len() >= 2,
        "strace did not record the control connection: {seen:?}"
    );
    let log_of = |step: usize| logs.join(format!("{step:02}.log"));
    let commands = pipeline(work.path(), &|step| {
        ["strace", "-f", "-qq", "-e", "trace=network", "-o"]
            .iter()
            .map(|s| s.to_string())
            .chain([log_of(step).display().to_string()])
            .collect()
    });
    let mut calls = 0;
    let mut offending = Vec::new();
    for step in 0..commands {
        let log = fs::read_to_string(log_of(step)).unwrap();
        calls += log.lines().filter(|l| l.contains('(')).count();
        offending.extend(non_local_network_calls(&log));
    }
    println!(
        "strace: {commands} commands, {calls} network-class system calls, {} non-AF_UNIX",
        offending.len()
    );
    assert!(
        offending.is_empty(),
        "network calls:\n{}",
        offending.join("\n")
    );
}

#[test]
fn the_pipeline_runs_in_a_namespace_without_network() {
    if let Err(why) = tool_works("unshare", &["-rn"]) {
        return skip::skip(format!("the unshare check: {why}"));
    }
    let work = tempfile::tempdir().unwrap();
    let commands = pipeline(work.path(), &|_| {
        vec!["unshare".to_string(), "-rn".to_string()]
    });
    println!("unshare -rn: {commands} commands succeeded with no network interface");
}

#[test]
fn the_log_filter_flags_internet_sockets() {
    let log = "101 socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 3\n\
               101 connect(3, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr(\"1.2.3.4\")}, 16) = 0\n\
               101 socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = 4\n\
               101 connect(4, {sa_family=AF_UNIX, sun_path=\"/run/x\"}, 110) = 0\n";
    assert_eq!(non_local_network_calls(log).len(), 2);
}
