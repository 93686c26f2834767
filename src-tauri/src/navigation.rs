//! The window may only show the app's own pages. A link in the preview or the
//! reviewer's view (the sanitiser keeps http/https/mailto links so the author
//! sees them) must never take the window to a remote site: the app makes no
//! network connection and loads no remote content.

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Runtime, Url};

/// True for the app's own origin: `tauri://localhost` (Linux, macOS),
/// `http(s)://tauri.localhost` (Windows), and the Vite dev server in debug
/// builds only.
pub fn is_app_url(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => {
            url.host_str() == Some("tauri.localhost")
                || (cfg!(debug_assertions)
                    && url.host_str() == Some("localhost")
                    && url.port() == Some(5173))
        }
        _ => false,
    }
}

/// A plugin that refuses every navigation away from the app's own pages.
pub fn guard<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("navigation-guard")
        .on_navigation(|_webview, url| {
            let allowed = is_app_url(url);
            if !allowed {
                eprintln!("clearpost: refused navigation to {url}");
            }
            allowed
        })
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn only_the_apps_own_origin_is_allowed() {
        assert!(is_app_url(&url("tauri://localhost/index.html")));
        assert!(is_app_url(&url("http://tauri.localhost/")));
        for away in [
            "https://example.org/",
            "http://localhost:8080/",
            "tauri://evil.example/",
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "mailto:someone@example.org",
        ] {
            assert!(!is_app_url(&url(away)), "{away}");
        }
    }
}
