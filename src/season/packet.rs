//! The year itself: a new year from last year's, checks, the packet built
//! (a draft while answers are missing), archived and published.

use std::path::{Path, PathBuf};

use crate::error::{Error, Problem, Result};
use crate::model::diff::Changes;
use crate::outputs::archive::{self, Archived, Verified};
use crate::outputs::html::Words;
use crate::outputs::pipeline::{self, Options, Published, Step, Typeset};
use crate::store::guard::{self, Expect};
use crate::store::lock::Access;
use crate::store::new_year::{self, NewYear};
use crate::store::{self, Note, files};

use super::{Done, Season};

/// What the clerk gives for a new year: last year's folder, the new one's, and the rest
/// (the meeting's date and the deadline as typed, `2019-11-20` or `令和元年11月20日`; the
/// meeting's name and the request's fields where they change).
#[derive(Debug, Clone)]
pub struct NewYearAsked<'a> {
    pub last: &'a Path,
    pub out: &'a Path,
    pub asked: &'a new_year::Asked,
}

/// The next fiscal year's folder, from last year's: what moved, and what still reads like last year.
pub fn new_year(season: &Season, asked: &NewYearAsked) -> Result<Done<NewYear>> {
    // Both refusals come before the last year is opened (opening may settle it).
    guard::output(asked.out, Expect::Dir, &[asked.last])?;
    new_year::refuse_existing(asked.out)?;
    let mut notes = Vec::new();
    let _last = season.open(asked.last, Access::Read, &mut notes)?;
    let made = new_year::new_year(asked.last, asked.out, asked.asked)?;
    Ok(Done::new(notes, made))
}

/// Every problem of a year, errors and warnings.
pub fn check(season: &Season, year_dir: &Path) -> Result<Done<Vec<Problem>>> {
    let mut notes = Vec::new();
    let _open = season.open(year_dir, Access::Read, &mut notes)?;
    Ok(Done::new(notes, pipeline::check(year_dir)?))
}

/// The year's TOML rewritten in canonical form (`fmt`).
pub fn format(season: &Season, year_dir: &Path) -> Result<Done<()>> {
    let mut notes = Vec::new();
    let _open = season.open(year_dir, Access::Write, &mut notes)?;
    let year = store::load(year_dir)?;
    store::save(&year, year_dir)?;
    Ok(Done::new(notes, ()))
}

/// The packet built, in memory: its PDF, the typeset year and what was found on the way.
pub struct Packet {
    pub pdf: Vec<u8>,
    pub typeset: Typeset,
    /// Whether it was set as a draft (案) because the season is still open.
    pub draft: bool,
}

/// Whether to mark the packet a draft: as asked, or while the season is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Draft {
    Asked(bool),
    WhileOpen,
}

/// The year typeset (the page's preview): a draft while the season is open when asked so.
pub fn typeset(season: &Season, year_dir: &Path, options: &Options, draft: Draft, progress: &mut dyn FnMut(Step)) -> Result<Done<Typeset>> {
    let (notes, typeset, _) = typeset_with(season, year_dir, options, draft, progress)?;
    Ok(Done::new(notes, typeset))
}

/// The packet's PDF (`build`, the page's 資料を作成).
pub fn build(season: &Season, year_dir: &Path, options: &Options, draft: Draft, progress: &mut dyn FnMut(Step)) -> Result<Done<Packet>> {
    let (notes, typeset, draft) = typeset_with(season, year_dir, options, draft, progress)?;
    progress(Step::Pdf);
    let pdf = crate::outputs::pdf::export(&typeset.doc, &typeset.year)?;
    Ok(Done::new(notes, Packet { pdf, draft, typeset }))
}

/// The notices of opening, the year typeset, and whether as a draft.
fn typeset_with(season: &Season, dir: &Path, options: &Options, draft: Draft, progress: &mut dyn FnMut(Step)) -> Result<(Vec<Note>, Typeset, bool)> {
    let mut notes = Vec::new();
    let _open = season.open(dir, Access::Read, &mut notes)?;
    let _old = options.with_changes.as_deref().map(|y| season.open(y, Access::Read, &mut notes)).transpose()?;
    let draft = match draft {
        Draft::Asked(d) => d,
        Draft::WhileOpen => super::status::season_open(&super::status::rows(dir, season.clock.now())?),
    };
    let options = Options { draft, ..options.clone() };
    Ok((notes, pipeline::typeset(dir, &options, progress)?, draft))
}

/// `--emit-typst`: the templates, the data and the fonts for a stock Typst.
pub fn emit_typst(season: &Season, year_dir: &Path, out: &Path, options: &Options) -> Result<Done<()>> {
    let mut notes = Vec::new();
    let _open = season.open(year_dir, Access::Read, &mut notes)?;
    let _old = options.with_changes.as_deref().map(|y| season.open(y, Access::Read, &mut notes)).transpose()?;
    pipeline::emit_typst(year_dir, out, options)?;
    Ok(Done::new(notes, ()))
}

/// An archive's version written, and the leftovers of an interrupted one removed.
#[derive(Debug)]
pub struct ArchiveDone {
    pub removed: Vec<PathBuf>,
    pub archived: Archived,
}

/// The year archived under `root` (never a draft). The archived page is in `words`.
pub fn archive(season: &Season, year_dir: &Path, root: &Path, templates: Option<&Path>, words: &Words) -> Result<Done<ArchiveDone>> {
    guard::output(root, Expect::Dir, &[year_dir])?;
    let mut notes = Vec::new();
    let _year = season.open(year_dir, Access::Read, &mut notes)?;
    files::create_dir_all(root).map_err(|e| Error::io(root, e))?;
    let _root = season.open_root(root)?;
    let removed = archive::clean(root)?;
    let archived = archive::archive(year_dir, root, templates, words)?;
    Ok(Done::new(notes, ArchiveDone { removed, archived }))
}

/// Verifies a version, or the latest version of each survey of a fiscal year.
pub fn verify(dir: &Path) -> Result<Vec<Verified>> {
    let versions = archive::to_verify(dir);
    if versions.iter().all(|v| !v.join(archive::MANIFEST).is_file()) {
        return Err(Error::NoArchivedVersion(dir.to_path_buf()));
    }
    versions.iter().map(|d| archive::verify(d)).collect()
}

/// The year as open data and an accessible page, in memory.
pub fn publish(season: &Season, year_dir: &Path, bom: bool, words: &Words) -> Result<Done<Published>> {
    let mut notes = Vec::new();
    let _open = season.open(year_dir, Access::Read, &mut notes)?;
    Ok(Done::new(notes, pipeline::publish(year_dir, bom, words)?))
}

/// The year's contacts, every unit and centre of its blocks listed (those without one empty),
/// to confirm or edit before the request goes out (people change in April).
pub fn contacts(season: &Season, year_dir: &Path) -> Result<Done<Vec<(String, crate::model::contacts::Contact)>>> {
    let mut notes = Vec::new();
    let _open = season.open(year_dir, Access::Read, &mut notes)?;
    let year = store::load(year_dir)?;
    let mut names: Vec<String> = year.blocks.blocks.iter().flat_map(|b| b.columns.iter().cloned()).collect();
    names.extend(year.centres.iter().map(|c| c.name.clone()));
    names.extend(year.contacts.0.keys().filter(|k| !names.contains(k)).cloned().collect::<Vec<_>>());
    let list = names.into_iter().map(|n| (n.clone(), year.contacts.get(&n).cloned().unwrap_or_default())).collect();
    Ok(Done::new(notes, list))
}

/// The contacts as the clerk confirmed them: checked as `check` checks them (a bad address
/// is an error at its key, nothing written), then `contacts.toml` written.
pub fn save_contacts(season: &Season, year_dir: &Path, contacts: crate::model::contacts::Contacts) -> Result<Done<usize>> {
    let mut notes = Vec::new();
    let _open = season.open(year_dir, Access::Write, &mut notes)?;
    let mut year = store::load(year_dir)?;
    year.contacts = contacts;
    let problems: Vec<Problem> = crate::model::validate::validate(&year).into_iter().filter(|p| p.file == store::CONTACTS).collect();
    if crate::model::validate::has_errors(&problems) {
        return Err(Error::Invalid(problems));
    }
    store::save_contacts(&year.contacts, year_dir)?;
    Ok(Done::new(notes, year.contacts.0.len()))
}

/// 期限延長: a unit's or centre's own deadline set (`None`: the year's again), checked as a
/// date of the year and written to `packet.toml` under the year's write lock.
pub fn extend(season: &Season, year_dir: &Path, name: &str, until: Option<&str>) -> Result<Done<Option<crate::model::Date>>> {
    let mut notes = Vec::new();
    let _open = season.open(year_dir, Access::Write, &mut notes)?;
    let mut year = store::load(year_dir)?;
    let known = year.blocks.blocks.iter().any(|b| b.columns.iter().any(|c| c == name)) || year.centres.iter().any(|c| c.name == name);
    if !known {
        return Err(Error::NoSuchUnit(name.to_string()));
    }
    let date = until
        .map(|d| crate::model::Date::parse(d.trim()).map_err(|crate::model::BadDate(value)| Error::BadDateArg { flag: "extension", value }))
        .transpose()?;
    match date {
        Some(d) => year.packet.extensions.insert(name.to_string(), d.to_string().into()),
        None => year.packet.extensions.remove(name),
    };
    let problems = crate::model::validate::validate(&year);
    if crate::model::validate::has_errors(&problems) {
        return Err(Error::Invalid(problems));
    }
    store::save_packet(&year.packet, year_dir)?;
    Ok(Done::new(notes, date))
}

/// What changed from one year to another (`diff`).
pub fn compare(season: &Season, old: &Path, new: &Path) -> Result<Done<Changes>> {
    let mut notes = Vec::new();
    let _old = season.open(old, Access::Read, &mut notes)?;
    let _new = season.open(new, Access::Read, &mut notes)?;
    let changes = crate::model::diff::diff(&store::load(old)?, &store::load(new)?);
    Ok(Done::new(notes, changes))
}
