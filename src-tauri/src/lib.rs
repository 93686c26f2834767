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

/// Where the generated TypeScript bindings live, from the repository root.
pub const BINDINGS_PATH: &str = "ui/src/lib/bindings.ts";

/// Every command the UI may call, with the types they take and return. The same
/// list registers the commands with Tauri ([`run`]) and generates the UI's typed
/// wrappers ([`export_bindings`]), so the two cannot disagree.
pub fn bindings() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(tauri_specta::collect_commands![
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
        .constant("REVIEW_CHANGED_EVENT", review::REVIEW_CHANGED_EVENT)
        // A failed command rejects with its message, as `invoke` always did.
        .error_handling(tauri_specta::ErrorHandlingMode::Throw)
        // Counts, sizes and offsets are `usize`/`i64` in Rust and never near 2^53.
        .dangerously_cast_bigints_to_number()
}

/// Writes the bindings of [`bindings`] to `path` (the staleness test and
/// `UPDATE_BINDINGS=1 cargo test -p clearpost-app --test bindings` call it).
pub fn export_bindings(path: &std::path::Path) -> anyhow::Result<()> {
    let typescript = specta_typescript::Typescript::default().header(BINDINGS_HEADER);
    bindings()
        .export(typescript, path)
        .map_err(|err| anyhow::anyhow!("exporting the TypeScript bindings: {err}"))
}

const BINDINGS_HEADER: &str =
    "// Generated from the Rust commands in src-tauri by tauri-specta: do not edit.\n\
// Regenerate: UPDATE_BINDINGS=1 cargo test -p clearpost-app --test bindings";

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
        .invoke_handler(bindings().invoke_handler())
        .run(tauri::generate_context!())
        .expect("error while running the Clearpost app");
}
