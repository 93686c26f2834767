//! Shared fixtures for the integration tests: a real database file in a
//! temporary data directory, with profiles whose keys are sealed for real.
#![allow(dead_code)]

use clearpost_core::audit::profiles::{self, Role, UnlockedProfile};
use clearpost_core::audit::store::AttachmentStore;
use clearpost_core::audit::Database;
use clearpost_core::review::{
    self, AttachmentRef, BlockingFindingsPolicy, Finding, Location, OverrideRequest,
};

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

    pub fn store(&self) -> AttachmentStore {
        AttachmentStore::new(self.dir.path())
    }

    /// Stores a fake sanitised photo and returns its reference.
    pub fn attach(&self, bytes: &[u8], name: &str) -> AttachmentRef {
        AttachmentRef {
            sha256: self.store().put(bytes).unwrap(),
            name: name.to_string(),
        }
    }
}

pub const TEXT: &str = "Thank you to our wonderful nurses on Ward 4! Jane Doe went home today.";

/// A blocking name finding on "Jane Doe" in [`TEXT`].
pub fn name_finding() -> Finding {
    let start = TEXT.find("Jane Doe").unwrap();
    Finding {
        id: "phi-1".into(),
        category: "name".into(),
        location: Location::Text {
            start,
            end: start + "Jane Doe".len(),
        },
        excerpt: Some("Jane Doe".into()),
        blocking: true,
        reason: Some("looks like a person's name".into()),
    }
}

/// Creates a draft with one attachment and submits it with the name finding
/// overridden; returns (draft id, submission hash).
pub async fn submitted_draft(laptop: &Laptop, author: &UnlockedProfile) -> (String, String) {
    let photo = laptop.attach(b"sanitised jpeg bytes", "ward4.jpg");
    let draft = review::create_draft(&laptop.db, author, TEXT, vec![photo])
        .await
        .unwrap();
    let (hash, _) = review::submit(
        &laptop.db,
        author,
        &draft.id,
        vec![name_finding()],
        vec![OverrideRequest {
            finding: "phi-1".into(),
            reason: "Jane is a nurse, not a patient; she consented in writing".into(),
        }],
        &BlockingFindingsPolicy,
    )
    .await
    .unwrap();
    (draft.id, hash)
}

/// Exports `draft_id` into `out` the plain way (`post.md` and each attachment
/// under its name; the names here are the tests' own). The app and the CLI
/// export through `clearpost_core::export`, which checks every name.
pub async fn export(
    db: &Database,
    actor: &UnlockedProfile,
    draft_id: &str,
    out: &std::path::Path,
) -> Result<Vec<std::path::PathBuf>, review::ReviewError> {
    review::export_with(db, actor, draft_id, |content| {
        let io = |source| review::ReviewError::Io {
            path: out.to_path_buf(),
            source,
        };
        let mut written = vec![out.join("post.md")];
        std::fs::write(&written[0], &content.body.text).map_err(io)?;
        for (attachment, bytes) in content.body.attachments.iter().zip(&content.files) {
            let path = out.join(&attachment.name);
            std::fs::write(&path, bytes).map_err(io)?;
            written.push(path);
        }
        Ok(written)
    })
    .await
}
