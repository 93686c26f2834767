//! `clearpost info` against a throw-away data directory.

use assert_cmd::Command;

#[test]
fn info_creates_database_in_the_chosen_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::cargo_bin("clearpost")
        .unwrap()
        .args(["--data-dir"])
        .arg(dir.path())
        .args(["info", "--json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let info: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(info["schema_version"], 4);
    assert!(dir.path().join("clearpost.db").is_file());
    assert_eq!(info["models"].as_array().unwrap().len(), 4);
}

#[test]
fn data_dir_can_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::cargo_bin("clearpost")
        .unwrap()
        .env("CLEARPOST_DATA_DIR", dir.path())
        .args(["info", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(dir.path().join("clearpost.db").is_file());
}
