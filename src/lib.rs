//! shiryo: a prefecture's yearly survey of its municipalities — the forms
//! out, the answers in, the checks — and the council's packet (資料) as a
//! Japanese-typeset PDF.
//!
//! The modules follow the data's path: [`intake`] (forms out, workbooks in) →
//! [`model`] (typed data, the survey, validation) → [`store`] (TOML, ledger,
//! lock, journal) → [`render`] (layout, Typst world, fonts) → [`outputs`]
//! (the PDF, the archive). [`messages`] is the one place where typed findings
//! become words, in the [`lang::Lang`] asked for; the command line sits on top
//! (`src/cli`, in the binary). `tests/structure.rs` checks that no module
//! imports one that imports it back.

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
pub mod store;

pub use error::{Error, Problem, ProblemKind, Result, Severity};
