//! `clearpost scan` end to end: JSON contract, exit codes, stdin, bad input.

use assert_cmd::Command;
use predicates::prelude::*;

fn clearpost() -> Command {
    Command::cargo_bin("clearpost").unwrap()
}

#[test]
fn json_lines_carry_byte_offsets_into_the_file_and_exit_1_on_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.md");
    let text = "# Update\n\n✨ Thanks to **Mrs. Alvarez**: call 617-253-1000.\n";
    std::fs::write(&path, text).unwrap();
    let out = clearpost()
        .args(["scan", "--json", "--no-lists"])
        .arg(&path)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let line = String::from_utf8(out).unwrap();
    let report: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    assert_eq!(report["file"], path.display().to_string());
    let findings = report["findings"].as_array().unwrap();
    let phone = findings
        .iter()
        .find(|f| f["category"] == "phone_number")
        .unwrap();
    let (start, end) = (
        phone["start"].as_u64().unwrap() as usize,
        phone["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text.as_bytes()[start..end], b"617-253-1000");
    for key in [
        "start",
        "end",
        "category",
        "confidence",
        "text",
        "reason",
        "suggestion",
    ] {
        assert!(phone.get(key).is_some(), "missing {key}");
    }
    let name = findings.iter().find(|f| f["category"] == "name").unwrap();
    assert_eq!(name["text"], "Alvarez");
}

#[test]
fn clean_text_from_stdin_exits_0() {
    clearpost()
        .args(["scan", "--no-lists", "-"])
        .write_stdin("The clinic opens at nine on weekdays.\n")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no PHI found"));
}

#[test]
fn human_output_has_line_and_column() {
    clearpost()
        .args(["scan", "--no-lists", "-"])
        .write_stdin("hello\nSSN 529-31-4706\n")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "-:2:5: BLOCK social_security_number",
        ));
}

#[test]
fn missing_file_and_non_utf8_are_clear_errors() {
    clearpost()
        .args(["scan", "--no-lists", "/nonexistent/draft.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot read /nonexistent/draft.md",
        ));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.txt");
    std::fs::write(&path, [0x66, 0xff, 0xfe]).unwrap();
    clearpost()
        .args(["scan", "--no-lists"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not UTF-8"));
}

#[test]
fn allow_listed_phone_does_not_block() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.json");
    std::fs::write(&policy, r#"{"allow": ["617-253-1000"]}"#).unwrap();
    clearpost()
        .args(["scan", "--no-lists", "--policy"])
        .arg(&policy)
        .arg("-")
        .write_stdin("Call our switchboard on (617) 253-1000.\n")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("allowed phone_number"));
}

#[test]
fn missing_word_lists_are_an_error_and_no_lists_is_a_warning() {
    let empty = tempfile::tempdir().unwrap();
    // Without the lists the scan refuses (exit 2), naming the missing file and both
    // ways out, and prints nothing on standard output.
    clearpost()
        .env("CLEARPOST_MODELS_DIR", empty.path())
        .args(["scan", "-"])
        .write_stdin("Our patient mary ellen kowalczyk is home.\n")
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(
            predicate::str::contains("scripts/fetch-models")
                .and(predicate::str::contains("--no-lists"))
                .and(predicate::str::contains("names/")),
        );
    // With --no-lists it scans, and says on standard error what it cannot see.
    clearpost()
        .env("CLEARPOST_MODELS_DIR", empty.path())
        .args(["scan", "--no-lists", "--json", "-"])
        .write_stdin("Call 617-253-1000.\n")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("617-253-1000"))
        .stderr(predicate::str::contains("without the name and place lists"));
}
