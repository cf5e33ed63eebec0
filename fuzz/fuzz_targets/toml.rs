//! A year file's text through the store (see `shiryo::fuzzing::toml`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| shiryo::fuzzing::toml(data));
