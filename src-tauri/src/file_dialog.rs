//! Native save/open dialogs, opened from Rust so the web view never gets a
//! file-system or dialog permission: the user picks a place, the command
//! writes there.
//!
//! End-to-end tests cannot click a GTK dialog. In debug builds only,
//! `CLEARPOST_E2E_SAVE_DIR` stands in for every dialog: folders resolve to it,
//! files to `<dir>/<suggested name>`, and "open a file" to the newest file in
//! it with the wanted extension. Release builds ignore the variable.

use std::path::PathBuf;

use anyhow::Context as _;
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

/// Debug builds: the folder that replaces every dialog (see the module docs).
#[cfg(debug_assertions)]
pub const E2E_SAVE_DIR_ENV: &str = "CLEARPOST_E2E_SAVE_DIR";

#[cfg(debug_assertions)]
fn e2e_dir() -> Option<PathBuf> {
    std::env::var_os(E2E_SAVE_DIR_ENV).map(PathBuf::from)
}

#[cfg(not(debug_assertions))]
fn e2e_dir() -> Option<PathBuf> {
    None
}

/// Asks for a folder; None when the user cancels.
pub async fn pick_folder(app: &AppHandle, title: &str) -> anyhow::Result<Option<PathBuf>> {
    if let Some(dir) = e2e_dir() {
        return Ok(Some(dir));
    }
    let dialog = app.dialog().file().set_title(title);
    let picked = tauri::async_runtime::spawn_blocking(move || dialog.blocking_pick_folder())
        .await
        .context("the folder dialog stopped unexpectedly")?;
    picked
        .map(|p| {
            p.into_path()
                .context("the chosen folder is not a local path")
        })
        .transpose()
}

/// Asks where to save a file, suggesting `file_name`; None when cancelled.
pub async fn pick_save_file(
    app: &AppHandle,
    title: &str,
    file_name: &str,
    filter: (&str, &[&str]),
) -> anyhow::Result<Option<PathBuf>> {
    // The suggested name is built from ids the web view sends: a plain name only.
    clearpost_core::safe_name::check(file_name)?;
    if let Some(dir) = e2e_dir() {
        return Ok(Some(clearpost_core::safe_name::join(&dir, file_name)?));
    }
    let dialog = app
        .dialog()
        .file()
        .set_title(title)
        .set_file_name(file_name)
        .add_filter(filter.0, filter.1);
    let picked = tauri::async_runtime::spawn_blocking(move || dialog.blocking_save_file())
        .await
        .context("the save dialog stopped unexpectedly")?;
    picked
        .map(|p| p.into_path().context("the chosen file is not a local path"))
        .transpose()
}

/// Asks for a file to open; None when cancelled.
pub async fn pick_open_file(
    app: &AppHandle,
    title: &str,
    filter: (&str, &[&str]),
) -> anyhow::Result<Option<PathBuf>> {
    if let Some(dir) = e2e_dir() {
        return newest_with_extension(&dir, filter.1).map(Some);
    }
    let dialog = app
        .dialog()
        .file()
        .set_title(title)
        .add_filter(filter.0, filter.1);
    let picked = tauri::async_runtime::spawn_blocking(move || dialog.blocking_pick_file())
        .await
        .context("the open dialog stopped unexpectedly")?;
    picked
        .map(|p| p.into_path().context("the chosen file is not a local path"))
        .transpose()
}

/// The most recently modified file in `dir` whose extension is one of `extensions`.
fn newest_with_extension(dir: &std::path::Path, extensions: &[&str]) -> anyhow::Result<PathBuf> {
    let mut best: Option<(std::time::SystemTime, PathBuf)> = None;
    for entry in
        std::fs::read_dir(dir).with_context(|| format!("reading the folder {}", dir.display()))?
    {
        let path = entry?.path();
        let wanted = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e));
        if !wanted {
            continue;
        }
        let modified = std::fs::metadata(&path)?.modified()?;
        if best.as_ref().is_none_or(|(time, _)| modified > *time) {
            best = Some((modified, path));
        }
    }
    best.map(|(_, path)| path)
        .with_context(|| format!("no {extensions:?} file in {}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::newest_with_extension;

    #[test]
    fn picks_the_newest_file_with_the_extension() {
        let dir = tempfile_dir();
        std::fs::write(dir.join("old.clearpost"), b"1").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(dir.join("new.clearpost"), b"2").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(dir.join("newest.txt"), b"3").unwrap();
        let picked = newest_with_extension(&dir, &["clearpost"]).unwrap();
        assert_eq!(picked.file_name().unwrap(), "new.clearpost");
        assert!(newest_with_extension(&dir, &["json"]).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "clearpost-dialog-test-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
