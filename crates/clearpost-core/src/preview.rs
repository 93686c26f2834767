//! The draft's live preview: Markdown rendered by pulldown-cmark, then sanitised
//! by ammonia, so that what the webview shows can never run code or fetch
//! anything.
//!
//! The rules, in the order they are applied:
//!
//! 1. **Markdown images** are decided before any HTML exists. An image whose
//!    destination is `attachment:<sha256>` (a photo of the draft, by the hash
//!    the content store knows it by) is kept; any other image (`https://...`,
//!    a relative path, `data:`...) becomes a visible placeholder naming what was
//!    not loaded: the app never loads remote content, and a post shows only the
//!    photos that went through the metadata strip and redaction.
//! 2. **ammonia** removes everything executable or remote from the HTML
//!    (Markdown output and raw HTML typed into the draft alike): `script`,
//!    `style`, `iframe`, `object`, `form`, `meta`, SVG, event-handler and
//!    `style` attributes, comments. Links keep only `http`, `https` and `mailto`
//!    URLs (after the HTML parser has decoded entities, so `&#106;avascript:`
//!    is seen as `javascript:`) and get `rel="noopener noreferrer"`; relative
//!    URLs are dropped. An `img` keeps its `src` only if it is
//!    `attachment:<sha256>`.
//! 3. **Attachment images** are resolved last, on the sanitised HTML: the
//!    caller's resolver turns the hash into a `data:image/...;base64,` URL of
//!    the sanitised photo, which is checked character by character before it
//!    is written into the `src`. An `img` left without a resolvable `src`
//!    (a raw `<img src="https://...">`, an unknown hash) becomes a placeholder.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

use base64::Engine as _;
use clearpost_audit::store::AttachmentStore;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use regex::{Captures, Regex};

use crate::review::AttachmentRef;

/// The URL scheme that names a draft attachment by its SHA-256: `attachment:<64 hex>`.
pub const ATTACHMENT_SCHEME: &str = "attachment";

/// The class of the visible stand-in for an image that is not shown.
pub const PLACEHOLDER_CLASS: &str = "cp-image-placeholder";

/// The Markdown that shows attachment `sha256` as an image with `alt` text.
pub fn attachment_markdown(alt: &str, sha256: &str) -> String {
    format!("![{alt}]({ATTACHMENT_SCHEME}:{sha256})")
}

/// Renders `markdown` to sanitised HTML. Attachment images are shown as
/// placeholders; use [`render_with_attachments`] to show them.
pub fn render(markdown: &str) -> String {
    render_with_attachments(markdown, |_| None)
}

/// Renders `markdown` to sanitised HTML, asking `resolve` for each attachment
/// image: given the attachment's SHA-256 (lowercase hex) it returns a
/// `data:image/{png,jpeg,webp,gif};base64,...` URL of the sanitised photo (see
/// [`image_data_url`]), or `None` when there is no such attachment. Anything
/// else it returns is refused and the image becomes a placeholder.
pub fn render_with_attachments<F>(markdown: &str, resolve: F) -> String
where
    F: Fn(&str) -> Option<String>,
{
    let html = markdown_to_html(markdown);
    let clean = SANITIZER.clean(&html).to_string();
    resolve_attachment_images(&clean, &resolve)
}

/// A `data:` URL for the image `bytes` when they are PNG, JPEG, WebP or GIF
/// (by their signature), for a resolver passed to [`render_with_attachments`].
pub fn image_data_url(bytes: &[u8]) -> Option<String> {
    let mime = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "image/jpeg"
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        "image/webp"
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        "image/gif"
    } else {
        return None;
    };
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    Some(format!("data:{mime};base64,{encoded}"))
}

/// A draft's post as it will be published, rendered and sanitised:
/// `markdown` (the live text) with every attachment it does not show appended
/// ([`with_unshown_photos`]); images resolve to the draft's own attachments,
/// read from `store`, and to nothing else.
pub fn render_post(
    markdown: String,
    attachments: &[AttachmentRef],
    store: &AttachmentStore,
) -> String {
    let markdown = with_unshown_photos(markdown, attachments);
    render_with_attachments(&markdown, |sha256| {
        if !attachments.iter().any(|a| a.sha256 == sha256) {
            return None;
        }
        image_data_url(&store.get(sha256).ok()?)
    })
}

/// The text with every photo it does not already show (by its
/// `attachment:<sha256>` link) appended as an image, in order: the preview
/// shows the whole post as it will be published.
pub fn with_unshown_photos(mut markdown: String, attachments: &[AttachmentRef]) -> String {
    for attachment in attachments {
        let link = format!("{ATTACHMENT_SCHEME}:{}", attachment.sha256);
        if !markdown.contains(&link) {
            markdown.push_str("\n\n");
            markdown.push_str(&attachment_markdown(&attachment.name, &attachment.sha256));
        }
    }
    markdown
}

/// The SHA-256 named by an `attachment:<sha256>` URL (hex in either case,
/// returned lowercase), or `None` for any other URL.
fn attachment_sha256(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once(':')?;
    if !scheme.eq_ignore_ascii_case(ATTACHMENT_SCHEME) {
        return None;
    }
    let hash = rest.to_ascii_lowercase();
    (hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then_some(hash)
}

/// True for exactly `data:image/<png|jpeg|webp|gif>;base64,<base64>`: nothing
/// that could close the attribute or smuggle markup or another scheme.
fn is_safe_image_data_url(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("data:image/") else {
        return false;
    };
    let Some((mime, payload)) = rest.split_once(";base64,") else {
        return false;
    };
    matches!(mime, "png" | "jpeg" | "webp" | "gif")
        && !payload.is_empty()
        && payload
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}

/// Markdown to (unsanitised) HTML, with every image already decided (rule 1).
fn markdown_to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = decide_images(Parser::new_ext(markdown, options));
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// Replaces each Markdown image (its start, alt-text events and end) with one
/// inline HTML event: an `img` for an attachment, a placeholder otherwise.
fn decide_images<'a>(parser: Parser<'a>) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    // The image being collected: its destination and its alt text so far.
    let mut image: Option<(CowStr<'a>, String)> = None;
    // Images nest (`![![a](x)](y)`): only the outermost one is emitted.
    let mut depth = 0usize;
    for event in parser {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                if depth == 0 {
                    image = Some((dest_url, String::new()));
                }
                depth += 1;
            }
            Event::End(TagEnd::Image) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if let Some((dest, alt)) = image.take() {
                        out.push(Event::InlineHtml(image_html(&dest, &alt).into()));
                    }
                }
            }
            Event::Text(text) | Event::Code(text) if depth > 0 => {
                if let Some((_, alt)) = image.as_mut() {
                    alt.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak if depth > 0 => {
                if let Some((_, alt)) = image.as_mut() {
                    alt.push(' ');
                }
            }
            // Anything else inside an image (emphasis, raw HTML) is not alt text.
            _ if depth > 0 => {}
            other => out.push(other),
        }
    }
    out
}

/// The HTML for one Markdown image (rule 1).
fn image_html(dest: &str, alt: &str) -> String {
    let mut html = String::new();
    match attachment_sha256(dest) {
        Some(hash) => {
            html.push_str("<img src=\"");
            html.push_str(ATTACHMENT_SCHEME);
            html.push(':');
            html.push_str(&hash);
            html.push_str("\" alt=\"");
            push_escaped(&mut html, alt);
            html.push_str("\">");
        }
        None => {
            html.push_str("<span class=\"");
            html.push_str(PLACEHOLDER_CLASS);
            html.push_str("\">[image not loaded: ");
            push_escaped(&mut html, if alt.is_empty() { dest } else { alt });
            if !alt.is_empty() {
                html.push_str(" (");
                push_escaped(&mut html, dest);
                html.push(')');
            }
            html.push_str(". Only photos attached to the draft are shown.]</span>");
        }
    }
    html
}

/// Appends `text` escaped for HTML text and double-quoted attribute values.
fn push_escaped(html: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            c => html.push(c),
        }
    }
}

/// The sanitiser (rule 2), built once.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(HashSet::from([
            "http",
            "https",
            "mailto",
            ATTACHMENT_SCHEME,
        ]))
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .add_allowed_classes("span", [PLACEHOLDER_CLASS])
        .attribute_filter(|element, attribute, value| {
            let is_attachment = attachment_sha256(value).is_some();
            match (element, attribute) {
                // Images load only attachments.
                ("img", "src") => is_attachment.then_some(Cow::Borrowed(value)),
                // ammonia allows these URL attributes too; none may name an attachment.
                (_, "href" | "cite" | "longdesc") if is_attachment => None,
                _ => Some(Cow::Borrowed(value)),
            }
        });
    builder
});

/// A sanitised `img` tag. The serialiser escapes `"`, `<` and `>` in attribute
/// values, so a tag ends at the first `>` and a value at the next `"`.
static IMG_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"<img((?:\s+[^\s="<>/]+="[^"]*")*)\s*/?>"#).expect("valid"));
static ATTRIBUTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"([^\s="<>/]+)="([^"]*)""#).expect("valid"));

/// Rule 3: swaps each `attachment:` source for the resolver's `data:` URL, and
/// each image that cannot be shown for a placeholder.
fn resolve_attachment_images<F>(html: &str, resolve: &F) -> String
where
    F: Fn(&str) -> Option<String>,
{
    IMG_TAG
        .replace_all(html, |tag: &Captures| {
            let mut src = None;
            let mut alt = "";
            for attribute in ATTRIBUTE.captures_iter(&tag[1]) {
                match attribute.get(1).map(|m| m.as_str()) {
                    Some("src") => src = attribute.get(2).map(|m| m.as_str()),
                    // Already escaped by the serialiser: copied as is.
                    Some("alt") => alt = attribute.get(2).map_or("", |m| m.as_str()),
                    _ => {}
                }
            }
            let data_url = src
                .and_then(attachment_sha256)
                .and_then(|hash| resolve(&hash))
                .filter(|url| is_safe_image_data_url(url));
            match data_url {
                Some(url) => format!("<img src=\"{url}\" alt=\"{alt}\">"),
                None => format!(
                    "<span class=\"{PLACEHOLDER_CLASS}\">[image not shown{}{alt}. \
                     Only photos attached to the draft are shown.]</span>",
                    if alt.is_empty() { "" } else { ": " }
                ),
            }
        })
        .into_owned()
}

/// The draft's preview: `text` (the editor's live text) rendered and
/// sanitised with the photos of draft `id` as they will be published; photos
/// the text does not show are appended below it, in order.
pub async fn draft_preview(
    context: &crate::context::Context,
    id: &str,
    text: String,
) -> crate::error::Result<String> {
    let copy = crate::drafts::load(context, id).await?;
    let store = context.store();
    crate::error::off_runtime("rendering the preview", move || {
        render_post(text, &copy.attachments, &store)
    })
    .await
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
        assert!(out.ends_with(&attachment_markdown("a.jpg", &a.sha256)));
        let html = render_with_attachments(&out, |sha| {
            (sha == a.sha256).then(|| "data:image/png;base64,iVBORw0KGgo=".to_string())
        });
        assert!(
            html.contains("data:image/png;base64,iVBORw0KGgo="),
            "{html}"
        );
        assert!(!html.contains("attachment:"), "{html}");
    }

    #[test]
    fn a_post_shows_its_own_stored_photos_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let store = AttachmentStore::new(dir.path());
        let png = b"\x89PNG\r\n\x1a\nrest of a picture";
        let own = AttachmentRef {
            sha256: store.put(png).unwrap(),
            name: "lobby.png".into(),
        };
        let stranger = store.put(b"\x89PNG\r\n\x1a\nsomeone else's").unwrap();
        let text = format!("Hello\n\n![x](attachment:{stranger})");
        let html = render_post(text, std::slice::from_ref(&own), &store);
        assert_eq!(html.matches("data:image/png;base64,").count(), 1, "{html}");
    }

    const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    const PNG_URL: &str = "data:image/png;base64,iVBORw0KGgo=";

    #[test]
    fn renders_ordinary_markdown() {
        let html = render("# Open day\n\nMeet **the team** at [our site](https://example.org).");
        assert!(html.contains("<h1>Open day</h1>"), "{html}");
        assert!(html.contains("<strong>the team</strong>"), "{html}");
        assert!(
            html.contains(r#"<a href="https://example.org" rel="noopener noreferrer">"#),
            "{html}"
        );
    }

    #[test]
    fn attachment_images_resolve_to_checked_data_urls() {
        let markdown = attachment_markdown("The ward", HASH);
        let html = render_with_attachments(&markdown, |hash| {
            (hash == HASH).then(|| PNG_URL.to_string())
        });
        assert!(
            html.contains(&format!(r#"<img src="{PNG_URL}" alt="The ward">"#)),
            "{html}"
        );
        // Upper-case hex names the same attachment.
        let upper = attachment_markdown("x", &HASH.to_uppercase());
        let html = render_with_attachments(&upper, |hash| (hash == HASH).then(|| PNG_URL.into()));
        assert!(html.contains(PNG_URL), "{html}");
    }

    #[test]
    fn unresolved_or_unsafe_attachments_become_placeholders() {
        let markdown = attachment_markdown("Missing", HASH);
        for answer in [
            None,
            Some("https://example.org/a.png".to_string()),
            Some("data:image/svg+xml;base64,PHN2Zz4=".to_string()),
            Some("data:image/png;base64,AAAA\" onerror=\"alert(1)".to_string()),
        ] {
            let html = render_with_attachments(&markdown, |_| answer.clone());
            assert!(!html.contains("<img"), "{answer:?}: {html}");
            assert!(html.contains(PLACEHOLDER_CLASS), "{answer:?}: {html}");
            assert!(html.contains("Missing"), "{answer:?}: {html}");
        }
    }

    #[test]
    fn remote_images_become_placeholders_naming_the_url() {
        let html = render("![Logo](https://tracker.example/pixel.png)");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("https://tracker.example/pixel.png"), "{html}");
        assert!(html.contains(PLACEHOLDER_CLASS), "{html}");
        let raw = render(r#"<img src="https://tracker.example/pixel.png" alt="px">"#);
        assert!(!raw.contains("<img"), "{raw}");
        assert!(!raw.contains("tracker.example"), "{raw}");
        assert!(raw.contains(PLACEHOLDER_CLASS), "{raw}");
    }

    #[test]
    fn data_urls_typed_into_the_draft_are_not_images() {
        let html = render_with_attachments(&format!("![x]({PNG_URL})"), |_| Some(PNG_URL.into()));
        assert!(!html.contains("<img"), "{html}");
    }

    #[test]
    fn image_data_url_recognises_formats_by_signature() {
        assert!(image_data_url(b"\x89PNG\r\n\x1a\n....")
            .unwrap()
            .starts_with("data:image/png;base64,"));
        assert!(image_data_url(&[0xFF, 0xD8, 0xFF, 0xE0])
            .unwrap()
            .starts_with("data:image/jpeg;base64,"));
        assert!(image_data_url(b"RIFF\0\0\0\0WEBPVP8 ")
            .unwrap()
            .starts_with("data:image/webp;base64,"));
        assert_eq!(image_data_url(b"<svg onload=alert(1)>"), None);
        assert!(is_safe_image_data_url(
            &image_data_url(b"\x89PNG\r\n\x1a\n\xff\xfe").unwrap()
        ));
    }
}
