//! The Clearpost desktop app: a thin Tauri v2 shell. Every command calls
//! clearpost-core; no domain logic lives here.

mod audit;
mod commands;
mod error;
mod file_dialog;
mod review;
mod settings;
mod state;

use tauri::Manager;

/// Builds and runs the app until its last window closes.
pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            app.manage(state::AppState::new());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::engine_info,
            commands::scan_text,
            settings::get_settings,
            settings::set_display_name,
            audit::audit_events,
            audit::audit_verify,
            audit::audit_export,
            review::submit_draft,
            review::draft_review,
            review::review_queue,
            review::submission_view,
            review::decide_submission,
            review::export_review_bundle,
            review::export_decision,
            review::import_review_file,
            review::export_post,
        ])
        .run(tauri::generate_context!())
        .expect("error while running the Clearpost app");
}
