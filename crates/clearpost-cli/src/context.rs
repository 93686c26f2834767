//! What every command shares: the data directory and an async runtime for the
//! database.

use std::path::{Path, PathBuf};

use clearpost_core::atomic_file;
use clearpost_core::audit::Database;
use clearpost_core::paths::default_data_dir;
use indicatif::{ProgressBar, ProgressStyle};

/// Shared state for one invocation of `clearpost`.
pub struct Context {
    data_dir: PathBuf,
}

impl Context {
    /// `data_dir` comes from `--data-dir` or `CLEARPOST_DATA_DIR`; without either,
    /// the platform data directory the desktop app uses.
    /// Temporary files a crashed run left in the data folder are removed here
    /// (only Clearpost's, only those of processes that are gone).
    pub fn new(data_dir: Option<PathBuf>) -> Self {
        let data_dir = data_dir.unwrap_or_else(default_data_dir);
        atomic_file::remove_leftovers_in_data_dir(&data_dir);
        Context { data_dir }
    }

    /// The folder holding the database and the content store.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Runs an async engine call to completion on a fresh runtime.
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("tokio runtime")
            .block_on(future)
    }

    /// Opens the database, runs `command` on it and closes it again.
    pub fn with_database<T, F>(&self, command: impl FnOnce(Database) -> F) -> anyhow::Result<T>
    where
        F: std::future::Future<Output = anyhow::Result<T>>,
    {
        self.block_on(async {
            let db = Database::open(&self.data_dir).await?;
            let result = command(db.clone()).await;
            db.close().await;
            result
        })
    }
}

/// A progress bar over `len` files drawn with `template`, or a hidden one
/// when `show` is false.
pub fn progress_bar(len: usize, show: bool, template: &str) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}
