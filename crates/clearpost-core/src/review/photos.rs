//! The photos of a draft while it is being worked on: which photo, the boxes
//! to cover on it (detected faces and records, and boxes the author drew),
//! its metadata report, and the sanitised copy saved as the draft's
//! attachment.
//!
//! The original bytes live in the content store (never the user's file on
//! disk), so boxes can be edited and the photo saved again at any time. This
//! module only stores and checks; detection and redaction happen in the
//! vision engine, called by the app.

use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use super::finding::{Finding, Location};
use super::submission::AttachmentRef;
use super::ReviewError;
use clearpost_audit::events::now_utc;
use clearpost_audit::profiles::UnlockedProfile;
use clearpost_audit::store::is_sha256_hex;
use clearpost_audit::Database;

/// What a box covers (the vision engine's kind: "face", "record" or
/// "manual"; boxes stored as "text" before it had one name still read).
pub use crate::vision::RegionKind;

/// Longest file name kept (characters); longer names are refused.
const MAX_FILE_NAME_CHARS: usize = 200;
/// Most boxes on one photo; more is a bug or an attack, not a photo.
const MAX_BOXES: usize = 2_000;

/// PHI the scanner found in a record's recognised text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BoxPhi {
    /// Category of identifier (e.g. "name", "mrn").
    pub category: String,
    /// The flagged words.
    pub excerpt: String,
    /// True when the scanner's policy says it must not be published.
    pub blocking: bool,
}

/// A rectangle in pixels of the upright (EXIF-oriented) picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BoxRect {
    /// Left edge.
    pub x: u32,
    /// Top edge.
    pub y: u32,
    /// Width (at least 1).
    pub w: u32,
    /// Height (at least 1).
    pub h: u32,
}

/// One box on a photo.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PhotoBox {
    /// Unique within the photo (chosen by whoever made the box).
    pub id: String,
    /// What it covers.
    pub kind: RegionKind,
    /// Where.
    pub rect: BoxRect,
    /// Detector confidence 0..1 (1 for manual boxes).
    pub score: f32,
    /// True: it is covered when the photo is saved. False: dismissed by the
    /// author (still listed, and still reported at submission).
    pub included: bool,
    /// Recognised text of a record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// PHI found in that text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phi: Vec<BoxPhi>,
}

/// A draft's photo as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DraftPhoto {
    /// Random id (16 hex characters).
    pub id: String,
    /// The draft it belongs to.
    pub draft_id: String,
    /// Order among the draft's photos (0 first).
    pub position: i64,
    /// The name of the user's file (no folders).
    pub file_name: String,
    /// SHA-256 of the original bytes in the content store.
    pub original_sha256: String,
    /// SHA-256 of the saved sanitised copy, when it matches the current boxes.
    pub sanitised_sha256: Option<String>,
    /// Upright width in pixels.
    pub width: u32,
    /// Upright height in pixels.
    pub height: u32,
    /// The boxes, detected and drawn.
    pub boxes: Vec<PhotoBox>,
    /// The original's metadata report (as the metadata engine serialises it).
    pub metadata: serde_json::Value,
}

/// What is needed to add a photo to a draft.
#[derive(Debug, Clone)]
pub struct NewPhoto {
    /// The name of the user's file.
    pub file_name: String,
    /// SHA-256 of the original, already in the content store.
    pub original_sha256: String,
    /// Upright width in pixels.
    pub width: u32,
    /// Upright height in pixels.
    pub height: u32,
    /// Detected boxes.
    pub boxes: Vec<PhotoBox>,
    /// The original's metadata report.
    pub metadata: serde_json::Value,
}

/// Checks boxes against the picture: ids present and unique, each box inside
/// the picture and at least one pixel in size.
pub fn check_boxes(boxes: &[PhotoBox], width: u32, height: u32) -> Result<(), ReviewError> {
    if boxes.len() > MAX_BOXES {
        return Err(ReviewError::BadInput(format!(
            "{} boxes on one photo; at most {MAX_BOXES} are accepted",
            boxes.len()
        )));
    }
    let mut ids = std::collections::HashSet::new();
    for b in boxes {
        if b.id.trim().is_empty() || b.id.len() > 64 {
            return Err(ReviewError::BadInput(
                "every box needs an id of 1 to 64 characters".into(),
            ));
        }
        if !ids.insert(b.id.as_str()) {
            return Err(ReviewError::BadInput(format!(
                "two boxes share the id {:?}",
                b.id
            )));
        }
        let r = b.rect;
        let inside = r.w >= 1
            && r.h >= 1
            && r.x.checked_add(r.w).is_some_and(|right| right <= width)
            && r.y.checked_add(r.h).is_some_and(|bottom| bottom <= height);
        if !inside {
            return Err(ReviewError::BadInput(format!(
                "box {:?} ({},{} {}×{}) is not inside the {width}×{height} picture",
                b.id, r.x, r.y, r.w, r.h
            )));
        }
        if !(0.0..=1.0).contains(&b.score) {
            return Err(ReviewError::BadInput(format!(
                "box {:?} has a score outside 0..1",
                b.id
            )));
        }
    }
    Ok(())
}

fn check_file_name(name: &str) -> Result<(), ReviewError> {
    let ok = !name.trim().is_empty()
        && name.chars().count() <= MAX_FILE_NAME_CHARS
        && !name.contains(['/', '\\'])
        && !name.chars().any(char::is_control);
    if ok {
        Ok(())
    } else {
        Err(ReviewError::BadInput(format!(
            "{name:?} is not a plain file name of at most {MAX_FILE_NAME_CHARS} characters"
        )))
    }
}

/// The findings a submission reports for these photos: one per detected face
/// and record (drawn boxes are the author's own choice and need no finding).
///
/// A covered box is informational. A dismissed box stays reported so the
/// reviewer sees it; a dismissed record whose text holds blocking PHI blocks
/// the submission (it would publish the identifier).
pub fn findings_for(photos: &[DraftPhoto]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (n, photo) in photos.iter().enumerate() {
        let attachment = photo
            .sanitised_sha256
            .clone()
            .unwrap_or_else(|| photo.original_sha256.clone());
        for b in photo.boxes.iter().filter(|b| b.kind != RegionKind::Manual) {
            let phi_blocking = b.phi.iter().any(|p| p.blocking);
            let blocking = !b.included && b.kind == RegionKind::Record && phi_blocking;
            let what = match b.kind {
                RegionKind::Face => "a face".to_string(),
                _ if b.phi.is_empty() => "readable text".to_string(),
                _ => {
                    let categories: Vec<&str> = b.phi.iter().map(|p| p.category.as_str()).collect();
                    format!("readable text with PHI ({})", categories.join(", "))
                }
            };
            let reason = if b.included {
                format!("{what} in {}, covered before publishing", photo.file_name)
            } else {
                format!(
                    "{what} in {}, dismissed by the author: it will be published as is",
                    photo.file_name
                )
            };
            findings.push(Finding {
                id: format!("photo{}-{}-{}", n + 1, b.kind.as_str(), b.id),
                category: b.kind.as_str().to_string(),
                location: Location::Image {
                    attachment: attachment.clone(),
                    x: b.rect.x,
                    y: b.rect.y,
                    width: b.rect.w,
                    height: b.rect.h,
                },
                excerpt: b.text.clone().filter(|t| !t.is_empty()),
                blocking,
                reason: Some(reason),
            });
        }
    }
    findings
}

/// The draft's attachments: the saved sanitised copies, in photo order.
pub fn attachments_of(photos: &[DraftPhoto]) -> Vec<AttachmentRef> {
    photos
        .iter()
        .filter_map(|p| {
            Some(AttachmentRef {
                sha256: p.sanitised_sha256.clone()?,
                name: p.file_name.clone(),
            })
        })
        .collect()
}

type PhotoRow = (
    String,
    String,
    i64,
    String,
    String,
    Option<String>,
    i64,
    i64,
    String,
    String,
);

const COLUMNS: &str = "id, draft_id, position, file_name, original_sha256, sanitised_sha256, \
                       width, height, boxes, metadata";

fn photo_from_row(row: PhotoRow) -> Result<DraftPhoto, ReviewError> {
    let (id, draft_id, position, file_name, original, sanitised, width, height, boxes, metadata) =
        row;
    Ok(DraftPhoto {
        id,
        draft_id,
        position,
        file_name,
        original_sha256: original,
        sanitised_sha256: sanitised,
        width: u32::try_from(width).unwrap_or(0),
        height: u32::try_from(height).unwrap_or(0),
        boxes: serde_json::from_str(&boxes)?,
        metadata: serde_json::from_str(&metadata)?,
    })
}

async fn load_photo(conn: &mut SqliteConnection, id: &str) -> Result<DraftPhoto, ReviewError> {
    let row: Option<PhotoRow> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM draft_photos WHERE id = ?"))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    row.map(photo_from_row)
        .transpose()?
        .ok_or_else(|| ReviewError::NotFound(format!("no photo {id}")))
}

async fn load_photos(
    conn: &mut SqliteConnection,
    draft_id: &str,
) -> Result<Vec<DraftPhoto>, ReviewError> {
    let rows: Vec<PhotoRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM draft_photos WHERE draft_id = ? ORDER BY position, added_at"
    ))
    .bind(draft_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(photo_from_row).collect()
}

fn new_id() -> String {
    let mut bytes = [0u8; 8];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Adds a photo (original already in the store) after the draft's others.
pub async fn add_photo(
    db: &Database,
    draft_id: &str,
    photo: NewPhoto,
) -> Result<DraftPhoto, ReviewError> {
    check_file_name(&photo.file_name)?;
    if !is_sha256_hex(&photo.original_sha256) {
        return Err(ReviewError::BadInput(format!(
            "{:?} is not a SHA-256",
            photo.original_sha256
        )));
    }
    check_boxes(&photo.boxes, photo.width, photo.height)?;
    let mut tx = db.pool().begin_with("BEGIN IMMEDIATE").await?;
    let exists: Option<(String,)> = sqlx::query_as("SELECT id FROM drafts WHERE id = ?")
        .bind(draft_id)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() {
        return Err(ReviewError::NotFound(format!("no draft {draft_id}")));
    }
    let (position,): (i64,) = sqlx::query_as(
        "SELECT COALESCE(MAX(position) + 1, 0) FROM draft_photos WHERE draft_id = ?",
    )
    .bind(draft_id)
    .fetch_one(&mut *tx)
    .await?;
    let id = new_id();
    let now = now_utc();
    sqlx::query(
        "INSERT INTO draft_photos (id, draft_id, position, file_name, original_sha256, \
         sanitised_sha256, width, height, boxes, metadata, added_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(draft_id)
    .bind(position)
    .bind(&photo.file_name)
    .bind(&photo.original_sha256)
    .bind(i64::from(photo.width))
    .bind(i64::from(photo.height))
    .bind(serde_json::to_string(&photo.boxes)?)
    .bind(serde_json::to_string(&photo.metadata)?)
    .bind(&now)
    .bind(&now)
    .execute(&mut *tx)
    .await?;
    let stored = load_photo(&mut tx, &id).await?;
    tx.commit().await?;
    Ok(stored)
}

/// Refuses anyone but the draft's author: a reviewer looking at a draft must
/// not alter the photos they approve (the rule for its text, applied to its
/// photos).
pub async fn check_may_change(
    db: &Database,
    who: &UnlockedProfile,
    draft_id: &str,
) -> Result<(), ReviewError> {
    super::workspace::require_author(db, who, draft_id, "change the photos of").await
}

/// The draft's photos in order.
pub async fn list_photos(db: &Database, draft_id: &str) -> Result<Vec<DraftPhoto>, ReviewError> {
    let mut conn = db.pool().acquire().await?;
    load_photos(&mut conn, draft_id).await
}

/// One photo.
pub async fn get_photo(db: &Database, photo_id: &str) -> Result<DraftPhoto, ReviewError> {
    let mut conn = db.pool().acquire().await?;
    load_photo(&mut conn, photo_id).await
}

/// Replaces a photo's boxes. A saved copy made with the old boxes no longer
/// matches, so it stops being an attachment until the photo is saved again.
pub async fn set_boxes(
    db: &Database,
    photo_id: &str,
    boxes: Vec<PhotoBox>,
) -> Result<DraftPhoto, ReviewError> {
    let mut tx = db.pool().begin_with("BEGIN IMMEDIATE").await?;
    let photo = load_photo(&mut tx, photo_id).await?;
    check_boxes(&boxes, photo.width, photo.height)?;
    if boxes == photo.boxes {
        return Ok(photo);
    }
    sqlx::query(
        "UPDATE draft_photos SET boxes = ?, sanitised_sha256 = NULL, updated_at = ? WHERE id = ?",
    )
    .bind(serde_json::to_string(&boxes)?)
    .bind(now_utc())
    .bind(photo_id)
    .execute(&mut *tx)
    .await?;
    let updated = load_photo(&mut tx, photo_id).await?;
    let attachments_changed = photo.sanitised_sha256.is_some();
    tx.commit().await?;
    if attachments_changed {
        sync_attachments(db, &updated.draft_id).await?;
    }
    Ok(updated)
}

/// Records the sanitised copy (already in the store) made from the current
/// boxes, and updates the draft's attachments.
pub async fn set_sanitised(
    db: &Database,
    photo_id: &str,
    sanitised_sha256: &str,
) -> Result<DraftPhoto, ReviewError> {
    if !is_sha256_hex(sanitised_sha256) {
        return Err(ReviewError::BadInput(format!(
            "{sanitised_sha256:?} is not a SHA-256"
        )));
    }
    let result =
        sqlx::query("UPDATE draft_photos SET sanitised_sha256 = ?, updated_at = ? WHERE id = ?")
            .bind(sanitised_sha256)
            .bind(now_utc())
            .bind(photo_id)
            .execute(db.pool())
            .await?;
    if result.rows_affected() == 0 {
        return Err(ReviewError::NotFound(format!("no photo {photo_id}")));
    }
    let photo = get_photo(db, photo_id).await?;
    sync_attachments(db, &photo.draft_id).await?;
    Ok(photo)
}

/// Removes a photo from its draft (the stored bytes stay: the store is
/// append-only, and a past submission may refer to them).
pub async fn remove_photo(db: &Database, photo_id: &str) -> Result<(), ReviewError> {
    let photo = get_photo(db, photo_id).await?;
    sqlx::query("DELETE FROM draft_photos WHERE id = ?")
        .bind(photo_id)
        .execute(db.pool())
        .await?;
    if photo.sanitised_sha256.is_some() {
        sync_attachments(db, &photo.draft_id).await?;
    }
    Ok(())
}

/// The review findings for a draft's photos (see [`findings_for`]); the
/// Review panel adds them to the text findings at submission.
pub async fn image_findings(db: &Database, draft_id: &str) -> Result<Vec<Finding>, ReviewError> {
    Ok(findings_for(&list_photos(db, draft_id).await?))
}

/// Makes the draft's attachments (in its working copy) the saved sanitised
/// photos, in order.
async fn sync_attachments(db: &Database, draft_id: &str) -> Result<(), ReviewError> {
    let attachments = attachments_of(&list_photos(db, draft_id).await?);
    super::workspace::set_attachments(db, draft_id, attachments).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face(id: &str, included: bool) -> PhotoBox {
        PhotoBox {
            id: id.into(),
            kind: RegionKind::Face,
            rect: BoxRect {
                x: 10,
                y: 10,
                w: 20,
                h: 20,
            },
            score: 0.9,
            included,
            text: None,
            phi: vec![],
        }
    }

    fn record(id: &str, included: bool, blocking_phi: bool) -> PhotoBox {
        PhotoBox {
            id: id.into(),
            kind: RegionKind::Record,
            rect: BoxRect {
                x: 40,
                y: 50,
                w: 30,
                h: 10,
            },
            score: 0.8,
            included,
            text: Some("MRN 4821973 Jane Doe".into()),
            phi: vec![BoxPhi {
                category: "name".into(),
                excerpt: "Jane Doe".into(),
                blocking: blocking_phi,
            }],
        }
    }

    fn photo(boxes: Vec<PhotoBox>, sanitised: Option<&str>) -> DraftPhoto {
        DraftPhoto {
            id: "p1".into(),
            draft_id: "d1".into(),
            position: 0,
            file_name: "ward.jpg".into(),
            original_sha256: "a".repeat(64),
            sanitised_sha256: sanitised.map(str::to_string),
            width: 100,
            height: 80,
            boxes,
            metadata: serde_json::json!({}),
        }
    }

    #[test]
    fn stored_boxes_read_in_either_spelling_of_a_record_and_are_written_as_record() {
        let stored = r#"[
            {"id":"record-1","kind":"record","rect":{"x":1,"y":2,"w":3,"h":4},"score":0.5,"included":true},
            {"id":"record-2","kind":"text","rect":{"x":1,"y":2,"w":3,"h":4},"score":0.5,"included":false},
            {"id":"face-1","kind":"face","rect":{"x":1,"y":2,"w":3,"h":4},"score":0.9,"included":true},
            {"id":"manual-1","kind":"manual","rect":{"x":1,"y":2,"w":3,"h":4},"score":1.0,"included":true}
        ]"#;
        let boxes: Vec<PhotoBox> = serde_json::from_str(stored).unwrap();
        let kinds: Vec<RegionKind> = boxes.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                RegionKind::Record,
                RegionKind::Record,
                RegionKind::Face,
                RegionKind::Manual
            ]
        );
        let written = serde_json::to_value(&boxes[1]).unwrap();
        assert_eq!(written["kind"], "record");
    }

    #[test]
    fn boxes_outside_the_picture_or_duplicated_are_refused() {
        assert!(check_boxes(&[face("a", true), record("b", true, true)], 100, 80).is_ok());
        let mut wide = face("a", true);
        wide.rect.w = 91; // 10 + 91 > 100
        assert!(check_boxes(&[wide], 100, 80).is_err());
        let mut empty = face("a", true);
        empty.rect.h = 0;
        assert!(check_boxes(&[empty], 100, 80).is_err());
        let mut overflow = face("a", true);
        overflow.rect.x = u32::MAX;
        assert!(check_boxes(&[overflow], 100, 80).is_err());
        let err = check_boxes(&[face("a", true), face("a", false)], 100, 80).unwrap_err();
        assert!(err.to_string().contains("share the id"), "{err}");
    }

    #[test]
    fn only_a_dismissed_record_with_blocking_phi_blocks() {
        let photos = [photo(
            vec![
                face("f", false),
                record("covered", true, true),
                record("dismissed", false, true),
                record("harmless", false, false),
            ],
            Some(&"b".repeat(64)),
        )];
        let findings = findings_for(&photos);
        let blocking: Vec<&str> = findings
            .iter()
            .filter(|f| f.blocking)
            .map(|f| f.id.as_str())
            .collect();
        assert_eq!(blocking, ["photo1-record-dismissed"]);
        assert_eq!(findings.len(), 4);
        for f in &findings {
            match &f.location {
                Location::Image { attachment, .. } => assert_eq!(attachment, &"b".repeat(64)),
                other => panic!("image finding at {other:?}"),
            }
        }
        assert!(findings[0].reason.as_deref().unwrap().contains("dismissed"));
    }

    #[test]
    fn drawn_boxes_are_not_findings_and_unsaved_photos_are_not_attachments() {
        let mut manual = face("m", true);
        manual.kind = RegionKind::Manual;
        let unsaved = photo(vec![manual], None);
        assert!(findings_for(std::slice::from_ref(&unsaved)).is_empty());
        assert!(attachments_of(std::slice::from_ref(&unsaved)).is_empty());
        let saved = photo(vec![], Some(&"c".repeat(64)));
        let refs = attachments_of(&[unsaved, saved]);
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].name, "ward.jpg");
    }

    async fn database_with_draft() -> (tempfile::TempDir, Database) {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(dir.path()).await.unwrap();
        sqlx::query(
            "INSERT INTO drafts (id, author, text, attachments, findings, overrides, state, submission, updated_at) \
             VALUES ('d1', 'someone', 'text', '[]', '[]', '[]', 'draft', NULL, '2026-01-01T00:00:00Z')",
        )
        .execute(db.pool())
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO draft_workspace (draft_id, title, text, saved_at) \
             VALUES ('d1', 'Ward 4', 'text', '2026-01-01T00:00:00Z')",
        )
        .execute(db.pool())
        .await
        .unwrap();
        (dir, db)
    }

    async fn draft_attachments(db: &Database) -> Vec<AttachmentRef> {
        super::super::workspace::load(db, "d1")
            .await
            .unwrap()
            .attachments
    }

    fn new_photo(boxes: Vec<PhotoBox>) -> NewPhoto {
        NewPhoto {
            file_name: "ward.jpg".into(),
            original_sha256: "a".repeat(64),
            width: 100,
            height: 80,
            boxes,
            metadata: serde_json::json!({"findings": []}),
        }
    }

    #[tokio::test]
    async fn saving_and_editing_boxes_keeps_the_draft_attachments_in_step() {
        let (_dir, db) = database_with_draft().await;
        let first = add_photo(&db, "d1", new_photo(vec![face("f", true)]))
            .await
            .unwrap();
        let second = add_photo(&db, "d1", new_photo(vec![])).await.unwrap();
        assert_eq!((first.position, second.position), (0, 1));
        assert!(draft_attachments(&db).await.is_empty());

        let sanitised = "b".repeat(64);
        set_sanitised(&db, &first.id, &sanitised).await.unwrap();
        let refs = draft_attachments(&db).await;
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].sha256, sanitised);

        // Same boxes: the saved copy still matches.
        set_boxes(&db, &first.id, vec![face("f", true)])
            .await
            .unwrap();
        assert_eq!(draft_attachments(&db).await.len(), 1);
        // Dismissing the face makes the saved copy stale.
        let edited = set_boxes(&db, &first.id, vec![face("f", false)])
            .await
            .unwrap();
        assert_eq!(edited.sanitised_sha256, None);
        assert!(draft_attachments(&db).await.is_empty());
        let findings = image_findings(&db, "d1").await.unwrap();
        assert_eq!(findings.len(), 1);
        assert!(findings[0].reason.as_deref().unwrap().contains("dismissed"));

        set_sanitised(&db, &second.id, &"c".repeat(64))
            .await
            .unwrap();
        remove_photo(&db, &second.id).await.unwrap();
        assert!(draft_attachments(&db).await.is_empty());
        assert_eq!(list_photos(&db, "d1").await.unwrap().len(), 1);
    }

    #[tokio::test]
    async fn bad_input_changes_nothing() {
        let (_dir, db) = database_with_draft().await;
        let err = add_photo(&db, "nope", new_photo(vec![])).await.unwrap_err();
        assert!(matches!(err, ReviewError::NotFound(_)), "{err}");
        let mut bad_name = new_photo(vec![]);
        bad_name.file_name = "../etc/passwd".into();
        assert!(matches!(
            add_photo(&db, "d1", bad_name).await,
            Err(ReviewError::BadInput(_))
        ));
        let photo = add_photo(&db, "d1", new_photo(vec![face("f", true)]))
            .await
            .unwrap();
        let mut outside = face("f", true);
        outside.rect.y = 70;
        assert!(matches!(
            set_boxes(&db, &photo.id, vec![outside]).await,
            Err(ReviewError::BadInput(_))
        ));
        assert!(set_sanitised(&db, &photo.id, "not a hash").await.is_err());
        let stored = get_photo(&db, &photo.id).await.unwrap();
        assert_eq!(stored, photo);
    }
}
