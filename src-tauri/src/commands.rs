//! Commands the UI calls; each is a thin wrapper over clearpost-core.

use anyhow::Context as _;
use clearpost_core::info::{engine_info_of, EngineInfo};
use clearpost_core::phi::Finding;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// The engine's version, data directory, database schema and models.
#[tauri::command]
#[specta::specta]
pub async fn engine_info(state: State<'_, AppState>) -> CommandResult<EngineInfo> {
    let db = state.db().await?;
    let info = engine_info_of(db, &state.data_dir)
        .await
        .with_context(|| format!("reading Clearpost's data in {}", state.data_dir.display()))?;
    Ok(info)
}

/// Why the PHI text check cannot run (its word lists or model failed to load),
/// or `None` when it can. The status bar shows it and the Submit button stays
/// disabled while it is set; the checks themselves refuse with the same text.
#[tauri::command]
#[specta::specta]
pub async fn text_check_problem(state: State<'_, AppState>) -> CommandResult<Option<String>> {
    Ok(state.text_check_problem())
}

/// PHI findings in a Markdown draft, with the organisation's policy plus the
/// open draft's own allow-list (`draft_allow`; what it covers comes back as
/// suppressed, never dropped). Runs on every pause in typing, off the main thread.
#[tauri::command]
#[specta::specta]
pub async fn scan_text(
    state: State<'_, AppState>,
    text: String,
    draft_allow: Option<Vec<String>>,
) -> CommandResult<Vec<Finding>> {
    let scanner = state.scanner()?;
    let mut policy = state.phi_policy();
    policy.allow.extend(draft_allow.unwrap_or_default());
    let findings = tauri::async_runtime::spawn_blocking(move || scanner.scan(&text, &policy))
        .await
        .context("the PHI scan stopped unexpectedly")?;
    Ok(findings)
}
