//! shiryo: municipalities' submissions → normalized TOML → the council's
//! packet (資料) as a Japanese-typeset PDF.
//!
//! The modules follow the data's path: [`model`] (typed data, validation) →
//! [`store`] (TOML in/out) → [`render`] (layout, templates, Typst world,
//! fonts) → [`pdf`]. [`messages`] is the one place errors become words.

#[cfg(feature = "render")]
pub mod pipeline;
#[cfg(feature = "render")]
pub mod archive;
pub mod clock;
pub mod diff;
pub mod era;
pub mod error;
pub mod form;
#[doc(hidden)]
pub mod fuzzing;
pub mod ingest;
pub mod messages;
pub mod model;
#[cfg(feature = "render")]
pub mod pdf;
#[cfg(feature = "render")]
pub mod render;
pub mod sample;
pub mod store;

pub use error::{Error, Problem, ProblemKind, Result, Severity};
