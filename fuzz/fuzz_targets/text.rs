#![no_main]
//! See `brief::fuzz::text`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| brief::fuzz::text(data));
