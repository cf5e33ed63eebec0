//! All or nothing: a change of several files of a year (an ingest writes
//! TOMLs, kept workbooks and the ledger) is staged under `<year>/.shiryo-txn/`
//! and made real in three steps:
//!
//! 1. every new file is written and fsynced under `.shiryo-txn/files/`;
//! 2. `plan.toml` is written atomically: from here on the change has happened;
//! 3. each staged file is renamed onto its place, then the plan and the folder are removed.
//!
//! A crash before 2 leaves the year as before (the staged files are removed
//! by [`settle`]); a crash after 2 leaves it to [`settle`] to finish the renames.
//! Either way the year is whole again before any command reads it.

use std::fs;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::files;
use crate::error::{Error, Result};
use super::ledger::sha256;

/// The staging folder of an unfinished change; never archived.
pub const TXN_DIR: &str = ".shiryo-txn";
const PLAN: &str = "plan.toml";
/// The plan once every file is in place: the change is complete, only the folder is left to remove.
const DONE: &str = "done.toml";
const STAGED: &str = "files";

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Plan {
    schema: u32,
    files: Vec<Planned>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Planned {
    /// Where the file goes, relative to the year, `/`-separated.
    path: String,
    /// Its staged copy under `.shiryo-txn/files/`.
    staged: String,
    sha256: String,
}

/// A change being staged.
#[derive(Debug)]
pub struct Txn {
    year: PathBuf,
    files: Vec<Planned>,
    /// The next staged file's number.
    next: usize,
}

/// What [`settle`] did with an interrupted change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    /// The change had been committed: its remaining files were put in place.
    Finished(Vec<String>),
    /// The change had not been committed: its staged files were removed.
    RolledBack,
}

impl Txn {
    /// Starts a change of `year`. An unsettled earlier change must be settled first.
    pub fn begin(year: &Path) -> Result<Txn> {
        let dir = year.join(TXN_DIR);
        if dir.exists() {
            return Err(Error::Interrupted(year.to_path_buf()));
        }
        let staged = dir.join(STAGED);
        files::create_dir_all(&staged).map_err(|e| Error::io(&staged, e))?;
        Ok(Txn { year: year.to_path_buf(), files: Vec::new(), next: 1 })
    }

    /// Stages `bytes` for `rel` (relative to the year); whether it was staged:
    /// unchanged content is not.
    pub fn put(&mut self, rel: &str, bytes: &[u8]) -> Result<bool> {
        check_rel(rel).ok_or_else(|| Error::io(rel, std::io::ErrorKind::InvalidInput.into()))?;
        if fs::read(self.year.join(rel)).is_ok_and(|old| old == bytes) {
            return Ok(false);
        }
        self.files.retain(|f| f.path != rel);
        let staged = self.next.to_string();
        self.next += 1;
        let path = self.year.join(TXN_DIR).join(STAGED).join(&staged);
        // An error names the file being written, not its staged copy. Not synced
        // here: commit syncs the staged files together before the plan is written.
        let target = self.year.join(rel);
        files::create_unsynced(&path, bytes).map_err(|e| Error::io(&target, e))?;
        self.files.push(Planned { path: rel.into(), staged, sha256: sha256(bytes) });
        Ok(true)
    }

    /// Whether `rel` is staged.
    pub fn has(&self, rel: &str) -> bool {
        self.files.iter().any(|f| f.path == rel)
    }

    /// The staged paths (relative to the year), in staging order.
    pub fn paths(&self) -> Vec<String> {
        self.files.iter().map(|f| f.path.clone()).collect()
    }

    /// Makes the change: the plan (the commit point), then the files in place.
    /// A failure before the plan is written undoes the staging; one after it
    /// leaves the change for [`settle`] to finish.
    pub fn commit(self) -> Result<Vec<String>> {
        let dir = self.year.join(TXN_DIR);
        if self.files.is_empty() {
            files::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
            return Ok(Vec::new());
        }
        let plan = Plan { schema: 1, files: self.files };
        let path = dir.join(PLAN);
        // The staged bytes are durable before the plan that points at them.
        let staged: Vec<PathBuf> = plan.files.iter().map(|f| dir.join(STAGED).join(&f.staged)).collect();
        let written = files::sync_files(&staged)
            .map_err(|e| Error::io(&dir, e))
            .and_then(|()| super::to_canonical(&plan))
            .and_then(|text| files::write(&path, text.as_bytes()).map_err(|e| Error::io(&path, e)));
        if let Err(e) = written {
            let _ = std::fs::remove_dir_all(&dir);
            return Err(e);
        }
        apply(&self.year, &plan)
    }

    /// Gives the change up: its staged files are removed, the year is untouched.
    pub fn abort(self) {
        let _ = std::fs::remove_dir_all(self.year.join(TXN_DIR));
    }
}

/// Finishes or rolls back an interrupted change of `year`; `None` when there was none.
/// The caller holds the year's lock exclusively.
pub fn settle(year: &Path) -> Result<Option<Settled>> {
    let dir = year.join(TXN_DIR);
    let Ok(meta) = fs::symlink_metadata(&dir) else { return Ok(None) };
    if !meta.is_dir() {
        // A link or a file in the journal's place (a copy from elsewhere): never followed.
        return Err(Error::Symlink(dir));
    }
    let plan_path = dir.join(PLAN);
    let plan: Option<Plan> = match fs::read_to_string(&plan_path) {
        Ok(text) => Some(toml::from_str(&text).map_err(|e| Error::Toml { path: plan_path.clone(), message: e.to_string() })?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io(&plan_path, e)),
    };
    match plan {
        Some(plan) => Ok(Some(Settled::Finished(apply(year, &plan)?))),
        None => {
            // Stopped after every file was in place: the change is complete, said so.
            let done: Option<Plan> = fs::read_to_string(dir.join(DONE)).ok().and_then(|t| toml::from_str(&t).ok());
            // Nothing staged and nothing done: a change that never began; nothing to say.
            let staged_any = fs::read_dir(dir.join(STAGED)).is_ok_and(|mut d| d.next().is_some());
            files::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
            Ok(match done {
                Some(p) => Some(Settled::Finished(p.files.into_iter().map(|f| f.path).collect())),
                None => staged_any.then_some(Settled::RolledBack),
            })
        }
    }
}

/// Puts every staged file of a committed plan in place; idempotent, so a crash
/// inside it is finished by running it again.
fn apply(year: &Path, plan: &Plan) -> Result<Vec<String>> {
    let dir = year.join(TXN_DIR);
    let staging = dir.join(STAGED);
    if fs::symlink_metadata(&staging).is_ok_and(|m| !m.is_dir()) {
        return Err(Error::Symlink(staging));
    }
    let mut folders: Vec<PathBuf> = Vec::new();
    for f in &plan.files {
        let rel = check_rel(&f.path).ok_or_else(|| Error::Toml {
            path: dir.join(PLAN),
            message: format!("path outside the year: {}", f.path),
        })?;
        let target = year.join(rel);
        // A staged name is a number this program gave: nothing else is taken from the plan.
        if f.staged.is_empty() || !f.staged.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::Toml { path: dir.join(PLAN), message: format!("staged file outside the journal: {}", f.staged) });
        }
        let staged = dir.join(STAGED).join(&f.staged);
        let kind = fs::symlink_metadata(&staged).map(|m| m.file_type());
        if kind.as_ref().is_ok_and(|k| !k.is_file()) {
            // A link (or anything but a file) staged: never moved into the year.
            return Err(Error::Symlink(staged));
        }
        if kind.is_ok() {
            if let Some(parent) = target.parent() {
                files::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            files::keep_mode(&target, &staged).map_err(|e| Error::io(&target, e))?;
            files::rename_unsynced(&staged, &target).map_err(|e| Error::io(&target, e))?;
            let parent = target.parent().map(Path::to_path_buf).unwrap_or_else(|| year.to_path_buf());
            if !folders.contains(&parent) {
                folders.push(parent);
            }
        } else if !fs::read(&target).is_ok_and(|b| sha256(&b) == f.sha256) {
            return Err(Error::Journal { year: year.to_path_buf(), file: f.path.clone() });
        }
    }
    // Every rename durable before the plan goes: a crash before this point finishes them again.
    for folder in &folders {
        files::sync_dir(folder).map_err(|e| Error::io(folder, e))?;
    }
    let plan_path = dir.join(PLAN);
    files::rename_unsynced(&plan_path, &dir.join(DONE)).map_err(|e| Error::io(&plan_path, e))?;
    files::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    Ok(plan.files.iter().map(|f| f.path.clone()).collect())
}

/// A relative path of plain components only (nothing that could leave the year).
fn check_rel(rel: &str) -> Option<PathBuf> {
    let p = Path::new(rel);
    let plain = !rel.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
    plain.then(|| p.to_path_buf())
}
