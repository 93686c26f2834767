//! Draft commands: the draft list (search, trash), creating, renaming,
//! duplicating, opening and autosaving a draft, and the author's kept and
//! allowed phrases. Each is one call of `clearpost_core::drafts`.

use clearpost_core::context::Context;
use clearpost_core::drafts;
use clearpost_core::review::workspace::{DraftSummary, Saved, WorkingCopy};
use tauri::{AppHandle, State};

use crate::error::CommandResult;

/// Every draft (with `query`: those whose title or text contains it).
#[tauri::command]
#[specta::specta]
pub async fn drafts_list(
    context: State<'_, Context>,
    query: Option<String>,
) -> CommandResult<Vec<DraftSummary>> {
    Ok(drafts::list(&context, query.as_deref()).await?)
}

/// A new, empty draft (signed `draft.created`).
#[tauri::command]
#[specta::specta]
pub async fn draft_create(
    context: State<'_, Context>,
    title: Option<String>,
) -> CommandResult<WorkingCopy> {
    Ok(drafts::create(&context, title.as_deref()).await?)
}

/// Opens a draft.
#[tauri::command]
#[specta::specta]
pub async fn draft_load(context: State<'_, Context>, id: String) -> CommandResult<WorkingCopy> {
    Ok(drafts::load(&context, &id).await?)
}

/// Saves the live text (called on every change, at most one in flight). A
/// draft under review or approved goes back to `draft` with a signed event.
#[tauri::command]
#[specta::specta]
pub async fn draft_autosave(
    app: AppHandle,
    context: State<'_, Context>,
    id: String,
    text: String,
) -> CommandResult<Saved> {
    let saved = drafts::autosave(&context, &id, &text).await?;
    if saved.review_voided {
        crate::review::announce_review_change(&app, Some(&id));
    }
    Ok(saved)
}

/// Renames a draft (its author only).
#[tauri::command]
#[specta::specta]
pub async fn draft_rename(
    context: State<'_, Context>,
    id: String,
    title: String,
) -> CommandResult<WorkingCopy> {
    Ok(drafts::rename(&context, &id, &title).await?)
}

/// A copy of a draft as a new draft (signed `draft.created`).
#[tauri::command]
#[specta::specta]
pub async fn draft_duplicate(
    context: State<'_, Context>,
    id: String,
) -> CommandResult<WorkingCopy> {
    Ok(drafts::duplicate(&context, &id).await?)
}

/// Moves a draft to the trash (signed `draft.trashed`).
#[tauri::command]
#[specta::specta]
pub async fn draft_trash(context: State<'_, Context>, id: String) -> CommandResult<WorkingCopy> {
    Ok(drafts::trash(&context, &id).await?)
}

/// Brings a draft back from the trash (signed `draft.restored`).
#[tauri::command]
#[specta::specta]
pub async fn draft_restore(context: State<'_, Context>, id: String) -> CommandResult<WorkingCopy> {
    Ok(drafts::restore(&context, &id).await?)
}

/// Keeps a flagged phrase with the author's reason.
#[tauri::command]
#[specta::specta]
pub async fn draft_override(
    context: State<'_, Context>,
    id: String,
    category: String,
    text: String,
    reason: String,
) -> CommandResult<WorkingCopy> {
    Ok(drafts::keep(&context, &id, &category, &text, &reason).await?)
}

/// Drops an override: the phrase is flagged again (the draft's author only).
#[tauri::command]
#[specta::specta]
pub async fn draft_remove_override(
    context: State<'_, Context>,
    id: String,
    category: String,
    text: String,
) -> CommandResult<WorkingCopy> {
    Ok(drafts::unkeep(&context, &id, &category, &text).await?)
}

/// Allows a phrase in this draft only (the editor's "allow in this draft").
#[tauri::command]
#[specta::specta]
pub async fn draft_allow(
    context: State<'_, Context>,
    id: String,
    phrase: String,
) -> CommandResult<WorkingCopy> {
    Ok(drafts::allow(&context, &id, &phrase).await?)
}

/// Takes a phrase off this draft's allow-list: it is flagged again.
#[tauri::command]
#[specta::specta]
pub async fn draft_disallow(
    context: State<'_, Context>,
    id: String,
    phrase: String,
) -> CommandResult<WorkingCopy> {
    Ok(drafts::disallow(&context, &id, &phrase).await?)
}
