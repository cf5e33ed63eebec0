//! Typed errors of the library. Turning them into words for a clerk happens in
//! one place only: [`crate::messages`].

use std::path::PathBuf;

/// Anything that stops a command.
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
    /// A workbook could not be written (rust_xlsxwriter).
    #[error("workbook: {0}")]
    Workbook(String),
    /// `--unit` names no unit or centre of the year.
    #[error("no unit or centre named {0}")]
    NoSuchUnit(String),
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

/// Error or warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One finding of validation, located by file and TOML key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// File relative to the year directory, e.g. `units/桑名市.toml`.
    pub file: String,
    /// Where inside the file, e.g. `items[key=training].shared_with`.
    pub key: crate::model::key::Key,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// A name refers to no submitting unit of the year.
    UnknownUnit(String),
    /// A unit file whose unit is a column of no block.
    UnitInNoBlock(String),
    /// A unit that is a column of more than one block.
    UnitInTwoBlocks(String),
    /// An item key the survey does not have.
    UnknownItem(String),
    /// An item key twice in one file (or in `survey.toml`).
    DuplicateItem(String),
    /// An item the block's matrix needs is missing from the unit's file: its label (①資源の把握).
    MissingItem(String),
    /// A field key the survey does not have.
    UnknownField(String),
    /// A field answered in the wrong form for its kind (`lines` for a text, a bracket where none is asked).
    FieldKind(crate::model::FieldKind),
    /// Shared with other units where the survey does not allow it.
    NotShareable,
    /// A row of the paired table with another number of columns than the survey's.
    RowWidth { found: usize, expected: usize },
    /// A centre's answer to an item that centres do not answer (not 広域 in the survey).
    NotWide(String),
    /// Two items of `survey.toml` with one mark.
    DuplicateMark(String),
    /// Two fields of `survey.toml` with one key.
    DuplicateField(String),
    /// A required text is empty.
    Empty,
    /// The units sharing a cell are not adjacent columns of one block.
    NotAdjacent(Vec<String>),
    /// `a` says it shares with `b`, but `b` does not say so, or says different text.
    ShareMismatch { partner: String },
    /// A date or month that does not parse (YYYY-MM-DD / YYYY-MM).
    BadDate(String),
    /// A schedule event names a band that is not listed.
    UnknownBand(String),
    /// An event needs either `date` or both `from` and `to`.
    EventWhen,
    /// A month outside the schedule's range.
    OutsideSchedule(String),
    /// The same unit name twice (validation now reports [`ProblemKind::SameName`], naming both files).
    DuplicateUnit(String),
    /// A local-government code that is not 6 digits.
    BadCode(String),
    /// A block member with no submission: prints as 未提出 (warning).
    NotSubmitted(String),
    /// A month more than a year outside the fiscal year (`fy` = its first year): surely a typo.
    FarFromFiscalYear { value: String, fy: i32 },
    /// A month outside the fiscal year, within a year of it (warning).
    OutsideFiscalYear { value: String, fy: i32 },
    /// A span that ends before it starts (`from` after `to`, `first_month` after `last_month`).
    Reversed { from: String, to: String },
    /// The schedule's grid has more months than a page can show.
    TooManyMonths { months: i64, limit: i64 },
    /// Two files of units (or of centres) with the same name: `other` is the first file.
    SameName { name: String, other: String },
    /// Two units with the same local-government code (warning): `other` is the
    /// first unit's name, `other_file` its file.
    SameCode { code: String, other: String, other_file: String },
    /// A text longer than a spreadsheet cell can hold.
    TooLong { chars: usize, limit: usize },
    /// The year would typeset to more pages than a packet can be; `largest`
    /// are the files that contribute most, with their estimated pages.
    TooManyPages { pages: usize, limit: usize, largest: Vec<(String, usize)> },
    /// 課題 rows shared in a way one table cannot show.
    IssueOrder,
    /// Two centres share more than one member, or one lies inside the other:
    /// their 広域 cells cannot both span their members (one shared member at the seam is fine).
    CentresOverlap(String, String),
    /// A title or note names a fiscal year (`found`, e.g. 平成30年度) other than
    /// the packet's `fy` (warning): a title carried over from last year.
    OtherFiscalYear { found: String, fy: i32 },
}
