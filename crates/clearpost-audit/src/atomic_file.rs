//! Writing a file so that readers see either the old or the whole new content,
//! and so that nobody else's file is ever written through a planted link.
//!
//! This is the one write-temp-then-rename in Clearpost (the CLI and the app use
//! it through `clearpost_core::atomic_file`):
//! - the temporary file is created in the destination folder with `O_EXCL`
//!   (`create_new`) under a random name ([`tempfile`]), so a symlink or any
//!   other file already at that name makes the create fail instead of being
//!   followed; nothing about the name is predictable from the target;
//! - it is written, flushed to disk (`fsync`), then renamed over the target
//!   (a rename replaces a link at the target itself, never its destination);
//! - on every error path the temporary file is removed (it is deleted when its
//!   handle drops without being kept);
//! - a crash can still leave one behind: they are named
//!   `.clearpost-tmp-<pid>-<random>` so that [`remove_leftovers`] can find them
//!   and remove only those whose process is gone and that are older than this
//!   one.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::SystemTime;

/// Every temporary file Clearpost writes starts with this.
pub const TEMP_PREFIX: &str = ".clearpost-tmp-";

/// When this process first used this module (the CLI and the app touch it as
/// they start): leftovers are only ever older than this.
fn process_start() -> SystemTime {
    static START: OnceLock<SystemTime> = OnceLock::new();
    *START.get_or_init(SystemTime::now)
}

/// Writes `bytes` to `path` atomically (never a half-written file, even on a
/// crash; the folder must exist). Leftovers of crashed runs in that folder
/// are removed first (once per folder and process, see [`remove_leftovers`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |file| file.write_all(bytes))
}

/// Like [`write_atomic`], with the content written by `write` into the
/// temporary file (for content produced piece by piece).
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    clean_once(folder);
    let mut temp = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
        .suffix(".part")
        .tempfile_in(folder)?;
    write(temp.as_file_mut())?;
    temp.as_file_mut().flush()?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    sync_folder(folder);
    Ok(())
}

/// Flushes the folder entry of a rename to disk where the platform allows
/// (best effort: the content itself is already synced).
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

fn clean_once(folder: &Path) {
    static DONE: OnceLock<Mutex<HashSet<PathBuf>>> = OnceLock::new();
    let done = DONE.get_or_init(|| Mutex::new(HashSet::new()));
    let first = done
        .lock()
        .map(|mut set| set.insert(folder.to_path_buf()))
        .unwrap_or(false);
    if first {
        remove_leftovers(folder);
    }
}

/// True while process `pid` runs (on Unix); elsewhere unknown, taken as true.
fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // Signal 0 checks existence only; EPERM means it exists (another user's).
        // SAFETY: kill with signal 0 sends nothing.
        let result = unsafe { libc::kill(pid, 0) };
        result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    true
}

/// Whether the entry at `path` named `name` is a leftover temporary file of a
/// crashed run: our prefix, a regular file (never a link, never followed),
/// last changed before this process started, by a process that is gone.
fn is_leftover(path: &Path, name: &str) -> bool {
    let Some(rest) = name.strip_prefix(TEMP_PREFIX) else {
        return false;
    };
    let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
        return false;
    };
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return false;
    };
    let older = meta.modified().is_ok_and(|time| time < process_start());
    meta.file_type().is_file() && older && !process_alive(pid)
}

/// Removes the temporary files crashed runs left directly in `folder` (see
/// [`is_leftover`]: anything else, links included, is left alone); returns
/// what it removed. Errors are ignored: a leftover that cannot be removed
/// harms nothing.
pub fn remove_leftovers(folder: &Path) -> Vec<PathBuf> {
    let _ = process_start();
    let Ok(entries) = std::fs::read_dir(folder) else {
        return vec![];
    };
    let mut removed = vec![];
    for entry in entries.flatten() {
        let name = entry.file_name();
        let path = entry.path();
        if is_leftover(&path, &name.to_string_lossy()) && std::fs::remove_file(&path).is_ok() {
            removed.push(path);
        }
    }
    removed
}

/// Removes crashed runs' temporary files from a data folder: the folder
/// itself and the attachment store's folders (`attachments/ab/`), where
/// Clearpost writes. Called when the CLI and the app start.
pub fn remove_leftovers_in_data_dir(data_dir: &Path) -> Vec<PathBuf> {
    let mut removed = remove_leftovers(data_dir);
    let store = data_dir.join("attachments");
    if let Ok(entries) = std::fs::read_dir(&store) {
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                removed.extend(remove_leftovers(&entry.path()));
            }
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_content_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(names(dir.path()), ["out.txt"]);
        assert!(write_atomic(&dir.path().join("missing/out.txt"), b"x").is_err());
    }

    #[test]
    fn a_failed_write_leaves_the_target_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        std::fs::write(&path, b"old").unwrap();
        let failed = write_atomic_with(&path, |file| {
            file.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(names(dir.path()), ["out.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn links_in_the_folder_are_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, b"precious").unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        // Links at the names older versions used, and at many names with our prefix.
        let pid = std::process::id();
        let mut planted = vec![
            format!(".out.txt.clearpost-{pid}.tmp"),
            format!(".out.txt.{pid}.tmp"),
        ];
        planted.extend((0..200).map(|n| format!("{TEMP_PREFIX}{pid}-{n:06}.part")));
        for name in &planted {
            std::os::unix::fs::symlink(&victim, out.join(name)).unwrap();
        }
        let target = out.join("out.txt");
        for _ in 0..20 {
            write_atomic(&target, b"new content").unwrap();
        }
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        assert_eq!(std::fs::read(&target).unwrap(), b"new content");
        assert!(!std::fs::symlink_metadata(&target)
            .unwrap()
            .file_type()
            .is_symlink());
        // A link at the target itself is replaced, its destination untouched.
        let linked = out.join("linked.txt");
        std::os::unix::fs::symlink(&victim, &linked).unwrap();
        write_atomic(&linked, b"replaced").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        assert!(!std::fs::symlink_metadata(&linked)
            .unwrap()
            .file_type()
            .is_symlink());
    }

    #[cfg(unix)]
    #[test]
    fn only_old_leftovers_of_gone_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let _ = process_start();
        let old = SystemTime::now() - std::time::Duration::from_secs(3600);
        let touch_old = |name: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, b"x").unwrap();
            let file = std::fs::File::options().write(true).open(&path).unwrap();
            file.set_modified(old).unwrap();
        };
        // A pid that cannot be running (above the kernel's maximum).
        let gone = 2_000_000_000u32;
        touch_old(&format!("{TEMP_PREFIX}{gone}-abc.part"));
        touch_old(&format!("{TEMP_PREFIX}{}-abc.part", std::process::id()));
        touch_old(&format!("{TEMP_PREFIX}1-abc.part")); // pid 1 runs
        touch_old("photo.jpg");
        touch_old(".photo.jpg.clearpost-99.tmp");
        touch_old(&format!("{TEMP_PREFIX}notapid.part"));
        // Recent (after this process started): kept even though its pid is gone.
        std::fs::write(
            dir.path().join(format!("{TEMP_PREFIX}{gone}-new.part")),
            b"x",
        )
        .unwrap();
        // A link with our prefix is left alone, and its target untouched.
        std::os::unix::fs::symlink(
            dir.path().join("photo.jpg"),
            dir.path().join(format!("{TEMP_PREFIX}{gone}-link.part")),
        )
        .unwrap();
        let removed = remove_leftovers(dir.path());
        assert_eq!(
            removed,
            [dir.path().join(format!("{TEMP_PREFIX}{gone}-abc.part"))]
        );
        assert_eq!(names(dir.path()).len(), 7);
        assert!(dir.path().join("photo.jpg").exists());
    }

    #[test]
    fn data_dir_cleaning_reaches_the_store_folders() {
        let dir = tempfile::tempdir().unwrap();
        let shard = dir.path().join("attachments/ab");
        std::fs::create_dir_all(&shard).unwrap();
        let _ = process_start();
        let old = SystemTime::now() - std::time::Duration::from_secs(3600);
        let mut expected = vec![];
        for folder in [dir.path(), shard.as_path()] {
            let path = folder.join(format!("{TEMP_PREFIX}2000000000-x.part"));
            std::fs::write(&path, b"x").unwrap();
            std::fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(old)
                .unwrap();
            expected.push(path);
        }
        let removed = remove_leftovers_in_data_dir(dir.path());
        if cfg!(unix) {
            assert_eq!(removed, expected);
        }
    }
}
