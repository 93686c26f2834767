//! Clearpost's local store: the SQLite database (opened through sqlx with
//! embedded migrations), and on top of it the tamper-evident audit log and the
//! review workflow.
//!
//! - [`db`]: opening the database (WAL, synchronous=FULL, migrations).
//! - [`events`]: the append-only, hash-chained, signed event log.
//! - [`verify`]: walking the chain and naming the first bad event.
//! - [`export`]: JSON Lines / CSV export of a date range, and checking an export elsewhere.
//! - [`keys`], [`profiles`]: Ed25519 keys sealed with a passphrase; local and trusted profiles.
//! - [`store`]: the content-addressed attachment store.
//! - [`review`]: drafts, submissions, state machine, policy, decisions, bundles.

pub mod atomic_file;
pub mod canonical;
pub mod db;
pub mod events;
pub mod export;
pub mod key_file;
pub mod keys;
pub mod profiles;
pub mod review;
pub mod store;
pub mod verify;

pub use db::{Database, DbError, DATABASE_FILE_NAME};
