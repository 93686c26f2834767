//! Databases from other versions of Clearpost: every older schema this crate
//! ever shipped (built here by applying only the first N embedded migrations)
//! is migrated to the latest on open, keeping its rows; a database from a
//! newer build is refused with a clear message and left as it was. The latest
//! version is read from the crate's migrations, never hard-coded.

use std::path::Path;

use clearpost_audit::db::{DbError, DATABASE_FILE_NAME, MIGRATOR};
use clearpost_audit::verify::verify_database;
use clearpost_audit::Database;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::SqlitePool;

fn latest_version() -> i64 {
    MIGRATOR
        .iter()
        .map(|m| m.version)
        .max()
        .expect("migrations")
}

async fn raw_pool(data_dir: &Path) -> SqlitePool {
    std::fs::create_dir_all(data_dir).unwrap();
    let options = SqliteConnectOptions::new()
        .filename(data_dir.join(DATABASE_FILE_NAME))
        .create_if_missing(true);
    SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap()
}

/// A database as a build that knew only the first `count` migrations left it.
async fn database_with_first_migrations(data_dir: &Path, count: usize) -> Vec<i64> {
    // Copy the first `count` migration files and run them with sqlx's own
    // migrator, so the bookkeeping is exactly what that older build wrote.
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut files: Vec<_> = std::fs::read_dir(&source)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    let older = tempfile::tempdir().unwrap();
    for file in &files[..count] {
        std::fs::copy(file, older.path().join(file.file_name().unwrap())).unwrap();
    }
    let migrator = sqlx::migrate::Migrator::new(older.path()).await.unwrap();
    let pool = raw_pool(data_dir).await;
    migrator.run(&pool).await.unwrap();
    let applied: Vec<(i64,)> =
        sqlx::query_as("SELECT version FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&pool)
            .await
            .unwrap();
    pool.close().await;
    applied.into_iter().map(|(v,)| v).collect()
}

#[tokio::test]
async fn every_older_schema_is_migrated_to_the_latest() {
    let latest = latest_version();
    let count = MIGRATOR.iter().count();
    assert!(count >= 2, "nothing older to test");
    for older in 1..count {
        let dir = tempfile::tempdir().unwrap();
        let applied = database_with_first_migrations(dir.path(), older).await;
        assert_eq!(applied.len(), older);
        let before: i64 = {
            let pool = raw_pool(dir.path()).await;
            let (rows,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM schema_version")
                .fetch_one(&pool)
                .await
                .unwrap();
            pool.close().await;
            rows
        };

        let db = Database::open(dir.path())
            .await
            .unwrap_or_else(|e| panic!("a database with {older} migration(s) did not open: {e}"));
        assert_eq!(
            db.schema_version().await.unwrap(),
            latest,
            "from {older} migration(s)"
        );
        let (after,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM schema_version")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert!(
            after > before,
            "rows of the older schema were not kept ({before} -> {after})"
        );
        assert!(verify_database(&db).await.unwrap().is_clean());
        db.close().await;
        println!(
            "schema from migration {} migrated to {latest}",
            applied.last().unwrap()
        );
    }
}

#[tokio::test]
async fn a_newer_schema_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = Database::open(dir.path()).await.unwrap();
    db.close().await;
    let future = latest_version() + 1;
    {
        let pool = raw_pool(dir.path()).await;
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (?, 'from a future Clearpost', 1, x'00', 0)",
        )
        .bind(future)
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
    }
    let file = dir.path().join(DATABASE_FILE_NAME);
    let before = std::fs::read(&file).unwrap();
    let err = Database::open(dir.path())
        .await
        .expect_err("a newer database must be refused");
    assert!(
        matches!(err, DbError::NewerSchema { found, .. } if found == future),
        "{err}"
    );
    let message = err.to_string();
    assert!(message.contains("newer version of Clearpost"), "{message}");
    assert!(message.contains(&future.to_string()), "{message}");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the refused database was changed"
    );
}
