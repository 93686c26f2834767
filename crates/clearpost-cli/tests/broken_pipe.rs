//! Output into a pipe whose reader has gone away ends the command quietly
//! (as `clearpost scan --json big.md | head` does), never with a panic.

use std::io::Read;
use std::process::{Command, Stdio};

#[test]
fn closed_stdout_pipe_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("big.md");
    // Thousands of findings: far more output than a pipe buffer holds.
    let line = "Call Dana at (602) 555-0147 or dana@example.com, SSN 371-52-8164.\n";
    std::fs::write(&draft, line.repeat(5_000)).unwrap();

    let mut child = Command::new(assert_cmd::cargo::cargo_bin("clearpost"))
        .args(["scan", "--no-lists"])
        .arg(&draft)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout); // the reader goes away, like `head` after its lines

    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(
            output.status.signal(),
            Some(libc_sigpipe()),
            "status: {:?}",
            output.status
        );
    }
}

#[cfg(unix)]
fn libc_sigpipe() -> i32 {
    13 // SIGPIPE on Linux and the BSDs
}
