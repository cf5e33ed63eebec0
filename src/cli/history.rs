//! `shiryo history <year> [unit]`: a unit's versions — every workbook received
//! for it, in the order of their receipt moments — and what changed between
//! one readable version and the next, item by item; why a rejected version was
//! refused, as its ledger line keeps it; `--restore N` applies
//! version N again (as `ingest --prefer` of its kept copy would).

use std::process::ExitCode;

use shiryo::error::{Error, Result};
use shiryo::intake::ingest::{self, Options};
use shiryo::messages;
use shiryo::model::moment::Moment;
use shiryo::model::{Unit, Year};
use shiryo::store::ledger::{Entry, Ledger, State};
use shiryo::store::lock::Access;
use shiryo::store;

use super::Ctx;
use super::args::HistoryArgs;

pub fn run(a: &HistoryArgs, ctx: &Ctx) -> Result<ExitCode> {
    let Some(unit) = &a.unit else { return list(a, ctx) };
    if let Some(n) = a.restore {
        return restore(a, unit, n, ctx);
    }
    let _open = ctx.open(&a.year, Access::Read)?;
    let year = store::load(&a.year)?;
    let ledger = Ledger::load(&a.year)?;
    let versions = versions(&ledger, unit);
    if versions.is_empty() {
        return Err(Error::NoSuchUnit(unit.clone()));
    }
    let mut last: Option<Unit> = None;
    for (i, e) in versions.iter().enumerate() {
        let moment = Moment::parse(e.moment()).map(|m| m.jst()).unwrap_or_default();
        println!("{}", messages::version_line(i + 1, &moment, e.state, &e.original, &e.sender, ctx.lang));
        // A version sent back: why, as found when it was received (a ledger from before findings were kept: judged again).
        if e.state == State::Rejected {
            for f in findings_of(&a.year, &year, e) {
                println!("    {}", messages::intake(&f, ctx.lang));
            }
        }
        let Some(answers) = answers_of(&a.year, &year, e) else { continue };
        if let Some(before) = &last {
            let changes = shiryo::model::diff::unit_changes(before, &answers, &year.survey, &year.survey);
            print!("{}", messages::field_changes(&changes, "    ", ctx.lang));
        }
        last = Some(answers);
    }
    Ok(ExitCode::SUCCESS)
}

/// Every unit and centre with more than one version, and how many.
fn list(a: &HistoryArgs, ctx: &Ctx) -> Result<ExitCode> {
    let _open = ctx.open(&a.year, Access::Read)?;
    let ledger = Ledger::load(&a.year)?;
    let mut names: Vec<&str> = ledger.workbooks.iter().filter(|e| !e.name.is_empty()).map(|e| e.name.as_str()).collect();
    names.sort();
    names.dedup();
    for name in names {
        let n = versions(&ledger, name).len();
        if n > 1 {
            println!("{name}  {n}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A unit's versions (the workbooks it sent that were read as its form), by receipt moment.
pub fn versions<'a>(ledger: &'a Ledger, name: &str) -> Vec<&'a Entry> {
    let mut v: Vec<&Entry> = ledger.workbooks.iter().filter(|e| e.name == name && e.state != State::NotAForm).collect();
    v.sort_by_key(|e| Moment::parse(e.moment()));
    v
}

/// A version's answers, read from its kept copy (none when it could not be read as the form).
fn answers_of(year_dir: &std::path::Path, year: &Year, e: &Entry) -> Option<Unit> {
    let bytes = std::fs::read(year_dir.join(&e.stored)).ok()?;
    let ex = ingest::examine_in_year(&e.original, &bytes, year);
    ex.unit.or_else(|| {
        let c = ex.centre?;
        let items = c.items.into_iter().map(|i| shiryo::model::ItemCell { key: i.key, lines: i.lines, shared_with: vec![] });
        Some(Unit { name: c.name, items: items.collect(), ..Unit::default() })
    })
}

/// A version's errors: as its ledger line kept them when it was received; in a ledger
/// written before findings were kept, judged again from its kept copy against the year.
fn findings_of(year_dir: &std::path::Path, year: &Year, e: &Entry) -> Vec<ingest::Finding> {
    all_findings(year_dir, year, e).into_iter().filter(|f| f.severity == shiryo::Severity::Error).collect()
}

/// A version's findings, errors and warnings: as the ledger kept them, or (a line
/// written before findings were kept) judged again from its kept copy.
pub fn all_findings(year_dir: &std::path::Path, year: &Year, e: &Entry) -> Vec<ingest::Finding> {
    match &e.findings {
        Some(kept) => kept.iter().filter_map(|k| ingest::from_kept(k, &e.original)).collect(),
        None => {
            let Ok(bytes) = std::fs::read(year_dir.join(&e.stored)) else { return Vec::new() };
            ingest::examine_in_year(&e.original, &bytes, year).findings
        }
    }
}

/// Version `n` applied again: its kept copy ingested as the clerk's choice.
fn restore(a: &HistoryArgs, unit: &str, n: usize, ctx: &Ctx) -> Result<ExitCode> {
    let _open = ctx.open(&a.year, Access::Write)?;
    let ledger = Ledger::load(&a.year)?;
    let versions = versions(&ledger, unit);
    let Some(e) = n.checked_sub(1).and_then(|i| versions.get(i)) else {
        return Err(Error::NoSuchVersion { unit: unit.to_string(), version: n, versions: versions.len() });
    };
    let done = apply_kept(&a.year, e)?;
    super::report::write(&done, ctx.lang)?;
    for w in &done.workbooks {
        println!("{}: {}", w.file, messages::intake_status(w.status, ctx.lang));
        for f in &w.findings {
            println!("  {}", messages::intake(f, ctx.lang));
        }
    }
    Ok(if done.needs_attention() { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// A kept workbook ingested again as the clerk's choice (`--restore`; the desk's
/// choice between duplicates): the caller holds the year's exclusive lock.
pub fn apply_kept(year_dir: &std::path::Path, e: &Entry) -> Result<ingest::Ingested> {
    let dir = tempfile::tempdir().map_err(|err| Error::io(std::env::temp_dir(), err))?;
    let name = std::path::Path::new(&e.stored).file_name().map(|f| f.to_os_string()).unwrap_or_default();
    std::fs::copy(year_dir.join(&e.stored), dir.path().join(&name)).map_err(|err| Error::io(year_dir.join(&e.stored), err))?;
    let options = Options { prefer: vec![name.into()], ..Options::default() };
    ingest::ingest(dir.path(), year_dir, &options)
}
