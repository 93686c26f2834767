//! Clearpost's local store: the SQLite database (opened through sqlx with
//! embedded migrations), and on top of it the audit log and the review workflow.

pub mod db;

pub use db::{Database, DbError, DATABASE_FILE_NAME};
