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
pub mod report;
pub mod sources;

mod cfb;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Problem, ProblemKind, Result, Severity};
use crate::form::{self, COL_B, COL_C, COL_D, ISSUE_ROW0, ITEM_ROW0, Kind, Meta, ROW_DIRECTION, ROW_HUB, a1};
use crate::model::validate;
use crate::model::{Centre, CentreItem, Direction, Hub, Issue, ItemCell, Unit, Year};
use crate::store;
use crate::store::journal::Txn;
use read::{Book, Refusal, Value};
use sources::Item;
use received::{Entry, Hold, Ledger, Origin, Pending, Produced, State};

/// The file extensions read (case-insensitive).
pub const EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

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

#[derive(Debug, Clone, PartialEq)]
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
    /// An item's cell is empty where the block needs it.
    EmptyItem(u8),
    /// A required answer is empty: its label.
    EmptyField(String),
    /// 取組 on a row with no 課題 above it.
    ActionWithoutIssue,
    /// Partners written on a following row of a 課題, different from its first row's.
    PartnersOnContinuation,
    /// Validation of the year found this in the workbook's answers.
    Invalid(ProblemKind),
    /// Accepting the workbook would make another file of the year invalid.
    Breaks(Problem),
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
    /// A reader failed unexpectedly (caught); the detail.
    Internal(String),
    /// Its file name names another unit of the year, not its own: held until `--prefer`.
    CopiedForm { named: String, form: String },
    /// More findings than a report can usefully list: how many were left out.
    More(usize),
    /// A file of the folder that is not read as a workbook, and why.
    NotRead(sources::SkipReason),
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
    pub report: PathBuf,
}

impl Ingested {
    /// Whether the clerk must act: a workbook rejected or waiting for a choice.
    pub fn needs_attention(&self) -> bool {
        self.workbooks.iter().any(|w| matches!(w.status, Status::Rejected | Status::Duplicate | Status::Held))
    }
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Workbooks chosen where a unit has two (file names or paths).
    pub prefer: Vec<PathBuf>,
    /// Where to write the report (default `<year>/reports/取込結果.md`).
    pub report: Option<PathBuf>,
    /// Passwords to try on password-protected zips (`--zip-password`).
    pub zip_passwords: Vec<String>,
    pub lang: crate::messages::Lang,
}

/// Where validation keys sit in a workbook.
#[derive(Debug, Clone, Default)]
struct Locator {
    centre: bool,
    /// 0-based row of each 課題's first row.
    issue_rows: Vec<u32>,
    /// The prefecture's form: its tables' rows.
    prefecture: Option<prefecture::Rows>,
}

impl Locator {
    /// The sheet and cell of a validation problem's file and key.
    fn locate(&self, file: &str, key: &str) -> (&'static str, String) {
        if let Some(rows) = &self.prefecture {
            return prefecture::locate(rows, file, key);
        }
        let col_of = |k: &str, shared: u16, other: u16| if k.contains("shared_with") { shared } else { other };
        if let Some(rest) = key.strip_prefix("items[no=") {
            let no: u32 = rest.split(']').next().and_then(|n| n.parse().ok()).unwrap_or(1);
            let row = ITEM_ROW0 + no.clamp(1, 10) - 1;
            return (form::SHEET_ITEMS, a1(row, col_of(key, COL_D, COL_C)));
        }
        if self.centre {
            return match key {
                "members" => (form::SHEET_ITEMS, "D1".into()),
                _ => (form::SHEET_ITEMS, "B1".into()),
            };
        }
        if key.starts_with("hub") {
            let col = if key.contains("operator") { COL_C } else { col_of(key, COL_D, COL_B) };
            return (form::SHEET_ISSUES, a1(ROW_HUB, col));
        }
        if key.starts_with("direction") {
            return (form::SHEET_ISSUES, a1(ROW_DIRECTION, col_of(key, COL_D, COL_B)));
        }
        if let Some(rest) = key.strip_prefix("issues[") {
            let i: usize = rest.split(']').next().and_then(|n| n.parse().ok()).unwrap_or(1);
            let row = self.issue_rows.get(i.saturating_sub(1)).copied().unwrap_or(ISSUE_ROW0);
            let col = if key.contains("actions") { COL_C } else { col_of(key, COL_D, COL_B) };
            return (form::SHEET_ISSUES, a1(row, col));
        }
        if key == "issues" {
            return (form::SHEET_ISSUES, a1(ISSUE_ROW0, COL_B));
        }
        (form::SHEET_ITEMS, "B1".into())
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
    locator: Locator,
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
    /// Findings beyond [`MAX_FINDINGS`], counted, not kept.
    more: usize,
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
            more: 0,
            more_errors: false,
            submission: None,
        }
    }

    /// The reader's refusal, located at the sheet and cell it names.
    fn refused(&mut self, refusal: Refusal) {
        let (sheet, cell) = match &refusal {
            Refusal::TooManyRows { sheet, cell, .. } | Refusal::CellTooLong { sheet, cell, .. } => (sheet.clone(), cell.clone()),
            Refusal::TooManyCells { sheet, .. } | Refusal::TooBig { sheet } => (sheet.clone(), String::new()),
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
pub fn ingest(folder: &Path, year_dir: &Path, options: &Options) -> Result<Ingested> {
    let report_path = options.report.clone().unwrap_or_else(|| year_dir.join(store::open::REPORTS).join(REPORT));
    store::guard::output(&report_path, store::guard::Expect::File, &[year_dir])?;
    let year = store::load(year_dir)?;
    let items = sources::gather(folder, &[year_dir.to_path_buf()], &options.zip_passwords)?;
    for p in &options.prefer {
        if !items.iter().any(|i| matches!(i, Item::Source(s) if preferred(s.path(), &s.display, p))) {
            return Err(Error::NoSuchWorkbook(p.display().to_string()));
        }
    }
    let (workbooks, skipped): (Vec<Item>, Vec<Item>) = items.into_iter().partition(|i| matches!(i, Item::Source(_)));
    let mut parsed: Vec<Parsed> = workbooks
        .into_par_iter()
        .filter_map(|i| if let Item::Source(s) = i { Some(parse_source(s, &year)) } else { None })
        .collect();
    let ledger = Ledger::load(year_dir)?;
    let choice = choose(&year, &ledger, &mut parsed, &options.prefer);
    let accepted = accept(&year, &mut parsed, &choice.chosen);
    let receipt = received::iso_utc(crate::clock::now());
    let changed = commit(year_dir, &year, ledger, &parsed, &accepted, &choice, &receipt)?;
    let mut workbooks = outcomes(parsed, &choice.status);
    workbooks.extend(skipped.into_iter().filter_map(|i| if let Item::Skipped(s) = i { Some(skipped_outcome(s)) } else { None }));
    workbooks.sort_by(|a, b| a.file.cmp(&b.file));
    let shown = folder.canonicalize().unwrap_or_else(|_| folder.to_path_buf());
    let text = report::render(&workbooks, &year, &shown, options.lang)?;
    if let Some(dir) = report_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        store::files::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    store::write_atomic(&report_path, text.as_bytes())?;
    Ok(Ingested { workbooks, changed, report: report_path })
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
    /// Waiting for the clerk's choice.
    held: Vec<(usize, Hold)>,
    /// Targets with workbooks in this folder: their earlier pending choice is replaced.
    targets: BTreeSet<(String, String)>,
    pending: Vec<Pending>,
}

fn choose(year: &Year, ledger: &Ledger, parsed: &mut [Parsed], prefer: &[PathBuf]) -> Choice {
    let mut c = Choice { status: vec![None; parsed.len()], ..Choice::default() };
    let mut groups: BTreeMap<(&'static str, String), Vec<usize>> = BTreeMap::new();
    for (i, p) in parsed.iter().enumerate() {
        if let (Some(s), false) = (&p.submission, p.rejected()) {
            groups.entry((s.kind.key(), s.name.clone())).or_default().push(i);
        }
    }
    let names = target_names(year);
    let preferred = |p: &Parsed| prefer.iter().any(|x| preferred(&p.path, &p.file, x));
    for ((kind_key, name), members) in &groups {
        let kind = Kind::from_key(kind_key).unwrap_or_default();
        c.targets.insert((kind_key.to_string(), name.clone()));
        let mut live: Vec<usize> = Vec::new();
        for &i in members {
            match ledger.state_of(kind, name, &parsed[i].sha256) {
                Some(State::Superseded) => {
                    parsed[i].warn("", "", FindingKind::Superseded);
                    c.status[i] = Some(Status::Skipped);
                }
                Some(State::Declined) => {
                    let current = ledger.current(kind, name).map(|e| e.original.clone()).unwrap_or_default();
                    parsed[i].warn("", "", FindingKind::Declined(current));
                    c.status[i] = Some(Status::Skipped);
                }
                _ => {
                    if let Some(&twin) = live.iter().find(|&&j| parsed[j].sha256 == parsed[i].sha256) {
                        let other = parsed[twin].file.clone();
                        parsed[i].warn("", "", FindingKind::SameAs(other));
                        c.status[i] = Some(Status::Skipped);
                    } else if let Some(named) = copied_from(&parsed[i], name, &names).filter(|_| !preferred(&parsed[i])) {
                        parsed[i].error("", "", FindingKind::CopiedForm { named, form: name.clone() });
                        c.status[i] = Some(Status::Held);
                        c.held.push((i, Hold::CopiedForm));
                        c.pending.push(pending_of(kind_key, name, parsed, &[i]));
                    } else {
                        live.push(i);
                    }
                }
            }
        }
        match live.as_slice() {
            [] => {}
            [one] => c.chosen.push(*one),
            _ => choose_among(&mut c, parsed, &live, kind_key, name, &preferred),
        }
    }
    c
}

/// Two or more workbooks for one target: the preferred one, or none until the clerk chooses.
fn choose_among(c: &mut Choice, parsed: &mut [Parsed], live: &[usize], kind_key: &str, name: &str, preferred: &dyn Fn(&Parsed) -> bool) {
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
    c.pending.push(pending_of(kind_key, name, parsed, live));
}

fn pending_of(kind_key: &str, name: &str, parsed: &[Parsed], members: &[usize]) -> Pending {
    Pending {
        kind: kind_key.to_string(),
        name: name.to_string(),
        files: members.iter().map(|&i| parsed[i].file.clone()).collect(),
        modified: members.iter().map(|&i| parsed[i].modified.clone()).collect(),
    }
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
    let mut reverted: BTreeSet<(usize, Field)> = BTreeSet::new();
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
            reject.entry(i).or_default().push((sheet.to_string(), cell, explain(p)));
        } else if !baseline.contains(&problem_id(p)) {
            // Another file broke: blame the accepted workbooks of its block.
            let owner = owner_of(candidate, &p.file);
            for &i in accepted {
                let Some(sub) = parsed[i].submission.as_ref() else { continue };
                // The prefecture's form decides who is in which block.
                let blamed = sub.kind == Kind::Prefecture
                    || owner.as_ref().is_none_or(|block| same_block(candidate, block, &sub.name, Some(sub)));
                if blamed {
                    reject.entry(i).or_default().push((String::new(), String::new(), FindingKind::Breaks(p.clone())));
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
        let stored = keep(year_dir, txn, p, &sub.name, receipt)?;
        ledger.apply(Entry { state: State::Applied, stored, produced, ..entry(p, receipt) });
    }
    record_others(ledger, parsed, accepted, choice, receipt);
    ledger.pending.retain(|x| !choice.targets.contains(&(x.kind.clone(), x.name.clone())));
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
            (store::SCHEDULE.into(), store::to_canonical(&parts.schedule)?),
            (store::PROGRAMMES.into(), store::to_canonical(&parts.programmes)?),
            (store::BLOCKS.into(), store::to_canonical(&parts.blocks)?),
        ],
        _ => Vec::new(),
    })
}

/// A ledger line for a workbook; callers set its state.
fn entry(p: &Parsed, receipt: &str) -> Entry {
    let (kind, name) = p.submission.as_ref().map(|s| (s.kind.key().to_string(), s.name.clone())).unwrap_or_default();
    Entry {
        kind,
        name,
        state: State::NotAForm,
        hold: None,
        sha256: p.sha256.clone(),
        origin: p.origin,
        original: p.file.clone(),
        sender: String::new(),
        stored: String::new(),
        received: receipt.to_string(),
        modified: p.modified.clone(),
        produced: Vec::new(),
    }
}

/// Ledger lines for the workbooks not applied: declined, held, rejected, not a form.
fn record_others(ledger: &mut Ledger, parsed: &[Parsed], accepted: &[usize], choice: &Choice, receipt: &str) {
    for &i in &choice.declined {
        let p = &parsed[i];
        let Some(sub) = &p.submission else { continue };
        // Declined only once the chosen one was accepted; a held line becomes declined.
        let known = ledger.state_of(sub.kind, &sub.name, &p.sha256);
        if ledger.current(sub.kind, &sub.name).is_some() && !matches!(known, Some(State::Applied | State::Superseded)) {
            ledger.record(Entry { state: State::Declined, ..entry(p, receipt) });
        }
    }
    for &(i, hold) in &choice.held {
        ledger.record(Entry { state: State::Held, hold: Some(hold), ..entry(&parsed[i], receipt) });
    }
    for (i, p) in parsed.iter().enumerate() {
        let decided = accepted.contains(&i) || choice.status[i].is_some() || p.sha256.is_empty();
        if decided || !p.rejected() {
            continue;
        }
        let state = if p.submission.is_some() { State::Rejected } else { State::NotAForm };
        // A workbook applied earlier and now refused (the year changed) keeps its line.
        let known = p.submission.as_ref().and_then(|s| ledger.state_of(s.kind, &s.name, &p.sha256));
        if !matches!(known, Some(State::Applied | State::Superseded)) {
            ledger.record(Entry { state, ..entry(p, receipt) });
        }
    }
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
                None if p.findings.is_empty() && p.more == 0 => Status::Ok,
                None => Status::Warnings,
            };
            WorkbookOutcome {
                target: p.submission.as_ref().map(|s| (s.kind, s.name.clone())),
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

/// What a validation problem of a workbook's answers says.
fn explain(p: &Problem) -> FindingKind {
    let item_no = |key: &str| -> Option<u8> { key.strip_prefix("items[no=")?.split(']').next()?.parse().ok() };
    match &p.kind {
        ProblemKind::MissingItem(no) => FindingKind::EmptyItem(*no),
        ProblemKind::Empty => match item_no(&p.key) {
            Some(no) => FindingKind::EmptyItem(no),
            None => FindingKind::EmptyField(
                match p.key.as_str() {
                    "hub.name" => "連携拠点",
                    "direction.text" => "目指すべき方向性",
                    "issues" => "課題",
                    k if k.ends_with(".actions") => "今後１年間の主な取組予定",
                    k if k.ends_with(".issue") => "課題",
                    "members" => "構成市町",
                    _ => "",
                }
                .to_string(),
            ),
        },
        k => FindingKind::Invalid(k.clone()),
    }
}

/// The files (relative to the year) a submission writes.
fn files_of(year: &Year, p: &Parsed) -> Vec<String> {
    match &p.submission {
        Some(s) if s.kind == Kind::Prefecture => {
            vec![store::SCHEDULE.into(), store::PROGRAMMES.into(), store::BLOCKS.into()]
        }
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
    y
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

/// A joint field of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Field {
    Hub,
    Direction,
    Item(u8),
    Issues,
}

impl Field {
    fn of(key: &str) -> Option<Field> {
        if key.starts_with("hub") {
            Some(Field::Hub)
        } else if key.starts_with("direction") {
            Some(Field::Direction)
        } else if let Some(rest) = key.strip_prefix("items[no=") {
            rest.split(']').next()?.parse().ok().map(Field::Item)
        } else if key.starts_with("issues") {
            Some(Field::Issues)
        } else {
            None
        }
    }

    fn key(self) -> String {
        match self {
            Field::Hub => "hub.name".into(),
            Field::Direction => "direction.text".into(),
            Field::Item(no) => format!("items[no={no}].lines"),
            Field::Issues => "issues".into(),
        }
    }

    /// Puts back the stored unit's field; false when there is none to put back.
    fn revert(self, new: &mut Unit, old: Option<&Unit>) -> bool {
        let Some(old) = old else { return false };
        match self {
            Field::Hub => new.hub = old.hub.clone(),
            Field::Direction => new.direction = old.direction.clone(),
            Field::Item(no) => {
                let Some(cell) = old.item(no) else { return false };
                match new.items.iter_mut().find(|c| c.no == no) {
                    Some(c) => *c = cell.clone(),
                    None => {
                        new.items.push(cell.clone());
                        new.items.sort_by_key(|c| c.no);
                    }
                }
            }
            Field::Issues => new.issues = old.issues.clone(),
        }
        true
    }
}

/// Joint answers that disagree keep their previous text: partners both in
/// the folder name each other's cells (conflict); against a stored partner,
/// the workbook's field is put back (stale).
fn reconcile(year: &Year, parsed: &mut [Parsed], accepted: &[usize], reverted: &mut BTreeSet<(usize, Field)>) {
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
            let Some(field) = Field::of(&p.key) else { continue };
            let Some(me) = candidate.units.iter().find(|u| u.source == p.file).map(|u| u.name.clone()) else {
                continue;
            };
            let sides = [(batch(&me, parsed), partner.clone()), (batch(partner, parsed), me.clone())];
            let other_of = |name: &String, parsed: &[Parsed]| -> Option<String> {
                let j = batch(name, parsed)?;
                let s = parsed[j].submission.as_ref()?;
                let (sheet, cell) = s.locator.locate("", &field_key_for(field, s));
                Some(format!("{} {sheet}!{cell}", parsed[j].file))
            };
            for (side, other) in sides {
                let Some(i) = side else { continue };
                if reverted.contains(&(i, field)) {
                    continue;
                }
                let Some(name) = parsed[i].submission.as_ref().map(|s| s.name.clone()) else { continue };
                let old = year.unit(&name);
                let at = other_of(&other, parsed);
                let Some(sub) = parsed[i].submission.as_mut() else { continue };
                let Some(unit) = sub.unit.as_mut() else { continue };
                if !field.revert(unit, old) {
                    continue;
                }
                reverted.insert((i, field));
                changed = true;
                let (sheet, cell) = sub.locator.locate("", &field_key_for(field, sub));
                let kind = match at {
                    Some(at) => FindingKind::JointConflict { partner: other.clone(), at },
                    None => FindingKind::JointStale { partner: other.clone() },
                };
                parsed[i].warn(sheet, &cell, kind);
            }
        }
        if !changed {
            return;
        }
    }
}

fn field_key_for(field: Field, _s: &Submission) -> String {
    field.key()
}

/// Stages a copy of an accepted workbook under `received/`, named by target and receipt time.
fn keep(year_dir: &Path, txn: &mut Txn, p: &Parsed, name: &str, receipt: &str) -> Result<String> {
    let dir = year_dir.join(received::DIR);
    let stem = store::safe_stem(name);
    let stamp: String = receipt.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
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
    };
    p.ext = src.ext;
    p.modified = src.modified.unwrap_or_default();
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
            let detail = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            p.error("", "", FindingKind::Internal(detail));
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
    let sheet = book.sheet(form::SHEET_MARKER)?;
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

/// Identifies the workbook, checks it is this year's form, reads its answers.
fn understand(p: &mut Parsed, book: &Book, year: &Year) {
    let sheet_name_of = |kind: Kind| text_at(book, form::who_sheet(kind), 0, COL_B).map(|t| normalize::text(&t));
    let sheet_name = sheet_name_of(Kind::Unit);
    let sheet_label = text_at(book, form::SHEET_ITEMS, 0, 0);
    let columns: BTreeSet<&String> = year.blocks.blocks.iter().flat_map(|b| &b.columns).collect();
    let meta = match marker_rows(book).as_deref().and_then(Meta::from_marker_rows) {
        Some(meta) => meta,
        None => {
            // No marker: the sheet's own unit cell, checked against the year.
            let (Some(name), Some(label)) = (sheet_name.clone(), sheet_label) else {
                p.error("", "", FindingKind::NotAForm);
                return;
            };
            let kind = if label == form::who_label(Kind::Centre) { Kind::Centre } else { Kind::Unit };
            if label != form::who_label(kind) {
                p.error("", "", FindingKind::NotAForm);
                return;
            }
            let fy = text_at(book, form::SHEET_ITEMS, 0, COL_C).and_then(|t| year_in(&t)).unwrap_or(0);
            let mut meta = match kind {
                Kind::Unit | Kind::Prefecture => form::unit_meta(year, &name, year.unit(&name)),
                Kind::Centre => match year.centres.iter().find(|c| c.name == name) {
                    Some(c) => form::centre_meta(year, c),
                    // A centre not stored yet: its members as the form printed them in D1.
                    None if text_at(book, form::SHEET_ITEMS, 0, COL_D).is_some_and(|d| d.starts_with("構成市町：")) => {
                        let d1 = text_at(book, form::SHEET_ITEMS, 0, COL_D).unwrap_or_default();
                        let members = normalize::names(d1.trim_start_matches("構成市町："));
                        form::centre_meta(year, &Centre { name: name.clone(), members, ..Centre::default() })
                    }
                    None => {
                        p.error(form::SHEET_ITEMS, "B1", FindingKind::UnknownTarget { kind, name });
                        return;
                    }
                },
            };
            meta.fiscal_year = fy;
            if kind == Kind::Unit && year.unit(&name).is_none() {
                // No stored unit either: the code or members the form printed in D1.
                let d1 = text_at(book, form::SHEET_ITEMS, 0, COL_D).unwrap_or_default();
                if let Some(code) = d1.strip_prefix("市町コード：") {
                    meta.code = Some(code.trim().to_string()).filter(|c| !c.is_empty());
                } else if let Some(names) = d1.strip_prefix("構成市町：") {
                    meta.members = normalize::names(names)
                        .into_iter()
                        .map(|name| crate::model::Member { name, code: None })
                        .collect();
                }
            }
            if kind == Kind::Unit {
                let last = book
                    .sheet(form::SHEET_ISSUES)
                    .and_then(|s| s.cells.keys().map(|k| k.0).max())
                    .unwrap_or(0);
                meta.issue_rows = (last + 1).saturating_sub(ISSUE_ROW0).max(form::MIN_ISSUE_ROWS);
            }
            p.warn(form::SHEET_ITEMS, "B1", FindingKind::NoMarker);
            meta
        }
    };
    if meta.version > form::VERSION {
        p.error("", "", FindingKind::NewerForm(meta.version));
        return;
    }
    if meta.fiscal_year != year.packet.fiscal_year {
        p.error("", "", FindingKind::OtherYear { form: meta.fiscal_year, year: year.packet.fiscal_year });
        return;
    }
    if meta.prefecture != year.packet.prefecture {
        p.error(
            "",
            "",
            FindingKind::OtherPrefecture { form: meta.prefecture.clone(), year: year.packet.prefecture.clone() },
        );
        return;
    }
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
        return;
    }
    if let Some(shown) = &sheet_name_of(meta.kind)
        && *shown != meta.name
    {
        p.error(
            form::who_sheet(meta.kind),
            "B1",
            FindingKind::TargetMismatch { marker: meta.name.clone(), sheet: shown.clone() },
        );
        return;
    }
    for &s in form::answer_sheets(meta.kind) {
        match book.sheet(s) {
            None => p.error(s, "", FindingKind::MissingSheet(s.to_string())),
            Some(sheet) if !sheet.visible => p.error(s, "", FindingKind::HiddenSheet(s.to_string())),
            Some(_) => {}
        }
    }
    if p.rejected() {
        return;
    }

    // Every non-empty cell: an answer, the form's own label, or reported as ignored.
    let fixed_cells = form::fixed_cells(&meta);
    let is_fixed = |sheet: &str, r: u32, c: u16, v: &Value| {
        fixed_cells.iter().any(|f| f.sheet == sheet && f.row == r && f.col == c && matches!(v, Value::Text(t) if t == &f.text))
    };
    let mut answers: BTreeMap<(&'static str, u32, u16), String> = BTreeMap::new();
    for sheet in &book.sheets {
        if sheet.name == form::SHEET_MARKER {
            continue;
        }
        let answer_sheet = form::answer_sheets(meta.kind).iter().copied().find(|s| *s == sheet.name);
        for (&(r, c), v) in &sheet.cells {
            match answer_sheet {
                Some(s) if form::is_answer(&meta, s, r, c) => {
                    let text = cell_text(p, s, r, c, v, prefecture::date_expected(&meta, s, r, c));
                    answers.insert((s, r, c), text);
                }
                _ if is_fixed(&sheet.name, r, c, v) => {}
                _ => {
                    let shown = match v {
                        Value::Text(t) => t.clone(),
                        Value::Number(f) => normalize::number(*f),
                        Value::Bool(b) => b.to_string(),
                        Value::Date(d) => d.clone(),
                        Value::Error(e) => e.clone(),
                    };
                    let short: String = shown.chars().take(40).collect();
                    let short = if shown.chars().count() > 40 { format!("{short}…") } else { short };
                    p.warn(&sheet.name, &a1(r, c), FindingKind::Ignored(short.replace('\n', " ")));
                }
            }
        }
        if let Some(s) = answer_sheet {
            for &(r0, c0, r1, c1) in &sheet.merges {
                let cells = (u64::from(r1.saturating_sub(r0)) + 1) * (u64::from(c1.saturating_sub(c0)) + 1);
                let over_answer = (r0..=r1.min(r0 + 2000))
                    .any(|r| (c0..=c1.min(c0 + 50)).any(|c| form::is_answer(&meta, s, r, c)));
                if cells > 1 && over_answer {
                    p.error(s, &format!("{}:{}", a1(r0, c0), a1(r1, c1)), FindingKind::Merged);
                }
            }
        }
    }
    if p.rejected() {
        return;
    }
    let get = |s: &'static str, r: u32, c: u16| answers.get(&(s, r, c)).map(String::as_str).unwrap_or("");
    let mut locator = Locator { centre: meta.kind == Kind::Centre, ..Locator::default() };
    let items_of = |with_partners: bool| -> Vec<(u8, Vec<String>, Vec<String>)> {
        (1..=10u8)
            .filter_map(|no| {
                let row = ITEM_ROW0 + u32::from(no) - 1;
                let lines = normalize::lines(get(form::SHEET_ITEMS, row, COL_C));
                let partners =
                    if with_partners { normalize::names(get(form::SHEET_ITEMS, row, COL_D)) } else { Vec::new() };
                (!lines.is_empty() || !partners.is_empty()).then_some((no, lines, partners))
            })
            .collect()
    };
    let submission = match meta.kind {
        Kind::Prefecture => {
            let read = |s: &'static str, r: u32, c: u16| get(s, r, c).to_string();
            let (parts, rows, notes) = prefecture::parse(&meta, &read);
            for (sheet, cell, kind) in notes {
                p.error(sheet, &cell, kind);
            }
            locator.prefecture = Some(rows);
            Submission {
                kind: Kind::Prefecture,
                name: meta.name.clone(),
                unit: None,
                centre: None,
                parts: Some(parts),
                locator,
            }
        }
        Kind::Centre => Submission {
            kind: Kind::Centre,
            name: meta.name.clone(),
            unit: None,
            centre: Some(Centre {
                source: String::new(),
                name: meta.name.clone(),
                members: meta.members.iter().map(|m| m.name.clone()).collect(),
                items: items_of(false).into_iter().map(|(no, lines, _)| CentreItem { no, lines }).collect(),
            }),
            parts: None,
            locator,
        },
        Kind::Unit => {
            let s = form::SHEET_ISSUES;
            let operator = normalize::text(get(s, ROW_HUB, COL_C));
            let hub = Hub {
                name: normalize::text(get(s, ROW_HUB, COL_B)),
                operator: (!operator.is_empty()).then_some(operator),
                shared_with: normalize::names(get(s, ROW_HUB, COL_D)),
            };
            let direction = Direction {
                text: normalize::text(get(s, ROW_DIRECTION, COL_B)),
                shared_with: normalize::names(get(s, ROW_DIRECTION, COL_D)),
            };
            let mut issues: Vec<Issue> = Vec::new();
            for row in ISSUE_ROW0..ISSUE_ROW0 + meta.issue_rows {
                let title = normalize::text(get(s, row, COL_B));
                let actions = normalize::lines(get(s, row, COL_C));
                let partners = normalize::names(get(s, row, COL_D));
                if title.is_empty() && actions.is_empty() && partners.is_empty() {
                    continue;
                }
                let continues = issues.last().is_some_and(|last| title.is_empty() || last.issue == title);
                if continues {
                    let Some(last) = issues.last_mut() else { continue };
                    if !partners.is_empty() && partners != last.shared_with {
                        p.error(s, &a1(row, COL_D), FindingKind::PartnersOnContinuation);
                    }
                    last.actions.extend(actions);
                } else if title.is_empty() {
                    p.error(s, &a1(row, COL_B), FindingKind::ActionWithoutIssue);
                } else {
                    locator.issue_rows.push(row);
                    issues.push(Issue { issue: title, actions, shared_with: partners });
                }
            }
            let unit = Unit {
                source: String::new(),
                name: meta.name.clone(),
                code: meta.code.clone(),
                members: meta.members.clone(),
                hub,
                direction,
                items: items_of(true)
                    .into_iter()
                    .map(|(no, lines, shared_with)| ItemCell { no, lines, shared_with })
                    .collect(),
                issues,
            };
            Submission { kind: Kind::Unit, name: meta.name.clone(), unit: Some(unit), centre: None, parts: None, locator }
        }
    };
    p.submission = Some(submission);
}
