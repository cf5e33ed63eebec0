//! shiryo: municipalities' submissions → normalized TOML → the council's
//! packet (資料) as a Japanese-typeset PDF.
//!
//! The modules follow the data's path: [`model`] (typed data, validation) →
//! [`store`] (TOML in/out) → [`render`] (layout, templates, Typst world,
//! fonts) → [`pdf`]. [`messages`] is the one place errors become words.

pub mod pipeline;
pub mod archive;
pub mod diff;
pub mod era;
pub mod error;
pub mod form;
pub mod ingest;
pub mod messages;
pub mod model;
pub mod pdf;
pub mod render;
pub mod sample;
pub mod store;

pub use error::{Error, Problem, ProblemKind, Result, Severity};
