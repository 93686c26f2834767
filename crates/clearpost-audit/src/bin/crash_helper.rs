//! Test helper for the crash-safety test: appends events to the log in the
//! data directory given as the only argument, printing `ok <seq>` after each
//! append has committed, until killed. Not part of the product.

use std::io::Write;

use clearpost_audit::events::{self, NewEvent};
use clearpost_audit::profiles::{self, Role};
use clearpost_audit::Database;

const PASSPHRASE: &str = "crash test passphrase";

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: clearpost-audit-crash-helper DATA_DIR");
        std::process::exit(2);
    };
    let db = Database::open(std::path::Path::new(&dir))
        .await
        .expect("open database");
    if profiles::find(&db, "crash").await.is_err() {
        profiles::create(&db, "crash", Role::Author, PASSPHRASE)
            .await
            .expect("create profile");
    }
    let me = profiles::unlock(&db, "crash", PASSPHRASE)
        .await
        .expect("unlock profile");
    let mut stdout = std::io::stdout().lock();
    for i in 0u64.. {
        let payload = serde_json::json!({"i": i, "filler": "x".repeat((i % 7) as usize * 100)});
        let event = events::append(
            &db,
            &me.signer(),
            NewEvent::new("test.crash", format!("n{i}"), payload),
        )
        .await
        .expect("append");
        // Acknowledge only after the commit returned.
        writeln!(stdout, "ok {}", event.seq).expect("stdout");
        stdout.flush().expect("stdout");
    }
}
