//! Outputs: the packet built from a year ([`pipeline`]: layout → Typst → PDF,
//! [`pdf`]: its PDF/A and PDF/UA settings), the packet as an accessible HTML page ([`html`]) and the archive of its versions ([`archive`]).

#[cfg(feature = "render")]
pub mod archive;
#[cfg(feature = "render")]
pub mod html;
#[cfg(feature = "render")]
pub mod letter;
pub mod mail;
#[cfg(feature = "render")]
pub mod pdf;
#[cfg(feature = "render")]
pub mod pipeline;
pub mod publish;
