//! Scanning text files for PHI, as the CLI does it: the organisation's policy
//! from a file, a text file (or standard input) read under the size limit and
//! as UTF-8, which files are Markdown, and where a finding is in lines and
//! columns.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::input::{self, InputError};
use crate::limits::MAX_TEXT_BYTES;
use crate::phi::{PhiError, Policy, TextFormat};

/// Why a text or a policy could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    /// The policy file could not be read.
    #[error("cannot read policy {}", .path.display())]
    PolicyFile {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The policy file is not a valid policy.
    #[error("policy {}", .path.display())]
    Policy {
        /// The file.
        path: PathBuf,
        /// Why.
        source: PhiError,
    },
    /// The text file could not be read.
    #[error("cannot read {}", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: InputError,
    },
    /// Standard input could not be read.
    #[error("reading standard input")]
    Stdin(#[source] std::io::Error),
    /// Standard input is over the limit.
    #[error("standard input is larger than the {0} bytes Clearpost scans")]
    StdinTooLarge(u64),
    /// The text is not UTF-8.
    #[error(
        "{} is not UTF-8 text (invalid byte at offset {at}); convert it to UTF-8 first",
        .path.display()
    )]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// The first bad byte.
        at: usize,
    },
}

/// The policy in the JSON file at `path`, or the default one.
pub fn load_policy(path: Option<&Path>) -> Result<Policy, TextError> {
    let Some(path) = path else {
        return Ok(Policy::default());
    };
    let json = std::fs::read_to_string(path).map_err(|source| TextError::PolicyFile {
        path: path.to_path_buf(),
        source,
    })?;
    Policy::from_json(&json).map_err(|source| TextError::Policy {
        path: path.to_path_buf(),
        source,
    })
}

/// The text of `path` (`-`: standard input), at most [`MAX_TEXT_BYTES`], as UTF-8.
pub fn read_text(path: &Path) -> Result<String, TextError> {
    let bytes = if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(MAX_TEXT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(TextError::Stdin)?;
        if bytes.len() as u64 > MAX_TEXT_BYTES {
            return Err(TextError::StdinTooLarge(MAX_TEXT_BYTES));
        }
        bytes
    } else {
        input::read_text_bytes(path).map_err(|source| TextError::Read {
            path: path.to_path_buf(),
            source,
        })?
    };
    String::from_utf8(bytes).map_err(|err| TextError::NotUtf8 {
        path: path.to_path_buf(),
        at: err.utf8_error().valid_up_to(),
    })
}

/// How to read `path`: `forced` when given, else Markdown for standard input
/// and .md/.markdown/.mdx files, plain text otherwise.
pub fn text_format(path: &Path, forced: Option<TextFormat>) -> TextFormat {
    if let Some(format) = forced {
        return format;
    }
    let markdown_ext = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "md" | "markdown" | "mdx"));
    if path == Path::new("-") || markdown_ext {
        TextFormat::Markdown
    } else {
        TextFormat::Plain
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The editor's live check: PHI findings in a Markdown draft under the
/// organisation's policy plus the open draft's own allow-list (what it covers
/// comes back as suppressed, never dropped), off the async runtime. Fails,
/// with the reason, when the scanner's lists or model did not load.
pub async fn scan_live(
    context: &crate::context::Context,
    text: String,
    draft_allow: Vec<String>,
) -> crate::error::Result<Vec<clearpost_phi::Finding>> {
    let scanner = context.scanner()?;
    let mut policy = context.phi_policy();
    policy.allow.extend(draft_allow);
    crate::error::off_runtime("the PHI scan", move || scanner.scan(&text, &policy)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "ab\néé x";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, text.find('x').unwrap()), (2, 4));
    }

    #[test]
    fn markdown_by_extension_or_stdin_unless_forced() {
        assert_eq!(text_format(Path::new("a.MD"), None), TextFormat::Markdown);
        assert_eq!(text_format(Path::new("-"), None), TextFormat::Markdown);
        assert_eq!(text_format(Path::new("a.txt"), None), TextFormat::Plain);
        assert_eq!(
            text_format(Path::new("a.md"), Some(TextFormat::Plain)),
            TextFormat::Plain
        );
    }

    #[test]
    fn a_file_that_is_not_utf8_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latin1.txt");
        std::fs::write(&path, b"caf\xe9").unwrap();
        let err = read_text(&path).unwrap_err();
        assert!(
            err.to_string().contains("invalid byte at offset 3"),
            "{err}"
        );
    }

    #[test]
    fn no_policy_file_means_the_default_policy() {
        assert_eq!(load_policy(None).unwrap(), Policy::default());
        let err = load_policy(Some(Path::new("/nonexistent/policy.json"))).unwrap_err();
        assert!(err.to_string().starts_with("cannot read policy"));
    }
}
