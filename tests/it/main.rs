//! The integration tests, one binary (ripgrep's way): each module was a
//! binary of its own, and every one linked Typst. Tests that assert a time
//! sit in a `timed` module of their file; `bash scripts/test` runs them alone,
//! one at a time, after the rest.

mod common;
mod archive;
mod batch;
mod bullets;
mod cli_lang;
mod copies;
mod dates;
mod desk;
mod diff;
mod drafts;
mod fidelity;
mod fit;
mod frames;
mod fuzz_regressions;
mod guide;
mod hostile;
mod intake;
mod layout_props;
mod limits;
mod mail;
mod new_year;
mod office;
mod packet;
mod publish;
mod publish_html;
mod rows;
mod schema;
mod season;
mod send_back;
mod sources;
mod store;
mod structure;
mod survey2;
mod trust;
mod validation;
mod versions;
mod words;
