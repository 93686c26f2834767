//! The engine's state, and the editor's live PHI check and preview; each a
//! thin wrapper over clearpost-core.

use clearpost_core::context::Context;
use clearpost_core::info::{self, EngineInfo};
use clearpost_core::phi::Finding;
use clearpost_core::{preview, text_scan};
use tauri::State;

use crate::error::CommandResult;

/// The engine's version, data directory, database schema and models.
#[tauri::command]
#[specta::specta]
pub async fn engine_info(context: State<'_, Context>) -> CommandResult<EngineInfo> {
    Ok(info::engine_info(&context).await?)
}

/// Why the PHI text check cannot run (its word lists or model failed to load),
/// or `None` when it can. The status bar shows it and the Submit button stays
/// disabled while it is set; the checks themselves refuse with the same text.
#[tauri::command]
#[specta::specta]
pub async fn text_check_problem(context: State<'_, Context>) -> CommandResult<Option<String>> {
    Ok(context.text_check_problem())
}

/// PHI findings in a Markdown draft, with the organisation's policy plus the
/// open draft's own allow-list. Runs on every pause in typing.
#[tauri::command]
#[specta::specta]
pub async fn scan_text(
    context: State<'_, Context>,
    text: String,
    draft_allow: Option<Vec<String>>,
) -> CommandResult<Vec<Finding>> {
    Ok(text_scan::scan_live(&context, text, draft_allow.unwrap_or_default()).await?)
}

/// Sanitised HTML for `text` with the photos of draft `id` as they will be
/// published (`clearpost_core::preview`); the UI injects only this HTML.
#[tauri::command]
#[specta::specta]
pub async fn draft_preview(
    context: State<'_, Context>,
    id: String,
    text: String,
) -> CommandResult<String> {
    Ok(preview::draft_preview(&context, &id, text).await?)
}
