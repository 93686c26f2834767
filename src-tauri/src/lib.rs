//! The Clearpost desktop app: a thin Tauri v2 shell. Every command calls
//! clearpost-core; no domain logic lives here.

mod audit;
mod commands;
mod drafts;
mod error;
mod file_dialog;
mod navigation;
mod people;
mod photos;
mod profiles;
mod review;
mod settings;

use clearpost_core::context::Context;
use tauri::Manager;

/// Builds and runs the app until its last window closes.
pub fn run() {
    tauri::Builder::default()
        .plugin(navigation::guard())
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            app.manage(Context::open(None));
            match settings::load(app.handle()) {
                Ok(saved) => app.state::<Context>().set_phi_policy(saved.phi_policy()),
                Err(err) => eprintln!("clearpost: settings unreadable, using defaults: {err:#}"),
            }
            app.manage(photos::PhotoState::default());
            Ok(())
        })
        .on_window_event(photos::on_window_event)
        .invoke_handler(tauri::generate_handler![
            commands::engine_info,
            commands::scan_text,
            commands::text_check_problem,
            settings::get_settings,
            settings::set_display_name,
            settings::update_settings,
            settings::allow_phrase,
            profiles::profile_session,
            profiles::profile_create,
            profiles::profile_unlock,
            profiles::profile_lock,
            people::people_list,
            people::people_share_key,
            people::people_read_key,
            people::people_trust,
            drafts::drafts_list,
            drafts::draft_create,
            drafts::draft_load,
            drafts::draft_autosave,
            drafts::draft_rename,
            drafts::draft_duplicate,
            drafts::draft_trash,
            drafts::draft_restore,
            drafts::draft_override,
            drafts::draft_remove_override,
            drafts::draft_allow,
            drafts::draft_disallow,
            commands::draft_preview,
            photos::photos_watch_drops,
            photos::photos_attach,
            photos::photos_attach_dropped,
            photos::photos_list,
            photos::photos_set_boxes,
            photos::photos_render,
            photos::photos_save,
            photos::photos_remove,
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
