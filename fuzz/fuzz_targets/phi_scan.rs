//! The Markdown -> findings path of the PHI scanner: every finding's byte range
//! lies inside the text on char boundaries, names the text it covers, and its
//! UTF-16 range (what the editor uses) is the same span.
#![no_main]

use std::sync::OnceLock;

use clearpost_phi::{Policy, Scanner};
use libfuzzer_sys::fuzz_target;

fn scanner() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    // The word lists when fetched (closer to the app), otherwise patterns only.
    SCANNER.get_or_init(|| Scanner::load_default().unwrap_or_else(|_| Scanner::without_lists()))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let policy = Policy::default();
    for findings in [
        scanner().scan(text, &policy),
        scanner().scan_plain(text, &policy),
    ] {
        for f in findings {
            assert!(
                f.start <= f.end && f.end <= text.len(),
                "{f:?} outside {} bytes",
                text.len()
            );
            assert!(
                text.is_char_boundary(f.start) && text.is_char_boundary(f.end),
                "{f:?}"
            );
            assert_eq!(
                f.utf16_start,
                text[..f.start].encode_utf16().count(),
                "{f:?}"
            );
            assert_eq!(f.utf16_end, text[..f.end].encode_utf16().count(), "{f:?}");
        }
    }
});
