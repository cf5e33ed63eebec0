//! A returned workbook's bytes through the intake reader (see `shiryo::fuzzing::workbook`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| shiryo::fuzzing::workbook(data));
