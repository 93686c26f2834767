//! Text from another machine (a name in a key file, a bundle's post text, a
//! reviewer's comment) shown on a terminal: every control character is shown
//! escaped, so an ANSI sequence in a bundle cannot clear the screen, move the
//! cursor, or print a fake "APPROVED BY …" over what Clearpost says.

use std::borrow::Cow;

/// True for what a terminal may act on: C0 and C1 controls (ESC, CSI U+009B,
/// carriage return, backspace, DEL…) and the invisible text-direction
/// overrides that make text read differently from what it is.
fn acts_on_terminal(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061C}' | '\u{200E}' | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}')
}

fn escape(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(|c| acts_on_terminal(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if acts_on_terminal(c) && !keep(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` for one line of output (a name, an id, a comment): every control
/// character, newlines included, shown as `\u{…}`.
pub fn one_line(text: &str) -> Cow<'_, str> {
    escape(text, |_| false)
}

/// `text` for a block of output (a post's text): line breaks and tabs kept,
/// every other control character (ESC, carriage return…) shown as `\u{…}`.
pub fn block(text: &str) -> Cow<'_, str> {
    escape(text, |c| c == '\n' || c == '\t')
}

/// Rust ignores SIGPIPE, so `println!` into a closed pipe (`clearpost scan
/// --json big.md | head`) panics. Like other Unix filters, a command-line
/// tool should end quietly instead: call this first thing in `main`.
pub fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread exists; SIG_DFL is
    // a valid disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_unchanged_and_not_copied() {
        assert!(matches!(one_line("Rui Costa — ward 4"), Cow::Borrowed(_)));
        assert!(matches!(block("two\nlines\tand a tab"), Cow::Borrowed(_)));
    }

    #[test]
    fn ansi_sequences_are_shown_harmless() {
        let fake = "\u{1b}[2J\u{1b}[HAPPROVED BY Dr Admin\r\u{9b}31m";
        for shown in [one_line(fake), block(fake)] {
            assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
            assert!(
                shown.contains("\\u{1b}[2J") && shown.contains("\\u{d}"),
                "{shown}"
            );
            assert!(shown.contains("\\u{9b}"), "{shown}");
        }
    }

    #[test]
    fn line_breaks_are_kept_only_in_blocks() {
        assert_eq!(one_line("a\nb"), "a\\u{a}b");
        assert_eq!(block("a\nb"), "a\nb");
        assert_eq!(one_line("x\u{202E}gpj"), "x\\u{202e}gpj");
        assert_eq!(block("bell\u{7}"), "bell\\u{7}");
    }
}
