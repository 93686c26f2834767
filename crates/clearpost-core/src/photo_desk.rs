//! A draft's photos as use cases over a [`Context`]: attach files (looked at
//! once: metadata, faces, records and the PHI their text shows, classified
//! with the organisation's policy), list them with a preview, change their
//! boxes, preview the redaction, save the sanitised copy as the draft's
//! attachment, and remove one. Only the draft's author, unlocked, changes
//! its photos ([`photos::check_may_change`]). The user's files are only read.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use serde::Serialize;

use crate::context::Context;
use crate::error::{off_runtime, Doing as _, Result};
use crate::photo_edit::{self, MetadataItem, Stage};
use crate::review::photos::{self, DraftPhoto, NewPhoto, PhotoBox};
use crate::settings::RedactionStyle;
use crate::vision::{self, OutputFormat, Picture};

/// Long side of the previews sent to a window.
const PREVIEW_LONG_SIDE: u32 = 1024;

/// File extensions a photo may have, for a file dialog and a drop: every
/// format the decoder reads, the same list the CLI walks folders for.
pub use crate::photo_files::{is_photo_name as has_photo_extension, PHOTO_EXTENSIONS};

/// The attachment's name for a photo written in `format`: the user's name
/// with the written format's extension when it had another (`IMG_1.HEIC` is
/// published as `IMG_1.jpg`), so a file named for one format never holds another.
pub fn name_as_written(file_name: &str, format: OutputFormat) -> String {
    let path = Path::new(file_name);
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let keeps = matches!(
        (format, extension.as_deref()),
        (OutputFormat::Jpeg, Some("jpg" | "jpeg")) | (OutputFormat::Png, Some("png"))
    );
    if keeps {
        return file_name.to_string();
    }
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("photo");
    format!("{stem}.{}", format.extension())
}

/// Progress of attaching photos.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Progress {
    /// File being worked on.
    pub file: String,
    /// 1-based index of the file.
    pub index: usize,
    /// How many files there are.
    pub total: usize,
    /// Where it is.
    pub stage: Stage,
}

/// A photo as a window shows it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PhotoView {
    /// The photo as stored.
    #[serde(flatten)]
    pub photo: DraftPhoto,
    /// The upright picture, downscaled, as a data: URL.
    pub preview: String,
    /// Preview width in pixels.
    pub preview_width: u32,
    /// Preview height in pixels.
    pub preview_height: u32,
    /// Identifying metadata of the original, in plain words.
    pub metadata_items: Vec<MetadataItem>,
    /// Metadata blocks the saved copy drops.
    pub metadata_blocks: usize,
}

/// Result of saving: the photo and what the saved file still carries.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SavedPhoto {
    /// The photo with its sanitised copy.
    pub photo: PhotoView,
    /// Identifying metadata found in the saved file (empty when clean).
    pub remaining_metadata: Vec<MetadataItem>,
}

/// A downscaled upright picture and its scale to the full one.
struct Preview {
    picture: Picture,
    /// Preview pixels per full-size pixel (≤ 1).
    scale: f32,
    data_url: String,
}

/// Previews by photo id: decoding a 12-megapixel photo for every redraw
/// would be slow. One per window.
#[derive(Default)]
pub struct Previews(Mutex<HashMap<String, Arc<Preview>>>);

impl Previews {
    fn get(&self, id: &str) -> Option<Arc<Preview>> {
        self.0
            .lock()
            .expect("preview cache poisoned")
            .get(id)
            .cloned()
    }

    fn put(&self, id: &str, preview: Arc<Preview>) {
        let mut cache = self.0.lock().expect("preview cache poisoned");
        cache.insert(id.to_string(), preview);
    }

    fn forget(&self, id: &str) {
        self.0.lock().expect("preview cache poisoned").remove(id);
    }
}

/// Refused unless the unlocked profile wrote draft `draft_id` (checked before
/// a file dialog opens, so a refused user never sees it).
pub async fn check_may_attach(context: &Context, draft_id: &str) -> Result<()> {
    let me = context.signer()?;
    photos::check_may_change(context.db().await?, &me, draft_id).await?;
    Ok(())
}

/// A photo, refused unless the unlocked profile may change it.
async fn photo_to_change(context: &Context, photo_id: &str) -> Result<DraftPhoto> {
    let photo = photos::get_photo(context.db().await?, photo_id).await?;
    check_may_attach(context, &photo.draft_id).await?;
    Ok(photo)
}

/// Attaches the files at `paths` to draft `draft_id`, each looked at once
/// off the async runtime (detection takes seconds on a large photo);
/// `progress` hears every stage of every file.
pub async fn attach(
    context: &Context,
    previews: &Previews,
    draft_id: &str,
    paths: Vec<PathBuf>,
    progress: impl Fn(Progress) + Clone + Send + Sync + 'static,
) -> Result<Vec<PhotoView>> {
    check_may_attach(context, draft_id).await?;
    let total = paths.len();
    let mut added = Vec::new();
    for (n, path) in paths.into_iter().enumerate() {
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "photo".into());
        let (store, scanner, policy) = (context.store(), context.scanner()?, context.phi_policy());
        let (name, report) = (file_name.clone(), progress.clone());
        let analysed = off_runtime("looking at the photo", move || {
            photo_edit::analyse(&store, &path, &scanner, &policy, |stage| {
                report(Progress {
                    file: name.clone(),
                    index: n + 1,
                    total,
                    stage,
                })
            })
        })
        .await?
        .doing(file_name.clone())?;
        let metadata =
            serde_json::to_value(&analysed.metadata).expect("a metadata report always serialises");
        let new = NewPhoto {
            file_name: name_as_written(&file_name, analysed.written_as),
            original_sha256: analysed.sha256,
            width: analysed.width,
            height: analysed.height,
            boxes: analysed.boxes,
            metadata,
        };
        let photo = photos::add_photo(context.db().await?, draft_id, new).await?;
        added.push(view(context, previews, photo).await?);
    }
    Ok(added)
}

/// The draft's photos, in order.
pub async fn list(
    context: &Context,
    previews: &Previews,
    draft_id: &str,
) -> Result<Vec<PhotoView>> {
    let mut views = Vec::new();
    for photo in photos::list_photos(context.db().await?, draft_id).await? {
        views.push(view(context, previews, photo).await?);
    }
    Ok(views)
}

/// Replaces a photo's boxes (coordinates in full-size upright pixels).
pub async fn set_boxes(
    context: &Context,
    previews: &Previews,
    photo_id: &str,
    boxes: Vec<PhotoBox>,
) -> Result<PhotoView> {
    photo_to_change(context, photo_id).await?;
    let photo = photos::set_boxes(context.db().await?, photo_id, boxes).await?;
    view(context, previews, photo).await
}

/// The after-preview: the downscaled picture with the included `boxes`
/// painted in `style`, as a data: URL. Changes nothing.
pub async fn render(
    context: &Context,
    previews: &Previews,
    photo_id: &str,
    boxes: Vec<PhotoBox>,
    style: RedactionStyle,
) -> Result<String> {
    let photo = photos::get_photo(context.db().await?, photo_id).await?;
    photos::check_boxes(&boxes, photo.width, photo.height)?;
    let preview = preview_of(context, previews, &photo).await?;
    off_runtime("the preview", move || {
        let mut picture = preview.picture.clone();
        photo_edit::redact(&mut picture, &boxes, preview.scale, style);
        jpeg_data_url(&picture)
    })
    .await?
}

/// Redacts the included boxes irreversibly at full size, writes the picture
/// with no metadata into the store and makes it the photo's attachment.
pub async fn save(
    context: &Context,
    previews: &Previews,
    photo_id: &str,
    style: RedactionStyle,
) -> Result<SavedPhoto> {
    let photo = photo_to_change(context, photo_id).await?;
    let store = context.store();
    let (sha256, report) = off_runtime("saving the photo", move || {
        photo_edit::save_redacted(&store, &photo, style)
    })
    .await??;
    let photo = photos::set_sanitised(context.db().await?, photo_id, &sha256).await?;
    Ok(SavedPhoto {
        photo: view(context, previews, photo).await?,
        remaining_metadata: photo_edit::metadata_items(&report),
    })
}

/// Removes a photo from its draft (the user's file is untouched).
pub async fn remove(context: &Context, previews: &Previews, photo_id: &str) -> Result<()> {
    photo_to_change(context, photo_id).await?;
    photos::remove_photo(context.db().await?, photo_id).await?;
    previews.forget(photo_id);
    Ok(())
}

async fn view(context: &Context, previews: &Previews, photo: DraftPhoto) -> Result<PhotoView> {
    let preview = preview_of(context, previews, &photo).await?;
    let (metadata_items, metadata_blocks) = photo_edit::stored_metadata(&photo.metadata);
    let (preview_width, preview_height) = preview.picture.image.dimensions();
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
    context: &Context,
    previews: &Previews,
    photo: &DraftPhoto,
) -> Result<Arc<Preview>> {
    if let Some(preview) = previews.get(&photo.id) {
        return Ok(preview);
    }
    let (store, sha256) = (context.store(), photo.original_sha256.clone());
    let preview = off_runtime("making the preview", move || -> Result<Preview> {
        let picture = vision::decode_upright(&store.get(&sha256)?).map_err(photo_edit_error)?;
        let (picture, scale) = downscaled(picture, PREVIEW_LONG_SIDE);
        let data_url = jpeg_data_url(&picture)?;
        Ok(Preview {
            picture,
            scale,
            data_url,
        })
    })
    .await??;
    let preview = Arc::new(preview);
    previews.put(&photo.id, preview.clone());
    Ok(preview)
}

fn photo_edit_error(err: vision::VisionError) -> crate::error::Error {
    photo_edit::PhotoEditError::Vision(err).into()
}

/// `picture` with its long side at most `long_side`, and the scale applied.
fn downscaled(mut picture: Picture, long_side: u32) -> (Picture, f32) {
    let (w, h) = picture.image.dimensions();
    let scale = (long_side as f32 / w.max(h) as f32).min(1.0);
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
    (picture, scale)
}

/// A JPEG data: URL of `picture` (previews only; saved photos use the store).
fn jpeg_data_url(picture: &Picture) -> Result<String> {
    let bytes = vision::encode(&picture.image, OutputFormat::Jpeg).map_err(photo_edit_error)?;
    Ok(format!(
        "data:image/jpeg;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_photo_extensions_are_taken_from_a_drop() {
        assert!(has_photo_extension(Path::new("/a/B.JPG")));
        assert!(has_photo_extension(Path::new("c.png")));
        assert!(!has_photo_extension(Path::new("notes.txt")));
        assert!(!has_photo_extension(Path::new("jpg")));
    }

    #[test]
    fn a_photo_is_named_for_the_format_its_clean_copy_is_written_in() {
        assert_eq!(
            name_as_written("IMG_0001.HEIC", OutputFormat::Jpeg),
            "IMG_0001.jpg"
        );
        assert_eq!(name_as_written("scan.tiff", OutputFormat::Png), "scan.png");
        assert_eq!(
            name_as_written("ward.JPEG", OutputFormat::Jpeg),
            "ward.JPEG"
        );
        assert_eq!(name_as_written("chart.png", OutputFormat::Png), "chart.png");
        assert_eq!(
            name_as_written("no-extension", OutputFormat::Jpeg),
            "no-extension.jpg"
        );
        assert!(has_photo_extension(Path::new("IMG_0001.HEIC")));
        assert!(has_photo_extension(Path::new("clip.webp")));
    }

    /// An iPhone photo (HEIC) attached in the app is analysed, named and
    /// saved as the JPEG it is published as, with no metadata left.
    #[tokio::test]
    async fn an_iphone_heic_is_attached_and_saved_as_a_clean_jpeg() {
        use crate::people::{self, Role};
        let heic = Path::new(env!("CARGO_MANIFEST_DIR")).join(
            "../../../shared/corpus/metadata/exif-samples/heic__mobile__iphone_13_pro_max.HEIC",
        );
        let Some(models) = crate::test_support::models_or_skip() else {
            return;
        };
        if !heic.exists() {
            let why = format!("{} is missing", heic.display());
            assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "CI=true: {why}");
            eprintln!("SKIP: {why}");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let context = Context::with_dirs(dir.path().into(), models);
        people::create_profile(
            &context,
            "Dana Author",
            Role::Author,
            crate::test_support::PASSPHRASE,
        )
        .await
        .unwrap();
        let draft = crate::drafts::create(&context, None).await.unwrap();
        let previews = Previews::default();
        let attached = attach(&context, &previews, &draft.id, vec![heic], |_| {})
            .await
            .unwrap();
        let photo = &attached[0].photo;
        assert_eq!(photo.file_name, "heic__mobile__iphone_13_pro_max.jpg");
        assert!(
            !attached[0].metadata_items.is_empty(),
            "an iPhone photo carries metadata"
        );
        let saved = save(&context, &previews, &photo.id, RedactionStyle::default())
            .await
            .unwrap();
        assert!(
            saved.remaining_metadata.is_empty(),
            "{:?}",
            saved.remaining_metadata
        );
        let clean = context
            .store()
            .get(saved.photo.photo.sanitised_sha256.as_deref().unwrap())
            .unwrap();
        assert_eq!(&clean[..3], &[0xFF, 0xD8, 0xFF], "the clean copy is a JPEG");
    }

    #[test]
    fn previews_keep_the_aspect_and_never_enlarge() {
        let picture = |w, h| Picture {
            image: image::RgbImage::new(w, h),
            ..test_picture()
        };
        let (small, scale) = downscaled(picture(2048, 1024), 1024);
        assert_eq!(small.image.dimensions(), (1024, 512));
        assert!((scale - 0.5).abs() < 1e-6);
        let (same, scale) = downscaled(picture(300, 200), 1024);
        assert_eq!(same.image.dimensions(), (300, 200));
        assert_eq!(scale, 1.0);
    }

    fn test_picture() -> Picture {
        let png = vision::encode(&image::RgbImage::new(2, 2), OutputFormat::Png).unwrap();
        vision::decode_upright(&png).unwrap()
    }

    /// Attach, box, preview, save and remove a photo as its author; another
    /// profile may look but not change it; the user's file is never written.
    #[tokio::test]
    async fn the_author_attaches_boxes_saves_and_removes_a_photo() {
        use crate::people::{self, Role};
        use crate::review::photos::BoxRect;
        use crate::vision::RegionKind;
        let Some(models) = crate::test_support::models_or_skip() else {
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let context = Context::with_dirs(dir.path().join("data"), models);
        let pass = crate::test_support::PASSPHRASE;
        let author = people::create_profile(&context, "Dana Author", Role::Author, pass)
            .await
            .unwrap()
            .unlocked
            .unwrap();
        let draft = crate::drafts::create(&context, None).await.unwrap();
        let file = dir.path().join("garden.png");
        let pixels = image::RgbImage::from_pixel(64, 48, image::Rgb([90, 160, 80]));
        std::fs::write(&file, vision::encode(&pixels, OutputFormat::Png).unwrap()).unwrap();
        let original = std::fs::read(&file).unwrap();
        let previews = Previews::default();
        let heard = Arc::new(Mutex::new(Vec::new()));
        let log = heard.clone();
        let report = move |p: Progress| log.lock().unwrap().push(p.stage);
        let attached = attach(&context, &previews, &draft.id, vec![file.clone()], report)
            .await
            .unwrap();
        assert_eq!(
            *heard.lock().unwrap(),
            [Stage::Reading, Stage::Faces, Stage::Records, Stage::Done]
        );
        let photo = &attached[0].photo;
        assert_eq!((photo.width, photo.height), (64, 48));
        assert!(attached[0].preview.starts_with("data:image/jpeg;base64,"));
        let drawn = PhotoBox {
            id: "drawn-1".into(),
            kind: RegionKind::Manual,
            rect: BoxRect {
                x: 4,
                y: 4,
                w: 20,
                h: 10,
            },
            score: 1.0,
            included: true,
            text: None,
            phi: Vec::new(),
        };
        let boxed = set_boxes(&context, &previews, &photo.id, vec![drawn.clone()])
            .await
            .unwrap();
        assert_eq!(boxed.photo.boxes.len(), 1);
        let outside = PhotoBox {
            rect: BoxRect {
                x: 60,
                y: 40,
                w: 20,
                h: 20,
            },
            ..drawn.clone()
        };
        let style = RedactionStyle::default();
        assert!(render(&context, &previews, &photo.id, vec![outside], style)
            .await
            .is_err());
        let painted = render(&context, &previews, &photo.id, vec![drawn], style)
            .await
            .unwrap();
        assert_ne!(painted, boxed.preview, "the preview shows the box painted");
        let saved = save(&context, &previews, &photo.id, style).await.unwrap();
        assert!(saved.photo.photo.sanitised_sha256.is_some());
        assert!(saved.remaining_metadata.is_empty());
        // Someone else, unlocked on this machine, cannot change the author's photo.
        people::create_profile(&context, "Rui Reviewer", Role::Reviewer, pass)
            .await
            .unwrap();
        assert!(remove(&context, &previews, &photo.id).await.is_err());
        assert_eq!(list(&context, &previews, &draft.id).await.unwrap().len(), 1);
        people::unlock(&context, &author.id, pass).await.unwrap();
        remove(&context, &previews, &photo.id).await.unwrap();
        assert!(list(&context, &previews, &draft.id)
            .await
            .unwrap()
            .is_empty());
        assert_eq!(
            std::fs::read(&file).unwrap(),
            original,
            "the user's file is only read"
        );
    }

    #[test]
    fn a_preview_is_a_jpeg_data_url() {
        let url = jpeg_data_url(&test_picture()).unwrap();
        assert!(url.starts_with("data:image/jpeg;base64,/9j/"), "{url}");
    }
}
