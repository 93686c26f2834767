//! Clearpost's signed log: the SQLite database (opened through sqlx with
//! embedded migrations), the tamper-evident event log on it, and what the log
//! needs to stay checkable (keys, profiles, signed decisions, the attachment
//! store). Drafts, workspaces, photos and the review workflow are in
//! `clearpost_core::review`; their tables are created by this crate's migrations.
//!
//! - [`db`]: opening the database (WAL, synchronous=FULL, migrations).
//! - [`events`]: the append-only, hash-chained, signed event log.
//! - [`verify`]: walking the chain and naming the first bad event.
//! - [`export`]: JSON Lines / CSV export of a date range, and checking an export elsewhere.
//! - [`keys`], [`profiles`]: Ed25519 keys sealed with a passphrase; local and trusted profiles.
//! - [`store`]: the content-addressed attachment store.
//! - [`decision`]: a reviewer's signed decision, which [`verify`] checks inside the log.

pub mod atomic_file;
pub mod canonical;
pub mod db;
pub mod decision;
pub mod events;
pub mod export;
pub mod key_file;
pub mod keys;
pub mod profiles;
pub mod store;
pub mod verify;

pub use db::{Database, DbError, DATABASE_FILE_NAME};
