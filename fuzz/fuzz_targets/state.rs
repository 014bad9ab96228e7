#![no_main]
//! See `brief::fuzz::state`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| brief::fuzz::state(data));
