//! The crash bar of the hardening issue: 100 rounds of "append, SIGKILL at an
//! arbitrary point, reopen, verify", counting acknowledged events lost (must
//! be 0); and two processes appending to one database at once (no "database
//! is locked" reaches either writer, both chains of acknowledgements survive).
//!
//! The writer is `clearpost-audit-crash-helper`: it prints `ok <seq>` only after
//! an append has committed, so every printed sequence number is an
//! acknowledged event.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Lines};
use std::process::{Child, ChildStdout, Command, Stdio};

use clearpost_audit::events;
use clearpost_audit::verify::verify_database;
use clearpost_audit::Database;

const HELPER: &str = env!("CARGO_BIN_EXE_clearpost-audit-crash-helper");
const ROUNDS: usize = 100;

fn start(dir: &std::path::Path) -> (Child, Lines<BufReader<ChildStdout>>) {
    let mut child = Command::new(HELPER)
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn helper");
    let lines = BufReader::new(child.stdout.take().unwrap()).lines();
    (child, lines)
}

/// Reads acknowledgements until `count` more arrived; None if the helper ended.
fn read_acks(lines: &mut Lines<BufReader<ChildStdout>>, count: usize, into: &mut Vec<i64>) -> bool {
    for _ in 0..count {
        match lines.next() {
            Some(Ok(line)) => {
                into.push(line.strip_prefix("ok ").expect("ok <seq>").parse().unwrap())
            }
            _ => return false,
        }
    }
    true
}

/// Kills the helper (SIGKILL), collects what it acknowledged before dying, and
/// fails if it had ended on its own (a panic such as "database is locked").
fn kill_and_drain(mut child: Child, mut lines: Lines<BufReader<ChildStdout>>, into: &mut Vec<i64>) {
    let exited_already = child.try_wait().unwrap();
    child.kill().ok(); // Child::kill sends SIGKILL on Unix.
    for line in lines.by_ref().map_while(Result::ok) {
        if let Some(seq) = line.strip_prefix("ok ") {
            into.push(seq.parse().unwrap());
        }
    }
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).ok();
    assert!(
        exited_already.is_none() && !status.success(),
        "the writer ended by itself ({status:?}): {stderr}"
    );
    assert!(
        !stderr.contains("locked"),
        "a writer saw a lock error: {stderr}"
    );
}

async fn stored_seqs(db: &Database) -> HashSet<i64> {
    events::list(db.pool(), &Default::default())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.seq)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_kills_lose_no_acknowledged_event() {
    let dir = tempfile::tempdir().unwrap();
    let mut acknowledged = Vec::new();
    let mut lost_total = 0;
    for round in 0..ROUNDS {
        let (child, mut lines) = start(dir.path());
        // Kill after a varying number of acknowledged appends (1..=13), right
        // away: the helper is then usually in the middle of the next append.
        let wanted = 1 + (round * 7) % 13;
        assert!(
            read_acks(&mut lines, wanted, &mut acknowledged),
            "round {round}: helper ended early"
        );
        kill_and_drain(child, lines, &mut acknowledged);

        let db = Database::open(dir.path())
            .await
            .expect("database opens after SIGKILL");
        let report = verify_database(&db).await.unwrap();
        assert!(
            report.is_clean(),
            "round {round}: verify failed: {:?}",
            report.problem
        );
        let stored = stored_seqs(&db).await;
        let lost = acknowledged
            .iter()
            .filter(|seq| !stored.contains(seq))
            .count();
        lost_total += lost;
        assert_eq!(lost, 0, "round {round}: {lost} acknowledged events lost");
        db.close().await;
    }
    println!(
        "{ROUNDS} SIGKILL rounds: {} acknowledged events, {lost_total} lost, verify clean every round",
        acknowledged.len()
    );
    assert!(acknowledged.len() >= ROUNDS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_append_at_once_without_lock_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mut acknowledged = Vec::new();
    // The first writer creates the profile both use; the second starts once it exists.
    let (first, mut first_lines) = start(dir.path());
    assert!(read_acks(&mut first_lines, 1, &mut acknowledged));
    let (second, mut second_lines) = start(dir.path());
    // Interleave: each must keep acknowledging while the other writes.
    for _ in 0..40 {
        assert!(
            read_acks(&mut first_lines, 5, &mut acknowledged),
            "first writer stopped"
        );
        assert!(
            read_acks(&mut second_lines, 5, &mut acknowledged),
            "second writer stopped"
        );
    }
    kill_and_drain(first, first_lines, &mut acknowledged);
    kill_and_drain(second, second_lines, &mut acknowledged);

    let unique: HashSet<i64> = acknowledged.iter().copied().collect();
    assert_eq!(
        unique.len(),
        acknowledged.len(),
        "two writers were given the same sequence number"
    );
    let db = Database::open(dir.path()).await.unwrap();
    let report = verify_database(&db).await.unwrap();
    assert!(report.is_clean(), "{:?}", report.problem);
    let stored = stored_seqs(&db).await;
    assert!(unique.is_subset(&stored), "acknowledged events lost");
    println!(
        "two concurrent writers: {} acknowledged appends, chain verifies",
        acknowledged.len()
    );
    db.close().await;
}
