//! The Clearpost desktop app: a thin Tauri v2 shell. Every command calls
//! clearpost-core; no domain logic lives here.

mod commands;
mod error;
mod settings;
mod state;

use tauri::Manager;

/// Builds and runs the app until its last window closes.
pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_store::Builder::new().build())
        .setup(|app| {
            app.manage(state::AppState::new());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::engine_info,
            commands::scan_text,
            settings::get_settings,
            settings::set_display_name,
        ])
        .run(tauri::generate_context!())
        .expect("error while running the Clearpost app");
}
