//! The Photos panel's commands over `clearpost_core::photo_desk`: attach
//! photos (native dialog or drag and drop, both handled in Rust so the web
//! view never names a file path), list them, edit their boxes, preview the
//! redaction and save the sanitised copy as the draft's attachment.
//!
//! End-to-end tests cannot click a GTK file dialog: in debug builds only,
//! `CLEARPOST_E2E_PICK=/path/a.jpg:/path/b.png` stands in for the dialog's
//! answer. Release builds ignore it.

use std::path::PathBuf;
use std::sync::Mutex;

use anyhow::Context as _;
use clearpost_core::context::Context;
use clearpost_core::photo_desk::{
    self, has_photo_extension, PhotoView, Previews, Progress, SavedPhoto, PHOTO_EXTENSIONS,
};
use clearpost_core::review::photos::PhotoBox;
use clearpost_core::settings::RedactionStyle;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, DragDropEvent, State, Window, WindowEvent};
use tauri_plugin_dialog::DialogExt;

use crate::error::CommandResult;

/// Debug builds: the dialog's answer in end-to-end tests (see the module docs).
#[cfg(debug_assertions)]
pub const E2E_PICK_ENV: &str = "CLEARPOST_E2E_PICK";

/// The panel's own state: files dropped on the window and not yet attached,
/// the channel that tells the panel about drops, and the previews.
#[derive(Default)]
pub struct PhotoState {
    dropped: Mutex<Vec<PathBuf>>,
    drop_listener: Mutex<Option<Channel<DropNotice>>>,
    previews: Previews,
}

/// What the panel hears about drags over the window.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DropNotice {
    /// Files are being dragged over the window.
    Hover,
    /// The drag left without dropping.
    Leave,
    /// Files were dropped; `photos` of them are photos waiting to be attached.
    Dropped { photos: usize, ignored: usize },
}

/// Window events: files dragged onto the window are kept for the panel,
/// which is told through its channel and then asks to attach them.
pub fn on_window_event(window: &Window, event: &WindowEvent) {
    let WindowEvent::DragDrop(drag) = event else {
        return;
    };
    let Some(state) = tauri::Manager::try_state::<PhotoState>(window) else {
        return;
    };
    let notice = match drag {
        DragDropEvent::Enter { .. } | DragDropEvent::Over { .. } => DropNotice::Hover,
        DragDropEvent::Leave => DropNotice::Leave,
        DragDropEvent::Drop { paths, .. } => {
            let (photos, others): (Vec<PathBuf>, Vec<PathBuf>) =
                paths.iter().cloned().partition(|p| has_photo_extension(p));
            let count = photos.len();
            *state.dropped.lock().expect("drop list poisoned") = photos;
            DropNotice::Dropped {
                photos: count,
                ignored: others.len(),
            }
        }
        _ => return,
    };
    let listener = state
        .drop_listener
        .lock()
        .expect("listener poisoned")
        .clone();
    if let Some(channel) = listener {
        // A closed page cannot hear it; nothing to do then.
        let _ = channel.send(notice);
    }
}

/// The panel registers where drop notices go (one listener: the panel).
#[tauri::command]
#[specta::specta]
pub fn photos_watch_drops(photo_state: State<'_, PhotoState>, on_drop: Channel<DropNotice>) {
    *photo_state.drop_listener.lock().expect("listener poisoned") = Some(on_drop);
}

/// Opens the native file dialog (only for the draft's author) and attaches
/// the chosen photos to the draft.
#[tauri::command]
#[specta::specta]
pub async fn photos_attach(
    app: AppHandle,
    context: State<'_, Context>,
    photo_state: State<'_, PhotoState>,
    draft_id: String,
    on_progress: Channel<Progress>,
) -> CommandResult<Vec<PhotoView>> {
    photo_desk::check_may_attach(&context, &draft_id).await?;
    let paths = pick_photos(&app).await?;
    let report = move |p| {
        let _ = on_progress.send(p);
    };
    let previews = &photo_state.previews;
    Ok(photo_desk::attach(&context, previews, &draft_id, paths, report).await?)
}

/// Attaches the photos last dropped on the window.
#[tauri::command]
#[specta::specta]
pub async fn photos_attach_dropped(
    context: State<'_, Context>,
    photo_state: State<'_, PhotoState>,
    draft_id: String,
    on_progress: Channel<Progress>,
) -> CommandResult<Vec<PhotoView>> {
    photo_desk::check_may_attach(&context, &draft_id).await?;
    let paths = std::mem::take(&mut *photo_state.dropped.lock().expect("drop list poisoned"));
    let report = move |p| {
        let _ = on_progress.send(p);
    };
    let previews = &photo_state.previews;
    Ok(photo_desk::attach(&context, previews, &draft_id, paths, report).await?)
}

/// The draft's photos, in order.
#[tauri::command]
#[specta::specta]
pub async fn photos_list(
    context: State<'_, Context>,
    photo_state: State<'_, PhotoState>,
    draft_id: String,
) -> CommandResult<Vec<PhotoView>> {
    Ok(photo_desk::list(&context, &photo_state.previews, &draft_id).await?)
}

/// Replaces a photo's boxes (coordinates in full-size upright pixels).
#[tauri::command]
#[specta::specta]
pub async fn photos_set_boxes(
    context: State<'_, Context>,
    photo_state: State<'_, PhotoState>,
    photo_id: String,
    boxes: Vec<PhotoBox>,
) -> CommandResult<PhotoView> {
    Ok(photo_desk::set_boxes(&context, &photo_state.previews, &photo_id, boxes).await?)
}

/// The after-preview: the picture with the included boxes painted in `style`.
#[tauri::command]
#[specta::specta]
pub async fn photos_render(
    context: State<'_, Context>,
    photo_state: State<'_, PhotoState>,
    photo_id: String,
    boxes: Vec<PhotoBox>,
    style: RedactionStyle,
) -> CommandResult<String> {
    let previews = &photo_state.previews;
    Ok(photo_desk::render(&context, previews, &photo_id, boxes, style).await?)
}

/// Redacts the included boxes irreversibly and saves the clean copy.
#[tauri::command]
#[specta::specta]
pub async fn photos_save(
    context: State<'_, Context>,
    photo_state: State<'_, PhotoState>,
    photo_id: String,
    style: RedactionStyle,
) -> CommandResult<SavedPhoto> {
    Ok(photo_desk::save(&context, &photo_state.previews, &photo_id, style).await?)
}

/// Removes a photo from the draft (the user's file is untouched).
#[tauri::command]
#[specta::specta]
pub async fn photos_remove(
    context: State<'_, Context>,
    photo_state: State<'_, PhotoState>,
    photo_id: String,
) -> CommandResult<()> {
    Ok(photo_desk::remove(&context, &photo_state.previews, &photo_id).await?)
}

/// The dialog's answer (or, in debug builds, `CLEARPOST_E2E_PICK`).
async fn pick_photos(app: &AppHandle) -> anyhow::Result<Vec<PathBuf>> {
    #[cfg(debug_assertions)]
    if let Some(list) = std::env::var_os(E2E_PICK_ENV) {
        return Ok(std::env::split_paths(&list).collect());
    }
    let dialog = app
        .dialog()
        .file()
        .set_title("Attach photos")
        .add_filter("Photos", &PHOTO_EXTENSIONS);
    let picked = tauri::async_runtime::spawn_blocking(move || dialog.blocking_pick_files())
        .await
        .context("the file dialog stopped unexpectedly")?;
    picked
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.into_path().context("the chosen file is not a local path"))
        .collect()
}
