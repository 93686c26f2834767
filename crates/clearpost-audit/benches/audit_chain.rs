//! Appends N events (default 10,000; `AUDIT_BENCH_EVENTS` to change), each in
//! its own durable transaction exactly as the app does, then verifies the
//! whole chain. Run: `cargo bench -p clearpost-audit --bench audit_chain`.

use std::time::Instant;

use clearpost_audit::events::{self, NewEvent};
use clearpost_audit::profiles::{self, Role};
use clearpost_audit::verify::verify_database;
use clearpost_audit::Database;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let count: u64 = std::env::var("AUDIT_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Database::open(dir.path()).await.expect("open");
    profiles::create(&db, "bench", Role::Author, "bench passphrase")
        .await
        .expect("profile");
    let me = profiles::unlock(&db, "bench", "bench passphrase")
        .await
        .expect("unlock");

    let start = Instant::now();
    for i in 0..count {
        // A payload of the size of a typical override or decision event.
        let payload = serde_json::json!({
            "draft": "0123456789abcdef",
            "finding": format!("phi-{i}"),
            "category": "name",
            "reason": "Staff member named with written consent on file",
        });
        events::append(
            &db,
            &me.signer(),
            NewEvent::new("bench.event", format!("{i:064x}"), payload),
        )
        .await
        .expect("append");
    }
    let append = start.elapsed();

    let start = Instant::now();
    let report = verify_database(&db).await.expect("verify");
    let verify = start.elapsed();
    assert!(report.is_clean(), "{:?}", report.problem);
    let size = std::fs::metadata(db.path()).map(|m| m.len()).unwrap_or(0);
    println!(
        "appended {count} events in {:.2} s ({:.2} ms per durable append); verified {} events in {:.3} s; database {:.1} MiB",
        append.as_secs_f64(),
        append.as_secs_f64() * 1000.0 / count as f64,
        report.events_ok,
        verify.as_secs_f64(),
        size as f64 / 1048576.0
    );
}
