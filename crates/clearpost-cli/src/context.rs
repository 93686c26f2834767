//! What every command shares: the data directory and an async runtime for the
//! database.

use std::path::{Path, PathBuf};

use clearpost_core::atomic_file;
use clearpost_core::paths::default_data_dir;

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
    #[allow(dead_code)] // used by the commands that touch the store
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Runs an async engine call to completion on a fresh runtime.
    #[allow(dead_code)]
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("tokio runtime")
            .block_on(future)
    }
}
