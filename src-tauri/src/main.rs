// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    #[cfg(target_os = "linux")]
    prefer_software_rendering();
    clearpost_app_lib::run()
}

/// Sets the rendering defaults of [`rendering_defaults`] before GTK starts and
/// while the process is still single-threaded (the only time setting the
/// environment is sound). The web processes WebKit starts inherit them.
#[cfg(target_os = "linux")]
fn prefer_software_rendering() {
    let lookup = |name: &str| std::env::var_os(name);
    for (name, value) in rendering_defaults(&lookup, first_render_node()) {
        std::env::set_var(name, value);
    }
}

/// The variables to set, given the environment as `lookup` sees it; a value
/// the user set always wins (it is never in the list).
///
/// WebKitGTK's GPU compositing costs a writing tool more than it gives:
/// measured on the benchmark machine (BENCHMARKS.md, "Desktop app") it adds
/// ~80 MiB PSS to the web process (198 vs 115 MiB idle), for page effects the
/// app does not use. So it is turned off, except under WebDriver (tauri-driver
/// sets TAURI_WEBVIEW_AUTOMATION): WebKitWebDriver's screenshots hang
/// without compositing (2 of 5 attempts on the benchmark machine in one run,
/// 4 of 4 in another), and the e2e suite takes screenshots; the benchmark and
/// the e2e network test (which takes none) set WEBKIT_DISABLE_COMPOSITING_MODE
/// themselves, so what users get is measured and driven too.
///
/// With compositing off the app (UI) process never draws with OpenGL, yet
/// three start-up probes each open Mesa, whose driver links libLLVM: 20 MiB
/// PSS of LLVM (8 MiB of it relocated data private to the process) plus the
/// driver. Measured with /proc/PID/smaps on the release build: the app
/// process 98 -> 69 MiB PSS, the whole app 244 -> 222 MiB PSS (414 -> 358 MiB
/// RSS); the web process gains 6 MiB as it no longer shares LLVM's pages.
/// All three probes must go for Mesa to stay out:
/// - GTK 3 on X11 probes GLX to choose visuals while opening the display
///   (`GDK_GL=disable` skips it; the app has no GTK GL widgets);
/// - WebKit asks EGL for the render node it hands to the web process unless
///   `WEBKIT_WEB_RENDER_DEVICE_FILE` names it: the first /dev/dri render node
///   is WebKit's own fallback, and where there is none, a path that is no DRM
///   node means "no device", which is what WebKit's probe finds then;
/// - WebKit's DMA-BUF renderer checks EGL for buffer sharing, which only
///   composited pages use (`WEBKIT_DISABLE_DMABUF_RENDERER=1`).
///
/// The web process still loads Mesa: WebKitGTK aborts without an EGL display
/// there. The three are set only when compositing ends up off (WebKit's own
/// test: any value but "0"), so WebDriver runs keep today's rendering path.
#[cfg(any(target_os = "linux", test))]
fn rendering_defaults(
    lookup: &dyn Fn(&str) -> Option<std::ffi::OsString>,
    render_node: Option<std::ffi::OsString>,
) -> Vec<(&'static str, std::ffi::OsString)> {
    const COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    let mut defaults = Vec::new();
    let compositing_off = match lookup(COMPOSITING) {
        Some(value) => value != "0",
        None if lookup("TAURI_WEBVIEW_AUTOMATION").is_some() => false,
        None => {
            defaults.push((COMPOSITING, "1".into()));
            true
        }
    };
    if compositing_off {
        let gl_free = [
            ("GDK_GL", "disable".into()),
            (
                "WEBKIT_WEB_RENDER_DEVICE_FILE",
                render_node.unwrap_or_else(|| "/dev/null".into()),
            ),
            ("WEBKIT_DISABLE_DMABUF_RENDERER", "1".into()),
        ];
        defaults.extend(
            gl_free
                .into_iter()
                .filter(|(name, _)| lookup(name).is_none()),
        );
    }
    defaults
}

/// The lowest-numbered DRM render node (/dev/dri/renderD128, …), if any.
#[cfg(target_os = "linux")]
fn first_render_node() -> Option<std::ffi::OsString> {
    let mut nodes: Vec<_> = std::fs::read_dir("/dev/dri")
        .ok()?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("renderD"))
        })
        .collect();
    nodes.sort();
    nodes.into_iter().next().map(Into::into)
}

#[cfg(test)]
mod tests {
    use super::rendering_defaults;
    use std::ffi::OsString;

    fn defaults_with(env: &[(&str, &str)], render_node: Option<&str>) -> Vec<(String, String)> {
        let lookup = |name: &str| {
            env.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| OsString::from(value))
        };
        rendering_defaults(&lookup, render_node.map(OsString::from))
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value.to_string_lossy().into_owned()))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect()
    }

    #[test]
    fn a_plain_start_turns_compositing_and_every_gl_probe_off() {
        assert_eq!(
            defaults_with(&[], Some("/dev/dri/renderD128")),
            pairs(&[
                ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
                ("GDK_GL", "disable"),
                ("WEBKIT_WEB_RENDER_DEVICE_FILE", "/dev/dri/renderD128"),
                ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
            ])
        );
    }

    #[test]
    fn without_a_render_node_webkit_is_told_there_is_no_device() {
        let defaults = defaults_with(&[], None);
        assert!(defaults.contains(&("WEBKIT_WEB_RENDER_DEVICE_FILE".into(), "/dev/null".into())));
    }

    #[test]
    fn webdriver_runs_keep_compositing_and_gl_unless_the_benchmark_turns_it_off() {
        assert_eq!(
            defaults_with(&[("TAURI_WEBVIEW_AUTOMATION", "true")], None),
            vec![]
        );
        let bench = defaults_with(
            &[
                ("TAURI_WEBVIEW_AUTOMATION", "true"),
                ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
            ],
            None,
        );
        let names: Vec<_> = bench.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(
            names,
            [
                "GDK_GL",
                "WEBKIT_WEB_RENDER_DEVICE_FILE",
                "WEBKIT_DISABLE_DMABUF_RENDERER"
            ]
        );
    }

    #[test]
    fn a_user_who_wants_compositing_keeps_gl_everywhere() {
        assert_eq!(
            defaults_with(&[("WEBKIT_DISABLE_COMPOSITING_MODE", "0")], None),
            vec![]
        );
    }

    #[test]
    fn values_the_user_set_are_never_replaced() {
        let defaults = defaults_with(
            &[
                ("GDK_GL", "always"),
                ("WEBKIT_WEB_RENDER_DEVICE_FILE", "/dev/dri/renderD129"),
            ],
            Some("/dev/dri/renderD128"),
        );
        assert_eq!(
            defaults,
            pairs(&[
                ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
                ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
            ])
        );
    }
}
