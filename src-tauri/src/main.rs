// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    prefer_software_rendering();
    clearpost_app_lib::run()
}

/// WebKitGTK's GPU compositing costs a writing tool more than it gives:
/// measured on the benchmark machine (BENCHMARKS.md, "Desktop app") it adds
/// ~80 MiB PSS to the web process (198 vs 115 MiB idle), for page effects the
/// app does not use. So it is turned off here, before GTK
/// starts and while the process is still single-threaded (the only time
/// setting the environment is sound). A value the user set wins. Under WebDriver
/// (tauri-driver sets TAURI_WEBVIEW_AUTOMATION) it stays on: WebKitWebDriver's
/// screenshots hang intermittently without compositing (2 of 5 attempts on the
/// benchmark machine), and the e2e suite takes screenshots; the benchmark sets
/// the variable itself to measure what users get.
fn prefer_software_rendering() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none()
        && std::env::var_os("TAURI_WEBVIEW_AUTOMATION").is_none()
    {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}
