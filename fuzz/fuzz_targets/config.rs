#![no_main]
//! See `brief::fuzz::config`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| brief::fuzz::config(data));
