//! Intake: the forms out ([`form`]: the workbooks sent to each unit, centre
//! and the prefecture, laid out from the year's survey) and the answers in
//! ([`ingest`]: workbooks, in folders and zips, read back by the same layout).

pub mod form;
pub mod ingest;
pub mod mail;
