//! Answers received (取込): files from a folder or handed over as bytes, a held
//! workbook chosen, an earlier version restored. Each writes the ingest report
//! (取込結果.md) and returns what became of every file.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::intake::ingest::received::{self, Check};
use crate::intake::ingest::sources::Upload;
use crate::intake::ingest::{self, Ingested, Input, Prefer};
use crate::store::ledger::{Entry, Ledger, State};
use crate::store::lock::Access;
use crate::store::{self, files};

use super::{Done, Season, Voice};

/// What the clerk adds to an ingest: choices, where the report goes, zip passwords.
#[derive(Debug, Clone, Default)]
pub struct Asked {
    /// Workbooks chosen by their names (`--prefer`).
    pub prefer: Vec<PathBuf>,
    pub report: Option<PathBuf>,
    pub zip_passwords: Vec<String>,
}

/// Ingests `input` into the year, under its write lock, and writes the report.
pub fn ingest(season: &Season, year_dir: &Path, input: Input, asked: &Asked, voice: &dyn Voice) -> Result<Done<Ingested>> {
    let mut options = ingest::Options::at(season.clock.now());
    options.prefer = asked.prefer.iter().cloned().map(Prefer::File).collect();
    options.report = asked.report.clone();
    options.zip_passwords = asked.zip_passwords.clone();
    let mut notes = Vec::new();
    let _open = season.open(year_dir, Access::Write, &mut notes)?;
    let done = ingest::ingest(input, year_dir, &options)?;
    report(season, &done, voice)?;
    Ok(Done::new(notes, done))
}

/// A held workbook (重複, 保留) chosen by its SHA-256: applied as the clerk's choice.
pub fn choose(season: &Season, year_dir: &Path, sha256: &str, voice: &dyn Voice) -> Result<Done<Ingested>> {
    apply(season, year_dir, voice, |ledger| {
        ledger
            .workbooks
            .iter()
            .find(|e| e.sha256 == sha256 && e.state == State::Held)
            .cloned()
            .ok_or_else(|| Error::NoSuchChoice(sha256.to_string()))
    })
}

/// Version `n` (from 1) of `unit` applied again.
pub fn restore(season: &Season, year_dir: &Path, unit: &str, n: usize, voice: &dyn Voice) -> Result<Done<Ingested>> {
    apply(season, year_dir, voice, |ledger| {
        let versions = super::history::of(ledger, unit);
        let e = n.checked_sub(1).and_then(|i| versions.get(i)).ok_or_else(|| Error::NoSuchVersion {
            unit: unit.to_string(),
            version: n,
            versions: versions.len(),
        })?;
        Ok((*e).clone())
    })
}

/// The kept copy of the workbook `pick` finds, ingested from memory under its own
/// name as the clerk's choice (by its hash), together with the other workbooks
/// of its unit still waiting for a choice, which are thereby declined, as
/// `ingest --prefer` declines them: the ledger keeps how each first came.
fn apply(season: &Season, year_dir: &Path, voice: &dyn Voice, pick: impl FnOnce(&Ledger) -> Result<Entry>) -> Result<Done<Ingested>> {
    let mut notes = Vec::new();
    let _open = season.open(year_dir, Access::Write, &mut notes)?;
    let ledger = Ledger::load(year_dir)?;
    let e = pick(&ledger)?;
    if e.stored.is_empty() {
        return Err(Error::NoSuchChoice(e.sha256));
    }
    let waiting = ledger.workbooks.iter().filter(|w| w.kind == e.kind && w.name == e.name && w.state == State::Held && w.sha256 != e.sha256);
    let uploads = std::iter::once(&e).chain(waiting).filter(|w| !w.stored.is_empty()).map(|w| kept(year_dir, w)).collect::<Result<Vec<_>>>()?;
    let mut options = ingest::Options::at(season.clock.now());
    options.prefer = vec![Prefer::Sha256(e.sha256.clone())];
    let done = ingest::ingest(Input::Files(uploads), year_dir, &options)?;
    report(season, &done, voice)?;
    Ok(Done::new(notes, done))
}

/// A kept copy, handed over under the name it arrived with.
fn kept(year_dir: &Path, e: &Entry) -> Result<Upload> {
    let path = year_dir.join(&e.stored);
    let bytes = std::fs::read(&path).map_err(|err| Error::io(&path, err))?;
    let name = e.original.rsplit('/').next().unwrap_or(&e.original).to_string();
    Ok(Upload { name, bytes, modified: (!e.modified.is_empty()).then(|| e.modified.clone()) })
}

/// Writes the ingest's report where it was asked for (`<year>/reports/取込結果.md` by default).
fn report(season: &Season, done: &Ingested, voice: &dyn Voice) -> Result<()> {
    let waiting: Vec<_> = received::status(&done.year_dir, season.clock.now())?
        .into_iter()
        .filter(|r| matches!(r.check, Check::Missing | Check::Overdue | Check::SentBack))
        .collect();
    let text = voice.report(done, &waiting)?;
    if let Some(dir) = done.report.parent().filter(|d| !d.as_os_str().is_empty()) {
        files::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    store::write_atomic(&done.report, text.as_bytes())
}
