//! The Audit view's commands over `clearpost_core::log::view`: list the log
//! with filters, verify the chain, export it to a folder the user picks.

use clearpost_core::context::Context;
use clearpost_core::log::browse::Browse;
use clearpost_core::log::view::{self, AuditExport, AuditPage, VerifyOutcome};
use tauri::{AppHandle, State};

use crate::error::CommandResult;
use crate::file_dialog;

/// Events of the log with filters and paging, newest first.
#[tauri::command]
#[specta::specta]
pub async fn audit_events(
    context: State<'_, Context>,
    query: Option<Browse>,
) -> CommandResult<AuditPage> {
    Ok(view::events(&context, &query.unwrap_or_default()).await?)
}

/// Walks the whole chain; names the first bad event.
#[tauri::command]
#[specta::specta]
pub async fn audit_verify(context: State<'_, Context>) -> CommandResult<VerifyOutcome> {
    Ok(view::verify(&context).await?)
}

/// Exports the whole log (JSON Lines and CSV) into a folder the user picks.
/// None when the user cancels.
#[tauri::command]
#[specta::specta]
pub async fn audit_export(
    app: AppHandle,
    context: State<'_, Context>,
) -> CommandResult<Option<AuditExport>> {
    let Some(folder) = file_dialog::pick_folder(&app, "Export the audit log to…").await? else {
        return Ok(None);
    };
    Ok(Some(view::export_to(&context, &folder).await?))
}
