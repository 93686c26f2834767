//! Review bundle parsing (`review::read_bundle`): any file gives a bundle or a
//! clear error, never a panic.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(data).unwrap();
    let _ = clearpost_audit::review::read_bundle(file.path());
});
