//! Exporting an approved post for publishing: `post.md` and the sanitised
//! attachments, written under the folder the user chose and nowhere else.
//!
//! The names come from the stored submission, which anyone with the laptop's
//! account can edit; every one is checked with [`crate::safe_name`] (and
//! against the others) before the first byte is written, and each file is
//! written with [`crate::atomic_file`].

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::atomic_file::write_atomic;
use crate::audit::profiles::UnlockedProfile;
use crate::audit::Database;
use crate::review::{self, ExportContent, ReviewError};
use crate::safe_name;

/// The name of the post's text in an export.
pub const POST_FILE: &str = "post.md";

/// Where each file of `content` goes in `out_dir`: [`POST_FILE`] first, then
/// the attachments in order. Refused, naming the attachment and the reason,
/// when a name is not a plain file name or two names would be the same file
/// (compared without case, as on Windows and macOS).
pub fn plan(out_dir: &Path, content: &ExportContent) -> Result<Vec<PathBuf>, ReviewError> {
    let refused = |what: String| ReviewError::Refused(format!("{what}; nothing was exported"));
    let mut seen = HashSet::from([POST_FILE.to_lowercase()]);
    let mut paths = vec![out_dir.join(POST_FILE)];
    for attachment in &content.body.attachments {
        let path = safe_name::join(out_dir, &attachment.name)
            .map_err(|e| refused(format!("attachment name refused: {e}")))?;
        if !seen.insert(attachment.name.to_lowercase()) {
            return Err(refused(format!(
                "two files of the post would be named {:?}",
                crate::terminal::one_line(&attachment.name)
            )));
        }
        paths.push(path);
    }
    Ok(paths)
}

/// Writes `content` into `out_dir` (created if missing) as [`plan`] says;
/// nothing is written when a name is refused.
pub fn write(out_dir: &Path, content: &ExportContent) -> Result<Vec<PathBuf>, ReviewError> {
    let paths = plan(out_dir, content)?;
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ReviewError::Io { path, source }
    };
    std::fs::create_dir_all(out_dir).map_err(io(out_dir))?;
    let texts = std::iter::once(content.body.text.as_bytes());
    for (path, bytes) in paths
        .iter()
        .zip(texts.chain(content.files.iter().map(Vec::as_slice)))
    {
        write_atomic(path, bytes).map_err(io(path))?;
    }
    Ok(paths)
}

/// Exports approved draft `draft_id` into `out_dir` and logs it (see
/// [`review::export_with`]: refused unless the approval covers the draft's
/// current content and every attachment still has its hash).
pub async fn export_post(
    db: &Database,
    actor: &UnlockedProfile,
    draft_id: &str,
    out_dir: &Path,
) -> Result<Vec<PathBuf>, ReviewError> {
    review::export_with(db, actor, draft_id, |content| write(out_dir, content)).await
}

/// The folder the app exports draft `draft_id` into, inside `parent`
/// (`clearpost-post-<first 12 characters of the id>`), checked like any name.
pub fn folder_for(parent: &Path, draft_id: &str) -> Result<PathBuf, ReviewError> {
    let short: String = draft_id.chars().take(12).collect();
    safe_name::join(parent, &format!("clearpost-post-{short}"))
        .map_err(|e| ReviewError::BadInput(format!("draft id refused as a folder name: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{AttachmentRef, SubmissionBody};

    fn content(names: &[&str]) -> ExportContent {
        let attachments: Vec<AttachmentRef> = names
            .iter()
            .map(|name| AttachmentRef {
                sha256: "0".repeat(64),
                name: name.to_string(),
            })
            .collect();
        let body: SubmissionBody = serde_json::from_value(serde_json::json!({
            "format": crate::review::SUBMISSION_FORMAT,
            "draft": "d1", "author": "a1", "text": "Hello", "attachments": attachments,
            "content_hash": "", "findings": [], "overrides": [], "submitted_at": "now"
        }))
        .expect("a submission body");
        ExportContent {
            files: names.iter().map(|n| n.as_bytes().to_vec()).collect(),
            body,
        }
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = walk(dir);
        names.sort();
        names
    }

    fn walk(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .flat_map(|e| {
                        let mut here = vec![e.path().display().to_string()];
                        if e.path().is_dir() {
                            here.extend(walk(&e.path()));
                        }
                        here
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn writes_the_post_and_attachments_under_their_names() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let paths = write(&out, &content(&["a.jpg", "b.png"])).unwrap();
        assert_eq!(
            paths,
            [out.join("post.md"), out.join("a.jpg"), out.join("b.png")]
        );
        assert_eq!(std::fs::read(out.join("post.md")).unwrap(), b"Hello");
        assert_eq!(std::fs::read(out.join("b.png")).unwrap(), b"b.png");
    }

    #[test]
    fn an_escaping_name_is_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("a/b/out");
        let before = listing(dir.path());
        for names in [
            &["ok.jpg", "../../escaped.jpg"][..],
            &["/tmp/abs.jpg"],
            &["NUL.jpg"],
            &["x\0.jpg"],
            &["post.md"],
            &["Photo.jpg", "photo.JPG"],
        ] {
            let err = write(&out, &content(names)).unwrap_err();
            assert!(matches!(err, ReviewError::Refused(_)), "{names:?}: {err}");
            assert!(err.to_string().contains("nothing was exported"), "{err}");
        }
        assert_eq!(
            listing(dir.path()),
            before,
            "nothing written, no folder created"
        );
    }

    #[test]
    fn the_app_folder_is_a_checked_name() {
        let parent = Path::new("/home/ana/Exports");
        assert_eq!(
            folder_for(parent, "0123456789abcdef").unwrap(),
            parent.join("clearpost-post-0123456789ab")
        );
        assert!(folder_for(parent, "../../../etc").is_err());
        assert!(folder_for(parent, "a/b").is_err());
    }
}
