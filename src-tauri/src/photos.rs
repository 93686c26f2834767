//! The Photos panel's commands: attach photos (native dialog or drag and
//! drop, both handled in Rust so the web view never names a file path), look
//! at each one (metadata, faces, records and their text's PHI), edit its
//! boxes, preview the redaction and save the sanitised copy as the draft's
//! attachment.
//!
//! The user's file on disk is only read. Its bytes go into the content store
//! so the boxes can be edited again later; the saved attachment is a fresh
//! encoding of the redacted pixels with no metadata.
//!
//! End-to-end tests cannot click a GTK file dialog: in debug builds only,
//! `CLEARPOST_E2E_PICK=/path/a.jpg:/path/b.png` stands in for the dialog's
//! answer. Release builds ignore it.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use base64::Engine as _;
use clearpost_core::audit::store::AttachmentStore;
use clearpost_core::audit::Database;
use clearpost_core::photo_edit::{self, Analysed, MetadataItem, Stage};
use clearpost_core::review::photos::{self, DraftPhoto, NewPhoto, PhotoBox};
use clearpost_core::settings::RedactionStyle;
use clearpost_core::vision;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, DragDropEvent, State, Window, WindowEvent};
use tauri_plugin_dialog::DialogExt;

use crate::error::CommandResult;
use crate::state::AppState;

/// Long side of the previews sent to the web view.
const PREVIEW_LONG_SIDE: u32 = 1024;
/// Extensions offered by the dialog and accepted from a drop.
const PHOTO_EXTENSIONS: [&str; 3] = ["jpg", "jpeg", "png"];

/// Debug builds: the dialog's answer in end-to-end tests (see the module docs).
#[cfg(debug_assertions)]
pub const E2E_PICK_ENV: &str = "CLEARPOST_E2E_PICK";

/// The panel's own state: files dropped on the window and not yet attached,
/// the channel that tells the panel about drops, and previews by photo id
/// (decoding a 12-megapixel photo for every redraw would be slow).
#[derive(Default)]
pub struct PhotoState {
    dropped: Mutex<Vec<PathBuf>>,
    drop_listener: Mutex<Option<Channel<DropNotice>>>,
    previews: Mutex<HashMap<String, Arc<Preview>>>,
}

/// A downscaled upright picture and its scale to the full one.
struct Preview {
    image: vision::picture::Picture,
    /// Preview pixels per full-size pixel (≤ 1).
    scale: f32,
    data_url: String,
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

/// Progress of attaching photos, for the panel's progress bar.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Progress {
    /// File being worked on.
    pub file: String,
    /// 1-based index of the file, and how many there are.
    pub index: usize,
    pub total: usize,
    pub stage: Stage,
}

/// A photo as the panel shows it.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PhotoView {
    #[serde(flatten)]
    pub photo: DraftPhoto,
    /// The upright picture, downscaled, as a data: URL.
    pub preview: String,
    /// Preview width and height in pixels.
    pub preview_width: u32,
    pub preview_height: u32,
    /// Identifying metadata of the original, in plain words.
    pub metadata_items: Vec<MetadataItem>,
    /// Metadata blocks the saved copy drops, and their total size.
    pub metadata_blocks: usize,
}

/// Result of saving: the photo and what the saved file still carries.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename = "SavedPhoto")]
pub struct Saved {
    pub photo: PhotoView,
    /// Identifying metadata found in the saved file (empty when clean).
    pub remaining_metadata: Vec<MetadataItem>,
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

fn has_photo_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| PHOTO_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The panel registers where drop notices go (one listener: the panel).
#[tauri::command]
#[specta::specta]
pub fn photos_watch_drops(photo_state: State<'_, PhotoState>, on_drop: Channel<DropNotice>) {
    *photo_state.drop_listener.lock().expect("listener poisoned") = Some(on_drop);
}

/// Opens the native file dialog and attaches the chosen photos to the draft.
#[tauri::command]
#[specta::specta]
pub async fn photos_attach(
    app: AppHandle,
    state: State<'_, AppState>,
    photo_state: State<'_, PhotoState>,
    draft_id: String,
    on_progress: Channel<Progress>,
) -> CommandResult<Vec<PhotoView>> {
    let paths = pick_photos(&app);
    Ok(attach_owned(&state, &photo_state, &draft_id, paths, &on_progress).await?)
}

/// Attaches the photos last dropped on the window.
#[tauri::command]
#[specta::specta]
pub async fn photos_attach_dropped(
    state: State<'_, AppState>,
    photo_state: State<'_, PhotoState>,
    draft_id: String,
    on_progress: Channel<Progress>,
) -> CommandResult<Vec<PhotoView>> {
    let paths = async {
        let dropped = &mut *photo_state.dropped.lock().expect("drop list poisoned");
        Ok(std::mem::take(dropped))
    };
    Ok(attach_owned(&state, &photo_state, &draft_id, paths, &on_progress).await?)
}

/// The draft's photos, in order.
#[tauri::command]
#[specta::specta]
pub async fn photos_list(
    state: State<'_, AppState>,
    photo_state: State<'_, PhotoState>,
    draft_id: String,
) -> CommandResult<Vec<PhotoView>> {
    let db = state.db().await?;
    let mut views = Vec::new();
    for photo in photos::list_photos(db, &draft_id).await? {
        views.push(view_of(&state, &photo_state, photo).await?);
    }
    Ok(views)
}

/// Replaces a photo's boxes (coordinates in full-size upright pixels).
#[tauri::command]
#[specta::specta]
pub async fn photos_set_boxes(
    state: State<'_, AppState>,
    photo_state: State<'_, PhotoState>,
    photo_id: String,
    boxes: Vec<PhotoBox>,
) -> CommandResult<PhotoView> {
    let (db, _) = photo_to_change(&state, &photo_id).await?;
    let photo = photos::set_boxes(db, &photo_id, boxes).await?;
    Ok(view_of(&state, &photo_state, photo).await?)
}

/// The after-preview: the downscaled picture with the included boxes
/// painted in `style`, as a data: URL.
#[tauri::command]
#[specta::specta]
pub async fn photos_render(
    state: State<'_, AppState>,
    photo_state: State<'_, PhotoState>,
    photo_id: String,
    boxes: Vec<PhotoBox>,
    style: RedactionStyle,
) -> CommandResult<String> {
    let (_, photo) = load_photo(&state, &photo_id).await?;
    photos::check_boxes(&boxes, photo.width, photo.height)?;
    let preview = preview_of(&state, &photo_state, &photo).await?;
    let url = tauri::async_runtime::spawn_blocking(move || -> anyhow::Result<String> {
        let mut picture = preview.image.clone();
        photo_edit::redact(&mut picture, &boxes, preview.scale, style.into());
        data_url(&picture.image)
    })
    .await
    .context("the preview stopped unexpectedly")??;
    Ok(url)
}

/// Redacts the included boxes irreversibly at full size, writes the picture
/// with no metadata into the store and makes it the photo's attachment.
#[tauri::command]
#[specta::specta]
pub async fn photos_save(
    state: State<'_, AppState>,
    photo_state: State<'_, PhotoState>,
    photo_id: String,
    style: RedactionStyle,
) -> CommandResult<Saved> {
    let (db, photo) = photo_to_change(&state, &photo_id).await?;
    let store = AttachmentStore::new(&state.data_dir);
    let (sha256, report) = tauri::async_runtime::spawn_blocking(move || {
        photo_edit::save_redacted(&store, &photo, style.into())
    })
    .await
    .context("saving stopped unexpectedly")??;
    let remaining = photo_edit::metadata_items(&report);
    let photo = photos::set_sanitised(db, &photo_id, &sha256).await?;
    Ok(Saved {
        photo: view_of(&state, &photo_state, photo).await?,
        remaining_metadata: remaining,
    })
}

/// Removes a photo from the draft (the user's file is untouched).
#[tauri::command]
#[specta::specta]
pub async fn photos_remove(
    state: State<'_, AppState>,
    photo_state: State<'_, PhotoState>,
    photo_id: String,
) -> CommandResult<()> {
    let (db, _) = photo_to_change(&state, &photo_id).await?;
    photos::remove_photo(db, &photo_id).await?;
    photo_state
        .previews
        .lock()
        .expect("preview cache poisoned")
        .remove(&photo_id);
    Ok(())
}

/// Only the draft's author, unlocked in this session, changes its photos
/// (the rule: `clearpost_core::review::photos::check_may_change`).
async fn check_author(state: &AppState, draft_id: &str) -> anyhow::Result<()> {
    let signer = state.signer()?;
    photos::check_may_change(state.db().await?, &signer, draft_id).await?;
    Ok(())
}

/// A photo and the database it is in.
async fn load_photo<'s>(
    state: &'s AppState,
    photo_id: &str,
) -> anyhow::Result<(&'s Database, DraftPhoto)> {
    let db = state.db().await?;
    Ok((db, photos::get_photo(db, photo_id).await?))
}

/// [`load_photo`] for a command that changes it: refused unless the session's
/// profile wrote its draft (see [`check_author`]).
async fn photo_to_change<'s>(
    state: &'s AppState,
    photo_id: &str,
) -> anyhow::Result<(&'s Database, DraftPhoto)> {
    let (db, photo) = load_photo(state, photo_id).await?;
    check_author(state, &photo.draft_id).await?;
    Ok((db, photo))
}

/// Attaches the files `paths` names, after checking the session's profile
/// wrote the draft. `paths` is only awaited once the check passed, so a
/// refused user never sees the file dialog.
async fn attach_owned(
    state: &AppState,
    photo_state: &PhotoState,
    draft_id: &str,
    paths: impl std::future::Future<Output = anyhow::Result<Vec<PathBuf>>>,
    progress: &Channel<Progress>,
) -> anyhow::Result<Vec<PhotoView>> {
    check_author(state, draft_id).await?;
    attach_paths(state, photo_state, draft_id, paths.await?, progress).await
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

async fn attach_paths(
    state: &AppState,
    photo_state: &PhotoState,
    draft_id: &str,
    paths: Vec<PathBuf>,
    progress: &Channel<Progress>,
) -> anyhow::Result<Vec<PhotoView>> {
    let db = state.db().await?;
    let total = paths.len();
    let mut added = Vec::new();
    for (n, path) in paths.into_iter().enumerate() {
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "photo".into());
        let channel = progress.clone();
        let name = file_name.clone();
        let report = move |stage| {
            let _ = channel.send(Progress {
                file: name.clone(),
                index: n + 1,
                total,
                stage,
            });
        };
        let analysed = analyse(state, &path, report)
            .await
            .with_context(|| file_name.clone())?;
        let photo = photos::add_photo(
            db,
            draft_id,
            NewPhoto {
                file_name: file_name.clone(),
                original_sha256: analysed.sha256,
                width: analysed.width,
                height: analysed.height,
                boxes: analysed.boxes,
                metadata: serde_json::to_value(&analysed.metadata)?,
            },
        )
        .await?;
        added.push(view_of(state, photo_state, photo).await?);
    }
    Ok(added)
}

/// Reads, checks and stores a file, then finds faces and records and the
/// PHI they show (`clearpost_core::photo_edit::analyse`), off the async
/// runtime: detection takes seconds on a large photo.
async fn analyse(
    state: &AppState,
    path: &Path,
    report: impl Fn(Stage) + Send + Sync + 'static,
) -> anyhow::Result<Analysed> {
    let store = AttachmentStore::new(&state.data_dir);
    let (scanner, policy, path) = (state.scanner()?, state.phi_policy(), path.to_path_buf());
    let analysed = tauri::async_runtime::spawn_blocking(move || {
        photo_edit::analyse(&store, &path, &scanner, &policy, report)
    })
    .await
    .context("looking at the photo stopped unexpectedly")??;
    Ok(analysed)
}

async fn view_of(
    state: &AppState,
    photo_state: &PhotoState,
    photo: DraftPhoto,
) -> anyhow::Result<PhotoView> {
    let preview = preview_of(state, photo_state, &photo).await?;
    let (metadata_items, metadata_blocks) = photo_edit::stored_metadata(&photo.metadata);
    let (preview_width, preview_height) = preview.image.image.dimensions();
    Ok(PhotoView {
        preview: preview.data_url.clone(),
        preview_width,
        preview_height,
        metadata_items,
        metadata_blocks,
        photo,
    })
}

/// The photo's preview, made once from the stored original.
async fn preview_of(
    state: &AppState,
    photo_state: &PhotoState,
    photo: &DraftPhoto,
) -> anyhow::Result<Arc<Preview>> {
    if let Some(preview) = photo_state
        .previews
        .lock()
        .expect("preview cache poisoned")
        .get(&photo.id)
    {
        return Ok(preview.clone());
    }
    let store = AttachmentStore::new(&state.data_dir);
    let sha256 = photo.original_sha256.clone();
    let preview = tauri::async_runtime::spawn_blocking(move || -> anyhow::Result<Preview> {
        let bytes = store.get(&sha256)?;
        let mut picture = vision::decode_upright(&bytes)?;
        let (w, h) = picture.image.dimensions();
        let scale = (PREVIEW_LONG_SIDE as f32 / w.max(h) as f32).min(1.0);
        if scale < 1.0 {
            let pw = ((w as f32 * scale).round() as u32).max(1);
            let ph = ((h as f32 * scale).round() as u32).max(1);
            picture.image = image::imageops::resize(
                &picture.image,
                pw,
                ph,
                image::imageops::FilterType::Triangle,
            );
        }
        let data_url = data_url(&picture.image)?;
        Ok(Preview {
            image: picture,
            scale,
            data_url,
        })
    })
    .await
    .context("making the preview stopped unexpectedly")??;
    let preview = Arc::new(preview);
    photo_state
        .previews
        .lock()
        .expect("preview cache poisoned")
        .insert(photo.id.clone(), preview.clone());
    Ok(preview)
}

/// A JPEG data: URL of `image` (previews only; saved photos use the store).
fn data_url(picture: &image::RgbImage) -> anyhow::Result<String> {
    let mut out = Cursor::new(Vec::new());
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
    picture
        .write_with_encoder(encoder)
        .context("encoding the preview")?;
    Ok(format!(
        "data:image/jpeg;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(out.into_inner())
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_photo_extensions_are_taken_from_a_drop() {
        assert!(has_photo_extension(Path::new("a/B.JPG")));
        assert!(!has_photo_extension(Path::new("a/b.txt")));
    }
}
