//! The Markdown -> findings path of the PHI scanner: every finding's byte range
//! lies inside the text on char boundaries, names the text it covers, and its
//! UTF-16 range (what the editor uses) is the same span.
//!
//! Speed matters more here than in the other targets: the scanner is built once
//! per process (word lists take ~5 s to load under ASan, then cost nothing), and
//! smoke.sh feeds it the PHI corpus one short text per seed with
//! `-max_len=4096`. A single 400 kB seed had libFuzzer mutating 400 kB inputs
//! and the first runs managed 12 executions in 110 s.
#![no_main]

use std::sync::OnceLock;

use clearpost_phi::{Finding, Policy, Scanner};
use libfuzzer_sys::fuzz_target;

fn scanner() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    // The word lists when fetched (closer to the app), otherwise patterns only.
    SCANNER.get_or_init(|| Scanner::load_default().unwrap_or_else(|_| Scanner::without_lists()))
}

/// The default policy, and one whose deny and allow lists come from the input
/// itself (its first line, split at `|`), so the organisation's phrase lists
/// are fuzzed with text that really occurs in the draft.
fn policies(text: &str) -> [Policy; 2] {
    let mut custom = Policy::default();
    if let Some((head, _)) = text.split_once('\n') {
        let mut terms = head.split('|').map(str::to_owned);
        custom.deny.extend(terms.next());
        custom.allow.extend(terms);
    }
    [Policy::default(), custom]
}

fn check(text: &str, findings: &[Finding]) {
    for f in findings {
        assert!(
            f.start <= f.end && f.end <= text.len(),
            "{f:?} outside {} bytes",
            text.len()
        );
        assert!(
            text.is_char_boundary(f.start) && text.is_char_boundary(f.end),
            "{f:?} not on char boundaries"
        );
        assert_eq!(f.text, text[f.start..f.end], "{f:?} names other text");
        assert_eq!(
            f.utf16_start,
            text[..f.start].encode_utf16().count(),
            "{f:?}"
        );
        assert_eq!(f.utf16_end, text[..f.end].encode_utf16().count(), "{f:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for policy in policies(text) {
        check(text, &scanner().scan(text, &policy));
        check(text, &scanner().scan_plain(text, &policy));
    }
});
