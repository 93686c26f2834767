//! Table-driven XSS test of the draft preview, through exactly the path the app
//! uses (`clearpost_core::preview::render_with_attachments`).
//!
//! Each vector is rendered and the output is checked structurally, not by
//! looking for one expected string: the sanitiser's serialiser escapes `<` in
//! text and `"`, `<`, `>` in attribute values, so every `<` in the output must
//! start a well-formed tag. Each tag must be on an allow-list of inert
//! elements, each attribute on an allow-list of inert attributes, every link
//! `http`, `https` or `mailto` with `rel="noopener noreferrer"`, and every image
//! source exactly the data URL the resolver returned for a real attachment.

use std::sync::LazyLock;

use clearpost_core::preview::{render_with_attachments, PLACEHOLDER_CLASS};
use regex::Regex;

/// The attachment the resolver knows, and the data URL it resolves to.
const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const DATA_URL: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==";
/// Another well-formed hash the resolver does not know.
const UNKNOWN: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn render(markdown: &str) -> String {
    render_with_attachments(markdown, |hash| {
        (hash == HASH).then(|| DATA_URL.to_string())
    })
}

/// Elements that neither run code nor load anything by themselves.
const INERT_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "details",
    "summary",
    "center",
    "font",
    "small",
    "mark",
    "q",
    "cite",
    "ins",
    "kbd",
    "samp",
    "var",
    "tt",
    "strike",
    "dl",
    "dt",
    "dd",
];

/// Attributes that are inert whatever their value (URL attributes are checked apart).
const INERT_ATTRIBUTES: &[&str] = &[
    "alt", "title", "lang", "rel", "class", "align", "colspan", "rowspan", "start", "width",
    "height", "hreflang", "dir", "datetime", "summary", "headers", "char", "charoff", "span",
    "size",
];

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s="<>/]+="[^"]*")*)\s*/?>"#).unwrap()
});
static QUOTED_VALUE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#""[^"]*""#).unwrap());
static ATTRIBUTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"([^\s="<>/]+)="([^"]*)""#).unwrap());

/// What a browser would see as the URL: entities decoded, control characters
/// and whitespace removed, lower case.
fn normalised_url(value: &str) -> String {
    let decoded = value
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    decoded
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_lowercase()
}

/// Every reason `html` could run code or load something; empty when it is safe.
fn dangers(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        let Some(tag) = TAG.captures(rest) else {
            found.push(format!(
                "unparsed markup at {:?}",
                &rest[..rest.len().min(40)]
            ));
            rest = &rest[1..];
            continue;
        };
        let name = tag[2].to_ascii_lowercase();
        let closing = !tag[1].is_empty();
        if !INERT_TAGS.contains(&name.as_str()) {
            found.push(format!("element <{name}>"));
        }
        if !closing {
            let attributes: Vec<(String, String)> = ATTRIBUTE
                .captures_iter(&tag[3])
                .map(|a| (a[1].to_ascii_lowercase(), a[2].to_string()))
                .collect();
            for (attribute, value) in &attributes {
                match (name.as_str(), attribute.as_str()) {
                    ("a", "href") => {
                        let url = normalised_url(value);
                        let scheme_ok = ["http://", "https://", "mailto:"]
                            .iter()
                            .any(|s| url.starts_with(s));
                        if !scheme_ok {
                            found.push(format!("link to {value:?}"));
                        }
                        let has_rel = attributes
                            .iter()
                            .any(|(a, v)| a == "rel" && v == "noopener noreferrer");
                        if !has_rel {
                            found.push(format!("link {value:?} without rel=noopener noreferrer"));
                        }
                    }
                    ("img", "src") => {
                        if value != DATA_URL {
                            found.push(format!("image source {value:?}"));
                        }
                    }
                    ("span", "class") if value == PLACEHOLDER_CLASS => {}
                    (_, "class") => found.push(format!("class {value:?} on <{name}>")),
                    _ if INERT_ATTRIBUTES.contains(&attribute.as_str()) => {}
                    _ => found.push(format!("attribute {attribute}={value:?} on <{name}>")),
                }
            }
            if name == "img" && !attributes.iter().any(|(a, _)| a == "src") {
                found.push("img without a source (shown broken, not as a placeholder)".into());
            }
        }
        rest = &rest[tag[0].len()..];
    }
    found
}

/// (name, Markdown typed into the draft, text that must still be visible or "").
fn vectors() -> Vec<(&'static str, String, &'static str)> {
    let v =
        |name: &'static str, markdown: &str, keep: &'static str| (name, markdown.to_string(), keep);
    vec![
        // Script elements.
        v("script tag", "<script>alert(1)</script>", ""),
        v(
            "script upper case, remote src",
            "<SCRIPT SRC=//x.example/x.js></SCRIPT>",
            "",
        ),
        v("split script tag", "<scr<script>ipt>alert(1)</script>", ""),
        v(
            "script in markdown paragraph",
            "Hello <script>alert(1)</script> world",
            "world",
        ),
        v(
            "script in a table cell",
            "| a |\n|---|\n| <script>alert(1)</script> |",
            "",
        ),
        v(
            "template with script",
            "<template><script>alert(1)</script></template>",
            "",
        ),
        v(
            "noscript mXSS",
            r#"<noscript><p title="</noscript><img src=x onerror=alert(1)>">"#,
            "",
        ),
        v(
            "math/style mXSS",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "",
        ),
        // Event-handler attributes.
        v("img onerror", "<img src=x onerror=alert(1)>", ""),
        v(
            "img ONERROR upper case",
            r#"<img src="x" ONERROR="alert(1)">"#,
            "",
        ),
        v("body onload", "<body onload=alert(1)>text</body>", "text"),
        v(
            "div onmouseover",
            r#"<div onmouseover="alert(1)">hover</div>"#,
            "hover",
        ),
        v(
            "details ontoggle",
            "<details open ontoggle=alert(1)><summary>s</summary></details>",
            "",
        ),
        v(
            "input autofocus onfocus",
            "<input autofocus onfocus=alert(1)>",
            "",
        ),
        v(
            "marquee onstart",
            "<marquee onstart=alert(1)>m</marquee>",
            "",
        ),
        v(
            "video onerror",
            "<video src=x onerror=alert(1)></video><audio src=x onerror=alert(1)>",
            "",
        ),
        v(
            "good link with onclick",
            r#"<a href="https://ok.example" onclick="alert(1)">ok</a>"#,
            "ok",
        ),
        v(
            "attachment image with onerror",
            &format!(r#"<img src="attachment:{HASH}" onerror="alert(1)">"#),
            "",
        ),
        v("handler after slash", "<img/src=x/onerror=alert(1)>", ""),
        // javascript:, vbscript:, data: URLs and their disguises.
        v(
            "html javascript link",
            r#"<a href="javascript:alert(1)">x</a>"#,
            "x",
        ),
        v("markdown javascript link", "[x](javascript:alert(1))", "x"),
        v("markdown mixed case", "[x](JaVaScRiPt:alert(1))", "x"),
        v(
            "markdown angle destination",
            "[x](<javascript:alert(1)>)",
            "x",
        ),
        v(
            "markdown entity in destination",
            "[x](&#106;avascript:alert(1))",
            "x",
        ),
        v(
            "markdown reference link",
            "[x][r]\n\n[r]: javascript:alert(1)",
            "x",
        ),
        v("autolink javascript", "<javascript:alert(1)>", ""),
        v(
            "decimal entities",
            r#"<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>"#,
            "x",
        ),
        v(
            "hex entities and &colon;",
            r#"<a href="&#x6A;&#x61;vascript&colon;alert(1)">x</a>"#,
            "x",
        ),
        v(
            "padded entity",
            r#"<a href="&#0000106avascript:alert(1)">x</a>"#,
            "x",
        ),
        v(
            "tab inside scheme",
            "<a href=\"java\tscript:alert(1)\">x</a>",
            "x",
        ),
        v(
            "encoded tab inside scheme",
            r#"<a href="java&#x09;script:alert(1)">x</a>"#,
            "x",
        ),
        v(
            "newline inside scheme",
            "<a href=\"java\nscript:alert(1)\">x</a>",
            "x",
        ),
        v(
            "leading control and spaces",
            r#"<a href=" &#14;  javascript:alert(1)">x</a>"#,
            "x",
        ),
        v("vbscript markdown", "[x](vbscript:msgbox(1))", "x"),
        v(
            "vbscript html mixed case",
            r#"<a href="VBScript:msgbox(1)">x</a>"#,
            "x",
        ),
        v(
            "data html link",
            "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "x",
        ),
        v(
            "data html link raw",
            r#"<a href="data:text/html,<script>alert(1)</script>">x</a>"#,
            "x",
        ),
        v(
            "data svg image markdown",
            "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
            "",
        ),
        v(
            "data svg image raw",
            r#"<img src="data:image/svg+xml,<svg onload=alert(1)>">"#,
            "",
        ),
        v("data png image typed in", &format!("![x]({DATA_URL})"), ""),
        v("file url", "[x](file:///etc/passwd)", "x"),
        v("relative url", "[x](/etc/passwd) and [y](../secret)", "x"),
        v(
            "attachment as link",
            &format!("[x](attachment:{HASH})"),
            "x",
        ),
        v(
            "attachment quote breakout",
            &format!(r#"![x](attachment:{HASH}" onerror="alert(1))"#),
            "",
        ),
        v(
            "quote breakout in link",
            r#"[x](https://ok.example/"onmouseover="alert(1))"#,
            "x",
        ),
        v(
            "title breakout",
            "[x](https://ok.example \"t\\\"><script>alert(1)</script>\")",
            "x",
        ),
        v(
            "ping attribute",
            r#"<a href="https://ok.example" ping="https://tracker.example">x</a>"#,
            "x",
        ),
        // SVG and MathML.
        v("svg onload", "<svg onload=alert(1)>", ""),
        v("svg script", "<svg><script>alert(1)</script></svg>", ""),
        v(
            "svg xlink javascript",
            r#"<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>"#,
            "",
        ),
        v(
            "svg animate onbegin",
            "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
            "",
        ),
        v(
            "svg set href",
            r#"<svg><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>"#,
            "",
        ),
        v(
            "svg use data",
            r#"<svg><use href="data:image/svg+xml;base64,PHN2Zz4="/></svg>"#,
            "",
        ),
        v(
            "math href",
            r#"<math href="javascript:alert(1)">x</math>"#,
            "",
        ),
        // CSS.
        v(
            "style url javascript",
            r#"<div style="background:url(javascript:alert(1))">s</div>"#,
            "s",
        ),
        v(
            "style expression",
            r#"<div style="width: expression(alert(1))">s</div>"#,
            "s",
        ),
        v(
            "style element with remote url",
            r#"<style>body{background:url("https://x.example/")}</style>"#,
            "",
        ),
        v(
            "style remote background",
            r#"<p style="background-image:url(https://tracker.example/p.png)">p</p>"#,
            "p",
        ),
        v(
            "style import",
            "<style>@import 'https://x.example/x.css';</style>",
            "",
        ),
        v(
            "link stylesheet",
            r#"<link rel=stylesheet href="https://x.example/x.css">"#,
            "",
        ),
        v(
            "table background",
            r#"<table background="javascript:alert(1)"><tr><td>t</td></tr></table>"#,
            "t",
        ),
        // Comments.
        v(
            "comment hiding script",
            "<!-- <script>alert(1)</script> -->",
            "",
        ),
        v(
            "conditional comment",
            "<!--[if IE]><script>alert(1)</script><![endif]-->",
            "",
        ),
        v(
            "comment breakout",
            "<!--><img src=x onerror=alert(1)>-->",
            "",
        ),
        // Frames, objects, forms, meta refresh, base.
        v(
            "iframe",
            r#"<iframe src="https://evil.example"></iframe>"#,
            "",
        ),
        v(
            "iframe srcdoc",
            r#"<iframe srcdoc="<script>alert(1)</script>"></iframe>"#,
            "",
        ),
        v(
            "object",
            r#"<object data="javascript:alert(1)"></object>"#,
            "",
        ),
        v("embed", r#"<embed src="javascript:alert(1)">"#, ""),
        v(
            "frameset",
            r#"<frameset><frame src="javascript:alert(1)"></frameset>"#,
            "",
        ),
        v(
            "form",
            r#"<form action="https://evil.example"><input type=submit value=go></form>"#,
            "",
        ),
        v(
            "button formaction",
            r#"<button formaction="javascript:alert(1)">b</button>"#,
            "",
        ),
        v(
            "isindex",
            "<isindex action=javascript:alert(1) type=submit>",
            "",
        ),
        v(
            "meta refresh",
            r#"<meta http-equiv="refresh" content="0;url=https://evil.example">"#,
            "",
        ),
        v("base href", r#"<base href="https://evil.example/">"#, ""),
        // Remote images (the app never loads remote content).
        v(
            "remote image markdown",
            "![pixel](https://tracker.example/p.gif)",
            "pixel",
        ),
        v(
            "remote image raw",
            "<img src=https://tracker.example/p.gif alt=pixel>",
            "pixel",
        ),
        v(
            "protocol-relative image",
            "<img src=//tracker.example/p.gif>",
            "",
        ),
        v(
            "srcset",
            r#"<img src="x" srcset="https://tracker.example/1.png 1x">"#,
            "",
        ),
        v(
            "unknown attachment",
            &format!("![gone](attachment:{UNKNOWN})"),
            "gone",
        ),
        v(
            "video poster",
            r#"<video poster="https://tracker.example/p.png"></video>"#,
            "",
        ),
        // Attribute smuggling.
        v(
            "data attribute",
            r#"<div data-x="javascript:alert(1)">d</div>"#,
            "d",
        ),
        v("id clobbering", r#"<p id="api" name="x">p</p>"#, "p"),
        v("class spoofing", r#"<p class="cp-admin">p</p>"#, "p"),
    ]
}

#[test]
fn no_vector_survives_sanitisation() {
    let vectors = vectors();
    let mut failures = Vec::new();
    for (name, markdown, keep) in &vectors {
        let html = render(markdown);
        let dangers = dangers(&html);
        if !dangers.is_empty() {
            failures.push(format!(
                "{name}: {dangers:?}\n  input:  {markdown}\n  output: {html}"
            ));
        }
        if !keep.is_empty() && !html.contains(keep) {
            failures.push(format!(
                "{name}: the harmless text {keep:?} was lost: {html}"
            ));
        }
        // The payload may stay visible as text or inside an inert, escaped
        // attribute value (a title, an http link), never in a tag's own markup.
        for tag in html.split('<').skip(1) {
            let tag = tag.split('>').next().unwrap_or("");
            let markup = QUOTED_VALUE.replace_all(tag, "\"\"");
            if markup.contains("alert(") || markup.contains("msgbox(") {
                failures.push(format!("{name}: payload in the markup of <{tag}>"));
            }
        }
    }
    println!(
        "{} XSS vectors rendered through preview::render_with_attachments",
        vectors.len()
    );
    assert!(vectors.len() >= 80, "the table shrank to {}", vectors.len());
    assert!(
        failures.is_empty(),
        "{} of {} vectors failed:\n{}",
        failures.len(),
        vectors.len(),
        failures.join("\n")
    );
}

#[test]
fn the_checker_catches_what_it_must() {
    // The checker itself must flag unsafe HTML, or the table proves nothing.
    for unsafe_html in [
        "<script>alert(1)</script>",
        r#"<img src="x" onerror="alert(1)">"#,
        r#"<a href="javascript:alert(1)" rel="noopener noreferrer">x</a>"#,
        r#"<a href="java&amp;#x09;script:x" rel="noopener noreferrer">x</a>"#,
        r#"<a href="https://ok.example">x</a>"#,
        r#"<img src="https://tracker.example/p.gif">"#,
        r#"<p style="color:red">x</p>"#,
        "<svg></svg>",
        "<iframe></iframe>",
        "<!-- x -->",
        r#"<span class="other">x</span>"#,
    ] {
        assert!(
            !dangers(unsafe_html).is_empty(),
            "not flagged: {unsafe_html}"
        );
    }
    let safe = format!(
        r#"<p><a href="https://ok.example" rel="noopener noreferrer">ok</a> <img src="{DATA_URL}" alt="a"></p>"#
    );
    assert_eq!(dangers(&safe), Vec::<String>::new());
}

#[test]
fn attachment_images_and_safe_markup_still_render() {
    let html = render(&format!(
        "# Title\n\n![The ward](attachment:{HASH})\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ [site](https://example.org)"
    ));
    assert!(
        html.contains(&format!(r#"<img src="{DATA_URL}" alt="The ward">"#)),
        "{html}"
    );
    assert!(html.contains("<table>"), "{html}");
    assert!(html.contains("<del>old</del>"), "{html}");
    assert!(html.contains("<h1>Title</h1>"), "{html}");
    assert_eq!(dangers(&html), Vec::<String>::new(), "{html}");
}

#[test]
fn remote_images_are_replaced_by_a_visible_placeholder() {
    for markdown in [
        "![pixel](https://tracker.example/p.gif)",
        "<img src=https://tracker.example/p.gif alt=pixel>",
    ] {
        let html = render(markdown);
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains(&format!(r#"<span class="{PLACEHOLDER_CLASS}">"#)),
            "{html}"
        );
        assert!(html.contains("pixel"), "{html}");
    }
}
