//! The one way a name that came from stored or imported data (an attachment's
//! name in a submission, a draft id) becomes a path: it must be a plain file
//! name, and it is joined under the folder the user chose. Anything that could
//! leave that folder, name a device, hide from a listing or fool a terminal is
//! refused with the reason, before anything is written.
//!
//! The rules are the same on every platform, so a name accepted on Linux is
//! also safe on Windows and macOS (a bundle or an export travels between them).

use std::path::{Path, PathBuf};

/// The longest name accepted, in bytes of UTF-8: the usual limit of a file
/// name on ext4, APFS and NTFS (255).
pub const MAX_NAME_BYTES: usize = 255;

/// Why a name is not a plain file name. Each says what is wrong in words a
/// user understands; [`UnsafeName::name`] is the offending name, escaped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnsafeName {
    /// The empty string.
    #[error("an empty name is not a file name")]
    Empty,
    /// `.` or `..`, or a name made only of dots.
    #[error("{0:?} names a folder, not a file")]
    Dots(String),
    /// Holds `/` or `\` (so it would go into another folder, or is absolute).
    #[error("{0:?} holds a path separator: only a plain file name is accepted")]
    Separator(String),
    /// A Windows drive or stream (`C:x`, `photo.jpg:hidden`).
    #[error("{0:?} holds ':' (a drive or a hidden stream on Windows)")]
    Colon(String),
    /// NUL, another control character, or a Unicode direction override.
    #[error("{0:?} holds a control or text-direction character")]
    Control(String),
    /// One of `< > " | ? *`, which Windows does not allow in names.
    #[error("{0:?} holds a character Windows does not allow in file names")]
    Reserved(String),
    /// `CON`, `NUL`, `COM1`, `LPT1`… with or without an extension.
    #[error("{0:?} is a device name on Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9)")]
    Device(String),
    /// Starts with a dot (hidden) or ends with a dot or space (Windows drops those).
    #[error("{0:?} starts with a dot or ends with a dot or space")]
    Edge(String),
    /// Longer than [`MAX_NAME_BYTES`].
    #[error("a name of {0} bytes is longer than the {MAX_NAME_BYTES} a file system accepts")]
    TooLong(usize),
}

/// True for characters a name must not hold: C0 and C1 controls (NUL, ESC,
/// newline, DEL…) and the invisible characters that reverse or isolate text
/// direction (so `photo<U+202E>gpj.exe` cannot pass for a photo).
fn is_control(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061C}' | '\u{200E}' | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}')
}

/// True when `stem` (the part before the first dot) is a Windows device name.
fn is_device(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let upper = stem.to_ascii_uppercase();
    if matches!(
        upper.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) {
        return true;
    }
    let mut chars = stem.chars();
    let prefix: String = chars
        .by_ref()
        .take(3)
        .collect::<String>()
        .to_ascii_uppercase();
    let rest: Vec<char> = chars.collect();
    (prefix == "COM" || prefix == "LPT")
        && rest.len() == 1
        && matches!(rest[0], '0'..='9' | '¹' | '²' | '³')
}

/// Checks that `name` is a plain file name (see the module docs); returns it.
pub fn check(name: &str) -> Result<&str, UnsafeName> {
    let owned = || name.to_string();
    if name.is_empty() {
        return Err(UnsafeName::Empty);
    }
    if name.len() > MAX_NAME_BYTES {
        return Err(UnsafeName::TooLong(name.len()));
    }
    if name.chars().any(is_control) {
        return Err(UnsafeName::Control(owned()));
    }
    if name.chars().all(|c| c == '.') {
        return Err(UnsafeName::Dots(owned()));
    }
    if name.contains(['/', '\\']) {
        return Err(UnsafeName::Separator(owned()));
    }
    if name.contains(':') {
        return Err(UnsafeName::Colon(owned()));
    }
    if name.contains(['<', '>', '"', '|', '?', '*']) {
        return Err(UnsafeName::Reserved(owned()));
    }
    if name.starts_with('.') || name.ends_with(['.', ' ']) {
        return Err(UnsafeName::Edge(owned()));
    }
    if is_device(name) {
        return Err(UnsafeName::Device(owned()));
    }
    Ok(name)
}

/// `folder/name` when `name` passes [`check`]; the result is always directly
/// inside `folder`.
pub fn join(folder: &Path, name: &str) -> Result<PathBuf, UnsafeName> {
    let path = folder.join(check(name)?);
    debug_assert_eq!(path.parent(), Some(folder));
    Ok(path)
}

/// A file name made from a person's display name, for a file they save
/// (their key file): letters, digits, spaces, dots, dashes and underscores
/// kept, anything else replaced by `-`; `{fallback_stem}.{extension}` when
/// nothing usable is left or the result would not pass [`check`] (a device
/// name, a name too long for a file system).
pub fn file_name_for(display_name: &str, extension: &str, fallback_stem: &str) -> String {
    let safe: String = display_name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let safe = safe.trim_matches(|c: char| c == '.' || c.is_whitespace());
    let stem = if safe.is_empty() { fallback_stem } else { safe };
    let name = format!("{stem}.{extension}");
    match check(&name) {
        Ok(_) => name,
        Err(_) => format!("{fallback_stem}.{extension}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_display_name_becomes_a_safe_file_name_that_keeps_it() {
        let key = |name: &str| file_name_for(name, "clearpost-key", "my-key");
        assert_eq!(key("Ana Souza"), "Ana Souza.clearpost-key");
        assert_eq!(key("José Núñez"), "José Núñez.clearpost-key");
        assert_eq!(key("a/b\\c:d"), "a-b-c-d.clearpost-key");
        assert_eq!(key("../.."), "-.clearpost-key");
        assert_eq!(key("  "), "my-key.clearpost-key");
        assert_eq!(key("Con"), "my-key.clearpost-key");
        // 130 two-byte letters: 260 bytes, past the 255-byte limit of a file name.
        assert_eq!(key(&"é".repeat(130)), "my-key.clearpost-key");
    }

    #[test]
    fn plain_names_are_joined_under_the_folder() {
        let folder = Path::new("/exports/post");
        for name in [
            "photo.jpg",
            "IMG 2041.JPG",
            "café-été.png",
            "a",
            "console.jpg",
        ] {
            let path = join(folder, name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(path.parent(), Some(folder), "{name}");
            assert_eq!(path.file_name().unwrap(), name);
        }
    }

    #[test]
    fn dot_dot_and_separators_are_refused() {
        for name in [
            "..",
            ".",
            "...",
            "../escaped.jpg",
            "../../escaped.jpg",
            "a/../b",
            "x/y",
        ] {
            assert!(
                matches!(
                    check(name),
                    Err(UnsafeName::Dots(_) | UnsafeName::Separator(_))
                ),
                "{name}: {:?}",
                check(name)
            );
        }
        assert!(matches!(
            check("..\\..\\win.jpg"),
            Err(UnsafeName::Separator(_))
        ));
    }

    #[test]
    fn absolute_paths_and_drives_are_refused() {
        for name in ["/etc/passwd", "/", "\\\\server\\share\\x", "C:\\x.jpg"] {
            assert!(
                matches!(check(name), Err(UnsafeName::Separator(_))),
                "{name}"
            );
        }
        assert!(matches!(check("C:x.jpg"), Err(UnsafeName::Colon(_))));
        assert!(matches!(
            check("photo.jpg:hidden"),
            Err(UnsafeName::Colon(_))
        ));
        assert!(join(Path::new("/out"), "/etc/passwd").is_err());
    }

    #[test]
    fn nul_and_control_characters_are_refused() {
        for name in [
            "photo\0.jpg",
            "photo\n.jpg",
            "photo\r.jpg",
            "\u{1b}[2Jphoto.jpg",
            "photo\u{7f}.jpg",
            "photo\u{9b}.jpg",
            "photo\u{202E}gpj.exe",
            "photo\u{2066}.jpg",
        ] {
            assert!(
                matches!(check(name), Err(UnsafeName::Control(_))),
                "{name:?}"
            );
        }
    }

    #[test]
    fn windows_reserved_names_and_characters_are_refused() {
        for name in [
            "CON",
            "con",
            "Con.jpg",
            "NUL",
            "nul.txt",
            "PRN.md",
            "AUX",
            "COM1",
            "com9.jpg",
            "LPT1",
            "lpt3.png",
            "COM¹.jpg",
            "CON .jpg",
            "CONIN$",
        ] {
            assert!(matches!(check(name), Err(UnsafeName::Device(_))), "{name}");
        }
        for name in [
            "COM10.jpg",
            "CONSOLE.jpg",
            "nullable.png",
            "LPT.jpg",
            "com.jpg",
        ] {
            assert!(check(name).is_ok(), "{name}: {:?}", check(name));
        }
        for name in ["a<b.jpg", "a>b", "a\"b", "a|b", "a?.jpg", "*.jpg"] {
            assert!(
                matches!(check(name), Err(UnsafeName::Reserved(_))),
                "{name}"
            );
        }
        for name in [".hidden.jpg", "photo.jpg.", "photo.jpg "] {
            assert!(matches!(check(name), Err(UnsafeName::Edge(_))), "{name}");
        }
    }

    #[test]
    fn empty_and_very_long_names_are_refused() {
        assert_eq!(check(""), Err(UnsafeName::Empty));
        let longest = format!("{}.jpg", "a".repeat(MAX_NAME_BYTES - 4));
        assert!(check(&longest).is_ok());
        let longer = format!("{}.jpg", "a".repeat(MAX_NAME_BYTES - 3));
        assert_eq!(check(&longer), Err(UnsafeName::TooLong(MAX_NAME_BYTES + 1)));
        // Counted in bytes: 128 two-byte characters are 256 bytes.
        assert_eq!(check(&"é".repeat(128)), Err(UnsafeName::TooLong(256)));
        assert!(check(&"x".repeat(100_000)).is_err());
    }

    #[test]
    fn messages_say_what_is_wrong() {
        let err = check("../../escaped.jpg").unwrap_err().to_string();
        assert!(
            err.contains("\"../../escaped.jpg\"") && err.contains("separator"),
            "{err}"
        );
        // The name is shown escaped: no raw escape sequence reaches a terminal.
        let err = check("\u{1b}[2J").unwrap_err().to_string();
        assert!(!err.contains('\u{1b}') && err.contains("\\u{1b}"), "{err}");
    }
}
