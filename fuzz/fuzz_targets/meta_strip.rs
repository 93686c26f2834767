//! `meta::strip` on any bytes, and the promises behind it: whatever strip
//! returns inspects cleanly (nothing identifying left), in the same format, and
//! stripping it again changes nothing (strip is idempotent, byte for byte).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(once) = clearpost_meta::strip(data) else {
        return;
    };
    let report = clearpost_meta::inspect(&once.bytes).expect("strip's output must inspect");
    assert_eq!(report.format, once.format, "strip changed the format");
    assert!(
        report.is_clean(),
        "strip left removable metadata: {report:?}"
    );
    let twice = match clearpost_meta::strip(&once.bytes) {
        Ok(twice) => twice,
        Err(e) => panic!("strip refused its own output: {e}"),
    };
    assert!(
        twice.bytes == once.bytes,
        "a second strip changed the output ({} -> {} bytes), removing {:?}",
        once.bytes.len(),
        twice.bytes.len(),
        twice.removed.blocks
    );
});
