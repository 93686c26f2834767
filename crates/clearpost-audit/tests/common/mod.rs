//! Shared fixtures for the integration tests: a real database file in a
//! temporary data directory, with profiles whose keys are sealed for real.
#![allow(dead_code)]

use clearpost_audit::profiles::{self, Role, UnlockedProfile};
use clearpost_audit::Database;

pub const PASS_AUTHOR: &str = "author passphrase 1";
pub const PASS_REVIEWER: &str = "reviewer passphrase 2";
pub const PASS_SECOND: &str = "second reviewer pass 3";

/// One "laptop": a data directory with its database.
pub struct Laptop {
    pub dir: tempfile::TempDir,
    pub db: Database,
}

impl Laptop {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(dir.path()).await.unwrap();
        Laptop { dir, db }
    }

    pub async fn profile(&self, name: &str, role: Role, pass: &str) -> UnlockedProfile {
        profiles::create(&self.db, name, role, pass).await.unwrap();
        profiles::unlock(&self.db, name, pass).await.unwrap()
    }
}
