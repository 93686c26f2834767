//! Crash safety: a child process appending events is killed with SIGKILL in
//! the middle; the database must open, verify, and hold every event whose
//! append had returned (the child prints `ok <seq>` only after the commit).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use clearpost_audit::events;
use clearpost_audit::verify::verify_database;
use clearpost_audit::Database;

const HELPER: &str = env!("CARGO_BIN_EXE_clearpost-audit-crash-helper");

/// Runs the helper until it has acknowledged `stop_after` appends, kills it,
/// and returns every sequence number it acknowledged.
fn append_then_kill(dir: &std::path::Path, stop_after: usize) -> Vec<i64> {
    let mut child = Command::new(HELPER)
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn helper");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut acknowledged = vec![];
    while acknowledged.len() < stop_after {
        let line = lines.next().expect("helper ended early").unwrap();
        acknowledged.push(line.strip_prefix("ok ").unwrap().parse().unwrap());
    }
    child.kill().expect("SIGKILL"); // Child::kill sends SIGKILL on Unix.
                                    // Whatever it printed before dying was acknowledged too.
    for line in lines.map_while(Result::ok) {
        if let Some(seq) = line.strip_prefix("ok ") {
            acknowledged.push(seq.parse().unwrap());
        }
    }
    let status = child.wait().unwrap();
    assert!(!status.success(), "the helper must have been killed");
    acknowledged
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_writer_loses_no_acknowledged_event_and_chain_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let mut all_acknowledged = vec![];
    // Kill at different points, restarting on the same database each time.
    for stop_after in [150, 37, 240] {
        let acknowledged = append_then_kill(dir.path(), stop_after);
        assert!(acknowledged.len() >= stop_after);
        all_acknowledged.extend(acknowledged);

        let db = Database::open(dir.path())
            .await
            .expect("database opens after SIGKILL");
        let report = verify_database(&db).await.unwrap();
        assert!(report.is_clean(), "after SIGKILL: {:?}", report.problem);
        let stored: std::collections::HashSet<i64> = events::list(db.pool(), &Default::default())
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.seq)
            .collect();
        for seq in &all_acknowledged {
            assert!(stored.contains(seq), "acknowledged event {seq} was lost");
        }
        assert!(report.head_seq >= *all_acknowledged.iter().max().unwrap());
        db.close().await;
    }
}
