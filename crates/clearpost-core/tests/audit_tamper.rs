//! Tampering with the log on a real SQLite file, as an attacker with write
//! access would (dropping the append-only triggers first): `verify` must name
//! the altered event; a clean log must verify.

mod common;

use clearpost_core::audit::events::{self, compute_hash, Event};
use clearpost_core::audit::keys;
use clearpost_core::audit::profiles::{self, Role};
use clearpost_core::audit::verify::verify_database;
use clearpost_core::review::{self, Verdict};
use common::*;
use sqlx::SqlitePool;

const COLUMNS: [&str; 8] = [
    "time",
    "actor",
    "kind",
    "subject",
    "payload",
    "prev_hash",
    "hash",
    "signature",
];

/// A log with profiles, a draft, an override, a submission and an approval.
async fn busy_laptop() -> Laptop {
    let laptop = Laptop::new().await;
    let author = laptop
        .profile("Ana Author", Role::Author, PASS_AUTHOR)
        .await;
    let reviewer = laptop
        .profile("Rui Reviewer", Role::Reviewer, PASS_REVIEWER)
        .await;
    profiles::switch(&laptop.db, "Rui Reviewer", PASS_REVIEWER)
        .await
        .unwrap();
    let (_draft, hash) = submitted_draft(&laptop, &author).await;
    review::decide(&laptop.db, &reviewer, &hash, Verdict::Approve, "fine")
        .await
        .unwrap();
    laptop
}

async fn all_events(pool: &SqlitePool) -> Vec<Event> {
    events::list(pool, &Default::default()).await.unwrap()
}

async fn set_column(pool: &SqlitePool, seq: i64, column: &str, value: &str) {
    sqlx::query(&format!("UPDATE events SET {column} = ? WHERE seq = ?"))
        .bind(value)
        .bind(seq)
        .execute(pool)
        .await
        .unwrap();
}

async fn drop_triggers(pool: &SqlitePool) {
    for trigger in ["events_refuse_update", "events_refuse_delete"] {
        sqlx::query(&format!("DROP TRIGGER {trigger}"))
            .execute(pool)
            .await
            .unwrap();
    }
}

/// A different value of the same kind for `column` of `event`.
fn altered(event: &Event, column: &str) -> String {
    let flip_last = |s: &str| {
        let mut s = s.to_string();
        let last = s.pop().unwrap();
        s.push(if last == '0' { '1' } else { '0' });
        s
    };
    match column {
        "time" => event.time.replacen("20", "19", 1),
        "actor" => flip_last(&event.actor),
        "kind" => format!("{}x", event.kind),
        "subject" => format!("{}x", event.subject),
        // Same JSON value with a space: only the canonical check can see it.
        "payload" if event.seq % 2 == 0 => event.payload.replacen(':', ": ", 1),
        "payload" => event.payload.replacen('"', "\"x", 1),
        "prev_hash" => flip_last(&event.prev_hash),
        "hash" => flip_last(&event.hash),
        "signature" => flip_last(&event.signature),
        _ => unreachable!(),
    }
}

#[tokio::test]
async fn clean_log_verifies() {
    let laptop = busy_laptop().await;
    let report = verify_database(&laptop.db).await.unwrap();
    assert!(report.is_clean(), "{:?}", report.problem);
    let count = all_events(laptop.db.pool()).await.len() as u64;
    assert!(count >= 7, "expected a busy log, got {count} events");
    assert_eq!(report.events_ok, count);
    assert_eq!(report.head_seq, count as i64);
}

#[tokio::test]
async fn triggers_refuse_update_and_delete() {
    let laptop = busy_laptop().await;
    let update = sqlx::query("UPDATE events SET kind = 'x' WHERE seq = 1")
        .execute(laptop.db.pool())
        .await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = sqlx::query("DELETE FROM events WHERE seq = 1")
        .execute(laptop.db.pool())
        .await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
}

#[tokio::test]
async fn any_changed_column_of_any_event_is_named() {
    let laptop = busy_laptop().await;
    let pool = laptop.db.pool();
    drop_triggers(pool).await;
    let original = all_events(pool).await;
    for event in &original {
        for column in COLUMNS {
            let value = altered(event, column);
            set_column(pool, event.seq, column, &value).await;
            let report = verify_database(&laptop.db).await.unwrap();
            let problem = report
                .problem
                .unwrap_or_else(|| panic!("{column} of event {} not detected", event.seq));
            assert_eq!(
                problem.seq, event.seq,
                "{column} of event {}: {problem}",
                event.seq
            );
            let original_value = match column {
                "time" => &event.time,
                "actor" => &event.actor,
                "kind" => &event.kind,
                "subject" => &event.subject,
                "payload" => &event.payload,
                "prev_hash" => &event.prev_hash,
                "hash" => &event.hash,
                _ => &event.signature,
            };
            set_column(pool, event.seq, column, original_value).await;
        }
        // The seq column too: moving an event away leaves a gap at its place.
        sqlx::query("UPDATE events SET seq = 100000 WHERE seq = ?")
            .bind(event.seq)
            .execute(pool)
            .await
            .unwrap();
        let problem = verify_database(&laptop.db).await.unwrap().problem.unwrap();
        assert_eq!(problem.seq, event.seq, "{problem}");
        sqlx::query("UPDATE events SET seq = ? WHERE seq = 100000")
            .bind(event.seq)
            .execute(pool)
            .await
            .unwrap();
    }
    assert!(verify_database(&laptop.db).await.unwrap().is_clean());
}

#[tokio::test]
async fn deleted_row_is_named() {
    let laptop = busy_laptop().await;
    let pool = laptop.db.pool();
    drop_triggers(pool).await;
    sqlx::query("DELETE FROM events WHERE seq = 4")
        .execute(pool)
        .await
        .unwrap();
    let problem = verify_database(&laptop.db).await.unwrap().problem.unwrap();
    assert_eq!(problem.seq, 4);
    assert!(problem.what.contains("missing"), "{problem}");
}

#[tokio::test]
async fn reordered_rows_are_named() {
    let laptop = busy_laptop().await;
    let pool = laptop.db.pool();
    drop_triggers(pool).await;
    // Swap the contents of events 5 and 6, keeping the seq numbers in place.
    sqlx::query("UPDATE events SET seq = -5 WHERE seq = 5")
        .execute(pool)
        .await
        .unwrap();
    sqlx::query("UPDATE events SET seq = 5 WHERE seq = 6")
        .execute(pool)
        .await
        .unwrap();
    sqlx::query("UPDATE events SET seq = 6 WHERE seq = -5")
        .execute(pool)
        .await
        .unwrap();
    let problem = verify_database(&laptop.db).await.unwrap().problem.unwrap();
    assert_eq!(problem.seq, 5, "{problem}");
}

#[tokio::test]
async fn replaced_signature_and_rehashed_forgery_are_named() {
    let laptop = busy_laptop().await;
    let pool = laptop.db.pool();
    drop_triggers(pool).await;
    let events = all_events(pool).await;
    // Another event's (valid) signature.
    set_column(pool, 6, "signature", &events[2].signature).await;
    let problem = verify_database(&laptop.db).await.unwrap().problem.unwrap();
    assert_eq!(problem.seq, 6);
    assert!(problem.what.contains("signature"), "{problem}");
    set_column(pool, 6, "signature", &events[5].signature).await;

    // An attacker rewrites the payload, recomputes the hash correctly and signs
    // with a key of their own: the signature does not match the actor's key.
    let target = &events[6];
    let forged_payload = target.payload.replacen("fine", "FINE", 1);
    assert_ne!(forged_payload, target.payload);
    let hash = compute_hash(
        &target.prev_hash,
        target.seq,
        &target.time,
        &target.actor,
        &target.kind,
        &target.subject,
        &forged_payload,
    );
    let attacker = keys::generate_signing_key();
    let signature = keys::sign_hex(&attacker, &hex::decode(&hash).unwrap());
    set_column(pool, target.seq, "payload", &forged_payload).await;
    set_column(pool, target.seq, "hash", &hash).await;
    set_column(pool, target.seq, "signature", &signature).await;
    let problem = verify_database(&laptop.db).await.unwrap().problem.unwrap();
    assert_eq!(problem.seq, target.seq, "{problem}");
    assert!(problem.what.contains("signature"), "{problem}");
}

/// Signatures are checked in batches: a bad one early in a batch must still be
/// named before a later structural break, and one in a later batch found.
#[tokio::test]
async fn first_bad_signature_is_named_across_signature_batches() {
    let laptop = Laptop::new().await;
    let me = laptop.profile("Ana", Role::Author, PASS_AUTHOR).await;
    for i in 0..600 {
        events::append(
            &laptop.db,
            &me.signer(),
            events::NewEvent::new("test.filler", format!("n{i}"), serde_json::json!({"i": i})),
        )
        .await
        .unwrap();
    }
    let pool = laptop.db.pool();
    drop_triggers(pool).await;
    assert!(verify_database(&laptop.db).await.unwrap().is_clean());
    let events = all_events(pool).await;
    let signature_of = |seq: usize| events[seq - 1].signature.clone();
    // Bad signature at 450 (second batch): named.
    set_column(pool, 450, "signature", &signature_of(449)).await;
    let report = verify_database(&laptop.db).await.unwrap();
    assert_eq!(report.problem.unwrap().seq, 450);
    assert_eq!(report.head_seq, 449);
    assert_eq!(report.head_hash, events[448].hash);
    // Add a bad signature at 300 and a broken link at 310: 300 comes first.
    set_column(pool, 300, "signature", &signature_of(299)).await;
    set_column(pool, 310, "prev_hash", &events[0].hash).await;
    let problem = verify_database(&laptop.db).await.unwrap().problem.unwrap();
    assert_eq!(problem.seq, 300, "{problem}");
    assert!(problem.what.contains("signature"), "{problem}");
}
