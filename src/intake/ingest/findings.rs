//! What a workbook's reading found, each at its sheet and cell, and how a finding is
//! kept in the ledger and read back.

use super::*;

/// One finding about a workbook, located by file, sheet and cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub severity: Severity,
    /// The workbook's file name in the folder.
    pub file: String,
    /// Sheet and A1 cell or range, empty when the finding is about the whole workbook.
    pub sheet: String,
    pub cell: String,
    pub kind: FindingKind,
}

/// What a finding says; serialized (serde) to be kept in the ledger with its workbook ([`kept`], [`from_kept`]).
#[derive(strum::EnumDiscriminants)]
#[strum_discriminants(derive(strum::EnumIter), doc = "The variants, without their data: the message catalogue lists an example of each.")]
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum FindingKind {
    /// Not read at all: not a spreadsheet, damaged, too large, encrypted …
    Refused(Refusal),
    /// A spreadsheet, but not this form (no marker and no unit cell).
    NotAForm,
    MissingSheet(String),
    HiddenSheet(String),
    OtherYear { form: i32, year: i32 },
    OtherPrefecture { form: String, year: String },
    UnknownTarget { kind: Kind, name: String },
    /// The marker names one unit, the sheet's unit cell another.
    TargetMismatch { marker: String, sheet: String },
    NewerForm(u32),
    FormulaError(String),
    /// Merged cells over answer cells.
    Merged,
    /// An item's cell is empty where the block needs it: the item's label.
    EmptyItem(String),
    /// No row of the items sheet has this item's mark (a row deleted): its label.
    MissingItemRow(String),
    /// No row of the table sheet has this field's name: its name.
    MissingFieldRow(String),
    /// No header row of the paired table (its first column's header).
    MissingTableHead(String),
    /// The marker names another survey than the year's: (form's, year's).
    OtherSurvey { form: String, year: String },
    /// A line typed with another bullet mark (or a lone dash), read as 「・」 (「―」).
    Bullet(bullet::Fix),
    /// A cell whose first line is a note, with no bullet above it.
    NoteFirst,
    /// An e-mail address on 回答者 that is not one.
    BadAddress(String),
    /// A joint partner's name that is no unit of the year, and the name most like it.
    UnknownPartner { name: String, close: Option<String> },
    /// Joint partners that are not neighbours in the packet's table.
    PartnersNotAdjacent(Vec<String>),
    /// A required answer is empty: its label.
    EmptyField(String),
    /// A row of the paired table with no first column (課題) above it: that column's header.
    RowWithoutFirst(String),
    /// Partners written on a following row of a 課題, different from its first row's.
    PartnersOnContinuation,
    /// Validation of the year found this in the workbook's answers.
    Invalid(ProblemKind),
    /// Accepting the workbook would make another file of the year invalid.
    Breaks(Problem),
    /// Accepting the workbook would take the year as a whole past a limit (the packet's pages).
    OverLimit(Problem),
    /// A non-empty cell outside the answer area: its value (shortened).
    Ignored(String),
    /// A date in an answer cell, read as this text.
    DateRead(String),
    /// No hidden marker: identified by the sheet's unit cell.
    NoMarker,
    /// The partner's workbook in this folder says otherwise; `at` is its file and cell.
    JointConflict { partner: String, at: String },
    /// The partner's stored answer says otherwise (it has not resubmitted).
    JointStale { partner: String },
    /// Other workbooks of the folder for the same unit.
    Duplicate(Vec<String>),
    /// The same bytes as another workbook of the folder.
    SameAs(String),
    /// A workbook replaced by a later one (ledger), not applied again.
    Superseded,
    /// Not chosen: `--prefer` chose this other workbook.
    Declined(String),
    /// Not applied: an older version than another of the folder, or than the one applied (its name).
    OlderVersion(#[serde(with = "empty_is_none")] Option<String>),
    /// Applied by `--prefer` in place of this workbook, applied until now.
    PreferredInstead(String),
    /// The mail's sender has no usable address: answers to it go to the registered contact.
    SenderUnusable(String),
    /// A reader failed unexpectedly (caught); the detail.
    Internal(String),
    /// Its file name names another unit of the year, not its own: held until `--prefer`.
    CopiedForm { named: String, form: String },
    /// More findings than a report can usefully list: how many were left out.
    More(usize),
    /// A file of the folder that is not read as a workbook, and why.
    NotRead(sources::SkipReason),
}

impl FindingKind {
    /// A notice of what the clerk chose, said beside the workbook but no warning about it:
    /// the unit stays 提出済, not 受理（注意あり）, and is offered no send-back for it.
    pub fn is_notice(&self) -> bool {
        matches!(self, FindingKind::PreferredInstead(_) | FindingKind::SenderUnusable(_))
    }
}

/// An optional text kept as a text, empty for none (TOML has no null).
mod empty_is_none {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v.as_deref().unwrap_or(""))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        let text = String::deserialize(d)?;
        Ok((!text.is_empty()).then_some(text))
    }
}

pub(super) fn problem_id(p: &Problem) -> String {
    format!("{}\u{1}{}\u{1}{:?}", p.file, p.key, p.kind)
}

/// What a validation problem of a workbook's answers says, in the survey's own
/// words and the form's terms (an office never hears of TOML files or keys).
pub(super) fn explain(p: &Problem, year: &Year) -> FindingKind {
    let survey = &year.survey;
    let item = |key: &str| survey.item(key).map_or_else(|| key.to_string(), |i| i.label());
    let field = |key: &str| survey.field(key).map_or_else(|| key.to_string(), |f| f.name.clone());
    match (&p.kind, &p.key) {
        (ProblemKind::MissingItem(label), _) => FindingKind::EmptyItem(label.clone()),
        (ProblemKind::Empty, Key::Item { item: k, .. }) => FindingKind::EmptyItem(item(k)),
        (ProblemKind::Empty, Key::Field { field: k, .. }) => FindingKind::EmptyField(field(k)),
        (ProblemKind::Empty, Key::Pairs | Key::Pair { part: PairPart::First, .. }) => {
            FindingKind::EmptyField(survey.table.first.header.clone())
        }
        (ProblemKind::Empty, Key::Pair { .. }) => {
            let names: Vec<&str> = survey.table.columns.iter().map(|c| c.header.as_str()).collect();
            FindingKind::EmptyField(names.join("・"))
        }
        (ProblemKind::Empty, Key::Top("members")) => FindingKind::EmptyField("構成市町".into()),
        (ProblemKind::Empty, _) => FindingKind::EmptyField(String::new()),
        (ProblemKind::UnknownUnit(name), _) => {
            FindingKind::UnknownPartner { name: name.clone(), close: closest(name, &target_names(year)) }
        }
        (ProblemKind::NotAdjacent(names), _) => FindingKind::PartnersNotAdjacent(names.clone()),
        (k, _) => FindingKind::Invalid(k.clone()),
    }
}

/// Findings as the ledger keeps them ([`received::Kept`]), with the line saying how many more
/// there were. A kind serde cannot write as TOML is kept as [`FindingKind::Internal`] with its debug text.
pub fn kept(findings: &[Finding], more: usize, more_errors: bool) -> Vec<received::Kept> {
    let mut out: Vec<received::Kept> = findings
        .iter()
        .map(|f| {
            let kind = toml::Value::try_from(&f.kind)
                .or_else(|_| toml::Value::try_from(FindingKind::Internal(format!("{:?}", f.kind))))
                .unwrap_or_else(|_| toml::Value::String(String::new()));
            received::Kept { severity: f.severity, sheet: f.sheet.clone(), cell: f.cell.clone(), kind }
        })
        .collect();
    if more > 0 {
        let severity = if more_errors { Severity::Error } else { Severity::Warning };
        if let Ok(kind) = toml::Value::try_from(FindingKind::More(more)) {
            out.push(received::Kept { severity, sheet: String::new(), cell: String::new(), kind });
        }
    }
    out
}

/// A kept finding of the workbook `file` read back; `None` for a kind this shiryo does not know
/// (a later shiryo's, or a ledger edited by hand).
pub fn from_kept(k: &received::Kept, file: &str) -> Option<Finding> {
    let kind: FindingKind = k.kind.clone().try_into().ok()?;
    Some(Finding { severity: k.severity, file: file.to_string(), sheet: k.sheet.clone(), cell: k.cell.clone(), kind })
}
