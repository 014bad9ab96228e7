#![no_main]
//! See `brief::fuzz::parse`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| brief::fuzz::parse(data));
