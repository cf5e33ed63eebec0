//! A saved mail, mailbox or Outlook item through the mail reader (see `shiryo::fuzzing::mail`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| shiryo::fuzzing::mail(data));
