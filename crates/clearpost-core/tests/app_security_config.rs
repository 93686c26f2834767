//! The app's security configuration, read from the files Tauri builds from:
//! the Content-Security-Policy in `tauri.conf.json` (at the repository root)
//! and the permissions in `src-tauri/capabilities/*.json`. (Here rather than in
//! src-tauri so it runs with the engine's tests, without the GUI toolchain.)

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn app_dir() -> PathBuf {
    repo_root().join("src-tauri")
}

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The CSP as directive -> sources, whether the config holds it as a string or an object.
fn csp_directives(csp: &Value) -> BTreeMap<String, Vec<String>> {
    let split = |sources: &str| {
        sources
            .split_whitespace()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    match csp {
        Value::String(policy) => policy
            .split(';')
            .filter_map(|directive| {
                let mut words = directive.split_whitespace();
                let name = words.next()?.to_ascii_lowercase();
                Some((name, words.map(str::to_string).collect()))
            })
            .collect(),
        Value::Object(map) => map
            .iter()
            .map(|(name, sources)| {
                let sources = match sources {
                    Value::String(s) => split(s),
                    Value::Array(items) => items
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect(),
                    other => panic!("CSP directive {name}: unexpected {other}"),
                };
                (name.to_ascii_lowercase(), sources)
            })
            .collect(),
        other => panic!("app.security.csp must be set (string or object), found {other}"),
    }
}

#[test]
fn csp_allows_only_local_content_and_no_inline_script() {
    let config = read_json(&repo_root().join("tauri.conf.json"));
    let security = &config["app"]["security"];
    let csp = csp_directives(&security["csp"]);
    println!("CSP: {csp:?}");

    assert_eq!(
        csp.get("default-src"),
        Some(&vec!["'self'".to_string()]),
        "default-src must be exactly 'self'"
    );
    assert_eq!(
        csp.get("object-src"),
        Some(&vec!["'none'".to_string()]),
        "object-src must be 'none'"
    );

    // Scripts: only the bundled ones. When script-src is absent default-src ('self') applies.
    let script_src = csp
        .get("script-src")
        .cloned()
        .unwrap_or_else(|| vec!["'self'".into()]);
    for source in &script_src {
        let lower = source.to_ascii_lowercase();
        assert!(
            ![
                "'unsafe-inline'",
                "'unsafe-eval'",
                "'wasm-unsafe-eval'",
                "'unsafe-hashes'",
                "data:",
                "blob:",
                "*"
            ]
            .contains(&lower.as_str()),
            "script-src allows {source}"
        );
        assert!(
            !lower.contains("://"),
            "script-src allows a remote origin: {source}"
        );
    }

    // The only connection the webview may open is Tauri's IPC.
    let connect = csp
        .get("connect-src")
        .expect("connect-src must be set (default-src 'self' would allow fetch to the app origin)");
    for source in connect {
        assert!(
            source == "ipc:" || source == "http://ipc.localhost",
            "connect-src allows {source}: only ipc: and http://ipc.localhost are expected"
        );
    }

    // No directive names a remote origin or a wildcard; images come from the
    // app itself or from data:/blob: URLs the app made.
    for (directive, sources) in &csp {
        for source in sources {
            let remote = source.contains("://") && source != "http://ipc.localhost";
            assert!(!remote, "{directive} names a remote origin: {source}");
            assert!(
                !source.contains('*'),
                "{directive} has a wildcard: {source}"
            );
            assert!(
                !["http:", "https:", "ws:", "wss:"].contains(&source.as_str()),
                "{directive} allows any {source} URL"
            );
        }
    }
    for directive in ["frame-src", "base-uri", "form-action"] {
        if let Some(sources) = csp.get(directive) {
            assert_eq!(sources, &vec!["'none'".to_string()], "{directive}");
        }
    }

    // Tauri must add its nonces/hashes to the CSP and must not expose IPC to remote pages.
    assert_ne!(
        security["dangerousDisableAssetCspModification"],
        Value::Bool(true)
    );
    assert!(security.get("dangerousRemoteDomainIpcAccess").is_none());
    assert_ne!(
        config["app"]["withGlobalTauri"],
        Value::Bool(true),
        "the Tauri API must not be a global for injected script"
    );
}

/// Permission identifiers that would let the webview reach the network, run
/// programs or read and write files on its own.
const FORBIDDEN_PREFIXES: &[&str] = &[
    "http:",
    "shell:",
    "fs:",
    "process:",
    "updater:",
    "websocket:",
    "upload:",
    "opener:",
    "deep-link:",
];

/// The dialog permissions that are acceptable: the user answers each one.
const ALLOWED_DIALOG: &[&str] = &[
    "dialog:default",
    "dialog:allow-open",
    "dialog:allow-save",
    "dialog:allow-message",
    "dialog:allow-ask",
    "dialog:allow-confirm",
];

fn permission_identifier(permission: &Value) -> String {
    match permission {
        Value::String(id) => id.clone(),
        Value::Object(map) => map
            .get("identifier")
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("permission without identifier: {permission}"))
            .to_string(),
        other => panic!("unexpected permission entry {other}"),
    }
}

#[test]
fn capabilities_grant_no_network_shell_or_file_system_access() {
    let dir = app_dir().join("capabilities");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no capability files in {}",
        dir.display()
    );
    let mut checked = 0;
    for file in &files {
        let capability = read_json(file);
        let name = file.display();
        assert!(
            capability.get("remote").is_none(),
            "{name}: grants IPC to remote URLs"
        );
        let permissions = capability["permissions"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: permissions must be a list"));
        for permission in permissions {
            let id = permission_identifier(permission);
            println!("{name}: {id}");
            for prefix in FORBIDDEN_PREFIXES {
                assert!(!id.starts_with(prefix), "{name}: grants {id}");
            }
            if id.starts_with("dialog:") {
                assert!(
                    ALLOWED_DIALOG.contains(&id.as_str()),
                    "{name}: dialog permission {id} is broader than open/save"
                );
            }
            checked += 1;
        }
        // Tauri's schemas put the capability's windows and webviews under these keys; a
        // wildcard would extend its permissions to any window a future change opens.
        for key in ["windows", "webviews"] {
            if let Some(labels) = capability.get(key).and_then(Value::as_array) {
                assert!(
                    !labels
                        .iter()
                        .any(|l| l.as_str().is_some_and(|l| l.contains('*'))),
                    "{name}: {key} wildcard"
                );
            }
        }
    }
    println!(
        "{} capability files, {checked} permissions checked",
        files.len()
    );
}

#[test]
fn permission_parsing_sees_object_entries() {
    // Scoped permissions are objects; their identifier must still be checked.
    let scoped =
        serde_json::json!({"identifier": "fs:allow-read", "allow": [{"path": "$HOME/**"}]});
    let id = permission_identifier(&scoped);
    assert!(FORBIDDEN_PREFIXES.iter().any(|p| id.starts_with(p)));
    let csp = csp_directives(&Value::String(
        "default-src 'self'; script-src 'self' 'unsafe-inline'".into(),
    ));
    assert_eq!(csp["script-src"], vec!["'self'", "'unsafe-inline'"]);
}
