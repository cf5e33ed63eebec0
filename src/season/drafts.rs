//! Mail drafts (下書き): the request (照会) with its cover letter and pre-filled
//! forms, reminders (督促) to those without an accepted answer, and receipts
//! (受領のお知らせ). Made in memory; the command line writes them into a folder,
//! the page hands them over as one zip.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::error::{Error, Problem, Result};
use crate::intake::ingest::received::{self, Check};
use crate::model::validate::{has_errors, validate};
use crate::model::{Kind, Year};
use crate::outputs::mail::{self, Attachment, Drafts, Purpose, Target};
use crate::outputs::letter;
use crate::outputs::publish::Files;
use crate::store::ledger::{Ledger, State};
use crate::store::lock::Access;
use crate::store;

use super::{Done, Season, Voice};

/// Where a step finds what it needs besides the year.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sources<'a> {
    /// Last year, whose answers fill the forms where this year has none (`--previous`);
    /// by default the previous year's folder beside this one ([`store::previous_year`]).
    pub previous: Option<&'a Path>,
    /// Forms without last year's answers (`--blank`).
    pub blank: bool,
    /// Templates overriding the embedded ones (`--templates`).
    pub templates: Option<&'a Path>,
}

impl Sources<'_> {
    /// The year whose answers fill the forms: the one given, else the one beside, unless blank.
    pub fn previous_of(&self, year_dir: &Path) -> Option<PathBuf> {
        if self.blank {
            return None;
        }
        self.previous.map(Path::to_path_buf).or_else(|| store::previous_year(year_dir))
    }
}

/// Drafts made, and what the clerk should know of them.
#[derive(Debug, Clone)]
pub struct Made {
    pub purpose: Purpose,
    pub drafts: Drafts,
    /// How many units and centres were written to.
    pub to: usize,
    /// Warnings of `packet.toml` and `contacts.toml`: what a draft says comes from them.
    pub warnings: Vec<Problem>,
    /// The year whose answers fill the forms where this year has none; none: blank forms.
    pub previous: Option<PathBuf>,
    /// Units under send-back reminded of it (their send-back workbook attached, to the officer who answered).
    pub sent_back: Vec<String>,
}

/// A year opened for drafts: its lock and last year's, the year valid, last year's answers, the templates.
struct Opened {
    notes: Vec<crate::store::Note>,
    _locks: Vec<crate::store::Opened>,
    year: Year,
    previous: Option<Year>,
    previous_dir: Option<PathBuf>,
    warnings: Vec<Problem>,
    templates: Vec<(String, String)>,
}

impl Opened {
    fn of(season: &Season, year_dir: &Path, from: Sources) -> Result<Opened> {
        let mut notes = Vec::new();
        let mut locks = vec![season.open(year_dir, Access::Read, &mut notes)?];
        let previous_dir = from.previous_of(year_dir);
        if let Some(p) = previous_dir.as_deref() {
            locks.push(season.open(p, Access::Read, &mut notes)?);
        }
        let (year, previous, warnings) = prepare(year_dir, previous_dir.as_deref())?;
        let templates = mail::templates(from.templates)?;
        Ok(Opened { notes, _locks: locks, year, previous, previous_dir, warnings, templates })
    }
}

/// The request: the cover letter (PDF) and a draft per unit and centre with its form.
pub fn request(season: &Season, year_dir: &Path, from: Sources) -> Result<Done<Made>> {
    let Opened { notes, _locks, year, previous, previous_dir, warnings, templates } = Opened::of(season, year_dir, from)?;
    let pdf = letter::pdf(&year, &letter::template(from.templates)?, previous.is_some())?;
    let job = mail::Job {
        previous: previous.as_ref(),
        templates: &templates,
        now: season.clock.now(),
        letter: Some(Attachment { name: letter::file_name(&year), bytes: pdf }),
    };
    let targets = mail::targets(&year, previous.as_ref());
    let drafts = mail::drafts(&year, &job, Purpose::Request, &targets)?;
    Ok(Done::new(notes, Made { purpose: Purpose::Request, drafts, to: targets.len(), warnings, previous: previous_dir, sent_back: Vec::new() }))
}

/// Reminders to every unit and centre still waiting (see [`waiting`]): a unit under
/// send-back is reminded of the send-back, its workbook attached again, to the officer
/// who answered; the others get the form.
pub fn remind(season: &Season, year_dir: &Path, from: Sources, voice: &dyn Voice) -> Result<Done<Made>> {
    let Opened { notes, _locks, year, previous, previous_dir, warnings, templates } = Opened::of(season, year_dir, from)?;
    let now = season.clock.now();
    let (all, waiting) = waiting(year_dir, &year, previous.as_ref(), now)?;
    let ledger = Ledger::load(year_dir)?;
    let under_send_back = |t: &Target| ledger.latest(t.kind, &t.name).filter(|e| e.state == State::Rejected && !e.stored.is_empty());
    let (sent_back, rest): (Vec<Target>, Vec<Target>) = waiting.iter().cloned().partition(|t| under_send_back(t).is_some());
    let job = mail::Job { previous: previous.as_ref(), templates: &templates, now, letter: None };
    let mut drafts = mail::drafts(&year, &job, Purpose::Remind, &rest)?;
    for t in &sent_back {
        if let Some(e) = under_send_back(t) {
            drafts.files.push(super::send_back::reminder(year_dir, &year, &ledger, e, voice, now)?);
        }
    }
    drafts.answered = all.len() - waiting.len();
    let sent_back = sent_back.into_iter().map(|t| t.name).collect();
    Ok(Done::new(notes, Made { purpose: Purpose::Remind, drafts, to: waiting.len(), warnings, previous: previous_dir, sent_back }))
}

/// A receipt to the sender of every unit's and centre's applied workbook, its warnings listed.
pub fn receipts(season: &Season, year_dir: &Path, voice: &dyn Voice) -> Result<Done<Files>> {
    let mut notes = Vec::new();
    let _open = season.open(year_dir, Access::Read, &mut notes)?;
    let year = store::load(year_dir)?;
    let ledger = Ledger::load(year_dir)?;
    let templates = mail::templates(None)?;
    let mut out = Vec::new();
    for t in mail::targets(&year, None) {
        let Some(e) = ledger.latest(t.kind, &t.name).filter(|e| e.state == State::Applied) else { continue };
        let findings = super::history::findings(year_dir, &year, e);
        let notes = findings.iter().map(|f| voice.finding_at(f)).collect();
        out.push(receipt(&year, &templates, &t, &e.sender, &e.original, notes, season.clock.now())?);
    }
    Ok(Done::new(notes, out))
}

/// A receipt (受領のお知らせ) draft to the sender of an accepted workbook, its
/// warnings listed: the file name and the `.eml` bytes.
pub fn receipt(
    year: &Year,
    templates: &[(String, String)],
    target: &Target,
    sender: &str,
    file: &str,
    notes: Vec<String>,
    now: SystemTime,
) -> Result<(String, Vec<u8>)> {
    let names = ("receipt.subject.j2", "receipt.body.j2");
    let draft = mail::answer(year, templates, names, target, sender, file, notes, Vec::new(), now)?;
    Ok((format!("受領_{}", target.draft_file()), mail::eml(&draft)))
}

/// The year (valid: errors stop; warnings of `packet.toml` and `contacts.toml`
/// returned) and the previous year.
fn prepare(year_dir: &Path, previous: Option<&Path>) -> Result<(Year, Option<Year>, Vec<Problem>)> {
    let year = store::load(year_dir)?;
    let problems = validate(&year);
    if has_errors(&problems) {
        return Err(Error::Invalid(problems));
    }
    let warnings = problems.into_iter().filter(|p| p.file == store::CONTACTS || p.file == store::PACKET).collect();
    let previous = previous.map(store::load).transpose()?;
    Ok((year, previous, warnings))
}

/// Every unit and centre to write to, and those still waiting: no accepted answer in
/// the year (no unit file; a centre file without 広域 lines is its definition only),
/// whether nothing came (未提出, 期限超過) or only a rejected version (差し戻し中).
/// Workbooks waiting for the clerk (重複, 保留) are answers: the clerk decides, not the office.
pub fn waiting(year_dir: &Path, year: &Year, previous: Option<&Year>, now: SystemTime) -> Result<(Vec<Target>, Vec<Target>)> {
    let with_clerk: Vec<(Kind, String)> = received::status(year_dir, now)?
        .into_iter()
        .filter(|r| matches!(r.check, Check::Duplicated | Check::Held))
        .map(|r| (r.kind, r.name))
        .collect();
    let all = mail::targets(year, previous);
    let waiting = all.iter().filter(|t| !year.has_answer(t.kind, &t.name) && !with_clerk.contains(&(t.kind, t.name.clone()))).cloned().collect();
    Ok((all, waiting))
}

/// The forms (様式) of a year in memory, pre-filled from last year where this year has no answer; `only` one of them.
/// Returns the forms and the year whose answers filled them where this year has none.
pub fn forms(season: &Season, year_dir: &Path, from: Sources, only: Option<&str>) -> Result<Done<(Files, Option<PathBuf>)>> {
    let mut notes = Vec::new();
    let _open = season.open(year_dir, Access::Read, &mut notes)?;
    let previous_dir = from.previous_of(year_dir);
    let _prev = previous_dir.as_deref().map(|p| season.open(p, Access::Read, &mut notes)).transpose()?;
    let year = store::load(year_dir)?;
    let previous = previous_dir.as_deref().map(store::load).transpose()?;
    let forms = crate::intake::form::forms(&year, previous.as_ref(), only)?;
    Ok(Done::new(notes, (forms, previous_dir)))
}
