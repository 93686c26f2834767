//! Every container walker behind `meta::inspect`: any bytes give a report or an
//! error, never a panic, hang or unbounded allocation.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = clearpost_meta::inspect(data);
});
