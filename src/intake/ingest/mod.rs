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
//!
//! Each step is a file: `understand` and `answers` (2–3, through the form's
//! [`FormLayout`]), `choose` (4), `accept` (5–6), `commit` (7); `findings` is
//! what they report.

pub mod normalize;
pub mod prefecture;
pub mod read;
pub mod received;
pub mod sources;

mod accept;
mod answers;
mod cfb;
mod choose;
mod commit;
mod findings;
mod understand;

use accept::*;
use answers::*;
use choose::*;
use commit::*;
pub use findings::*;
use understand::*;
pub use understand::{Examined, examine, examine_in_year};

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
    /// The workbook's bytes while it is read; then set aside on disk (`spilled`) until kept.
    bytes: Vec<u8>,
    spilled: Option<PathBuf>,
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
            spilled: None,
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

    /// This workbook with its bytes set aside in a file of `dir`, released from memory (kept
    /// in memory when the file cannot be written: never lost). A workbook that is no form of
    /// the year is never kept under `received/` (its ledger line is enough): its bytes are let go.
    fn spilled_in(mut self, dir: &Path) -> Parsed {
        if self.target.is_none() {
            self.bytes = Vec::new();
            return self;
        }
        let written = tempfile::NamedTempFile::new_in(dir).and_then(|mut f| {
            std::io::Write::write_all(&mut f, &self.bytes)?;
            f.keep().map_err(|e| e.error)
        });
        if let Ok((_, path)) = written {
            self.bytes = Vec::new();
            self.spilled = Some(path);
        }
        self
    }

    /// The workbook's bytes, from memory or from where they were set aside.
    fn kept_bytes(&self) -> Result<std::borrow::Cow<'_, [u8]>> {
        match &self.spilled {
            Some(path) => std::fs::read(path).map(std::borrow::Cow::Owned).map_err(|e| Error::io(path, e)),
            None => Ok(std::borrow::Cow::Borrowed(&self.bytes)),
        }
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
    let spill = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let (mut parsed, skipped, folder) = read_all(input, year_dir, &year, options, spill.path())?;
    for p in &options.prefer {
        let found = |s: &Parsed| match p {
            Prefer::File(f) => preferred(&s.path, &s.file, f),
            Prefer::Sha256(h) => s.sha256 == *h,
        };
        if !parsed.iter().any(found) {
            return Err(Error::NoSuchWorkbook(p.to_string()));
        }
    }
    let ledger = Ledger::load(year_dir)?;
    for p in &mut parsed {
        p.arrive(&ledger, options.now);
    }
    let choice = choose(&year, &ledger, &mut parsed, &options.prefer);
    let accepted = accept(&year, &mut parsed, &choice.chosen);
    let receipt = received::iso_utc(options.now);
    let changed = commit(year_dir, &year, ledger, &parsed, &accepted, &choice, &receipt)?;
    let mut workbooks = outcomes(parsed, &choice.status);
    workbooks.extend(skipped.into_iter().map(skipped_outcome));
    workbooks.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(Ingested { workbooks, changed, report: report_path, folder, year, year_dir: year_dir.to_path_buf() })
}

/// Every workbook of the input, read as it is found: one thread walks the folder, zips and
/// mails and hands each workbook on; the others examine it ([`parse_source`]) and set its
/// bytes aside in `spill` until the change is committed. A run so holds the workbooks in
/// flight, never all of them. In the walk's order, with the files and entries not read.
fn read_all(input: Input, year_dir: &Path, year: &Year, options: &Options, spill: &Path) -> Result<(Vec<Parsed>, Vec<sources::Skipped>, PathBuf)> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<sources::Source>(1);
    let passwords = &options.zip_passwords;
    let (walked, mut parsed) = std::thread::scope(|scope| {
        let walker = scope.spawn(move || -> Result<(Vec<sources::Skipped>, PathBuf)> {
            let mut skipped = Vec::new();
            let mut each = |i: Item| match i {
                // The readers stop only when this walk ends: a send cannot fail before.
                Item::Source(s) => drop(tx.send(s)),
                Item::Skipped(s) => skipped.push(s),
            };
            let folder = match input {
                Input::Folder(folder) => {
                    sources::gather_each(&folder, &[year_dir.to_path_buf()], passwords, &mut each)?;
                    folder.canonicalize().unwrap_or(folder)
                }
                Input::Files(files) => {
                    sources::uploaded_each(files, passwords, &mut each);
                    PathBuf::new()
                }
            };
            Ok((skipped, folder))
        });
        let parsed: Vec<Parsed> = rx.into_iter().par_bridge().map(|s| parse_source(s, year).spilled_in(spill)).collect();
        (walker.join(), parsed)
    });
    let (mut skipped, folder) = walked.unwrap_or_else(|_| Err(Error::io(year_dir, std::io::Error::other("the folder's walk stopped"))))?;
    parsed.sort_by(|a, b| a.file.split('/').cmp(b.file.split('/')));
    skipped.sort_by(|a, b| a.display.split('/').cmp(b.display.split('/')));
    Ok((parsed, skipped, folder))
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
