//! Commands the UI calls; each is a thin wrapper over clearpost-core.

use anyhow::Context as _;
use clearpost_core::info::{engine_info as core_engine_info, EngineInfo};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// The engine's version, data directory, database schema and models.
#[tauri::command]
pub async fn engine_info(state: State<'_, AppState>) -> CommandResult<EngineInfo> {
    let info = core_engine_info(&state.data_dir)
        .await
        .with_context(|| format!("opening Clearpost's data in {}", state.data_dir.display()))?;
    Ok(info)
}
