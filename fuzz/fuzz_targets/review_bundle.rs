//! Review bundle parsing (`review::parse_bundle`): any bytes give a bundle or
//! a clear error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = clearpost_core::review::parse_bundle(data, std::path::Path::new("fuzz.clearpost"));
});
