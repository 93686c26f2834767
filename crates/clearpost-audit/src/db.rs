//! Opening the app's SQLite database: one file in the data directory, WAL mode,
//! a busy timeout so the app and the CLI can share it, and the embedded
//! migrations applied on open.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

/// The database file inside the data directory.
pub const DATABASE_FILE_NAME: &str = "clearpost.db";

/// Side file whose exclusive lock serialises opening the database (the first
/// connection and the schema migrations) between processes.
pub const MIGRATION_LOCK_FILE_NAME: &str = "clearpost.db.migrate-lock";

/// The migrations compiled into this binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Why the database could not be opened or used.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot create the data directory {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot lock {path} to migrate the database: {source}")]
    Lock {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the database {path}: {source}")]
    Open { path: PathBuf, source: sqlx::Error },
    #[error(
        "the database {path} was written by a newer version of Clearpost \
         (it has schema migration {found}, this build knows up to {known}); \
         update Clearpost instead of using an older one on it"
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("cannot migrate the database {path}: {source}")]
    Migrate {
        path: PathBuf,
        source: sqlx::migrate::MigrateError,
    },
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
}

/// An open Clearpost database.
#[derive(Debug, Clone)]
pub struct Database {
    pool: SqlitePool,
    path: PathBuf,
}

impl Database {
    /// Opens (creating if needed) the database in `data_dir` and brings its
    /// schema up to date. A database from a newer Clearpost is refused.
    pub async fn open(data_dir: &Path) -> Result<Self, DbError> {
        std::fs::create_dir_all(data_dir).map_err(|source| DbError::CreateDir {
            path: data_dir.to_path_buf(),
            source,
        })?;
        let path = data_dir.join(DATABASE_FILE_NAME);
        let options = SqliteConnectOptions::from_str("sqlite://")
            .map_err(|source| DbError::Open {
                path: path.clone(),
                source,
            })?
            .filename(&path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL makes each committed transaction durable across power loss in
            // WAL mode; an approval that was acknowledged must never be lost.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        // sqlx takes no lock around SQLite migrations: two processes (the app
        // and the CLI) opening a fresh database at once would both apply 0001
        // and one would fail. Switching a fresh file to WAL can also fail with
        // "database is locked" without waiting for the busy timeout when
        // another connection switches it at the same moment. An exclusive lock
        // on a side file serialises the whole first connection and the
        // migrations; the kernel drops it if the process dies.
        let lock = MigrationLock::acquire(&data_dir.join(MIGRATION_LOCK_FILE_NAME)).await?;
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|source| DbError::Open {
                path: path.clone(),
                source,
            })?;
        let db = Database { pool, path };
        db.refuse_newer_schema().await?;
        MIGRATOR
            .run(&db.pool)
            .await
            .map_err(|source| DbError::Migrate {
                path: db.path.clone(),
                source,
            })?;
        drop(lock);
        Ok(db)
    }

    /// Refuses a database whose applied migrations go beyond what this build knows.
    async fn refuse_newer_schema(&self) -> Result<(), DbError> {
        let has_table: Option<(String,)> = sqlx::query_as(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        )
        .fetch_optional(&self.pool)
        .await?;
        if has_table.is_none() {
            return Ok(());
        }
        let (found,): (Option<i64>,) =
            sqlx::query_as("SELECT MAX(version) FROM _sqlx_migrations WHERE success = 1")
                .fetch_one(&self.pool)
                .await?;
        let known = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
        match found {
            Some(found) if found > known => Err(DbError::NewerSchema {
                path: self.path.clone(),
                found,
                known,
            }),
            _ => Ok(()),
        }
    }

    /// The schema version recorded in the database.
    pub async fn schema_version(&self) -> Result<i64, DbError> {
        let (version,): (i64,) = sqlx::query_as("SELECT MAX(version) FROM schema_version")
            .fetch_one(&self.pool)
            .await?;
        Ok(version)
    }

    /// The connection pool, for the modules built on this store.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Path of the database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Closes every connection (checkpointing the WAL).
    pub async fn close(self) {
        self.pool.close().await;
    }
}

/// An exclusive advisory lock on the migration lock file, held while migrating.
/// Polled with `try_lock` so that waiting never blocks the async runtime's
/// thread (two opens on one single-threaded runtime would otherwise deadlock).
struct MigrationLock(std::fs::File);

impl MigrationLock {
    async fn acquire(path: &Path) -> Result<Self, DbError> {
        let error = |source| DbError::Lock {
            path: path.to_path_buf(),
            source,
        };
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(error)?;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(MigrationLock(file)),
                Err(std::fs::TryLockError::WouldBlock) => {
                    tokio::time::sleep(Duration::from_millis(20)).await
                }
                Err(std::fs::TryLockError::Error(source)) => return Err(error(source)),
            }
        }
    }
}

impl Drop for MigrationLock {
    fn drop(&mut self) {
        // Closing the file releases the lock too; unlocking first is explicit.
        let _ = self.0.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn opens_fresh_database_and_reopens_it() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(dir.path()).await.unwrap();
        assert_eq!(db.schema_version().await.unwrap(), 4);
        assert!(dir.path().join(DATABASE_FILE_NAME).is_file());
        let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(mode, "wal");
        db.close().await;
        let again = Database::open(dir.path()).await.unwrap();
        assert_eq!(again.schema_version().await.unwrap(), 4);
    }

    #[tokio::test]
    async fn refuses_database_from_newer_clearpost() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(dir.path()).await.unwrap();
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (9999, 'from the future', 1, x'00', 0)",
        )
        .execute(db.pool())
        .await
        .unwrap();
        db.close().await;
        let err = Database::open(dir.path()).await.unwrap_err();
        assert!(
            matches!(err, DbError::NewerSchema { found: 9999, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("newer version of Clearpost"));
    }

    /// The app and the CLI may open a fresh data folder at the same moment:
    /// without the migration lock one of them fails applying 0001 twice.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_first_opens_of_a_fresh_folder_all_succeed() {
        for _ in 0..5 {
            let dir = tempfile::tempdir().unwrap();
            let opens = (0..6).map(|_| {
                let path = dir.path().to_path_buf();
                tokio::spawn(async move {
                    Database::open(&path)
                        .await
                        .map(|db| db.path().to_path_buf())
                })
            });
            for open in opens.collect::<Vec<_>>() {
                let opened = open.await.unwrap();
                assert!(opened.is_ok(), "{}", opened.unwrap_err());
            }
            let db = Database::open(dir.path()).await.unwrap();
            let (applied,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations")
                .fetch_one(db.pool())
                .await
                .unwrap();
            assert_eq!(applied as usize, MIGRATOR.iter().count());
        }
    }
}
