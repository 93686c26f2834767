//! The draft's preview: Markdown rendered and sanitised in Rust by
//! `clearpost_core::preview`, with the draft's sanitised photos inlined as
//! `data:` URLs. The UI injects only this HTML.

use anyhow::Context as _;
use clearpost_core::audit::store::AttachmentStore;
use clearpost_core::preview;
use clearpost_core::review::workspace;
use clearpost_core::review::AttachmentRef;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// Sanitised HTML for `text` (the editor's live text) with the photos of
/// draft `id` as they will be published; photos the text does not show are
/// appended below it, in order.
#[tauri::command]
pub async fn draft_preview(
    state: State<'_, AppState>,
    id: String,
    text: String,
) -> CommandResult<String> {
    let db = state.db().await?;
    let copy = workspace::load(db, &id)
        .await
        .context("opening the draft")?;
    let store = AttachmentStore::new(&state.data_dir);
    let html = tauri::async_runtime::spawn_blocking(move || {
        let markdown = with_unshown_photos(text, &copy.attachments);
        let known = copy.attachments;
        preview::render_with_attachments(&markdown, |sha256| {
            if !known.iter().any(|a| a.sha256 == sha256) {
                return None;
            }
            let bytes = store.get(sha256).ok()?;
            preview::image_data_url(&bytes)
        })
    })
    .await
    .context("rendering the preview stopped unexpectedly")?;
    Ok(html)
}

/// The text with every photo it does not already show (by its
/// `attachment:<sha256>` link) appended as an image, in order: the preview
/// shows the whole post as it will be published.
fn with_unshown_photos(mut markdown: String, attachments: &[AttachmentRef]) -> String {
    for attachment in attachments {
        let link = format!("{}:{}", preview::ATTACHMENT_SCHEME, attachment.sha256);
        if !markdown.contains(&link) {
            markdown.push_str("\n\n");
            markdown.push_str(&preview::attachment_markdown(
                &attachment.name,
                &attachment.sha256,
            ));
        }
    }
    markdown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo(n: char) -> AttachmentRef {
        AttachmentRef {
            sha256: n.to_string().repeat(64),
            name: format!("{n}.jpg"),
        }
    }

    #[test]
    fn photos_not_in_the_text_are_appended_once_in_order() {
        let (a, b) = (photo('a'), photo('b'));
        let text = format!("Hello\n\n![ward](attachment:{})", b.sha256);
        let out = with_unshown_photos(text.clone(), &[a.clone(), b.clone()]);
        assert!(out.starts_with(&text));
        assert_eq!(out.matches(&b.sha256).count(), 1, "{out}");
        assert!(out.ends_with(&preview::attachment_markdown("a.jpg", &a.sha256)));
        let html = preview::render_with_attachments(&out, |sha| {
            (sha == a.sha256).then(|| "data:image/png;base64,iVBORw0KGgo=".to_string())
        });
        assert!(
            html.contains("data:image/png;base64,iVBORw0KGgo="),
            "{html}"
        );
        assert!(!html.contains("attachment:"), "{html}");
    }
}
