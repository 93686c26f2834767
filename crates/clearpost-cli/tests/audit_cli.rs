//! `clearpost audit`: log, verify, export (JSON Lines + CSV) and checking an
//! export elsewhere, including a tampered export naming the altered event.

mod common;

use std::ffi::OsStr;
use std::path::Path;
use std::process::Output;

use common::{create_profile, succeeded as ok, switch_profile};

fn clearpost<S: AsRef<OsStr>>(data_dir: &Path, args: &[S]) -> Output {
    common::clearpost(data_dir, args).output().unwrap()
}

#[test]
fn export_verifies_elsewhere_and_tampering_is_named() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("data");
    for args in [
        create_profile("Ana", "author", "AUTHOR_PASS"),
        create_profile("Rui", "reviewer", "REVIEWER_PASS"),
        switch_profile("Rui", "REVIEWER_PASS"),
    ] {
        ok(clearpost(&dir, &args));
    }
    let wrong = clearpost(&dir, &switch_profile("Ana", "REVIEWER_PASS"));
    assert_eq!(wrong.status.code(), Some(1));

    let log = ok(clearpost(&dir, &["audit", "log"]));
    assert!(
        log.contains("created profile Ana (author)") && log.contains("switched"),
        "{log}"
    );
    assert!(ok(clearpost(&dir, &["audit", "verify"])).contains("3 events"));

    let jsonl = work.path().join("log.jsonl");
    let csv = work.path().join("log.csv");
    ok(clearpost(
        &dir,
        &[
            "audit",
            "export",
            "-o",
            jsonl.to_str().unwrap(),
            "--csv",
            csv.to_str().unwrap(),
            "--from",
            "2000-01-01",
        ],
    ));
    let csv_text = std::fs::read_to_string(&csv).unwrap();
    assert!(csv_text.starts_with("seq,time_utc,actor,"), "{csv_text}");
    assert_eq!(csv_text.lines().count(), 4);
    // Checked on "another machine": a data dir that has never seen this log.
    let elsewhere = work.path().join("elsewhere");
    let verified = ok(clearpost(
        &elsewhere,
        &["audit", "import-verify", jsonl.to_str().unwrap()],
    ));
    assert!(verified.contains("audit log OK: 3 events"), "{verified}");

    // A range in the future holds no events, and still verifies.
    let empty = work.path().join("empty.jsonl");
    ok(clearpost(
        &dir,
        &[
            "audit",
            "export",
            "-o",
            empty.to_str().unwrap(),
            "--from",
            "2999-01-01",
        ],
    ));
    ok(clearpost(
        &elsewhere,
        &["audit", "import-verify", empty.to_str().unwrap()],
    ));

    // Change the role in event 2's payload: import-verify fails and names it.
    let text = std::fs::read_to_string(&jsonl).unwrap();
    let tampered = work.path().join("tampered.jsonl");
    std::fs::write(
        &tampered,
        text.replacen(
            "\\\"role\\\":\\\"reviewer\\\"",
            "\\\"role\\\":\\\"admin\\\"",
            1,
        ),
    )
    .unwrap();
    assert_ne!(std::fs::read_to_string(&tampered).unwrap(), text);
    let failed = clearpost(
        &elsewhere,
        &[
            "audit",
            "import-verify",
            tampered.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(failed.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&failed.stdout).unwrap();
    assert_eq!(report["problem"]["seq"], 2, "{report}");

    // Dropping the last line is caught by the header's range.
    let cut: Vec<&str> = text.lines().collect();
    let truncated = work.path().join("truncated.jsonl");
    std::fs::write(&truncated, cut[..cut.len() - 1].join("\n")).unwrap();
    let failed = clearpost(
        &elsewhere,
        &["audit", "import-verify", truncated.to_str().unwrap()],
    );
    assert_eq!(failed.status.code(), Some(1));

    // Bad input: a date that is not a date.
    let bad = clearpost(
        &dir,
        &[
            "audit",
            "export",
            "-o",
            jsonl.to_str().unwrap(),
            "--from",
            "yesterday",
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
}
