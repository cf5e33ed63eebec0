//! shiryo: a prefecture's yearly survey of its municipalities — the forms
//! out, the answers in, the checks — and the council's packet (資料) as a
//! Japanese-typeset PDF.
//!
//! The modules follow the data's path: [`intake`] (forms out, workbooks in) →
//! [`model`] (typed data, the survey, validation) → [`store`] (TOML, ledger,
//! lock, journal) → [`render`] (layout, Typst world, fonts) → [`outputs`]
//! (the PDF, the archive), then [`season`]: the clerk's steps, each returning a
//! typed outcome. [`messages`] is the one place where typed findings and
//! outcomes become words, in the [`lang::Lang`] asked for and for the place
//! they are read (the terminal or the page). The two front ends sit on top, in
//! the binary: the command line (`src/cli`) and the page (`src/desk`); neither
//! imports the other. `tests/it/structure.rs` checks the layering.

pub mod clock;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod intake;
pub mod lang;
pub mod messages;
pub mod model;
pub mod outputs;
#[cfg(feature = "render")]
pub mod render;
#[cfg(feature = "render")]
pub mod season;
pub mod store;

pub use error::{Error, Problem, ProblemKind, Result, Severity};
