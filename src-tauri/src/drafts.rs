//! Draft commands: the draft list (search, trash), creating, renaming,
//! duplicating, opening and autosaving a draft, and the author's overrides.
//! Each calls `clearpost_core::review::workspace`; signed steps use the
//! session's unlocked profile.

use anyhow::Context as _;
use clearpost_core::review::workspace::{self, DraftSummary, Saved, WorkingCopy};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// Every draft (with `query`: those whose title or text contains it).
#[tauri::command]
pub async fn drafts_list(
    state: State<'_, AppState>,
    query: Option<String>,
) -> CommandResult<Vec<DraftSummary>> {
    let db = state.db().await?;
    let drafts = match query.as_deref().map(str::trim) {
        Some(q) if !q.is_empty() => workspace::search(db, q).await,
        _ => workspace::list(db).await,
    }
    .context("listing drafts")?;
    Ok(drafts)
}

/// A new, empty draft (signed `draft.created`).
#[tauri::command]
pub async fn draft_create(
    state: State<'_, AppState>,
    title: Option<String>,
) -> CommandResult<WorkingCopy> {
    let author = state.signer()?;
    let db = state.db().await?;
    let title = title.unwrap_or_else(|| workspace::DEFAULT_TITLE.to_string());
    Ok(workspace::create(db, &author, &title, "")
        .await
        .context("creating a draft")?)
}

/// Opens a draft.
#[tauri::command]
pub async fn draft_load(state: State<'_, AppState>, id: String) -> CommandResult<WorkingCopy> {
    let db = state.db().await?;
    Ok(workspace::load(db, &id)
        .await
        .context("opening the draft")?)
}

/// Saves the live text (called on every change, at most one in flight). A
/// draft under review or approved goes back to `draft` with a signed event.
#[tauri::command]
pub async fn draft_autosave(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    id: String,
    text: String,
) -> CommandResult<Saved> {
    let author = state.signer()?;
    let db = state.db().await?;
    let saved = workspace::save_and_sync(db, &author, &id, &text)
        .await
        .context("saving the draft")?;
    if saved.review_voided {
        crate::review::announce_review_change(&app, Some(&id));
    }
    Ok(saved)
}

/// Renames a draft (its author only).
#[tauri::command]
pub async fn draft_rename(
    state: State<'_, AppState>,
    id: String,
    title: String,
) -> CommandResult<WorkingCopy> {
    let author = state.signer()?;
    let db = state.db().await?;
    Ok(workspace::rename(db, &author, &id, &title)
        .await
        .context("renaming the draft")?)
}

/// A copy of a draft as a new draft (signed `draft.created`).
#[tauri::command]
pub async fn draft_duplicate(state: State<'_, AppState>, id: String) -> CommandResult<WorkingCopy> {
    let author = state.signer()?;
    let db = state.db().await?;
    Ok(workspace::duplicate(db, &author, &id)
        .await
        .context("duplicating the draft")?)
}

/// Moves a draft to the trash (signed `draft.trashed`).
#[tauri::command]
pub async fn draft_trash(state: State<'_, AppState>, id: String) -> CommandResult<WorkingCopy> {
    let author = state.signer()?;
    let db = state.db().await?;
    Ok(workspace::trash(db, &author, &id)
        .await
        .context("moving the draft to the trash")?)
}

/// Brings a draft back from the trash (signed `draft.restored`).
#[tauri::command]
pub async fn draft_restore(state: State<'_, AppState>, id: String) -> CommandResult<WorkingCopy> {
    let author = state.signer()?;
    let db = state.db().await?;
    Ok(workspace::restore(db, &author, &id)
        .await
        .context("restoring the draft")?)
}

/// Keeps a flagged phrase with the author's reason.
#[tauri::command]
pub async fn draft_override(
    state: State<'_, AppState>,
    id: String,
    category: String,
    text: String,
    reason: String,
) -> CommandResult<WorkingCopy> {
    let author = state.signer()?;
    let db = state.db().await?;
    Ok(
        workspace::add_override(db, &author, &id, &category, &text, &reason)
            .await
            .context("keeping the flagged phrase")?,
    )
}

/// Drops an override: the phrase is flagged again (the draft's author only).
#[tauri::command]
pub async fn draft_remove_override(
    state: State<'_, AppState>,
    id: String,
    category: String,
    text: String,
) -> CommandResult<WorkingCopy> {
    let author = state.signer()?;
    let db = state.db().await?;
    Ok(
        workspace::remove_override(db, &author, &id, &category, &text)
            .await
            .context("removing the override")?,
    )
}

/// Allows a phrase in this draft only (the editor's "allow in this draft"
/// quick fix). The scan reports what it covers as suppressed, and a
/// submission records each such finding as kept, with that reason.
#[tauri::command]
pub async fn draft_allow(
    state: State<'_, AppState>,
    id: String,
    phrase: String,
) -> CommandResult<WorkingCopy> {
    let author = state.signer()?;
    let db = state.db().await?;
    Ok(workspace::allow_in_draft(db, &author, &id, &phrase)
        .await
        .context("allowing the phrase in this draft")?)
}

/// Takes a phrase off this draft's allow-list: it is flagged again.
#[tauri::command]
pub async fn draft_disallow(
    state: State<'_, AppState>,
    id: String,
    phrase: String,
) -> CommandResult<WorkingCopy> {
    let author = state.signer()?;
    let db = state.db().await?;
    Ok(workspace::disallow_in_draft(db, &author, &id, &phrase)
        .await
        .context("removing the phrase from this draft's allow-list")?)
}
