//! The drafts' working copy: the title, the live text the author autosaves
//! on every change, the attachments, the author's overrides and per-draft
//! allow-list, and the trash. Autosaves write only the `draft_workspace`
//! row (one UPDATE, no event); the `drafts` row and the signed log follow
//! when the content must be on the record — before a submission, and at once
//! when a draft that is under review (or approved) changes, which voids that
//! review and returns the draft to `draft`.
//!
//! A draft created elsewhere (the CLI) has no workspace row yet; it reads as
//! its `drafts` row with a default title until the app first saves it.

use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::SqliteConnection;

use super::state::State;
use super::submission::AttachmentRef;
use super::workflow::{create_draft, edit_draft, find_draft, Draft};
use super::ReviewError;
use clearpost_audit::events::{self, now_utc, NewEvent};
use clearpost_audit::profiles::UnlockedProfile;
use clearpost_audit::Database;

/// Event kind: a draft was moved to the trash.
pub const DRAFT_TRASHED: &str = "draft.trashed";
/// Event kind: a draft came back from the trash.
pub const DRAFT_RESTORED: &str = "draft.restored";

/// Title of a draft that was never named.
pub const DEFAULT_TITLE: &str = "Untitled draft";
const MAX_TITLE_CHARS: usize = 200;
const MAX_OVERRIDE_REASON_CHARS: usize = 2000;

/// An author's decision to keep one flagged phrase, with the reason. Matched
/// by category and text (not offsets) so it survives edits elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AuthorOverride {
    /// The finding's category (e.g. "name").
    pub category: String,
    /// The flagged text, exactly.
    pub text: String,
    /// Why it is safe to keep.
    pub reason: String,
    /// Profile id of the author who decided.
    pub author: String,
    /// When (UTC).
    pub time: String,
}

/// One draft as the editor opens it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WorkingCopy {
    /// Draft id.
    pub id: String,
    /// Profile id of the author.
    pub author: String,
    /// The author's title.
    pub title: String,
    /// The live Markdown text.
    pub text: String,
    /// Attachments in the store.
    pub attachments: Vec<AttachmentRef>,
    /// Findings the author chose to keep, with reasons.
    pub overrides: Vec<AuthorOverride>,
    /// Phrases allowed for this draft only.
    pub allow_list: Vec<String>,
    /// Where it is in the review.
    pub state: State,
    /// Current submission hash, if any.
    pub submission: Option<String>,
    /// When it went to the trash, if it is there.
    pub trashed_at: Option<String>,
    /// Last change of the text, title or attachments (UTC).
    pub saved_at: String,
}

/// A line of the draft list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DraftSummary {
    /// Draft id.
    pub id: String,
    /// Profile id of the author.
    pub author: String,
    /// Title.
    pub title: String,
    /// Where it is in the review.
    pub state: State,
    /// Last change (UTC), of the working copy or the review.
    pub updated_at: String,
    /// True while it is in the trash.
    pub trashed: bool,
}

/// What an autosave did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Saved {
    /// When the working copy was saved (UTC).
    pub saved_at: String,
    /// The draft's review state after the save.
    pub state: State,
    /// True when the save changed a draft under review or approved, so it was
    /// put back to `draft` with a signed `draft.edited` event.
    pub review_voided: bool,
}

type Row = (
    String,         // id
    String,         // author
    String,         // state
    Option<String>, // submission
    String,         // drafts.text
    String,         // drafts.attachments
    String,         // drafts.updated_at
    Option<String>, // title
    Option<String>, // workspace text
    Option<String>, // workspace attachments
    Option<String>, // overrides
    Option<String>, // allow_list
    Option<String>, // trashed_at
    Option<String>, // saved_at
);

const SELECT: &str =
    "SELECT d.id, d.author, d.state, d.submission, d.text, d.attachments, d.updated_at, \
     w.title, w.text, w.attachments, w.overrides, w.allow_list, w.trashed_at, w.saved_at \
     FROM drafts d LEFT JOIN draft_workspace w ON w.draft_id = d.id";

fn copy_from_row(row: Row) -> Result<WorkingCopy, ReviewError> {
    let (
        id,
        author,
        state,
        submission,
        d_text,
        d_attachments,
        updated_at,
        title,
        w_text,
        w_attachments,
        overrides,
        allow_list,
        trashed_at,
        saved_at,
    ) = row;
    let json_list = |text: Option<String>| text.unwrap_or_else(|| "[]".into());
    Ok(WorkingCopy {
        id,
        author,
        title: title.unwrap_or_else(|| DEFAULT_TITLE.into()),
        text: w_text.unwrap_or(d_text),
        attachments: serde_json::from_str(&w_attachments.unwrap_or(d_attachments))?,
        overrides: serde_json::from_str(&json_list(overrides))?,
        allow_list: serde_json::from_str(&json_list(allow_list))?,
        state: state.parse().map_err(ReviewError::BadInput)?,
        submission,
        trashed_at,
        saved_at: latest(saved_at, updated_at),
    })
}

/// The later of two log-format timestamps (they sort as text).
fn latest(a: Option<String>, b: String) -> String {
    match a {
        Some(a) if a > b => a,
        _ => b,
    }
}

async fn load_in(conn: &mut SqliteConnection, id: &str) -> Result<WorkingCopy, ReviewError> {
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE d.id = ?"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(copy_from_row)
        .transpose()?
        .ok_or_else(|| ReviewError::NotFound(format!("no draft {id}")))
}

/// Writes the whole working copy row (insert or replace its columns).
async fn store_in(conn: &mut SqliteConnection, copy: &WorkingCopy) -> Result<(), ReviewError> {
    sqlx::query(
        "INSERT INTO draft_workspace (draft_id, title, text, attachments, overrides, allow_list, trashed_at, saved_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(draft_id) DO UPDATE SET \
         title = ?2, text = ?3, attachments = ?4, overrides = ?5, allow_list = ?6, trashed_at = ?7, saved_at = ?8",
    )
    .bind(&copy.id)
    .bind(&copy.title)
    .bind(&copy.text)
    .bind(serde_json::to_string(&copy.attachments)?)
    .bind(serde_json::to_string(&copy.overrides)?)
    .bind(serde_json::to_string(&copy.allow_list)?)
    .bind(&copy.trashed_at)
    .bind(&copy.saved_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Loads, changes and stores a working copy in one transaction.
async fn update<F>(db: &Database, id: &str, change: F) -> Result<WorkingCopy, ReviewError>
where
    F: FnOnce(&mut WorkingCopy) -> Result<(), ReviewError>,
{
    let mut tx = db.pool().begin_with("BEGIN IMMEDIATE").await?;
    let mut copy = load_in(&mut tx, id).await?;
    change(&mut copy)?;
    store_in(&mut tx, &copy).await?;
    tx.commit().await?;
    Ok(copy)
}

/// The author-only form of [`update`]: refuses (and changes nothing) unless
/// `author` wrote the draft (`what` names the step in the refusal, "only the
/// draft's author may {what} it"). `change` may return an event, signed by
/// the author in the same transaction, so the change and its record land
/// together or not at all.
async fn update_owned<F>(
    db: &Database,
    author: &UnlockedProfile,
    id: &str,
    what: &str,
    change: F,
) -> Result<WorkingCopy, ReviewError>
where
    F: FnOnce(&mut WorkingCopy) -> Result<Option<NewEvent>, ReviewError>,
{
    let mut tx = db.pool().begin_with("BEGIN IMMEDIATE").await?;
    let mut copy = load_in(&mut tx, id).await?;
    check_author(&copy, author, what)?;
    let event = change(&mut copy)?;
    store_in(&mut tx, &copy).await?;
    if let Some(event) = event {
        events::append_in(&mut tx, &author.signer(), event).await?;
    }
    tx.commit().await?;
    Ok(copy)
}

fn check_title(title: &str) -> Result<String, ReviewError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(ReviewError::BadInput(
            "a draft's title cannot be empty".into(),
        ));
    }
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(ReviewError::BadInput(format!(
            "a draft's title is at most {MAX_TITLE_CHARS} characters"
        )));
    }
    if title.chars().any(char::is_control) {
        return Err(ReviewError::BadInput(
            "a draft's title cannot contain control characters".into(),
        ));
    }
    Ok(title.to_string())
}

fn check_author(copy: &WorkingCopy, who: &UnlockedProfile, what: &str) -> Result<(), ReviewError> {
    if copy.author != who.profile.id {
        return Err(ReviewError::Refused(format!(
            "only the draft's author may {what} it"
        )));
    }
    Ok(())
}

/// Refuses anyone but the draft's author, for a change kept outside the
/// working copy (its photos): the same rule as for every change made here.
pub async fn require_author(
    db: &Database,
    who: &UnlockedProfile,
    id: &str,
    what: &str,
) -> Result<(), ReviewError> {
    check_author(&load(db, id).await?, who, what)
}

/// Creates a draft (signed `draft.created` event) with its working copy.
pub async fn create(
    db: &Database,
    author: &UnlockedProfile,
    title: &str,
    text: &str,
) -> Result<WorkingCopy, ReviewError> {
    let title = check_title(title)?;
    let draft = create_draft(db, author, text, vec![]).await?;
    let mut conn = db.pool().acquire().await?;
    let copy = WorkingCopy {
        id: draft.id,
        author: draft.author,
        title,
        text: draft.text,
        attachments: draft.attachments,
        overrides: vec![],
        allow_list: vec![],
        state: draft.state,
        submission: draft.submission,
        trashed_at: None,
        saved_at: draft.updated_at,
    };
    store_in(&mut conn, &copy).await?;
    Ok(copy)
}

/// Every draft on this machine, most recently changed first, with its title,
/// state and trash flag.
pub async fn list(db: &Database) -> Result<Vec<DraftSummary>, ReviewError> {
    Ok(all(db)
        .await?
        .into_iter()
        .map(|copy| summary(&copy))
        .collect())
}

/// Drafts whose title or text contains `query` (case-insensitive, Unicode),
/// most recent first. An empty query matches every draft.
pub async fn search(db: &Database, query: &str) -> Result<Vec<DraftSummary>, ReviewError> {
    let needle = query.trim().to_lowercase();
    Ok(all(db)
        .await?
        .into_iter()
        .filter(|copy| {
            needle.is_empty()
                || copy.title.to_lowercase().contains(&needle)
                || copy.text.to_lowercase().contains(&needle)
        })
        .map(|copy| summary(&copy))
        .collect())
}

fn summary(copy: &WorkingCopy) -> DraftSummary {
    DraftSummary {
        id: copy.id.clone(),
        author: copy.author.clone(),
        title: copy.title.clone(),
        state: copy.state,
        updated_at: copy.saved_at.clone(),
        trashed: copy.trashed_at.is_some(),
    }
}

async fn all(db: &Database) -> Result<Vec<WorkingCopy>, ReviewError> {
    let rows: Vec<Row> = sqlx::query_as(SELECT).fetch_all(db.pool()).await?;
    let mut copies = rows
        .into_iter()
        .map(copy_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    copies.sort_by(|a, b| b.saved_at.cmp(&a.saved_at).then(a.id.cmp(&b.id)));
    Ok(copies)
}

/// The draft's working copy.
pub async fn load(db: &Database, id: &str) -> Result<WorkingCopy, ReviewError> {
    let mut conn = db.pool().acquire().await?;
    load_in(&mut conn, id).await
}

/// Autosave: stores the live text (one UPDATE, no event). Does not touch the
/// review; see [`save_and_sync`] for the app's save, which does.
pub async fn save_text(db: &Database, id: &str, text: &str) -> Result<String, ReviewError> {
    let saved_at = now_utc();
    let done = sqlx::query("UPDATE draft_workspace SET text = ?, saved_at = ? WHERE draft_id = ?")
        .bind(text)
        .bind(&saved_at)
        .bind(id)
        .execute(db.pool())
        .await?;
    if done.rows_affected() == 0 {
        // A draft made by the CLI: its first save creates the working copy.
        update(db, id, |copy| {
            copy.text = text.to_string();
            copy.saved_at = saved_at.clone();
            Ok(())
        })
        .await?;
    }
    Ok(saved_at)
}

/// The app's save: [`save_text`], then, when the draft is submitted,
/// approved, rejected or exported and its content now differs from what was
/// put on the record, [`edit_draft`] at once — a signed `draft.edited` event
/// voids the submission or approval and the draft is back to `draft`.
pub async fn save_and_sync(
    db: &Database,
    author: &UnlockedProfile,
    id: &str,
    text: &str,
) -> Result<Saved, ReviewError> {
    let copy = load(db, id).await?;
    check_author(&copy, author, "edit")?;
    let saved_at = save_text(db, id, text).await?;
    let (state, review_voided) = match sync_if_under_review(db, author, id).await? {
        Some(draft) => (draft.state, true),
        None => (copy.state, false),
    };
    Ok(Saved {
        saved_at,
        state,
        review_voided,
    })
}

/// True when the working copy's text or attachments differ from the `drafts` row.
fn differs(copy: &WorkingCopy, draft: &Draft) -> bool {
    copy.text != draft.text || copy.attachments != draft.attachments
}

/// When the draft is under review, approved, rejected or exported and the
/// working copy differs from its record, records the edit (voiding the review;
/// back to `draft`). Returns the draft when it did.
pub async fn sync_if_under_review(
    db: &Database,
    author: &UnlockedProfile,
    id: &str,
) -> Result<Option<Draft>, ReviewError> {
    let copy = load(db, id).await?;
    let draft = find_draft(db, id).await?;
    if draft.state == State::Draft || !differs(&copy, &draft) {
        return Ok(None);
    }
    let edited = edit_draft(db, author, id, &copy.text, copy.attachments.clone()).await?;
    Ok(Some(edited))
}

/// Before a submission: puts the working copy's text and attachments on the
/// record (signed `draft.edited`) when they differ from the `drafts` row, so
/// the submission freezes exactly what the author sees. Returns the draft as
/// recorded.
pub async fn sync_for_submit(
    db: &Database,
    author: &UnlockedProfile,
    id: &str,
) -> Result<Draft, ReviewError> {
    let copy = load(db, id).await?;
    check_author(&copy, author, "submit")?;
    let draft = find_draft(db, id).await?;
    if !differs(&copy, &draft) {
        return Ok(draft);
    }
    edit_draft(db, author, id, &copy.text, copy.attachments).await
}

/// Replaces the draft's attachments in its working copy (they must already
/// be in the store; the record follows as for text, see
/// [`sync_if_under_review`]).
pub async fn set_attachments(
    db: &Database,
    id: &str,
    attachments: Vec<AttachmentRef>,
) -> Result<WorkingCopy, ReviewError> {
    update(db, id, move |copy| {
        copy.attachments = attachments;
        copy.saved_at = now_utc();
        Ok(())
    })
    .await
}

/// Renames a draft (its author only).
pub async fn rename(
    db: &Database,
    author: &UnlockedProfile,
    id: &str,
    title: &str,
) -> Result<WorkingCopy, ReviewError> {
    let title = check_title(title)?;
    update_owned(db, author, id, "rename", move |copy| {
        copy.title = title;
        copy.saved_at = now_utc();
        Ok(None)
    })
    .await
}

/// A new draft (signed `draft.created`) with the same title (marked as a
/// copy), text, attachments, overrides and allow-list; it starts as `draft`.
pub async fn duplicate(
    db: &Database,
    author: &UnlockedProfile,
    id: &str,
) -> Result<WorkingCopy, ReviewError> {
    let source = load(db, id).await?;
    let title: String = format!("{} (copy)", source.title)
        .chars()
        .take(MAX_TITLE_CHARS)
        .collect();
    let draft = create_draft(db, author, &source.text, source.attachments.clone()).await?;
    let copy = WorkingCopy {
        id: draft.id,
        author: draft.author,
        title,
        text: draft.text,
        attachments: draft.attachments,
        overrides: source.overrides,
        allow_list: source.allow_list,
        state: draft.state,
        submission: None,
        trashed_at: None,
        saved_at: draft.updated_at,
    };
    let mut conn = db.pool().acquire().await?;
    store_in(&mut conn, &copy).await?;
    Ok(copy)
}

/// Moves a draft to the trash or back, with its signed event (none when it
/// is already where it was asked to go).
async fn set_trashed(
    db: &Database,
    author: &UnlockedProfile,
    id: &str,
    trashed: bool,
) -> Result<WorkingCopy, ReviewError> {
    let (what, kind) = if trashed {
        ("trash", DRAFT_TRASHED)
    } else {
        ("restore", DRAFT_RESTORED)
    };
    update_owned(db, author, id, what, |copy| {
        if copy.trashed_at.is_some() == trashed {
            return Ok(None);
        }
        copy.trashed_at = trashed.then(now_utc);
        Ok(Some(NewEvent::new(
            kind,
            id.to_string(),
            json!({"draft": id}),
        )))
    })
    .await
}

/// Moves a draft to the trash (signed `draft.trashed`); nothing is deleted.
pub async fn trash(
    db: &Database,
    author: &UnlockedProfile,
    id: &str,
) -> Result<WorkingCopy, ReviewError> {
    set_trashed(db, author, id, true).await
}

/// Brings a draft back from the trash (signed `draft.restored`).
pub async fn restore(
    db: &Database,
    author: &UnlockedProfile,
    id: &str,
) -> Result<WorkingCopy, ReviewError> {
    set_trashed(db, author, id, false).await
}

/// Keeps a flagged phrase with a reason (replacing an earlier override of the
/// same phrase). The reason goes on the record with the next submission.
pub async fn add_override(
    db: &Database,
    author: &UnlockedProfile,
    id: &str,
    category: &str,
    text: &str,
    reason: &str,
) -> Result<WorkingCopy, ReviewError> {
    let reason = reason.trim().to_string();
    if reason.is_empty() {
        return Err(ReviewError::BadInput(
            "keeping a flagged phrase needs a reason".into(),
        ));
    }
    if reason.chars().count() > MAX_OVERRIDE_REASON_CHARS {
        return Err(ReviewError::BadInput(format!(
            "a reason is at most {MAX_OVERRIDE_REASON_CHARS} characters"
        )));
    }
    if text.is_empty() {
        return Err(ReviewError::BadInput("the kept phrase is empty".into()));
    }
    let author_id = author.profile.id.clone();
    let (category, text) = (category.to_string(), text.to_string());
    update_owned(db, author, id, "keep a flagged phrase in", move |copy| {
        copy.overrides
            .retain(|o| !(o.category == category && o.text == text));
        copy.overrides.push(AuthorOverride {
            category,
            text,
            reason,
            author: author_id,
            time: now_utc(),
        });
        Ok(None)
    })
    .await
}

/// Drops the override of a phrase (it is flagged again). Its author only.
pub async fn remove_override(
    db: &Database,
    author: &UnlockedProfile,
    id: &str,
    category: &str,
    text: &str,
) -> Result<WorkingCopy, ReviewError> {
    update_owned(db, author, id, "change the kept phrases of", |copy| {
        copy.overrides
            .retain(|o| !(o.category == category && o.text == text));
        Ok(None)
    })
    .await
}

/// Allows a phrase in this draft only (its author only; no duplicates; blank refused).
pub async fn allow_in_draft(
    db: &Database,
    author: &UnlockedProfile,
    id: &str,
    phrase: &str,
) -> Result<WorkingCopy, ReviewError> {
    let phrase = phrase.trim().to_string();
    if phrase.is_empty() {
        return Err(ReviewError::BadInput("the allowed phrase is empty".into()));
    }
    update_owned(db, author, id, "allow a phrase in", move |copy| {
        if !copy.allow_list.contains(&phrase) {
            copy.allow_list.push(phrase);
        }
        Ok(None)
    })
    .await
}

/// Takes a phrase off this draft's allow-list (it is flagged again). A phrase
/// that is not on the list is refused, so a stale screen cannot claim a
/// removal that never happened; the working copy is then left as it was.
/// Its author only.
pub async fn disallow_in_draft(
    db: &Database,
    author: &UnlockedProfile,
    id: &str,
    phrase: &str,
) -> Result<WorkingCopy, ReviewError> {
    let phrase = phrase.trim().to_string();
    update_owned(db, author, id, "change the allow-list of", move |copy| {
        let before = copy.allow_list.len();
        copy.allow_list.retain(|p| *p != phrase);
        if copy.allow_list.len() == before {
            return Err(ReviewError::BadInput(format!(
                "“{phrase}” is not allowed in this draft"
            )));
        }
        Ok(None)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{decide, submit, BlockingFindingsPolicy, Verdict};
    use clearpost_audit::events::{list as list_events, EventFilter};
    use clearpost_audit::profiles::{self, Role};

    async fn setup() -> (
        tempfile::TempDir,
        Database,
        UnlockedProfile,
        UnlockedProfile,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(dir.path()).await.unwrap();
        profiles::create(&db, "Ana", Role::Author, "author passphrase")
            .await
            .unwrap();
        profiles::create(&db, "Rui", Role::Reviewer, "reviewer passphrase")
            .await
            .unwrap();
        let ana = profiles::unlock(&db, "Ana", "author passphrase")
            .await
            .unwrap();
        let rui = profiles::unlock(&db, "Rui", "reviewer passphrase")
            .await
            .unwrap();
        (dir, db, ana, rui)
    }

    async fn kinds(db: &Database, subject: &str) -> Vec<String> {
        list_events(db.pool(), &EventFilter::default())
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.subject == subject)
            .map(|e| e.kind)
            .collect()
    }

    #[tokio::test]
    async fn create_logs_the_draft_and_autosave_adds_no_event() {
        let (_dir, db, ana, _) = setup().await;
        let copy = create(&db, &ana, "  Spring gala ", "").await.unwrap();
        assert_eq!(copy.title, "Spring gala");
        assert_eq!(kinds(&db, &copy.id).await, vec!["draft.created"]);
        for text in ["H", "He", "Hello gala"] {
            save_text(&db, &copy.id, text).await.unwrap();
        }
        let loaded = load(&db, &copy.id).await.unwrap();
        assert_eq!(loaded.text, "Hello gala");
        assert_eq!(loaded.state, State::Draft);
        assert_eq!(kinds(&db, &copy.id).await, vec!["draft.created"]);
        // The record keeps the created content until it must change.
        assert_eq!(find_draft(&db, &copy.id).await.unwrap().text, "");
    }

    #[tokio::test]
    async fn only_the_author_changes_a_drafts_photos() {
        let (_dir, db, ana, rui) = setup().await;
        let copy = create(&db, &ana, "Open day", "").await.unwrap();
        crate::review::photos::check_may_change(&db, &ana, &copy.id)
            .await
            .unwrap();
        let refused = crate::review::photos::check_may_change(&db, &rui, &copy.id)
            .await
            .unwrap_err();
        assert_eq!(
            refused.to_string(),
            "refused: only the draft's author may change the photos of it"
        );
    }

    #[tokio::test]
    async fn list_search_rename_duplicate_and_trash() {
        let (_dir, db, ana, rui) = setup().await;
        let a = create(&db, &ana, "Gala", "Join us at the Spring GALA")
            .await
            .unwrap();
        let b = create(&db, &ana, "Flu shots", "Clinic hours are posted")
            .await
            .unwrap();
        assert_eq!(list(&db).await.unwrap().len(), 2);
        let hits: Vec<String> = search(&db, "gala")
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(hits, vec![a.id.clone()]);
        let hits: Vec<String> = search(&db, "CLINIC")
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(hits, vec![b.id.clone()]);
        assert_eq!(search(&db, "").await.unwrap().len(), 2);

        assert!(matches!(
            rename(&db, &ana, &a.id, "  ").await,
            Err(ReviewError::BadInput(_))
        ));
        assert_eq!(load(&db, &a.id).await.unwrap().title, "Gala");
        rename(&db, &ana, &a.id, "Spring gala").await.unwrap();
        assert_eq!(
            search(&db, "spring g").await.unwrap()[0].title,
            "Spring gala"
        );

        let copy = duplicate(&db, &ana, &a.id).await.unwrap();
        assert_ne!(copy.id, a.id);
        assert_eq!(copy.title, "Spring gala (copy)");
        assert_eq!(copy.text, a.text);
        assert_eq!(kinds(&db, &copy.id).await, vec!["draft.created"]);

        assert!(matches!(
            trash(&db, &rui, &b.id).await,
            Err(ReviewError::Refused(_))
        ));
        let trashed = trash(&db, &ana, &b.id).await.unwrap();
        assert!(trashed.trashed_at.is_some());
        let summary = list(&db)
            .await
            .unwrap()
            .into_iter()
            .find(|s| s.id == b.id)
            .unwrap();
        assert!(summary.trashed);
        restore(&db, &ana, &b.id).await.unwrap();
        assert!(!list(&db).await.unwrap().iter().any(|s| s.trashed));
        assert_eq!(
            kinds(&db, &b.id).await,
            vec!["draft.created", DRAFT_TRASHED, DRAFT_RESTORED]
        );
        assert!(clearpost_audit::verify::verify_database(&db)
            .await
            .unwrap()
            .is_clean());
    }

    #[tokio::test]
    async fn only_the_author_may_rename_and_a_refusal_changes_nothing() {
        let (_dir, db, ana, rui) = setup().await;
        let draft = create(&db, &ana, "Gala", "Join us").await.unwrap();
        let before = load(&db, &draft.id).await.unwrap();
        let refused = rename(&db, &rui, &draft.id, "Rui's gala").await;
        match refused {
            Err(ReviewError::Refused(why)) => {
                assert_eq!(why, "only the draft's author may rename it")
            }
            other => panic!("a non-author's rename was not refused: {other:?}"),
        }
        assert_eq!(load(&db, &draft.id).await.unwrap(), before);
        assert_eq!(kinds(&db, &draft.id).await, vec!["draft.created"]);
        // A draft made by the CLI (no working copy yet) is guarded the same way.
        let bare = create_draft(&db, &ana, "From the CLI", vec![])
            .await
            .unwrap();
        assert!(matches!(
            rename(&db, &rui, &bare.id, "Taken").await,
            Err(ReviewError::Refused(_))
        ));
        assert_eq!(load(&db, &bare.id).await.unwrap().title, DEFAULT_TITLE);
        assert_eq!(
            rename(&db, &ana, &bare.id, "Mine").await.unwrap().title,
            "Mine"
        );
    }

    #[tokio::test]
    async fn trashing_twice_logs_once() {
        let (_dir, db, ana, _) = setup().await;
        let draft = create(&db, &ana, "Gala", "").await.unwrap();
        let first = trash(&db, &ana, &draft.id).await.unwrap();
        let again = trash(&db, &ana, &draft.id).await.unwrap();
        assert_eq!(again.trashed_at, first.trashed_at);
        restore(&db, &ana, &draft.id).await.unwrap();
        restore(&db, &ana, &draft.id).await.unwrap();
        assert_eq!(
            kinds(&db, &draft.id).await,
            vec!["draft.created", DRAFT_TRASHED, DRAFT_RESTORED]
        );
    }

    #[tokio::test]
    async fn editing_after_approval_returns_to_draft_with_a_signed_event() {
        let (_dir, db, ana, rui) = setup().await;
        let copy = create(&db, &ana, "Gala", "").await.unwrap();
        let saved = save_and_sync(&db, &ana, &copy.id, "See you at the gala")
            .await
            .unwrap();
        assert!(!saved.review_voided);
        let recorded = sync_for_submit(&db, &ana, &copy.id).await.unwrap();
        assert_eq!(recorded.text, "See you at the gala");
        let (hash, _) = submit(&db, &ana, &copy.id, vec![], vec![], &BlockingFindingsPolicy)
            .await
            .unwrap();
        decide(&db, &rui, &hash, Verdict::Approve, "")
            .await
            .unwrap();
        assert_eq!(load(&db, &copy.id).await.unwrap().state, State::Approved);

        // Saving the same text changes nothing on the record.
        let same = save_and_sync(&db, &ana, &copy.id, "See you at the gala")
            .await
            .unwrap();
        assert_eq!((same.state, same.review_voided), (State::Approved, false));

        let edited = save_and_sync(&db, &ana, &copy.id, "See you at the gala!")
            .await
            .unwrap();
        assert_eq!((edited.state, edited.review_voided), (State::Draft, true));
        let draft = find_draft(&db, &copy.id).await.unwrap();
        assert_eq!(draft.text, "See you at the gala!");
        assert_eq!(draft.submission, None);
        assert_eq!(kinds(&db, &copy.id).await.last().unwrap(), "draft.edited");
        // Someone else cannot save the author's draft.
        assert!(matches!(
            save_and_sync(&db, &rui, &copy.id, "x").await,
            Err(ReviewError::Refused(_))
        ));
        assert_eq!(
            load(&db, &copy.id).await.unwrap().text,
            "See you at the gala!"
        );
    }

    #[tokio::test]
    async fn overrides_allow_list_and_attachments_persist() {
        let (_dir, db, ana, rui) = setup().await;
        let copy = create(&db, &ana, "Gala", "Dr Odile Brannock thanks you")
            .await
            .unwrap();
        assert!(matches!(
            add_override(&db, &ana, &copy.id, "name", "Odile Brannock", "  ").await,
            Err(ReviewError::BadInput(_))
        ));
        assert!(matches!(
            add_override(&db, &rui, &copy.id, "name", "Odile Brannock", "consented").await,
            Err(ReviewError::Refused(_))
        ));
        add_override(
            &db,
            &ana,
            &copy.id,
            "name",
            "Odile Brannock",
            "staff, consented",
        )
        .await
        .unwrap();
        add_override(
            &db,
            &ana,
            &copy.id,
            "name",
            "Odile Brannock",
            "staff, signed consent",
        )
        .await
        .unwrap();
        allow_in_draft(&db, &ana, &copy.id, " St Luke's ")
            .await
            .unwrap();
        allow_in_draft(&db, &ana, &copy.id, "St Luke's")
            .await
            .unwrap();
        let refs = vec![AttachmentRef {
            sha256: "ab".repeat(32),
            name: "photo.jpg".into(),
        }];
        set_attachments(&db, &copy.id, refs.clone()).await.unwrap();
        let loaded = load(&db, &copy.id).await.unwrap();
        assert_eq!(loaded.overrides.len(), 1);
        assert_eq!(loaded.overrides[0].reason, "staff, signed consent");
        assert_eq!(loaded.overrides[0].author, ana.profile.id);
        assert_eq!(loaded.allow_list, vec!["St Luke's".to_string()]);
        assert_eq!(loaded.attachments, refs);
        // Someone else cannot drop the author's reason.
        assert!(matches!(
            remove_override(&db, &rui, &copy.id, "name", "Odile Brannock").await,
            Err(ReviewError::Refused(_))
        ));
        assert_eq!(load(&db, &copy.id).await.unwrap().overrides.len(), 1);
        remove_override(&db, &ana, &copy.id, "name", "Odile Brannock")
            .await
            .unwrap();
        assert!(load(&db, &copy.id).await.unwrap().overrides.is_empty());
        assert!(matches!(
            load(&db, "nope").await,
            Err(ReviewError::NotFound(_))
        ));
        assert!(matches!(
            save_text(&db, "nope", "x").await,
            Err(ReviewError::NotFound(_))
        ));
    }

    #[tokio::test]
    async fn drafts_made_elsewhere_read_as_their_record() {
        let (_dir, db, ana, _) = setup().await;
        let draft = create_draft(&db, &ana, "From the CLI", vec![])
            .await
            .unwrap();
        let copy = load(&db, &draft.id).await.unwrap();
        assert_eq!(
            (copy.title.as_str(), copy.text.as_str()),
            (DEFAULT_TITLE, "From the CLI")
        );
        save_text(&db, &draft.id, "From the CLI, edited")
            .await
            .unwrap();
        assert_eq!(
            load(&db, &draft.id).await.unwrap().text,
            "From the CLI, edited"
        );
    }

    #[tokio::test]
    async fn a_phrase_allowed_in_one_draft_can_be_taken_back() {
        let (_dir, db, ana, rui) = setup().await;
        let gala = create(&db, &ana, "Gala", "St Luke's ward").await.unwrap();
        let other = create(&db, &ana, "Other", "St Luke's ward").await.unwrap();
        allow_in_draft(&db, &ana, &gala.id, "St Luke's")
            .await
            .unwrap();
        allow_in_draft(&db, &ana, &gala.id, "Ward 7").await.unwrap();
        // The other draft's list is its own.
        assert!(load(&db, &other.id).await.unwrap().allow_list.is_empty());
        let after = disallow_in_draft(&db, &ana, &gala.id, " St Luke's ")
            .await
            .unwrap();
        assert_eq!(after.allow_list, vec!["Ward 7".to_string()]);
        assert_eq!(
            load(&db, &gala.id).await.unwrap().allow_list,
            vec!["Ward 7".to_string()]
        );
        // Removing a phrase that is not there is refused and changes nothing.
        assert!(matches!(
            disallow_in_draft(&db, &ana, &gala.id, "St Luke's").await,
            Err(ReviewError::BadInput(_))
        ));
        // Only the author decides what is allowed in the draft.
        assert!(matches!(
            allow_in_draft(&db, &rui, &gala.id, "Rui's phrase").await,
            Err(ReviewError::Refused(_))
        ));
        assert!(matches!(
            disallow_in_draft(&db, &rui, &gala.id, "Ward 7").await,
            Err(ReviewError::Refused(_))
        ));
        assert_eq!(
            load(&db, &gala.id).await.unwrap().allow_list,
            vec!["Ward 7".to_string()]
        );
    }
}
