//! What every command shares: the application layer's context (data folder,
//! database, store, scanner, policy, unlocked profile) and an async runtime.

use std::path::PathBuf;

use clearpost_core::context::Context as Core;
use indicatif::{ProgressBar, ProgressStyle};

/// Shared state for one invocation of `clearpost`.
pub struct Context {
    core: Core,
}

impl Context {
    /// `data_dir` comes from `--data-dir` or `CLEARPOST_DATA_DIR`; without either,
    /// the platform data directory the desktop app uses.
    pub fn new(data_dir: Option<PathBuf>) -> Self {
        Context {
            core: Core::open(data_dir),
        }
    }

    /// The application layer's context.
    pub fn core(&self) -> &Core {
        &self.core
    }

    /// Runs `command` to completion on a fresh runtime and closes the
    /// database again if it opened it.
    pub fn run<T>(
        &self,
        command: impl std::future::Future<Output = anyhow::Result<T>>,
    ) -> anyhow::Result<T> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("tokio runtime");
        runtime.block_on(async {
            let result = command.await;
            self.core.close().await;
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
