//! Opening a year folder: its lock, an interrupted change settled, leftovers
//! of a crash removed, and what a person put there that shiryo will not read.

use std::fs;
use std::path::{Path, PathBuf};

use super::journal::{self, Settled, TXN_DIR};
use super::lock::{self, Access, Lock, Wait};
use super::{CENTRES, UNITS, files};
use crate::error::{Error, Result};

/// The year's sub-folders that hold data (never followed out of the year).
pub const DATA_DIRS: [&str; 3] = [UNITS, CENTRES, super::ledger::DIR];
/// Where reports are written (ingest's report).
pub const REPORTS: &str = "reports";

/// Something done or found while opening a year, for the command to say.
#[derive(strum::EnumDiscriminants)]
#[strum_discriminants(derive(strum::EnumIter), doc = "The variants, without their data: the message catalogue lists an example of each.")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// The folder cannot be written: read without a lock.
    NoLock(PathBuf),
    /// An interrupted change was finished or rolled back.
    Settled { year: PathBuf, settled: Settled },
    /// A temporary file a crash left, removed.
    RemovedTemp(PathBuf),
    /// A kept workbook copy the ledger does not know (a crash before the journal), removed.
    RemovedOrphan(PathBuf),
    /// A file under `units/` or `centres/` that is not `*.toml`: not read.
    Stray(PathBuf),
}

/// An open year: hold it as long as the command works on the year.
#[derive(Debug)]
pub struct Opened {
    pub lock: Lock,
    pub notes: Vec<Note>,
}

/// Opens `dir` for reading or writing. `waiting` is called if another process
/// holds the lock and this one waits for it.
pub fn open(dir: &Path, access: Access, wait: Wait, waiting: &mut dyn FnMut()) -> Result<Opened> {
    if !dir.is_dir() {
        return Err(Error::NoYear(dir.to_path_buf()));
    }
    check_links(dir)?;
    if is_archived(dir) {
        // An archived version is never written to, not even a lock file.
        if access == Access::Write {
            return Err(Error::ReadOnly(dir.to_path_buf()));
        }
        return Ok(Opened { lock: Lock::none(dir, access), notes: Vec::new() });
    }
    let mut notes = Vec::new();
    let mut held = lock::acquire(dir, access, wait, waiting)?;
    if held.is_none() {
        notes.push(Note::NoLock(dir.to_path_buf()));
    }
    if needs_repair(dir) {
        if access == Access::Read {
            // Settling writes: take the lock alone for it, then share it again.
            drop(held);
            let alone = lock::acquire(dir, Access::Write, wait, waiting)
                .map_err(|e| if let Error::ReadOnly(_) = e { Error::Interrupted(dir.to_path_buf()) } else { e })?;
            repair(dir, &mut notes)?;
            drop(alone);
            held = lock::acquire(dir, Access::Read, wait, waiting)?;
        } else {
            repair(dir, &mut notes)?;
        }
    }
    notes.extend(strays(dir).into_iter().map(Note::Stray));
    Ok(Opened { lock: held, notes })
}

/// The `sources/` of an archived version (`<root>/<FY>/<survey key>/第N版/sources`, or
/// `<root>/<FY>/第N版/sources` by an earlier shiryo: beside its manifest).
fn is_archived(dir: &Path) -> bool {
    dir.file_name().is_some_and(|n| n == "sources") && dir.parent().is_some_and(|v| v.join("manifest.toml").is_file())
}

/// The year's data folders must be folders of the year, not links out of it.
pub fn check_links(dir: &Path) -> Result<()> {
    for sub in DATA_DIRS.iter().chain([&REPORTS, &TXN_DIR]) {
        let p = dir.join(sub);
        if fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(Error::Symlink(p));
        }
    }
    Ok(())
}

fn needs_repair(dir: &Path) -> bool {
    dir.join(TXN_DIR).exists() || !temps(dir).is_empty() || !orphans(dir).is_empty()
}

fn repair(dir: &Path, notes: &mut Vec<Note>) -> Result<()> {
    if let Some(settled) = journal::settle(dir)? {
        notes.push(Note::Settled { year: dir.to_path_buf(), settled });
    }
    for t in temps(dir) {
        files::remove(&t).map_err(|e| Error::io(&t, e))?;
        notes.push(Note::RemovedTemp(t));
    }
    for o in orphans(dir) {
        files::remove(&o).map_err(|e| Error::io(&o, e))?;
        notes.push(Note::RemovedOrphan(o));
    }
    Ok(())
}

/// Kept copies under `received/` that the ledger does not know: left by a
/// crash of a shiryo before the journal. Only names of the kept-copy form
/// (`<name>_<YYYYMMDDTHHMMSSZ>[_n].<ext>`) are considered: anything else a
/// person put there stays (and is never attached).
fn orphans(dir: &Path) -> Vec<PathBuf> {
    let received = dir.join(super::ledger::DIR);
    let Ok(entries) = fs::read_dir(&received) else { return Vec::new() };
    let names: Vec<(PathBuf, String)> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| (e.path(), e.file_name().to_string_lossy().into_owned()))
        .filter(|(_, n)| is_kept_copy(n))
        .collect();
    if names.is_empty() {
        return Vec::new();
    }
    // An unreadable ledger is reported by the command that reads it; remove nothing then.
    let Ok(ledger) = super::ledger::Ledger::load(dir) else { return Vec::new() };
    let known = |n: &str| ledger.workbooks.iter().any(|e| e.stored == format!("{}/{n}", super::ledger::DIR));
    let mut out: Vec<PathBuf> = names.into_iter().filter(|(_, n)| !known(n)).map(|(p, _)| p).collect();
    out.sort();
    out
}

/// `桑名市_20181116T010000Z.xlsx`, `桑名市_20181116T010000Z_2.xls`: how ingest names a kept copy.
fn is_kept_copy(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else { return false };
    if !super::WORKBOOK_EXTENSIONS.contains(&ext) {
        return false;
    }
    let stem = match stem.rsplit_once('_') {
        Some((head, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && (head.ends_with('Z') || head.ends_with("JST")) => head,
        _ => stem,
    };
    let Some((_, stamp)) = stem.rsplit_once('_') else { return false };
    let b = stamp.as_bytes();
    let digits = |at: &[usize]| b.iter().enumerate().all(|(i, c)| at.contains(&i) || c.is_ascii_digit());
    // `20181116T000000Z` (UTC, before 2026-11) or `20181116-090000JST` (Japan time).
    let utc = b.len() == 16 && b[8] == b'T' && b[15] == b'Z' && digits(&[8, 15]);
    let jst = b.len() == 18 && b[8] == b'-' && stamp.ends_with("JST") && digits(&[8, 15, 16, 17]);
    utc || jst
}

/// Temporary files of the file layer in the year and its data folders.
fn temps(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for d in std::iter::once(dir.to_path_buf()).chain(DATA_DIRS.iter().chain([&REPORTS]).map(|s| dir.join(s))) {
        for e in fs::read_dir(&d).into_iter().flatten().flatten() {
            if files::is_temp(&e.file_name().to_string_lossy()) {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}

/// Files under `units/` and `centres/` that are not `*.toml` (`x.TOML`, `x.toml.txt`, a folder).
pub fn strays(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for sub in [UNITS, CENTRES] {
        for e in fs::read_dir(dir.join(sub)).into_iter().flatten().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let read = e.file_type().is_ok_and(|t| t.is_file()) && name.ends_with(".toml");
            if !(read || files::is_temp(&name)) {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn kept_copies_are_told_by_their_name() {
        use super::is_kept_copy as k;
        assert!(k("桑名市_20181116T010000Z.xlsx"));
        assert!(k("桑名市_20181116T010000Z_2.ods"));
        assert!(!k("memo.txt"));
        assert!(!k("桑名市.xlsx"));
        assert!(!k("桑名市_2018.xlsx"));
        assert!(!k("桑名市_20181116T010000Z.txt"));
    }
}
