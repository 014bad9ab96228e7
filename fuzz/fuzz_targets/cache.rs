#![no_main]
//! See `brief::fuzz::cache`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| brief::fuzz::cache(data));
