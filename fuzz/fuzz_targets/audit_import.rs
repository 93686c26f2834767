//! Audit event decoding and chain checking from an export file
//! (`export::import_verify`): any file gives a report or an error, never a
//! panic; a clean report needs at least a well-formed header.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(data).unwrap();
    let _ = clearpost_audit::export::import_verify(file.path(), None);
});
