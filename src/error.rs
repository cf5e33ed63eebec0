//! Typed errors of the library. Turning them into words for a clerk happens in
//! one place only: [`crate::messages`].

use std::path::PathBuf;

/// Anything that stops a command.
#[derive(strum::EnumDiscriminants)]
#[strum_discriminants(derive(strum::EnumIter), doc = "The variants, without their data: the message catalogue lists an example of each.")]
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// A TOML file that is not valid TOML or does not fit the model.
    #[error("{path}: {message}")]
    Toml { path: PathBuf, message: String },
    /// Validation found errors (warnings alone never make this).
    #[error("{} problem(s)", .0.len())]
    Invalid(Vec<Problem>),
    /// Typst reported errors in a template.
    #[error("template: {0}")]
    Template(String),
    #[error("pdf: {0}")]
    Pdf(String),
    #[error("year directory not found: {0}")]
    NoYear(PathBuf),
    /// `packet.toml`'s prefecture is not one of the 47: the published data cannot name it by its code.
    #[error("unknown prefecture: {0}")]
    UnknownPrefecture(String),
    /// The published data could not be written (csv).
    #[error("publish: {0}")]
    Publish(String),
    /// A workbook could not be written (rust_xlsxwriter).
    #[error("workbook: {0}")]
    Workbook(String),
    /// A form's cell would hold more characters than Excel allows (an answer's lines joined).
    #[error("{sheet}!{cell}: {chars} characters, over Excel's 32,767")]
    CellTooLong { sheet: String, cell: String, chars: usize },
    /// `--unit` names no unit or centre of the year.
    #[error("no unit or centre named {0}")]
    NoSuchUnit(String),
    /// `history --restore N` names no version of the unit.
    #[error("{unit}: no version {version} (of {versions})")]
    NoSuchVersion { unit: String, version: usize, versions: usize },
    /// A workbook chosen (by its hash) that is not waiting for a choice, or not kept.
    #[error("no held workbook {0}")]
    NoSuchChoice(String),
    /// `--prefer` names no workbook of the folder.
    #[error("no workbook {0} in the folder")]
    NoSuchWorkbook(String),
    /// Another shiryo process holds the year's lock (`--no-wait`).
    #[error("locked by another process: {0}")]
    Locked(PathBuf),
    /// A writer cannot take the lock: the folder is read-only.
    #[error("read-only: {0}")]
    ReadOnly(PathBuf),
    /// An interrupted change that this process cannot settle (read-only, or begun twice).
    #[error("interrupted change: {0}")]
    Interrupted(PathBuf),
    /// A committed change whose staged file is gone and whose target does not hold it.
    #[error("{year}: journal: {file}")]
    Journal { year: PathBuf, file: String },
    /// A data folder or file of the year that is a symbolic link.
    #[error("symlink: {0}")]
    Symlink(PathBuf),
    /// An output that would land on a year's data.
    #[error("output {output} inside the data of {year}")]
    OutputOnInput { output: PathBuf, year: PathBuf },
    /// A folder where a file is to be written.
    #[error("output is a folder: {0}")]
    OutputIsDir(PathBuf),
    /// `verify` was given a folder holding no archived version.
    #[error("{0}: no archived version")]
    NoArchivedVersion(PathBuf),
    /// An output that exists and is not a regular file (a pipe, a device, a socket).
    #[error("{0}: not a regular file")]
    OutputNotAFile(PathBuf),
    /// A file where a folder is to be written.
    #[error("output is a file: {0}")]
    OutputIsFile(PathBuf),
    /// A kept workbook whose bytes no longer match the ledger's hash.
    #[error("{path}: does not match {ledger}")]
    Tampered { path: PathBuf, ledger: PathBuf },
    /// A ledger written by a newer shiryo.
    #[error("{path}: ledger schema {schema}")]
    NewerLedger { path: PathBuf, schema: u32 },
    /// A year file (`packet.toml`, `survey.toml`) of a data schema newer than this shiryo reads.
    #[error("{path}: data schema {schema}")]
    NewerData { path: PathBuf, schema: u32 },
    /// A TOML file that is not UTF-8; `encoding` is what it looks like, where that can be told.
    #[error("{path}: not UTF-8 ({encoding:?})")]
    NotUtf8 { path: PathBuf, encoding: Option<Encoding> },
    /// A TOML file larger than any year needs (see [`crate::model::limits`]).
    #[error("{path}: {bytes} bytes, over {limit}")]
    FileTooLarge { path: PathBuf, bytes: u64, limit: u64 },
    /// `new-year -o` names something that exists (even an empty folder): a year is never written over.
    #[error("exists: {0}")]
    OutputExists(PathBuf),
    /// A date given on the command line (`--date`, `--deadline`) that is not a date.
    #[error("--{flag}: not a date: {value}")]
    BadDateArg { flag: &'static str, value: String },
    /// The new year's meeting date (`--date`) outside its fiscal year (April `fy` – March `fy + 1`).
    #[error("date {date} outside fiscal year {fy}")]
    DateOutsideFiscalYear { date: String, fy: i32 },
    /// The form deadline (`--deadline`) after the meeting date.
    #[error("deadline {deadline} after date {date}")]
    DeadlineAfterDate { deadline: String, date: String },
}

/// What a file that is not UTF-8 was saved as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Shift_JIS as Windows writes it (CP932): Notepad's ANSI, Excel's CSV.
    ShiftJis,
    /// UTF-16 (Windows' "Unicode"), told by its byte-order mark or its NUL bytes.
    Utf16,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }
}

pub use crate::model::problem::{Problem, ProblemKind, Severity};
