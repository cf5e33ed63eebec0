//! A unit's versions (`history`, the page's unit): every workbook received for
//! it in the order of their receipt moments, why a rejected one was refused,
//! and what changed from one readable version to the next.

use std::path::Path;

use crate::error::{Error, Result, Severity};
use crate::intake::ingest::{self, Finding};
use crate::model::diff::FieldChange;
use crate::model::moment::Moment;
use crate::model::{ItemCell, Unit, Year};
use crate::store::ledger::{Entry, Ledger, State};
use crate::store::lock::Access;
use crate::store;

use super::{Done, Season};

/// One version of a unit, numbered from 1 in receipt order.
#[derive(Debug, Clone)]
pub struct Version {
    pub n: usize,
    pub entry: Entry,
    /// Its receipt moment in Japan time (`2019-10-15 09:30`), where known.
    pub moment: String,
    /// Errors and warnings found in it when it was received.
    pub findings: Vec<Finding>,
    /// What changed from the previous readable version (empty for the first).
    pub changes: Vec<FieldChange>,
    /// Whether it can be applied again: kept, read as the form, and not the one applied.
    pub restorable: bool,
}

/// Every unit and centre with more than one version, and how many.
pub fn several(season: &Season, year_dir: &Path) -> Result<Done<Vec<(String, usize)>>> {
    let mut notes = Vec::new();
    let _open = season.open(year_dir, Access::Read, &mut notes)?;
    let ledger = Ledger::load(year_dir)?;
    let mut names: Vec<&str> = ledger.workbooks.iter().filter(|e| !e.name.is_empty()).map(|e| e.name.as_str()).collect();
    names.sort();
    names.dedup();
    let list = names.into_iter().map(|n| (n.to_string(), of(&ledger, n).len())).filter(|(_, k)| *k > 1).collect();
    Ok(Done::new(notes, list))
}

/// A unit's versions, each with its findings and its changes from the one before.
pub fn history(season: &Season, year_dir: &Path, unit: &str) -> Result<Done<Vec<Version>>> {
    let mut notes = Vec::new();
    let _open = season.open(year_dir, Access::Read, &mut notes)?;
    let year = store::load(year_dir)?;
    let ledger = Ledger::load(year_dir)?;
    let versions = versions(year_dir, &year, &ledger, unit);
    if versions.is_empty() {
        return Err(Error::NoSuchUnit(unit.to_string()));
    }
    Ok(Done::new(notes, versions))
}

/// The versions of `unit` as [`history`] gives them, from a year already open.
pub fn versions(year_dir: &Path, year: &Year, ledger: &Ledger, unit: &str) -> Vec<Version> {
    let mut last: Option<Unit> = None;
    let mut out = Vec::new();
    for (i, e) in of(ledger, unit).into_iter().enumerate() {
        let answers = answers_of(year_dir, year, e);
        let changes = match (&last, &answers) {
            (Some(before), Some(now)) => crate::model::diff::unit_changes(before, now, &year.survey, &year.survey),
            _ => Vec::new(),
        };
        // Only a version that was once applied is applied again; one waiting is chosen, never restored.
        let restorable = answers.is_some() && e.state == State::Superseded && !e.stored.is_empty();
        out.push(Version {
            n: i + 1,
            entry: e.clone(),
            moment: Moment::parse(e.moment()).map(|m| m.jst()).unwrap_or_default(),
            findings: findings(year_dir, year, e),
            changes,
            restorable,
        });
        if answers.is_some() {
            last = answers;
        }
    }
    out
}

/// What changed from version `from` to version `to` of a unit (numbered from 1), item by item and line by line.
pub fn compare(season: &Season, year_dir: &Path, unit: &str, from: usize, to: usize) -> Result<Done<Vec<FieldChange>>> {
    let mut notes = Vec::new();
    let _open = season.open(year_dir, Access::Read, &mut notes)?;
    let year = store::load(year_dir)?;
    let ledger = Ledger::load(year_dir)?;
    let versions = of(&ledger, unit);
    let read = |n: usize| {
        let e = n.checked_sub(1).and_then(|i| versions.get(i)).ok_or_else(|| Error::NoSuchVersion { unit: unit.to_string(), version: n, versions: versions.len() })?;
        answers_of(year_dir, &year, e).ok_or_else(|| Error::NoSuchVersion { unit: unit.to_string(), version: n, versions: versions.len() })
    };
    let (a, b) = (read(from)?, read(to)?);
    Ok(Done::new(notes, crate::model::diff::unit_changes(&a, &b, &year.survey, &year.survey)))
}

/// A unit's ledger lines read as its form, by receipt moment.
pub fn of<'a>(ledger: &'a Ledger, name: &str) -> Vec<&'a Entry> {
    let mut v: Vec<&Entry> = ledger.workbooks.iter().filter(|e| e.name == name && e.state != State::NotAForm).collect();
    v.sort_by_key(|e| Moment::parse(e.moment()));
    v
}

/// A version's answers, read from its kept copy (none when it could not be read as the form).
fn answers_of(year_dir: &Path, year: &Year, e: &Entry) -> Option<Unit> {
    let bytes = std::fs::read(year_dir.join(&e.stored)).ok()?;
    let ex = ingest::examine_in_year(&e.original, &bytes, year);
    ex.unit.or_else(|| {
        let c = ex.centre?;
        let items = c.items.into_iter().map(|i| ItemCell { key: i.key, lines: i.lines, shared_with: vec![] });
        Some(Unit { name: c.name, items: items.collect(), ..Unit::default() })
    })
}

/// A version's findings, errors and warnings: as the ledger kept them, or (a line
/// written before findings were kept) judged again from its kept copy.
pub fn findings(year_dir: &Path, year: &Year, e: &Entry) -> Vec<Finding> {
    match &e.findings {
        Some(kept) => kept.iter().filter_map(|k| ingest::from_kept(k, &e.original)).collect(),
        None => {
            let Ok(bytes) = std::fs::read(year_dir.join(&e.stored)) else { return Vec::new() };
            ingest::examine_in_year(&e.original, &bytes, year).findings
        }
    }
}

/// Only the errors of [`findings`]: why a version was sent back.
pub fn errors(findings: &[Finding]) -> impl Iterator<Item = &Finding> {
    findings.iter().filter(|f| f.severity == Severity::Error)
}
