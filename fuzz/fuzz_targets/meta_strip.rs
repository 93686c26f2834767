//! `meta::strip` on any bytes, and the promise behind it: whatever strip
//! returns inspects cleanly as the same format (nothing identifying left).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(stripped) = clearpost_meta::strip(data) {
        let report = clearpost_meta::inspect(&stripped.bytes)
            .expect("strip's output must inspect");
        assert!(report.is_clean(), "strip left removable metadata: {report:?}");
        assert_eq!(clearpost_meta::strip(&stripped.bytes).map(|s| s.format).ok(), Some(stripped.format));
    }
});
