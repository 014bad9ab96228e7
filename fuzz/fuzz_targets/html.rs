#![no_main]
//! See `brief::fuzz::html`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| brief::fuzz::html(data));
