//! `shiryo ingest`: the folder of returned workbooks → the year's TOML.
//!
//! 1. Every `.xlsx .xlsm .xls .ods` of the folder is read in parallel (rayon):
//!    [`read`] checks the bytes before calamine parses them, and one bad
//!    workbook never stops the others (a panic inside a reader is caught and
//!    becomes that workbook's rejection).
//! 2. The workbook names its unit in the hidden marker sheet (fallback: the
//!    unit cell 取組状況!B1; never the file name). Another year's, another
//!    prefecture's, an unknown unit's form, or a marker that contradicts the
//!    sheet, is rejected.
//! 3. Answer cells are normalized ([`normalize`]); every other non-empty cell
//!    that is not the form's own label is reported as ignored with its Sheet!A1.
//! 4. Two different workbooks for one unit: neither applied until `--prefer`.
//!    A workbook the ledger knows as superseded or declined is not applied again.
//! 5. Joint answers: when partners disagree (both in this folder, or one
//!    against the other's stored TOML) the field keeps its previous text and
//!    both cells are named.
//! 6. The year with the accepted workbooks is validated as a whole; a
//!    workbook with errors in its own answers, or whose answers would make
//!    another unit's file invalid, is rejected and changes no TOML.
//! 7. Accepted workbooks are written through [`crate::store`] (canonical,
//!    atomic) and kept unchanged under `received/` with the ledger and the report.
//!
//! Running it twice on the same folder changes nothing.

pub mod normalize;
pub mod prefecture;
pub mod read;
pub mod received;
pub mod sources;

mod cfb;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;

use crate::error::{Error, Problem, ProblemKind, Result, Severity};
use crate::intake::cell::a1;
use crate::intake::form::layout::{self, COL_A, COL_B, COL_C, COL_D, CellKind, FormLayout};
use crate::model::Kind;
use crate::model::bullet;
use crate::model::contacts::Contact;
use crate::model::moment::Moment;
use crate::model::key::{FieldPart, ItemPart, Key, PairPart};
use crate::model::{Centre, CentreItem, FieldKind, FieldValue, ItemCell, Pair, Survey, Unit, Year, validate};
use crate::store;
use crate::store::journal::Txn;
use read::{Book, Refusal, Value};
use sources::Item;
use received::{Entry, Hold, Ledger, Origin, Pending, Produced, State};

/// The file extensions read (case-insensitive).
pub use crate::store::WORKBOOK_EXTENSIONS as EXTENSIONS;

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

/// The outcome of one workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    Warnings,
    Rejected,
    /// Two workbooks for one unit: not applied until the clerk chooses.
    Duplicate,
    /// Its file name names another unit (a copied form): not applied until the clerk confirms.
    Held,
    /// Not applied: superseded, declined or a copy of another.
    Skipped,
}

#[derive(Debug, Clone)]
pub struct WorkbookOutcome {
    pub file: String,
    pub path: PathBuf,
    pub sha256: String,
    pub target: Option<(Kind, String)>,
    pub status: Status,
    pub findings: Vec<Finding>,
    pub modified: String,
}

/// What `ingest` did.
#[derive(Debug, Clone)]
pub struct Ingested {
    pub workbooks: Vec<WorkbookOutcome>,
    /// TOML files (relative to the year) whose bytes changed.
    pub changed: Vec<String>,
    /// Where the report is to be written (checked to be outside the year's data).
    pub report: PathBuf,
    /// The folder ingested, as the report names it.
    pub folder: PathBuf,
    /// The year as it was before the ingest (the report lists its units).
    pub year: Year,
    /// The year's folder.
    pub year_dir: PathBuf,
}

impl Ingested {
    /// Whether the clerk must act: a workbook rejected or waiting for a choice.
    pub fn needs_attention(&self) -> bool {
        self.workbooks.iter().any(|w| matches!(w.status, Status::Rejected | Status::Duplicate | Status::Held))
    }
}

/// A workbook the clerk chose: by its name in the folder (`--prefer`), or by
/// its contents' SHA-256 (a held or kept version chosen on the page, a restore).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prefer {
    File(PathBuf),
    Sha256(String),
}

impl std::fmt::Display for Prefer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Prefer::File(p) => write!(f, "{}", p.display()),
            Prefer::Sha256(h) => write!(f, "{h}"),
        }
    }
}

/// What is ingested: a folder (or one file) on disk, or files handed over as bytes.
#[derive(Debug, Clone)]
pub enum Input {
    Folder(PathBuf),
    Files(Vec<sources::Upload>),
}

#[derive(Debug, Clone)]
pub struct Options {
    /// Workbooks chosen where a unit has two (file names or paths).
    pub prefer: Vec<Prefer>,
    /// Where to write the report (default `<year>/reports/取込結果.md`).
    pub report: Option<PathBuf>,
    /// Passwords to try on password-protected zips (`--zip-password`).
    pub zip_passwords: Vec<String>,
    /// The receipt time written in the ledger.
    pub now: SystemTime,
}

impl Options {
    /// No choices, the default report, no passwords; received at `now`.
    pub fn at(now: SystemTime) -> Options {
        Options { prefer: Vec::new(), report: None, zip_passwords: Vec::new(), now }
    }
}

/// Where validation keys sit in a workbook: its layout, with the rows its reader found.
#[derive(Debug, Clone, Default)]
struct Locator(Option<FormLayout>);

impl Locator {
    /// The sheet and cell of a validation problem's file and key.
    fn locate(&self, file: &str, key: &Key) -> (String, String) {
        match &self.0 {
            Some(layout) => layout.locate(file, key),
            None => (String::new(), String::new()),
        }
    }
}

/// A workbook read and understood: the unit or centre it answers for.
#[derive(Debug, Clone)]
struct Submission {
    kind: Kind,
    name: String,
    unit: Option<Unit>,
    centre: Option<Centre>,
    parts: Option<prefecture::Parts>,
    /// The answering office's contact (回答者), where the form has it and it was filled.
    contact: Option<Contact>,
    locator: Locator,
}

impl Submission {
    /// Whether accepting it writes `contacts.toml`: a 回答者 filled in, or the prefecture's 連絡先.
    fn gives_contacts(&self) -> bool {
        self.contact.is_some() || self.parts.as_ref().is_some_and(|p| p.contacts.is_some())
    }
}

/// A workbook after reading (before the year-wide steps).
struct Parsed {
    file: String,
    path: PathBuf,
    bytes: Vec<u8>,
    sha256: String,
    modified: String,
    findings: Vec<Finding>,
    /// Where it came from (the folder, a zip) and its extension, lower case.
    origin: Origin,
    ext: String,
    /// The mail it came attached to: sender, date, subject.
    mail: Option<crate::intake::mail::Envelope>,
    /// When its container says it arrived here (the file's, the zip's time), ISO 8601.
    arrived: Option<String>,
    /// Its receipt moment, once set ([`Parsed::arrive`]).
    arrival: Option<Moment>,
    /// Findings beyond [`MAX_FINDINGS`], counted, not kept.
    more: usize,
    /// The unit or centre it is for, once identified as this year's form (rejected ones too).
    target: Option<(Kind, String)>,
    more_errors: bool,
    submission: Option<Submission>,
}

/// The findings kept per workbook: a sheet full of stray cells must not make a report of a million lines.
pub const MAX_FINDINGS: usize = 100;

/// The ingest report's place in the year.
pub const REPORT: &str = "取込結果.md";

impl Parsed {
    fn new(file: String, path: &Path) -> Parsed {
        Parsed {
            file,
            path: path.to_path_buf(),
            bytes: Vec::new(),
            sha256: String::new(),
            modified: String::new(),
            findings: Vec::new(),
            origin: Origin::Folder,
            ext: String::new(),
            mail: None,
            arrived: None,
            arrival: None,
            more: 0,
            target: None,
            more_errors: false,
            submission: None,
        }
    }

    /// The reader's refusal, located at the sheet and cell it names.
    fn refused(&mut self, refusal: Refusal) {
        let (sheet, cell) = match &refusal {
            Refusal::TooManyRows { sheet, cell, .. } | Refusal::CellTooLong { sheet, cell, .. } => (sheet.clone(), cell.clone()),
            Refusal::TooManyCells { sheet, .. } | Refusal::TooBig { sheet } | Refusal::TooMuchText { sheet, .. } => (sheet.clone(), String::new()),
            _ => (String::new(), String::new()),
        };
        self.error(&sheet, &cell, FindingKind::Refused(refusal));
    }

    fn finding(&mut self, severity: Severity, sheet: &str, cell: &str, kind: FindingKind) {
        if self.findings.len() >= MAX_FINDINGS {
            self.more += 1;
            self.more_errors |= severity == Severity::Error;
            return;
        }
        self.findings.push(Finding {
            severity,
            file: self.file.clone(),
            sheet: sheet.into(),
            cell: cell.into(),
            kind,
        });
    }
    fn error(&mut self, sheet: &str, cell: &str, kind: FindingKind) {
        self.finding(Severity::Error, sheet, cell, kind);
    }
    fn warn(&mut self, sheet: &str, cell: &str, kind: FindingKind) {
        self.finding(Severity::Warning, sheet, cell, kind);
    }
    fn rejected(&self) -> bool {
        self.more_errors || self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// The receipt moment (see [`Parsed::arrive`]), to the second.
    fn moment(&self) -> Option<Moment> {
        self.arrival
    }

    /// Sets the receipt moment: when it arrived here, never by the sender's clock.
    /// A version the ledger holds keeps the moment it recorded. Otherwise the
    /// earlier of its first ingest (by its SHA-256; `now` for a new one) and, for a
    /// mail, its topmost `Received:` line (the secretariat's server; without one,
    /// its `Date:`), for a file in the folder (or a zip's entry), the file's time.
    /// The workbook's own dates, a zip entry's date and Outlook's submit time are
    /// information only: a PC whose clock says 2099 does not make a version newest.
    fn arrive(&mut self, ledger: &Ledger, now: SystemTime) {
        let known = || ledger.workbooks.iter().filter(|e| e.sha256 == self.sha256);
        if let Some(m) = known().filter_map(|e| Moment::parse(e.moment())).min() {
            self.arrival = Some(m);
            return;
        }
        let first = known().filter_map(|e| Moment::parse(&e.received)).min().unwrap_or_else(|| moment_at(now));
        let source = match &self.mail {
            Some(m) => m.received.as_deref().or(m.date.as_deref()).and_then(Moment::parse),
            None => self.arrived.as_deref().and_then(Moment::parse),
        };
        self.arrival = Some(source.map_or(first, |s| s.min(first)));
    }

    /// The findings, with a last line saying how many more there were.
    fn all_findings(mut self) -> Vec<Finding> {
        if self.more > 0 {
            let severity = if self.more_errors { Severity::Error } else { Severity::Warning };
            let file = self.file.clone();
            self.findings.push(Finding { severity, file, sheet: String::new(), cell: String::new(), kind: FindingKind::More(self.more) });
        }
        self.findings
    }
}

/// Ingests every workbook of `folder` into the year at `year_dir`. The caller
/// holds the year's lock for writing ([`store::open`]); the year's files, the
/// kept workbooks and the ledger change together or not at all ([`Txn`]).
pub fn ingest(input: Input, year_dir: &Path, options: &Options) -> Result<Ingested> {
    let report_path = options.report.clone().unwrap_or_else(|| year_dir.join(store::open::REPORTS).join(REPORT));
    store::guard::output(&report_path, store::guard::Expect::File, &[year_dir])?;
    let year = store::load(year_dir)?;
    let (items, folder) = match input {
        Input::Folder(folder) => {
            let items = sources::gather(&folder, &[year_dir.to_path_buf()], &options.zip_passwords)?;
            (items, folder.canonicalize().unwrap_or(folder))
        }
        Input::Files(files) => (sources::uploaded(files, &options.zip_passwords), PathBuf::new()),
    };
    for p in &options.prefer {
        let found = |s: &sources::Source| match p {
            Prefer::File(f) => preferred(s.path(), &s.display, f),
            Prefer::Sha256(h) => received::sha256(&s.bytes) == *h,
        };
        if !items.iter().any(|i| matches!(i, Item::Source(s) if found(s))) {
            return Err(Error::NoSuchWorkbook(p.to_string()));
        }
    }
    let (workbooks, skipped): (Vec<Item>, Vec<Item>) = items.into_iter().partition(|i| matches!(i, Item::Source(_)));
    let mut parsed: Vec<Parsed> = workbooks
        .into_par_iter()
        .filter_map(|i| if let Item::Source(s) = i { Some(parse_source(s, &year)) } else { None })
        .collect();
    let ledger = Ledger::load(year_dir)?;
    for p in &mut parsed {
        p.arrive(&ledger, options.now);
    }
    let choice = choose(&year, &ledger, &mut parsed, &options.prefer);
    let accepted = accept(&year, &mut parsed, &choice.chosen);
    let receipt = received::iso_utc(options.now);
    let changed = commit(year_dir, &year, ledger, &parsed, &accepted, &choice, &receipt)?;
    let mut workbooks = outcomes(parsed, &choice.status);
    workbooks.extend(skipped.into_iter().filter_map(|i| if let Item::Skipped(s) = i { Some(skipped_outcome(s)) } else { None }));
    workbooks.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(Ingested { workbooks, changed, report: report_path, folder, year, year_dir: year_dir.to_path_buf() })
}

/// Which workbooks go forward, per target: copies, superseded and declined
/// ones, copied forms and duplicates set aside.
#[derive(Debug, Default)]
struct Choice {
    status: Vec<Option<Status>>,
    /// One workbook per target, to be validated.
    chosen: Vec<usize>,
    /// Not chosen where `--prefer` chose another.
    declined: Vec<usize>,
    /// Older versions than another of the folder or the one applied: kept, not applied.
    superseded: Vec<usize>,
    /// Waiting for the clerk's choice.
    held: Vec<(usize, Hold)>,
    /// Targets with workbooks in this folder: their earlier pending choice is replaced.
    targets: BTreeSet<(Kind, String)>,
    pending: Vec<Pending>,
}

/// Decides, per unit or centre, which of its workbooks is applied. Each
/// workbook is a version, ordered by its receipt moment ([`Parsed::moment`]):
/// the latest acceptable version newer than the one applied is applied, older
/// ones are superseded (kept, not applied), a rejected later one is the unit's
/// latest word (差し戻し) while its last accepted one stays applied; two
/// different workbooks of the same moment are duplicates, for the clerk to choose.
fn choose(year: &Year, ledger: &Ledger, parsed: &mut [Parsed], prefer: &[Prefer]) -> Choice {
    let mut c = Choice { status: vec![None; parsed.len()], ..Choice::default() };
    let mut groups: BTreeMap<(Kind, String), Vec<usize>> = BTreeMap::new();
    for (i, p) in parsed.iter().enumerate() {
        if let Some((kind, name)) = &p.target {
            groups.entry((*kind, name.clone())).or_default().push(i);
        }
    }
    let names = target_names(year);
    let preferred = |p: &Parsed| {
        prefer.iter().any(|x| match x {
            Prefer::File(f) => preferred(&p.path, &p.file, f),
            Prefer::Sha256(h) => p.sha256 == *h,
        })
    };
    for ((kind, name), members) in &groups {
        let kind = *kind;
        c.targets.insert((kind, name.clone()));
        let mut live: Vec<usize> = Vec::new();
        for &i in members {
            if preferred(&parsed[i]) && !parsed[i].rejected() {
                // A choice given again: taken whatever the ledger says, and the change is said.
                if let Some(current) = ledger.current(kind, name).filter(|e| e.sha256 != parsed[i].sha256) {
                    let instead = current.original.clone();
                    parsed[i].warn("", "", FindingKind::PreferredInstead(instead));
                }
                live.push(i);
            } else if let Some(status) = known_version(ledger, parsed, i, kind, name, &live) {
                c.status[i] = Some(status);
            } else if parsed[i].rejected() {
                // Rejected: a version all the same (kept, and the unit's latest word if it is the newest).
            } else if let Some(named) = copied_from(&parsed[i], name, &names).filter(|_| !preferred(&parsed[i])) {
                parsed[i].error("", "", FindingKind::CopiedForm { named, form: name.clone() });
                c.status[i] = Some(Status::Held);
                c.held.push((i, Hold::CopiedForm));
                c.pending.push(pending_of(kind, name, parsed, &[i]));
            } else {
                live.push(i);
            }
        }
        let live = versions(&mut c, ledger, parsed, live, kind, name, &preferred);
        match live.as_slice() {
            [] => {}
            [one] => c.chosen.push(*one),
            _ => choose_among(&mut c, parsed, &live, kind, name, &preferred),
        }
    }
    c
}

/// A workbook the ledger knows as superseded or declined, or a copy of one in this folder: skipped, with its word.
fn known_version(ledger: &Ledger, parsed: &mut [Parsed], i: usize, kind: Kind, name: &str, live: &[usize]) -> Option<Status> {
    match ledger.state_of(kind, name, &parsed[i].sha256) {
        Some(State::Superseded) => {
            parsed[i].warn("", "", FindingKind::Superseded);
            Some(Status::Skipped)
        }
        Some(State::Declined) => {
            let current = ledger.current(kind, name).map(|e| e.original.clone()).unwrap_or_default();
            parsed[i].warn("", "", FindingKind::Declined(current));
            Some(Status::Skipped)
        }
        _ => {
            let twin = live.iter().find(|&&j| parsed[j].sha256 == parsed[i].sha256)?;
            let other = parsed[*twin].file.clone();
            parsed[i].warn("", "", FindingKind::SameAs(other));
            Some(Status::Skipped)
        }
    }
}

/// Of a unit's acceptable workbooks in this folder, the newest ones (several
/// only when they share the newest moment); the others, and all of them when
/// the ledger holds a newer applied version, are superseded on arrival. A
/// preferred workbook is taken whatever its moment.
fn versions(
    c: &mut Choice,
    ledger: &Ledger,
    parsed: &mut [Parsed],
    live: Vec<usize>,
    kind: Kind,
    name: &str,
    preferred: &dyn Fn(&Parsed) -> bool,
) -> Vec<usize> {
    if live.iter().any(|&i| preferred(&parsed[i])) || live.len() < 2 && ledger.current(kind, name).is_none() {
        return live;
    }
    let applied = ledger.current(kind, name).filter(|e| !live.iter().any(|&i| parsed[i].sha256 == e.sha256));
    let applied_moment = applied.and_then(|e| Moment::parse(e.moment()));
    let newest = live.iter().filter_map(|&i| parsed[i].moment()).max();
    let mut keep = Vec::new();
    for i in live {
        let m = parsed[i].moment();
        let older_than_applied = matches!((m, applied_moment), (Some(m), Some(a)) if m < a);
        let older_than_newest = matches!((m, newest), (Some(m), Some(n)) if m < n);
        if older_than_applied || older_than_newest {
            let newer = if older_than_applied { applied.map(|e| e.original.clone()) } else { None };
            parsed[i].warn("", "", FindingKind::OlderVersion(newer));
            c.status[i] = Some(Status::Skipped);
            c.superseded.push(i);
        } else {
            keep.push(i);
        }
    }
    keep
}

/// Two or more workbooks for one target: the preferred one, or none until the clerk chooses.
fn choose_among(c: &mut Choice, parsed: &mut [Parsed], live: &[usize], kind: Kind, name: &str, preferred: &dyn Fn(&Parsed) -> bool) {
    let chosen: Vec<usize> = live.iter().copied().filter(|&i| preferred(&parsed[i])).collect();
    if let [one] = chosen.as_slice() {
        c.chosen.push(*one);
        for &i in live.iter().filter(|&&i| i != *one) {
            let file = parsed[*one].file.clone();
            parsed[i].warn("", "", FindingKind::Declined(file));
            c.status[i] = Some(Status::Skipped);
            c.declined.push(i);
        }
        return;
    }
    for &i in live {
        let others: Vec<String> = live.iter().filter(|&&j| j != i).map(|&j| parsed[j].file.clone()).collect();
        parsed[i].error("", "", FindingKind::Duplicate(others));
        c.status[i] = Some(Status::Duplicate);
        c.held.push((i, Hold::Duplicate));
    }
    c.pending.push(pending_of(kind, name, parsed, live));
}

fn pending_of(kind: Kind, name: &str, parsed: &[Parsed], members: &[usize]) -> Pending {
    Pending {
        kind: Some(kind),
        name: name.to_string(),
        files: members.iter().map(|&i| parsed[i].file.clone()).collect(),
        modified: members.iter().map(|&i| parsed[i].modified.clone()).collect(),
    }
}

/// The name of the year most like `typed` (「四日市」→「四日市市」, one character off): a suggestion, if any.
fn closest(typed: &str, names: &[String]) -> Option<String> {
    let chars: Vec<char> = typed.chars().collect();
    let near = |n: &String| {
        let other: Vec<char> = n.chars().collect();
        let contains = n.contains(typed) || typed.contains(n.as_str());
        let one_off = chars.len() == other.len() && chars.iter().zip(&other).filter(|(a, b)| a != b).count() == 1;
        chars.len() >= 2 && (contains || one_off)
    };
    names.iter().filter(|n| near(n)).min_by_key(|n| n.chars().count().abs_diff(chars.len())).cloned()
}

/// The names of the year's units and centres (NFC), longest first.
fn target_names(year: &Year) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let mut names: Vec<String> = year
        .blocks
        .blocks
        .iter()
        .flat_map(|b| b.columns.iter())
        .chain(year.centres.iter().map(|c| &c.name))
        .map(|n| n.nfc().collect())
        .collect();
    names.sort_by_key(|n: &String| std::cmp::Reverse(n.chars().count()));
    names.dedup();
    names
}

/// The other unit a workbook's file name names, when it does not name its own
/// target: a form copied from another unit's and filled in for this one (or the
/// reverse). A centre's form may well carry a member's name (the member that fills it in).
fn copied_from(p: &Parsed, own: &str, names: &[String]) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let nfc = |s: &str| -> String { s.nfc().collect() };
    let base = nfc(p.file.rsplit(['/', '\\']).next().unwrap_or(&p.file));
    let own = nfc(own);
    if base.contains(&own) {
        return None;
    }
    let members: Vec<String> =
        p.submission.as_ref().and_then(|s| s.centre.as_ref()).map(|c| c.members.iter().map(|m| nfc(m)).collect()).unwrap_or_default();
    names.iter().find(|n| **n != own && !members.contains(n) && base.contains(n.as_str())).cloned()
}

/// The chosen workbooks that the year accepts: joint answers reconciled, then
/// validation of the year as a whole, until the accepted set is stable.
fn accept(year: &Year, parsed: &mut [Parsed], chosen: &[usize]) -> Vec<usize> {
    let mut accepted: Vec<usize> = chosen.to_vec();
    let baseline: BTreeSet<String> =
        validate::validate(year).iter().filter(|p| p.severity == Severity::Error).map(problem_id).collect();
    let mut reverted: BTreeSet<(usize, Joint)> = BTreeSet::new();
    for _ in 0..parsed.len() + 3 {
        reconcile(year, parsed, &accepted, &mut reverted);
        let candidate = compose(year, parsed, &accepted);
        let reject = blame(year, &candidate, parsed, &accepted, &baseline);
        if reject.is_empty() {
            break;
        }
        for (i, found) in reject {
            for (sheet, cell, kind) in found {
                parsed[i].error(&sheet, &cell, kind);
            }
            accepted.retain(|&j| j != i);
        }
    }
    accepted
}

type Blamed = BTreeMap<usize, Vec<(String, String, FindingKind)>>;

/// The accepted workbooks that the candidate year's new errors are due to.
fn blame(year: &Year, candidate: &Year, parsed: &[Parsed], accepted: &[usize], baseline: &BTreeSet<String>) -> Blamed {
    let mut reject = Blamed::new();
    for p in validate::validate(candidate).iter().filter(|p| p.severity == Severity::Error) {
        if let Some(&i) = accepted.iter().find(|&&i| files_of(year, &parsed[i]).contains(&p.file)) {
            let Some(sub) = &parsed[i].submission else { continue };
            let (sheet, cell) = sub.locator.locate(&p.file, &p.key);
            reject.entry(i).or_default().push((sheet, cell, explain(p, candidate)));
        } else if !baseline.contains(&problem_id(p)) {
            // Another file broke: blame the accepted workbooks of its block.
            let owner = owner_of(candidate, &p.file);
            for &i in accepted {
                let Some(sub) = parsed[i].submission.as_ref() else { continue };
                // The prefecture's form decides who is in which block.
                let blamed = sub.kind == Kind::Prefecture
                    || owner.as_ref().is_none_or(|block| same_block(candidate, block, &sub.name, Some(sub)));
                if blamed {
                    // A limit of the whole year is no other file's fault: say which limit.
                    let kind = match p.kind {
                        ProblemKind::TooManyPages { .. } => FindingKind::OverLimit(p.clone()),
                        _ => FindingKind::Breaks(p.clone()),
                    };
                    reject.entry(i).or_default().push((String::new(), String::new(), kind));
                }
            }
        }
    }
    reject
}

/// Stages everything the ingest changes — TOMLs, kept workbooks, the ledger —
/// and commits it at once. Returns the TOML files whose bytes changed.
fn commit(
    year_dir: &Path,
    year: &Year,
    mut ledger: Ledger,
    parsed: &[Parsed],
    accepted: &[usize],
    choice: &Choice,
    receipt: &str,
) -> Result<Vec<String>> {
    let mut txn = Txn::begin(year_dir)?;
    match stage(year_dir, year, &mut ledger, &mut txn, parsed, accepted, choice, receipt) {
        Ok(changed) => {
            txn.commit()?;
            Ok(changed)
        }
        Err(e) => {
            txn.abort();
            Err(e)
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn stage(
    year_dir: &Path,
    year: &Year,
    ledger: &mut Ledger,
    txn: &mut Txn,
    parsed: &[Parsed],
    accepted: &[usize],
    choice: &Choice,
    receipt: &str,
) -> Result<Vec<String>> {
    let mut changed = Vec::new();
    for &i in accepted {
        let p = &parsed[i];
        let Some(sub) = &p.submission else { continue };
        let mut produced = Vec::new();
        for (rel, text) in texts_of(year, p, sub)? {
            if txn.put(&rel, text.as_bytes())? {
                changed.push(rel.clone());
            }
            produced.push(Produced { file: rel, sha256: received::sha256(text.as_bytes()) });
        }
        if ledger.state_of(sub.kind, &sub.name, &p.sha256) == Some(State::Applied) {
            continue;
        }
        let stored = keep_once(ledger, year_dir, txn, p, &sub.name, receipt)?;
        let warnings = p.findings.iter().filter(|f| f.severity == Severity::Warning && !f.kind.is_notice()).count();
        ledger.apply(Entry { state: State::Applied, stored, produced, warnings, ..entry(p, receipt) });
    }
    if accepted.iter().any(|&i| parsed[i].submission.as_ref().is_some_and(Submission::gives_contacts)) {
        let text = store::to_canonical(&contacts_with(year, parsed, accepted))?;
        if txn.put(store::CONTACTS, text.as_bytes())? {
            changed.push(store::CONTACTS.to_string());
        }
    }
    record_others(year_dir, txn, ledger, parsed, accepted, choice, receipt)?;
    ledger.pending.retain(|x| !x.kind.is_some_and(|k| choice.targets.contains(&(k, x.name.clone()))));
    ledger.pending.extend(choice.pending.iter().cloned());
    txn.put(&Ledger::rel(), ledger.text()?.as_bytes())?;
    Ok(changed)
}

/// The files (relative to the year) a submission writes, with their canonical text.
fn texts_of(year: &Year, p: &Parsed, sub: &Submission) -> Result<Vec<(String, String)>> {
    Ok(match (&sub.unit, &sub.centre, &sub.parts) {
        (Some(u), _, _) => vec![(source_of(year, p), store::to_canonical(u)?)],
        (_, Some(c), _) => vec![(source_of(year, p), store::to_canonical(c)?)],
        (_, _, Some(parts)) => vec![
            (store::PACKET.into(), store::to_canonical(&packet_of(year, parts))?),
            (store::SCHEDULE.into(), store::to_canonical(&schedule_of(year, parts))?),
            (store::PROGRAMMES.into(), store::to_canonical(&parts.programmes)?),
            (store::BLOCKS.into(), store::to_canonical(&parts.blocks)?),
        ],
        _ => Vec::new(),
    })
}

/// The schedule as the prefecture's form sets it; a form from before the display
/// column (version 5) keeps each box's display form from the year (same band and label).
fn schedule_of(year: &Year, parts: &prefecture::Parts) -> crate::model::Schedule {
    let mut schedule = parts.schedule.clone();
    if !parts.displays {
        for e in &mut schedule.events {
            let before = year.schedule.events.iter().find(|b| b.band == e.band && b.label == e.label);
            e.display = before.and_then(|b| b.display.clone());
        }
    }
    schedule
}

/// The year's packet with the fields the prefecture's form sets (a form of version 1 sets none).
fn packet_of(year: &Year, parts: &prefecture::Parts) -> crate::model::Packet {
    let mut packet = year.packet.clone();
    if let Some(p) = &parts.packet {
        packet.meeting = p.meeting.clone();
        packet.material = p.material.clone();
        packet.date = p.date.clone();
        packet.deadline = p.deadline.clone();
        packet.contact = p.contact.clone();
    }
    if let Some(request) = &parts.request {
        packet.request = request.clone();
    }
    packet.schema = crate::model::survey::SCHEMA;
    packet
}

/// A ledger line for a workbook; callers set its state.
fn entry(p: &Parsed, receipt: &str) -> Entry {
    let (kind, name) = p.target.as_ref().map(|(k, n)| (Some(*k), n.clone())).unwrap_or_default();
    Entry {
        kind,
        name,
        state: State::NotAForm,
        hold: None,
        sha256: p.sha256.clone(),
        origin: p.origin,
        original: p.file.clone(),
        sender: p.mail.as_ref().map(|m| m.sender.clone()).unwrap_or_default(),
        subject: p.mail.as_ref().map(|m| m.subject.clone()).unwrap_or_default(),
        mail_date: p.mail.as_ref().and_then(|m| m.date.clone()).unwrap_or_default(),
        stored: String::new(),
        received: receipt.to_string(),
        modified: p.modified.clone(),
        moment: p.arrival.map(|m| received::iso_utc(std::time::UNIX_EPOCH + std::time::Duration::from_secs(m.0.max(0) as u64))).unwrap_or_default(),
        warnings: 0,
        produced: Vec::new(),
        findings: Some(kept(&p.findings, p.more, p.more_errors)),
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

/// Ledger lines for the workbooks not applied: declined, held, superseded on
/// arrival, rejected, not a form. Every version of a unit is kept under
/// `received/`, rejected and superseded ones too.
fn record_others(
    year_dir: &Path,
    txn: &mut Txn,
    ledger: &mut Ledger,
    parsed: &[Parsed],
    accepted: &[usize],
    choice: &Choice,
    receipt: &str,
) -> Result<()> {
    for &i in &choice.superseded {
        let p = &parsed[i];
        let Some((kind, name)) = &p.target else { continue };
        if ledger.state_of(*kind, name, &p.sha256).is_none() {
            let stored = keep(year_dir, txn, p, name, receipt)?;
            ledger.record(Entry { state: State::Superseded, stored, ..entry(p, receipt) });
        }
    }
    for &i in &choice.declined {
        let p = &parsed[i];
        let Some(sub) = &p.submission else { continue };
        // Declined only once the chosen one was accepted; a held line becomes declined.
        let known = ledger.state_of(sub.kind, &sub.name, &p.sha256);
        if ledger.current(sub.kind, &sub.name).is_some() && !matches!(known, Some(State::Applied | State::Superseded)) {
            ledger.record(Entry { state: State::Declined, ..entry(p, receipt) });
        }
    }
    // Held ones are kept too: the clerk may choose one later without its folder (the desk's uploads).
    for &(i, hold) in &choice.held {
        let p = &parsed[i];
        let stored = match &p.target {
            Some((_, name)) => keep_once(ledger, year_dir, txn, p, name, receipt)?,
            None => String::new(),
        };
        ledger.record(Entry { state: State::Held, hold: Some(hold), stored, ..entry(p, receipt) });
    }
    for (i, p) in parsed.iter().enumerate() {
        let decided = accepted.contains(&i) || choice.status[i].is_some() || p.sha256.is_empty();
        if decided || !p.rejected() {
            continue;
        }
        // A workbook applied earlier and now refused (the year changed) keeps its line.
        let known = p.target.as_ref().and_then(|(k, n)| ledger.state_of(*k, n, &p.sha256));
        if matches!(known, Some(State::Applied | State::Superseded)) {
            continue;
        }
        match &p.target {
            Some((_, name)) => {
                let stored = if known.is_some() { String::new() } else { keep(year_dir, txn, p, name, receipt)? };
                ledger.record(Entry { state: State::Rejected, stored, ..entry(p, receipt) });
            }
            None => ledger.record(Entry { state: State::NotAForm, ..entry(p, receipt) }),
        }
    }
    Ok(())
}

/// What became of each workbook, for the terminal and the report.
fn outcomes(parsed: Vec<Parsed>, status: &[Option<Status>]) -> Vec<WorkbookOutcome> {
    parsed
        .into_iter()
        .zip(status.iter().copied())
        .map(|(p, s)| {
            let rejected = p.rejected();
            let status = match s {
                Some(s @ (Status::Skipped | Status::Duplicate | Status::Held)) => s,
                _ if rejected => Status::Rejected,
                Some(s) => s,
                None if p.findings.iter().all(|f| f.kind.is_notice()) && p.more == 0 => Status::Ok,
                None => Status::Warnings,
            };
            WorkbookOutcome {
                // Rejected ones too, once identified: the report and `--drafts` name whom they are from.
                target: p.target.clone(),
                file: p.file.clone(),
                path: p.path.clone(),
                sha256: p.sha256.clone(),
                status,
                modified: p.modified.clone(),
                findings: p.all_findings(),
            }
        })
        .collect()
}

/// A clock's time as a moment.
fn moment_at(t: SystemTime) -> Moment {
    Moment(t.duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0))
}

/// Whether `--prefer` names this workbook: by its name as shown (`sub/桑名市.xlsx`,
/// `回答.zip/桑名市.xlsx`), its file name, or its path.
fn preferred(path: &Path, display: &str, prefer: &Path) -> bool {
    let named = prefer.to_string_lossy();
    if named == display || display.rsplit('/').next() == Some(&*named) {
        return true;
    }
    if prefer.components().count() == 1 {
        return path.file_name() == prefer.file_name() && !display.contains(".zip/");
    }
    match (path.canonicalize(), prefer.canonicalize()) {
        (Ok(x), Ok(y)) => x == y && !display.contains(".zip/"),
        _ => false,
    }
}

/// A file of the folder that is not read, as an outcome with its reason.
fn skipped_outcome(s: sources::Skipped) -> WorkbookOutcome {
    let severity = s.reason.severity();
    let status = if severity == Severity::Error { Status::Rejected } else { Status::Skipped };
    let finding = Finding { severity, file: s.display.clone(), sheet: String::new(), cell: String::new(), kind: FindingKind::NotRead(s.reason) };
    WorkbookOutcome {
        file: s.display,
        path: s.path,
        sha256: String::new(),
        target: None,
        status,
        findings: vec![finding],
        modified: String::new(),
    }
}

fn problem_id(p: &Problem) -> String {
    format!("{}\u{1}{}\u{1}{:?}", p.file, p.key, p.kind)
}

/// What a validation problem of a workbook's answers says, in the survey's own
/// words and the form's terms (an office never hears of TOML files or keys).
fn explain(p: &Problem, year: &Year) -> FindingKind {
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

/// The files (relative to the year) a submission writes.
fn files_of(year: &Year, p: &Parsed) -> Vec<String> {
    match &p.submission {
        Some(s) if s.kind == Kind::Prefecture => {
            let mut files = vec![store::PACKET.into(), store::SCHEDULE.into(), store::PROGRAMMES.into(), store::BLOCKS.into()];
            if s.gives_contacts() {
                files.push(store::CONTACTS.into());
            }
            files
        }
        Some(s) if s.contact.is_some() => vec![source_of(year, p), store::CONTACTS.into()],
        Some(_) => vec![source_of(year, p)],
        None => Vec::new(),
    }
}

/// The file (relative to the year) a unit's or centre's submission is written to.
fn source_of(year: &Year, p: &Parsed) -> String {
    let Some(s) = &p.submission else { return String::new() };
    let (existing, sub) = match s.kind {
        Kind::Unit => (year.units.iter().find(|u| u.name == s.name).map(|u| u.source.clone()), store::UNITS),
        Kind::Centre => (year.centres.iter().find(|c| c.name == s.name).map(|c| c.source.clone()), store::CENTRES),
        Kind::Prefecture => return String::new(),
    };
    match existing {
        Some(src) if Path::new(&src).parent() == Some(Path::new(sub)) => src,
        _ => format!("{sub}/{}", store::file_name(&s.name)),
    }
}

/// The year with the accepted submissions in place of the stored ones.
fn compose(year: &Year, parsed: &[Parsed], accepted: &[usize]) -> Year {
    let mut y = year.clone();
    for &i in accepted {
        let p = &parsed[i];
        let Some(s) = &p.submission else { continue };
        if let Some(parts) = &s.parts {
            y.packet = packet_of(year, parts);
            y.schedule = parts.schedule.clone();
            y.programmes = parts.programmes.clone();
            y.blocks = parts.blocks.clone();
        }
        let source = source_of(year, p);
        if let Some(u) = &s.unit {
            let mut u = u.clone();
            u.source = source.clone();
            match y.units.iter_mut().find(|x| x.name == u.name) {
                Some(x) => *x = u,
                None => y.units.push(u),
            }
        }
        if let Some(c) = &s.centre {
            let mut c = c.clone();
            c.source = source;
            match y.centres.iter_mut().find(|x| x.name == c.name) {
                Some(x) => *x = c,
                None => y.centres.push(c),
            }
        }
    }
    y.units.sort_by(|a, b| a.source.cmp(&b.source));
    y.centres.sort_by(|a, b| a.source.cmp(&b.source));
    y.contacts = contacts_with(year, parsed, accepted);
    y
}

/// The year's contacts with those the accepted forms gave: the prefecture's 連絡先 first (a row
/// left empty removes its name), then each unit's and centre's own 回答者 (their Cc kept, which it does not ask).
fn contacts_with(year: &Year, parsed: &[Parsed], accepted: &[usize]) -> crate::model::contacts::Contacts {
    let mut contacts = year.contacts.clone();
    let sheets = accepted.iter().filter_map(|&i| parsed[i].submission.as_ref()?.parts.as_ref()?.contacts.as_ref());
    for (name, c) in sheets.flatten() {
        if *c == Contact::default() {
            contacts.0.remove(name);
        } else {
            contacts.0.insert(name.clone(), c.clone());
        }
    }
    for &i in accepted {
        let Some(s) = &parsed[i].submission else { continue };
        let Some(c) = &s.contact else { continue };
        let cc = contacts.0.get(&s.name).map(|old| old.cc.clone()).unwrap_or_default();
        contacts.0.insert(s.name.clone(), Contact { cc, ..c.clone() });
    }
    contacts
}

/// The block label of the unit or centre a file holds.
fn owner_of(year: &Year, file: &str) -> Option<String> {
    let members: Vec<String> = if let Some(u) = year.units.iter().find(|u| u.source == file) {
        vec![u.name.clone()]
    } else if let Some(c) = year.centres.iter().find(|c| c.source == file) {
        c.members.clone()
    } else {
        return None;
    };
    year.blocks.blocks.iter().find(|b| members.iter().any(|m| b.columns.contains(m))).map(|b| b.label.clone())
}

fn same_block(year: &Year, label: &str, name: &str, sub: Option<&Submission>) -> bool {
    let Some(block) = year.blocks.blocks.iter().find(|b| b.label == label) else { return true };
    let members: Vec<String> = match sub.and_then(|s| s.centre.as_ref()) {
        Some(c) => c.members.clone(),
        None => vec![name.to_string()],
    };
    members.iter().any(|m| block.columns.contains(m))
}

/// A joint answer of a unit: a field, an item, or the paired table.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Joint {
    Field(String),
    Item(String),
    Pairs,
}

impl Joint {
    fn of(key: &Key) -> Option<Joint> {
        match key {
            Key::Field { field, .. } => Some(Joint::Field(field.clone())),
            Key::Item { item, .. } => Some(Joint::Item(item.clone())),
            Key::Pairs | Key::Pair { .. } => Some(Joint::Pairs),
            _ => None,
        }
    }

    /// The cell a conflict is shown at.
    fn key(&self) -> Key {
        match self {
            Joint::Field(f) => Key::field(f, FieldPart::Text),
            Joint::Item(i) => Key::item(i, ItemPart::Lines),
            Joint::Pairs => Key::Pairs,
        }
    }

    /// Puts back the stored unit's answer; false when there is none to put back.
    fn revert(&self, new: &mut Unit, old: Option<&Unit>, survey: &Survey) -> bool {
        let Some(old) = old else { return false };
        match self {
            Joint::Field(f) => match old.fields.get(f) {
                Some(v) => drop(new.fields.insert(f.clone(), v.clone())),
                None => drop(new.fields.remove(f)),
            },
            Joint::Item(key) => {
                let Some(cell) = old.item(key) else { return false };
                match new.items.iter_mut().find(|c| &c.key == key) {
                    Some(c) => *c = cell.clone(),
                    None => {
                        new.items.push(cell.clone());
                        new.items.sort_by_key(|c| survey.item_index(&c.key));
                    }
                }
            }
            Joint::Pairs => new.pairs = old.pairs.clone(),
        }
        true
    }
}

/// Joint answers that disagree keep their previous text: partners both in
/// the folder name each other's cells (conflict); against a stored partner,
/// the workbook's field is put back (stale).
fn reconcile(year: &Year, parsed: &mut [Parsed], accepted: &[usize], reverted: &mut BTreeSet<(usize, Joint)>) {
    for _ in 0..64 {
        let candidate = compose(year, parsed, accepted);
        let batch = |name: &str, parsed: &[Parsed]| {
            accepted.iter().copied().find(|&i| {
                parsed[i].submission.as_ref().is_some_and(|s| s.kind == Kind::Unit && s.name == name)
            })
        };
        let mut changed = false;
        for p in validate::validate(&candidate) {
            let ProblemKind::ShareMismatch { partner } = &p.kind else { continue };
            let Some(field) = Joint::of(&p.key) else { continue };
            let Some(me) = candidate.units.iter().find(|u| u.source == p.file).map(|u| u.name.clone()) else {
                continue;
            };
            let sides = [(batch(&me, parsed), partner.clone()), (batch(partner, parsed), me.clone())];
            let other_of = |name: &String, parsed: &[Parsed]| -> Option<String> {
                let j = batch(name, parsed)?;
                let s = parsed[j].submission.as_ref()?;
                let (sheet, cell) = s.locator.locate("", &field.key());
                Some(format!("{} {sheet}!{cell}", parsed[j].file))
            };
            for (side, other) in sides {
                let Some(i) = side else { continue };
                if reverted.contains(&(i, field.clone())) {
                    continue;
                }
                let Some(name) = parsed[i].submission.as_ref().map(|s| s.name.clone()) else { continue };
                let old = year.unit(&name);
                let at = other_of(&other, parsed);
                let Some(sub) = parsed[i].submission.as_mut() else { continue };
                let Some(unit) = sub.unit.as_mut() else { continue };
                if !field.revert(unit, old, &year.survey) {
                    continue;
                }
                reverted.insert((i, field.clone()));
                changed = true;
                let (sheet, cell) = sub.locator.locate("", &field.key());
                let kind = match at {
                    Some(at) => FindingKind::JointConflict { partner: other.clone(), at },
                    None => FindingKind::JointStale { partner: other.clone() },
                };
                parsed[i].warn(&sheet, &cell, kind);
            }
        }
        if !changed {
            return;
        }
    }
}

/// Stages a copy of an accepted workbook under `received/`, named by target and receipt time.
/// The kept copy of a workbook the ledger already holds for the target (held, superseded or
/// restored, then applied), else a new one: one copy per version, never an orphan.
fn keep_once(ledger: &Ledger, year_dir: &Path, txn: &mut Txn, p: &Parsed, name: &str, receipt: &str) -> Result<String> {
    let kind = p.target.as_ref().map(|(k, _)| *k);
    let known = ledger.workbooks.iter().find(|e| e.kind == kind && e.name == name && e.sha256 == p.sha256 && !e.stored.is_empty());
    match known {
        Some(e) if year_dir.join(&e.stored).is_file() => Ok(e.stored.clone()),
        _ => keep(year_dir, txn, p, name, receipt),
    }
}

fn keep(year_dir: &Path, txn: &mut Txn, p: &Parsed, name: &str, receipt: &str) -> Result<String> {
    let dir = year_dir.join(received::DIR);
    let stem = store::safe_stem(name);
    // Named with the receipt in Japan time, as a clerk reads it: 桑名市_20181116-090000JST.xlsx.
    let stamp = Moment::parse(receipt).map_or_else(|| receipt.chars().filter(|c| c.is_ascii_alphanumeric()).collect(), |m| m.stamp());
    let ext = if p.ext.is_empty() { "xlsx" } else { &p.ext };
    let mut file = format!("{stem}_{stamp}.{ext}");
    let mut n = 2;
    while dir.join(&file).exists() || txn.has(&format!("{}/{file}", received::DIR)) {
        file = format!("{stem}_{stamp}_{n}.{ext}");
        n += 1;
    }
    let rel = format!("{}/{file}", received::DIR);
    txn.put(&rel, &p.bytes)?;
    Ok(rel)
}

/// Reads one workbook of the folder (or of a zip in it): never panics (a reader's panic becomes a rejection).
fn parse_source(src: sources::Source, year: &Year) -> Parsed {
    let mut p = Parsed::new(src.display.clone(), src.path());
    p.origin = match src.origin {
        sources::Origin::Folder { .. } => Origin::Folder,
        sources::Origin::Zip { .. } => Origin::Zip,
        sources::Origin::Mail { ref envelope, .. } => {
            p.mail = Some((**envelope).clone());
            Origin::Mail
        }
    };
    p.ext = src.ext;
    p.modified = src.modified.unwrap_or_default();
    p.arrived = src.arrived;
    p.bytes = src.bytes;
    p.sha256 = received::sha256(&p.bytes);
    let bytes = std::mem::take(&mut p.bytes);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read::read(&bytes)));
    p.bytes = bytes;
    let book = match outcome {
        Ok(Ok(book)) => book,
        Ok(Err(refusal)) => {
            p.refused(refusal);
            return p;
        }
        Err(panic) => {
            p.error("", "", FindingKind::Internal(crate::intake::panic_text(panic.as_ref())));
            return p;
        }
    };
    if let Some(m) = &book.modified {
        p.modified = m.clone();
    }
    understand(&mut p, &book, year);
    p
}

/// A cell's text as the form expects; a date where text is expected is noted,
/// an Excel date serial where a date is expected becomes the date; formula errors are refused.
fn cell_text(p: &mut Parsed, sheet: &str, row: u32, col: u16, v: &Value, date_expected: bool) -> String {
    match v {
        Value::Text(t) => t.clone(),
        Value::Number(f) if date_expected && (1.0..2_958_466.0).contains(f) => {
            let (y, m, d, ..) = calamine::ExcelDateTime::new(*f, calamine::ExcelDateTimeType::DateTime, false).to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Value::Number(f) => normalize::number(*f),
        Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Value::Date(d) if date_expected => d.chars().take(10).collect(),
        Value::Date(d) => {
            p.warn(sheet, &a1(row, col), FindingKind::DateRead(d.clone()));
            d.clone()
        }
        Value::Error(e) => {
            p.error(sheet, &a1(row, col), FindingKind::FormulaError(e.clone()));
            String::new()
        }
    }
}

/// The rows of the marker sheet as strings.
fn marker_rows(book: &Book) -> Option<Vec<Vec<String>>> {
    let sheet = book.sheet(FormLayout::MARKER_SHEET)?;
    let mut rows: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for (&(r, c), v) in &sheet.cells {
        if c > 8 {
            continue;
        }
        let text = match v {
            Value::Text(t) => t.clone(),
            Value::Number(f) => normalize::number(*f),
            _ => continue,
        };
        let row = rows.entry(r).or_default();
        if row.len() <= usize::from(c) {
            row.resize(usize::from(c) + 1, String::new());
        }
        row[usize::from(c)] = text;
    }
    Some(rows.into_values().collect())
}

/// The 4-digit year in a text such as `平成30年度（2018年度）`.
fn year_in(text: &str) -> Option<i32> {
    let digits: Vec<char> = text.chars().collect();
    digits.windows(4).find(|w| w.iter().all(|c| c.is_ascii_digit())).and_then(|w| w.iter().collect::<String>().parse().ok())
}

fn text_at(book: &Book, sheet: &str, row: u32, col: u16) -> Option<String> {
    match book.sheet(sheet)?.cells.get(&(row, col))? {
        Value::Text(t) => Some(t.trim().to_string()),
        Value::Number(f) => Some(normalize::number(*f)),
        _ => None,
    }
}

/// What `ingest` would find in one workbook's bytes against `year`, without
/// writing anything and without catching panics: the entry the fuzzer drives
/// (`fuzz/fuzz_targets/workbook.rs`), so a panic in a reader is seen, not absorbed.
pub fn examine(file: &str, bytes: &[u8], year: &Year) -> Vec<Finding> {
    let mut p = Parsed::new(file.into(), Path::new(file));
    match read::read(bytes) {
        Ok(book) => understand(&mut p, &book, year),
        Err(refusal) => p.refused(refusal),
    }
    p.findings
}

/// One workbook judged as `ingest` would judge it against the year (read,
/// validated with the year's other files, joint answers compared), without
/// writing anything: its findings and the answers it holds, if it could be read.
#[derive(Debug, Clone)]
pub struct Examined {
    pub findings: Vec<Finding>,
    pub target: Option<(Kind, String)>,
    pub unit: Option<Unit>,
    pub centre: Option<Centre>,
    /// Whether `ingest` would reject it.
    pub rejected: bool,
}

/// See [`Examined`].
pub fn examine_in_year(file: &str, bytes: &[u8], year: &Year) -> Examined {
    let mut p = Parsed::new(file.into(), Path::new(file));
    p.bytes = bytes.to_vec();
    p.sha256 = received::sha256(bytes);
    match read::read(bytes) {
        Ok(book) => {
            if let Some(m) = &book.modified {
                p.modified = m.clone();
            }
            understand(&mut p, &book, year)
        }
        Err(refusal) => p.refused(refusal),
    }
    let mut parsed = vec![p];
    let chosen: Vec<usize> = if parsed[0].submission.is_some() && !parsed[0].rejected() { vec![0] } else { Vec::new() };
    accept(year, &mut parsed, &chosen);
    let p = parsed.remove(0);
    let (unit, centre) = p.submission.as_ref().map(|s| (s.unit.clone(), s.centre.clone())).unwrap_or_default();
    Examined { rejected: p.rejected(), target: p.target.clone(), unit, centre, findings: p.all_findings() }
}

/// Identifies the workbook, checks it is this year's form, reads its answers.
fn understand(p: &mut Parsed, book: &Book, year: &Year) {
    // A reply draft (receipt, send-back) goes to the sender: said here, where it came from, when it cannot.
    if let Some(sender) = p.mail.as_ref().map(|m| m.sender.clone()).filter(|s| !s.trim().is_empty())
        && crate::model::contacts::sender_address(&sender).is_none()
    {
        p.warn("", "", FindingKind::SenderUnusable(sender));
    }
    let Some(layout) = identify(p, book, year) else { return };
    if !admissible(p, book, year, &layout) {
        return;
    }
    p.target = Some((layout.meta.kind, layout.meta.name.clone()));
    let submission = match layout.meta.kind {
        Kind::Prefecture => read_prefecture(p, book, layout),
        Kind::Unit | Kind::Centre => read_answers(p, book, year, layout),
    };
    if let Some(s) = submission {
        p.submission = Some(s);
    }
}

/// Who the workbook is for: its hidden marker, else the answer sheet's own unit cell.
fn identify(p: &mut Parsed, book: &Book, year: &Year) -> Option<FormLayout> {
    let items = year.survey.items_sheet.as_str();
    if let Some(layout) = marker_rows(book).as_deref().and_then(|rows| FormLayout::from_marker(rows, &year.survey)) {
        return Some(layout);
    }
    // No marker: the sheet's own unit cell, checked against the year.
    let name = text_at(book, items, 0, COL_B).map(|t| normalize::text(&t));
    let (Some(name), Some(label)) = (name, text_at(book, items, 0, COL_A)) else {
        p.error("", "", FindingKind::NotAForm);
        return None;
    };
    let kind = if label == FormLayout::who_label(Kind::Centre) { Kind::Centre } else { Kind::Unit };
    if label != FormLayout::who_label(kind) {
        p.error("", "", FindingKind::NotAForm);
        return None;
    }
    let fy = text_at(book, items, 0, COL_C).and_then(|t| year_in(&t)).unwrap_or(0);
    let d1 = text_at(book, items, 0, COL_D).unwrap_or_default();
    let mut meta = match kind {
        Kind::Unit | Kind::Prefecture => FormLayout::unit(year, &name, year.unit(&name)).meta,
        Kind::Centre => match year.centres.iter().find(|c| c.name == name) {
            Some(c) => FormLayout::centre(year, c).meta,
            // A centre not stored yet: its members as the form printed them in D1.
            None if members_in(&d1, year).is_some() => {
                let members = members_in(&d1, year).unwrap_or_default();
                FormLayout::centre(year, &Centre { name: name.clone(), members, ..Centre::default() }).meta
            }
            None => {
                p.error(items, "B1", FindingKind::UnknownTarget { kind, name });
                return None;
            }
        },
    };
    meta.fiscal_year = fy;
    if kind == Kind::Unit && year.unit(&name).is_none() {
        // No stored unit either: the code or members the form printed in D1.
        if let Some(code) = FormLayout::code_in(&d1, year.survey.unit_word()) {
            meta.code = Some(code.trim().to_string()).filter(|c| !c.is_empty());
        } else if let Some(names) = members_in(&d1, year) {
            meta.members = names.into_iter().map(|name| crate::model::Member { name, code: None }).collect();
        }
    }
    p.warn(items, "B1", FindingKind::NoMarker);
    Some(FormLayout::new(meta, &year.survey))
}

/// The members a form's D1 names after 「構成市町：」 (the survey's unit word from version 6 on).
fn members_in(d1: &str, year: &Year) -> Option<Vec<String>> {
    FormLayout::members_in(d1, year.survey.unit_word()).map(normalize::names)
}

/// Whether the workbook is this year's form for a target of the year, with its answer sheets.
fn admissible(p: &mut Parsed, book: &Book, year: &Year, layout: &FormLayout) -> bool {
    let meta = &layout.meta;
    if meta.version > FormLayout::NEWEST {
        p.error("", "", FindingKind::NewerForm(meta.version));
        return false;
    }
    if meta.fiscal_year != year.packet.fiscal_year {
        p.error("", "", FindingKind::OtherYear { form: meta.fiscal_year, year: year.packet.fiscal_year });
        return false;
    }
    if meta.prefecture != year.packet.prefecture {
        let kind = FindingKind::OtherPrefecture { form: meta.prefecture.clone(), year: year.packet.prefecture.clone() };
        p.error("", "", kind);
        return false;
    }
    // A form of version 1 names no survey: it is the year's.
    if !meta.survey.is_empty() && meta.survey != year.survey.key {
        p.error("", "", FindingKind::OtherSurvey { form: meta.survey.clone(), year: year.survey.key.clone() });
        return false;
    }
    let columns: BTreeSet<&String> = year.blocks.blocks.iter().flat_map(|b| &b.columns).collect();
    let known = match meta.kind {
        Kind::Unit => columns.contains(&meta.name),
        Kind::Prefecture => meta.name == year.packet.prefecture,
        Kind::Centre => {
            year.centres.iter().any(|c| c.name == meta.name)
                || (!meta.members.is_empty() && meta.members.iter().all(|m| columns.contains(&m.name)))
        }
    };
    if !known {
        p.error("", "", FindingKind::UnknownTarget { kind: meta.kind, name: meta.name.clone() });
        return false;
    }
    let who = layout.who_sheet.as_str();
    if let Some(shown) = text_at(book, who, 0, COL_B).map(|t| normalize::text(&t))
        && shown != meta.name
    {
        p.error(who, "B1", FindingKind::TargetMismatch { marker: meta.name.clone(), sheet: shown });
        return false;
    }
    for s in &layout.sheets {
        match book.sheet(s) {
            None => p.error(s, "", FindingKind::MissingSheet(s.clone())),
            Some(sheet) if !sheet.visible => p.error(s, "", FindingKind::HiddenSheet(s.clone())),
            Some(_) => {}
        }
    }
    !p.rejected()
}

/// A non-empty cell's value as shown in an "ignored" finding (shortened, on one line).
fn shown(v: &Value) -> String {
    let shown = match v {
        Value::Text(t) => t.clone(),
        Value::Number(f) => normalize::number(*f),
        Value::Bool(b) => b.to_string(),
        Value::Date(d) => d.clone(),
        Value::Error(e) => e.clone(),
    };
    let short: String = shown.chars().take(40).collect();
    let short = if shown.chars().count() > 40 { format!("{short}…") } else { short };
    short.replace('\n', " ")
}

/// Merged ranges over any cell `answer` says is one: refused (a merge hides what was typed).
fn check_merges(p: &mut Parsed, sheet: &read::Sheet, answer: &dyn Fn(u32, u16) -> bool) {
    for &(r0, c0, r1, c1) in &sheet.merges {
        let cells = (u64::from(r1.saturating_sub(r0)) + 1) * (u64::from(c1.saturating_sub(c0)) + 1);
        let over = (r0..=r1.min(r0 + 2000)).any(|r| (c0..=c1.min(c0 + 50)).any(|c| answer(r, c)));
        if cells > 1 && over {
            p.error(&sheet.name, &format!("{}:{}", a1(r0, c0), a1(r1, c1)), FindingKind::Merged);
        }
    }
}

/// The prefecture's form: fixed rows (its tables grow by rows the clerk fills, not by inserted rows).
fn read_prefecture(p: &mut Parsed, book: &Book, layout: FormLayout) -> Option<Submission> {
    let mut answers: BTreeMap<(String, u32, u16), String> = BTreeMap::new();
    for sheet in book.sheets.iter().filter(|s| s.name != FormLayout::MARKER_SHEET) {
        let answering = layout.sheets.contains(&sheet.name);
        for (&(r, c), v) in &sheet.cells {
            let kind = layout.kind_at(&sheet.name, r, c).filter(|_| answering);
            if let Some(kind) = kind {
                let text = cell_text(p, &sheet.name, r, c, v, kind == CellKind::Date);
                answers.insert((sheet.name.clone(), r, c), text);
            } else if !matches!(v, Value::Text(t) if layout.is_printed(&sheet.name, t)) {
                p.warn(&sheet.name, &a1(r, c), FindingKind::Ignored(shown(v)));
            }
        }
        if answering {
            check_merges(p, sheet, &|r, c| layout.kind_at(&sheet.name, r, c).is_some());
        }
    }
    if p.rejected() {
        return None;
    }
    let read = |s: &'static str, r: u32, c: u16| answers.get(&(s.to_string(), r, c)).cloned().unwrap_or_default();
    let (parts, rows, notes) = prefecture::parse(&layout, &read);
    for (sheet, cell, kind) in notes {
        p.error(sheet, &cell, kind);
    }
    Some(Submission {
        kind: Kind::Prefecture,
        name: layout.meta.name.clone(),
        unit: None,
        centre: None,
        parts: Some(parts),
        contact: None,
        locator: Locator(Some(layout.with_entries(rows))),
    })
}

/// One answer sheet of a unit's or centre's form: its cells as text, the answer cells found by the schema.
struct AnswerSheet {
    /// Answer cells as read (text), by (row, column).
    answers: BTreeMap<(u32, u16), String>,
}

impl AnswerSheet {
    fn get(&self, row: u32, col: u16) -> &str {
        self.answers.get(&(row, col)).map(String::as_str).unwrap_or("")
    }
}

/// Reads the answer cells of one sheet: the cells `answer` says, each as text;
/// other non-empty cells are the form's own labels, a row number in column A,
/// or reported as ignored.
fn answer_sheet(
    p: &mut Parsed,
    book: &Book,
    name: &str,
    layout: &FormLayout,
    answer: &dyn Fn(u32, u16) -> bool,
    rows_region: &dyn Fn(u32) -> bool,
) -> AnswerSheet {
    let sheet = book.sheet(name);
    let mut answers = BTreeMap::new();
    if let Some(sheet) = sheet {
        for (&(r, c), v) in &sheet.cells {
            if answer(r, c) {
                answers.insert((r, c), cell_text(p, name, r, c, v, false));
            } else if c == COL_A && rows_region(r) {
                // Row numbers or marks typed into column A of the answer rows: not an answer, nothing to report.
            } else if !matches!(v, Value::Text(t) if layout.is_printed(name, t)) {
                p.warn(name, &a1(r, c), FindingKind::Ignored(shown(v)));
            }
        }
        check_merges(p, sheet, answer);
    }
    AnswerSheet { answers }
}

/// Cells of the sheets that are not answered on (the guidance, a sheet the sender added):
/// the form's own (its labels, its check, a send-back's reasons), else reported as ignored.
fn stray_sheets(p: &mut Parsed, book: &Book, layout: &FormLayout) {
    for sheet in book.sheets.iter().filter(|s| !layout.sheets.contains(&s.name)) {
        for (&(r, c), v) in &sheet.cells {
            let text = if let Value::Text(t) = v { t.clone() } else { shown(v) };
            if !layout.is_own(&sheet.name, c, &text) {
                p.warn(&sheet.name, &a1(r, c), FindingKind::Ignored(shown(v)));
            }
        }
    }
}

/// The last row with a cell of a sheet (0 for none).
fn last_row(book: &Book, sheet: &str) -> u32 {
    book.sheet(sheet).and_then(|s| s.cells.keys().map(|k| k.0).max()).unwrap_or(0)
}

/// 回答者: the answering office's contact, rows found by their labels; an address
/// that is not one is refused at its cell. `None` when nothing was filled.
fn read_contact(p: &mut Parsed, book: &Book, layout: &FormLayout) -> Option<Contact> {
    let sheet = layout::SHEET_CONTACT;
    let last = last_row(book, sheet);
    let row_of = |label: &str| (0..=last).find(|&r| text_at(book, sheet, r, COL_A).is_some_and(|t| t == label));
    let rows: Vec<(&str, Option<u32>)> = layout::CONTACT_FIELDS.iter().map(|(key, label)| (*key, row_of(label))).collect();
    let found: Vec<u32> = rows.iter().filter_map(|r| r.1).collect();
    let cells = answer_sheet(p, book, sheet, layout, &|r, c| c == COL_B && found.contains(&r), &|r| found.contains(&r));
    let cell = |key: &str| {
        let r = rows.iter().find(|(k, _)| *k == key)?.1?;
        Some((cells.get(r, COL_B).to_string(), a1(r, COL_B)))
    };
    let (contact, bad) = contact_from(&cell);
    for (cell, kind) in bad {
        p.error(sheet, &cell, kind);
    }
    (contact != Contact::default()).then_some(contact)
}

/// A contact from its cells, by the keys of [`layout::CONTACTS_COLS`] (`cell(key)`: the cell's
/// text and A1 name; `None` where the form has no such cell, as 回答者 has no Cc): texts
/// normalized, addresses split at 「、」「,」 and line breaks. Each address that is not one
/// comes back with its cell, for the caller to refuse there (回答者 and 連絡先 alike).
fn contact_from(cell: &dyn Fn(&str) -> Option<(String, String)>) -> (Contact, Vec<(String, FindingKind)>) {
    let text = |k: &str| cell(k).map(|(t, _)| normalize::text(&t)).unwrap_or_default();
    let mut bad = Vec::new();
    let mut addresses = |k: &str| {
        let Some((t, at)) = cell(k) else { return Vec::new() };
        let list = normalize::names(&t);
        bad.extend(bad_addresses(&list, &at));
        list
    };
    let (mail, cc) = (addresses("mail"), addresses("cc"));
    (Contact { office: text("office"), person: text("person"), phone: text("phone"), mail, cc }, bad)
}

/// The addresses of a cell (`at`) that are not addresses ([`crate::model::contacts::is_address`]), each a finding there.
fn bad_addresses(list: &[String], at: &str) -> Vec<(String, FindingKind)> {
    list.iter()
        .filter(|m| !crate::model::contacts::is_address(m))
        .map(|m| (at.to_string(), FindingKind::BadAddress(m.clone())))
        .collect()
}

/// A unit's or centre's form: rows found by the layout's marks and headers.
fn read_answers(p: &mut Parsed, book: &Book, year: &Year, layout: FormLayout) -> Option<Submission> {
    let layout = layout.located(&|sheet, r, c| text_at(book, sheet, r, c), &|sheet| last_row(book, sheet));
    if !rows_found(p, &layout, &year.survey) {
        return None;
    }
    stray_sheets(p, book, &layout);
    let schema = layout.schema.as_ref()?;
    let on = schema.items_sheet.as_str();
    let answer = |r: u32, c: u16| layout.kind_at(on, r, c).is_some();
    let items_sheet = answer_sheet(p, book, on, &layout, &answer, &|r| (COL_C..=COL_D).any(|c| answer(r, c)));
    let items = read_items(p, &layout, &items_sheet);
    let meta = &layout.meta;
    let (name, locator) = (meta.name.clone(), Locator::default());
    let mut submission = if meta.kind == Kind::Centre {
        let members = meta.members.iter().map(|m| m.name.clone()).collect();
        let items = items.into_iter().map(|c| CentreItem { key: c.key, lines: c.lines }).collect();
        let centre = Centre { source: String::new(), name: name.clone(), members, items };
        Submission { kind: Kind::Centre, name, unit: None, centre: Some(centre), parts: None, contact: None, locator }
    } else {
        let table_rows: BTreeSet<u32> = layout.rows.rows.iter().copied().collect();
        let on = schema.table_sheet.as_str();
        let answer = |r: u32, c: u16| layout.kind_at(on, r, c).is_some();
        let table_sheet = answer_sheet(p, book, on, &layout, &answer, &|r| table_rows.contains(&r));
        let fields = read_fields(&layout, &table_sheet);
        let (pairs, pair_rows) = read_pairs(p, &layout, &table_sheet);
        let (code, members) = (meta.code.clone(), meta.members.clone());
        let unit = Unit { source: String::new(), name: name.clone(), code, members, fields, items, pairs };
        let mut layout = layout.clone();
        layout.rows.pair_rows = pair_rows;
        Submission { kind: Kind::Unit, name, unit: Some(unit), centre: None, parts: None, contact: None, locator: Locator(Some(layout)) }
    };
    if p.rejected() {
        return None;
    }
    submission.contact = if meta.version >= 3 { read_contact(p, book, &layout) } else { None };
    if submission.locator.0.is_none() {
        submission.locator = Locator(Some(layout.clone()));
    }
    (!p.rejected()).then_some(submission)
}

/// Every item's row and field's row is there, and the paired table's header: else an error naming what is missing.
fn rows_found(p: &mut Parsed, layout: &FormLayout, survey: &Survey) -> bool {
    let (Some(schema), found) = (&layout.schema, &layout.rows) else { return false };
    for (item, rows) in schema.items.iter().zip(&found.items) {
        if rows.is_none() {
            let label = survey.item(&item.key).map_or_else(|| item.name.clone(), |i| i.label());
            p.error(&schema.items_sheet, "A:A", FindingKind::MissingItemRow(label));
        }
    }
    for (field, row) in schema.fields.iter().zip(&found.fields) {
        if row.is_none() {
            p.error(&schema.table_sheet, "A:A", FindingKind::MissingFieldRow(field.label.clone()));
        }
    }
    if let Some(t) = &schema.table
        && found.head.is_none()
    {
        p.error(&schema.table_sheet, "", FindingKind::MissingTableHead(t.first.clone()));
    }
    !p.rejected()
}

/// The items' cells: each item's own row and the rows inserted under it, lines and partners together.
/// Each line's bullet is made 「・」 where another mark was typed ([`bullet::fix`]), said at its cell.
fn read_items(p: &mut Parsed, layout: &FormLayout, sheet: &AnswerSheet) -> Vec<ItemCell> {
    let (Some(schema), found) = (&layout.schema, &layout.rows) else { return Vec::new() };
    schema
        .items
        .iter()
        .zip(&found.items)
        .filter_map(|(item, rows)| {
            let rows = rows.as_ref()?;
            let mut lines = Vec::new();
            let mut partners: Vec<String> = Vec::new();
            for &r in rows {
                for line in normalize::lines(sheet.get(r, COL_C)) {
                    let (line, fix) = bullet::fix(&line);
                    if let Some(fix) = fix {
                        p.warn(&schema.items_sheet, &a1(r, COL_C), FindingKind::Bullet(fix));
                    }
                    lines.push(line);
                }
                if schema.item_partners {
                    for n in normalize::names(sheet.get(r, COL_D)) {
                        if !partners.contains(&n) {
                            partners.push(n);
                        }
                    }
                }
            }
            if bullet::starts_with_note(&lines) {
                p.warn(&schema.items_sheet, &a1(rows[0], COL_C), FindingKind::NoteFirst);
            }
            let answered = !lines.is_empty() || !partners.is_empty();
            answered.then(|| ItemCell { key: item.key.clone(), lines, shared_with: partners })
        })
        .collect()
}

/// The unit's fields, each from its row.
fn read_fields(layout: &FormLayout, sheet: &AnswerSheet) -> BTreeMap<String, FieldValue> {
    let mut out = BTreeMap::new();
    let (Some(schema), found) = (&layout.schema, &layout.rows) else { return out };
    for (field, row) in schema.fields.iter().zip(&found.fields) {
        let Some(r) = *row else { continue };
        let main = sheet.get(r, COL_B);
        let bracket = normalize::text(sheet.get(r, COL_C));
        let value = FieldValue {
            text: if field.kind == FieldKind::Lines { String::new() } else { normalize::text(main) },
            bracket: (field.kind == FieldKind::Bracketed && !bracket.is_empty()).then_some(bracket),
            lines: if field.kind == FieldKind::Lines { normalize::lines(main) } else { Vec::new() },
            shared_with: if field.shareable { normalize::names(sheet.get(r, COL_D)) } else { Vec::new() },
        };
        if value != FieldValue::default() {
            out.insert(field.key.clone(), value);
        }
    }
    out
}

/// The paired table: a row with a first column opens an entry, a row without
/// one continues the entry above; blank rows are nothing. With each entry's first row.
fn read_pairs(p: &mut Parsed, layout: &FormLayout, sheet: &AnswerSheet) -> (Vec<Pair>, Vec<u32>) {
    let (Some(schema), found) = (&layout.schema, &layout.rows) else { return Default::default() };
    let Some(table) = &schema.table else { return Default::default() };
    let mut pair_rows = Vec::new();
    let width = schema.table_width();
    let mut pairs: Vec<Pair> = Vec::new();
    for &row in &found.rows {
        let first = normalize::text(sheet.get(row, COL_B));
        let cells: Vec<String> = (0..width).map(|j| normalize::text(sheet.get(row, COL_C + j))).collect();
        let partners = schema.table_partners().map(|c| normalize::names(sheet.get(row, c))).unwrap_or_default();
        let blank_cells = cells.iter().all(String::is_empty);
        if first.is_empty() && blank_cells && partners.is_empty() {
            continue;
        }
        let continues = pairs.last().is_some_and(|last| first.is_empty() || last.first == first);
        if continues {
            let Some(last) = pairs.last_mut() else { continue };
            if !partners.is_empty() && partners != last.shared_with {
                let col = schema.table_partners().unwrap_or(COL_D);
                p.error(&schema.table_sheet, &a1(row, col), FindingKind::PartnersOnContinuation);
            }
            if !blank_cells {
                last.rows.push(cells);
            }
        } else if first.is_empty() {
            p.error(&schema.table_sheet, &a1(row, COL_B), FindingKind::RowWithoutFirst(table.first.clone()));
        } else {
            pair_rows.push(row);
            let rows = if blank_cells { Vec::new() } else { vec![cells] };
            pairs.push(Pair { first, rows, shared_with: partners });
        }
    }
    (pairs, pair_rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Findings of every shape survive the ledger's TOML: kept, written, read, and read back as they were.
    #[test]
    fn findings_kept_in_the_ledger_read_back() {
        let f = |severity, sheet: &str, cell: &str, kind| Finding { severity, file: "桑名市.xlsx".into(), sheet: sheet.into(), cell: cell.into(), kind };
        let problem = Problem { severity: Severity::Error, file: "units/木曽岬町.toml".into(), key: Key::Toml("items[key=training].lines".into()), kind: ProblemKind::NotAdjacent(vec!["桑名市".into(), "木曽岬町".into()]) };
        let findings = vec![
            f(Severity::Error, "取組状況", "C7", FindingKind::EmptyItem("⑤相談支援".into())),
            f(Severity::Error, "", "", FindingKind::NotAForm),
            f(Severity::Error, "", "", FindingKind::OlderVersion(None)),
            f(Severity::Warning, "", "", FindingKind::OlderVersion(Some("津市.xlsx".into()))),
            f(Severity::Error, "回答者", "B6", FindingKind::BadAddress("kaigo@city".into())),
            f(Severity::Error, "取組状況", "D3", FindingKind::UnknownPartner { name: "桑名町".into(), close: None }),
            f(Severity::Warning, "取組状況", "C4", FindingKind::Bullet(bullet::Fix::Bullet('･'))),
            f(Severity::Error, "", "", FindingKind::UnknownTarget { kind: Kind::Centre, name: "広域".into() }),
            f(Severity::Error, "", "", FindingKind::Refused(Refusal::TooLarge { bytes: 1 << 40, limit: 1 << 24 })),
            f(Severity::Error, "", "", FindingKind::Breaks(problem)),
            f(Severity::Error, "", "", FindingKind::Invalid(ProblemKind::TooManyPages { pages: 9, limit: 8, largest: vec![("units/a.toml".into(), 2)] })),
            f(Severity::Warning, "", "", FindingKind::NotRead(sources::SkipReason::EncryptedZip { tried: 0 })),
        ];
        let mut ledger = Ledger::default();
        let entry = Entry {
            kind: Some(Kind::Unit),
            name: "桑名市".into(),
            state: State::Rejected,
            hold: None,
            sha256: "0".into(),
            origin: Origin::Folder,
            original: "桑名市.xlsx".into(),
            sender: String::new(),
            subject: String::new(),
            mail_date: String::new(),
            stored: String::new(),
            received: "2018-11-20T00:00:00Z".into(),
            modified: String::new(),
            moment: String::new(),
            warnings: 0,
            produced: Vec::new(),
            findings: Some(kept(&findings, 3, true)),
        };
        ledger.record(entry);
        let text = ledger.text().unwrap();
        let back: Ledger = toml::from_str(&text).unwrap();
        let kept = back.workbooks[0].findings.as_ref().unwrap();
        let read: Vec<Finding> = kept.iter().filter_map(|k| from_kept(k, "桑名市.xlsx")).collect();
        let mut want = findings;
        want.push(f(Severity::Error, "", "", FindingKind::More(3)));
        assert_eq!(read, want, "{text}");
    }
}
