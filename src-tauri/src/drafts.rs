//! Draft commands: the draft list (search, trash), creating, renaming,
//! duplicating, opening and autosaving a draft, and the author's overrides.
//! Each calls `clearpost_core::review::workspace`; signed steps use the
//! session's unlocked profile.

use std::future::Future;
use std::sync::Arc;

use anyhow::Context as _;
use clearpost_core::audit::profiles::UnlockedProfile;
use clearpost_core::audit::Database;
use clearpost_core::review::workspace::{self, DraftSummary, Saved, WorkingCopy};
use clearpost_core::review::ReviewError;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// Runs one signed workspace step as the session's profile on the app's
/// database; a failure says what was being done (`doing`, e.g. "renaming the
/// draft"). Every signed draft command is this preamble plus its one call.
async fn signed<'a, T, Step, Done>(
    state: &'a AppState,
    doing: &'static str,
    step: Step,
) -> CommandResult<T>
where
    Step: FnOnce(&'a Database, Arc<UnlockedProfile>) -> Done,
    Done: Future<Output = Result<T, ReviewError>>,
{
    let author = state.signer()?;
    let db = state.db().await?;
    Ok(step(db, author).await.context(doing)?)
}

/// Every draft (with `query`: those whose title or text contains it).
#[tauri::command]
#[specta::specta]
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
#[specta::specta]
pub async fn draft_create(
    state: State<'_, AppState>,
    title: Option<String>,
) -> CommandResult<WorkingCopy> {
    let title = title.unwrap_or_else(|| workspace::DEFAULT_TITLE.to_string());
    signed(&state, "creating a draft", |db, author| async move {
        workspace::create(db, &author, &title, "").await
    })
    .await
}

/// Opens a draft.
#[tauri::command]
#[specta::specta]
pub async fn draft_load(state: State<'_, AppState>, id: String) -> CommandResult<WorkingCopy> {
    let db = state.db().await?;
    Ok(workspace::load(db, &id)
        .await
        .context("opening the draft")?)
}

/// Saves the live text (called on every change, at most one in flight). A
/// draft under review or approved goes back to `draft` with a signed event.
#[tauri::command]
#[specta::specta]
pub async fn draft_autosave(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    id: String,
    text: String,
) -> CommandResult<Saved> {
    let saved = signed(&state, "saving the draft", |db, author| {
        let id = id.clone();
        async move { workspace::save_and_sync(db, &author, &id, &text).await }
    })
    .await?;
    if saved.review_voided {
        crate::review::announce_review_change(&app, Some(&id));
    }
    Ok(saved)
}

/// Renames a draft (its author only).
#[tauri::command]
#[specta::specta]
pub async fn draft_rename(
    state: State<'_, AppState>,
    id: String,
    title: String,
) -> CommandResult<WorkingCopy> {
    signed(&state, "renaming the draft", |db, author| async move {
        workspace::rename(db, &author, &id, &title).await
    })
    .await
}

/// A copy of a draft as a new draft (signed `draft.created`).
#[tauri::command]
#[specta::specta]
pub async fn draft_duplicate(state: State<'_, AppState>, id: String) -> CommandResult<WorkingCopy> {
    signed(&state, "duplicating the draft", |db, author| async move {
        workspace::duplicate(db, &author, &id).await
    })
    .await
}

/// Moves a draft to the trash (signed `draft.trashed`).
#[tauri::command]
#[specta::specta]
pub async fn draft_trash(state: State<'_, AppState>, id: String) -> CommandResult<WorkingCopy> {
    signed(
        &state,
        "moving the draft to the trash",
        |db, author| async move { workspace::trash(db, &author, &id).await },
    )
    .await
}

/// Brings a draft back from the trash (signed `draft.restored`).
#[tauri::command]
#[specta::specta]
pub async fn draft_restore(state: State<'_, AppState>, id: String) -> CommandResult<WorkingCopy> {
    signed(&state, "restoring the draft", |db, author| async move {
        workspace::restore(db, &author, &id).await
    })
    .await
}

/// Keeps a flagged phrase with the author's reason.
#[tauri::command]
#[specta::specta]
pub async fn draft_override(
    state: State<'_, AppState>,
    id: String,
    category: String,
    text: String,
    reason: String,
) -> CommandResult<WorkingCopy> {
    signed(
        &state,
        "keeping the flagged phrase",
        |db, author| async move {
            workspace::add_override(db, &author, &id, &category, &text, &reason).await
        },
    )
    .await
}

/// Drops an override: the phrase is flagged again (the draft's author only).
#[tauri::command]
#[specta::specta]
pub async fn draft_remove_override(
    state: State<'_, AppState>,
    id: String,
    category: String,
    text: String,
) -> CommandResult<WorkingCopy> {
    signed(&state, "removing the override", |db, author| async move {
        workspace::remove_override(db, &author, &id, &category, &text).await
    })
    .await
}

/// Allows a phrase in this draft only (the editor's "allow in this draft"
/// quick fix). The scan reports what it covers as suppressed, and a
/// submission records each such finding as kept, with that reason.
#[tauri::command]
#[specta::specta]
pub async fn draft_allow(
    state: State<'_, AppState>,
    id: String,
    phrase: String,
) -> CommandResult<WorkingCopy> {
    signed(
        &state,
        "allowing the phrase in this draft",
        |db, author| async move { workspace::allow_in_draft(db, &author, &id, &phrase).await },
    )
    .await
}

/// Takes a phrase off this draft's allow-list: it is flagged again.
#[tauri::command]
#[specta::specta]
pub async fn draft_disallow(
    state: State<'_, AppState>,
    id: String,
    phrase: String,
) -> CommandResult<WorkingCopy> {
    signed(
        &state,
        "removing the phrase from this draft's allow-list",
        |db, author| async move { workspace::disallow_in_draft(db, &author, &id, &phrase).await },
    )
    .await
}
