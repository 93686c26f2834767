//! The draft's preview: Markdown rendered and sanitised in Rust by
//! `clearpost_core::preview`, with the draft's sanitised photos inlined as
//! `data:` URLs. The UI injects only this HTML.

use anyhow::Context as _;
use clearpost_core::audit::store::AttachmentStore;
use clearpost_core::preview;
use clearpost_core::review::workspace;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// Sanitised HTML for `text` (the editor's live text) with the photos of
/// draft `id` as they will be published; photos the text does not show are
/// appended below it, in order.
#[tauri::command]
#[specta::specta]
pub async fn draft_preview(
    state: State<'_, AppState>,
    id: String,
    text: String,
) -> CommandResult<String> {
    let db = state.db().await?;
    let copy = workspace::load(db, &id)
        .await
        .context("opening the draft")?;
    let store = AttachmentStore::new(&state.data_dir);
    let html = tauri::async_runtime::spawn_blocking(move || {
        preview::render_post(text, &copy.attachments, &store)
    })
    .await
    .context("rendering the preview stopped unexpectedly")?;
    Ok(html)
}
