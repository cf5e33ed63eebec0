//! What validation finds: a problem, located by file and typed key, of a
//! kind. Words for it are made in [`crate::messages`], at the edge. Problems
//! serialize (serde) so that a workbook's findings can be kept with it in the ledger.

use serde::{Deserialize, Serialize};

/// Error or warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// One finding of validation, located by file and TOML key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub severity: Severity,
    /// File relative to the year directory, e.g. `units/桑名市.toml`.
    pub file: String,
    /// Where inside the file, e.g. `items[key=training].shared_with`.
    pub key: super::key::Key,
    pub kind: ProblemKind,
}

#[derive(strum::EnumDiscriminants)]
#[strum_discriminants(derive(strum::EnumIter), doc = "The variants, without their data: the message catalogue lists an example of each.")]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    FieldKind(super::FieldKind),
    /// Shared with other units where the survey does not allow it; the survey's word for a unit.
    NotShareable { unit_word: String },
    /// A row of the paired table with another number of columns than the survey's.
    RowWidth { found: usize, expected: usize },
    /// A centre's answer to an item that centres do not answer (not 広域 in the survey).
    NotWide(String),
    /// Two items of `survey.toml` with one mark.
    DuplicateMark(String),
    /// An item's line starting with another mark than 「・」 used as a bullet (warning).
    OtherBullet(String),
    /// An item's line starting as a spreadsheet formula does (`=`, `+`, `-`, `@`): published with a leading
    /// apostrophe so that no spreadsheet runs it (warning; its first characters).
    FormulaLike(String),
    /// An item's line of only a dash other than 「―」 (warning).
    LoneDash(String),
    /// An item cell whose first line is a note, with no bullet above it (warning).
    NoteFirst,
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
    /// A six-digit code whose last digit is not its check digit (a typo).
    CheckDigit { code: String, expected: u8 },
    /// A block member with no submission: prints as 未提出 (warning).
    NotSubmitted(String),
    /// A run of Latin letters or digits wider than its cell: printed broken inside (warning).
    RunTooWide(String),
    /// A line of a `display` (an item's label, a schedule box) wider than its box: broken again (warning).
    DisplayTooWide(String),
    /// A character no embedded font has (a rare kanji, a 外字 of the Private Use Area): printed as a box (warning).
    NoGlyph(char),
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
    /// 課題 rows shared in a way one table cannot show; the survey's word for a unit.
    IssueOrder { unit_word: String },
    /// Two centres share more than one member, or one lies inside the other:
    /// their 広域 cells cannot both span their members (one shared member at the seam is fine).
    CentresOverlap { a: String, b: String, unit_word: String },
    /// A title or note names a fiscal year (`found`, e.g. 平成30年度) other than
    /// the packet's `fy` (warning): a title carried over from last year.
    OtherFiscalYear { found: String, fy: i32 },
    /// A mail address of `contacts.toml` or `packet.toml` that does not parse as one.
    BadAddress(String),
    /// `contacts.toml` names no unit or centre of the year (warning).
    UnknownContact(String),
    /// `shiryo request` needs `[request]` in `packet.toml` (number, date, addressee, sender).
    NoRequest,
}
