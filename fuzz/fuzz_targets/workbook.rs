//! A returned workbook's bytes through the intake reader (see `shiryo::fuzzing::workbook`).
//!
//! A panic inside the reader's guard of calamine's `.xls` parser is by design
//! a refusal (`shiryo::intake::ingest::read::read`), so it unwinds to that guard; any
//! other panic aborts, and libFuzzer reports it as a crash.
#![no_main]

libfuzzer_sys::fuzz_target!(
    init: {
        std::panic::set_hook(Box::new(|info| {
            if !shiryo::intake::ingest::read::in_xls_guard() {
                eprintln!("{info}");
                std::process::abort();
            }
        }));
    },
    |data: &[u8]| shiryo::fuzzing::workbook(data)
);
