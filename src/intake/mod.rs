//! Intake: the forms out ([`form`]: the workbooks sent to each unit, centre
//! and the prefecture, laid out from the year's survey) and the answers in
//! ([`ingest`]: workbooks, in folders and zips, read back by the same layout).

pub mod cell;
pub mod form;
pub mod ingest;
pub mod mail;

/// What a caught panic said (its `&str` or `String` payload), for the refusal that names it.
pub(crate) fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned()).unwrap_or_default()
}
