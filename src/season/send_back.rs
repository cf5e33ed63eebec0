//! Send-backs (差し戻し): for each unit (and centre) whose latest workbook was
//! rejected, and on request for one accepted with warnings, a fresh form of
//! the same layout holding the unit's own answers, each cell to correct
//! coloured with a comment saying what is wrong and what to do, a first sheet
//! 差し戻し理由 listing them with links, and the mail draft that carries it.

use std::path::Path;
use std::time::SystemTime;

use crate::error::{Error, Result, Severity};
use crate::intake::form::{self, Answers, Kind, SendBack};
use crate::intake::ingest::{self, Examined, Finding, FindingKind};
use crate::model::Year;
use crate::outputs::mail;
use crate::store::ledger::{Entry, Ledger, State};
use crate::store::lock::Access;
use crate::store;

use super::{Done, Season, Voice};

/// Which units go back.
#[derive(Debug, Clone, Copy, Default)]
pub struct Which<'a> {
    /// Only this unit or centre.
    pub only: Option<&'a str>,
    /// Also those accepted with warnings (受理（注意あり）).
    pub warnings: bool,
}

/// One unit's send-back: its workbook and the mail draft that carries it.
#[derive(Debug, Clone)]
pub struct SentBack {
    pub name: String,
    /// The workbook's file name (`差し戻し_桑名市.xlsx`) and bytes.
    pub workbook: (String, Vec<u8>),
    /// The draft's file name (`差し戻し_桑名市.eml`) and bytes.
    pub mail: (String, Vec<u8>),
    /// How many findings it marks or lists.
    pub reasons: usize,
}

/// The send-backs of the year's latest versions that are to go back.
pub fn send_back(season: &Season, year_dir: &Path, which: Which, voice: &dyn Voice) -> Result<Done<Vec<SentBack>>> {
    let mut notes = Vec::new();
    let _open = season.open(year_dir, Access::Read, &mut notes)?;
    let year = store::load(year_dir)?;
    let ledger = Ledger::load(year_dir)?;
    let mut out = Vec::new();
    for e in to_send_back(&ledger, which) {
        out.push(one(year_dir, &year, &ledger, e, voice, season.clock.now())?);
    }
    Ok(Done::new(notes, out))
}

/// The latest version of each unit and centre that is to go back.
fn to_send_back<'a>(ledger: &'a Ledger, which: Which) -> Vec<&'a Entry> {
    let mut targets: Vec<(Kind, &str)> = ledger.workbooks.iter().filter_map(|e| Some((e.kind?, e.name.as_str()))).collect();
    targets.sort();
    targets.dedup();
    targets
        .into_iter()
        .filter(|(_, name)| which.only.is_none_or(|u| u == *name))
        .filter_map(|(kind, name)| ledger.latest(kind, name))
        .filter(|e| e.state == State::Rejected || (which.warnings && e.state == State::Applied && e.warnings > 0))
        .filter(|e| !e.stored.is_empty())
        .collect()
}

/// A unit's send-back workbook, its file name and what it marks, before any mail.
pub struct Marked {
    pub kind: Kind,
    /// `差し戻し_桑名市.xlsx` and its bytes.
    pub file: String,
    pub workbook: Vec<u8>,
    /// Each reason as the mail lists it (`取組状況!C7：…`).
    pub reasons: Vec<String>,
}

/// The send-back workbook of a unit's version `e`: a fresh form of the same layout
/// holding its own answers, each cell to correct coloured and commented.
pub fn marked(year_dir: &Path, year: &Year, ledger: &Ledger, e: &Entry, voice: &dyn Voice) -> Result<Marked> {
    let path = year_dir.join(&e.stored);
    let bytes = std::fs::read(&path).map_err(|err| Error::io(&path, err))?;
    let sent = ingest::examine_in_year(&e.original, &bytes, year);
    let kind = e.kind.unwrap_or_default();
    // Its own answers where the workbook could be read; else the last accepted ones.
    let unit = sent.unit.clone().or_else(|| year.unit(&e.name).cloned());
    let centre = sent.centre.clone().or_else(|| year.centres.iter().find(|c| c.name == e.name).cloned());
    let answers = match (kind, &centre) {
        (Kind::Centre, Some(c)) => Answers::Centre(c),
        _ => Answers::Unit(unit.as_ref()),
    };
    let mut layout = match (kind, &centre) {
        (Kind::Centre, Some(c)) => form::FormLayout::centre(year, c),
        _ => form::FormLayout::unit(year, &e.name, unit.as_ref()),
    };
    let times = ledger.workbooks.iter().filter(|w| w.kind == e.kind && w.name == e.name && w.state == State::Rejected).count();
    layout.meta.sent_back = u32::try_from(times.max(1)).unwrap_or(u32::MAX);
    // Where the problems sit in the fresh form: found by judging that form itself.
    let fresh = form::workbook(&layout, &answers)?;
    let again = ingest::examine_in_year(&e.original, &fresh, year);
    let sb = marks(&sent, &again, voice);
    let workbook = form::workbook_with(&layout, &answers, Some(&sb))?;
    let file = format!("差し戻し_{}", if kind == Kind::Centre { form::centre_file(&e.name) } else { form::unit_file(&e.name) });
    let reasons = sb.reasons.iter().map(|(at, text)| reason_line(at.as_ref(), text)).collect();
    Ok(Marked { kind, file, workbook, reasons })
}

/// One unit's send-back workbook and mail draft (to the workbook's sender where it came by mail).
pub fn one(year_dir: &Path, year: &Year, ledger: &Ledger, e: &Entry, voice: &dyn Voice, now: SystemTime) -> Result<SentBack> {
    let m = marked(year_dir, year, ledger, e, voice)?;
    let draft = mail_of(year, e, &m, ("send_back.subject.j2", "send_back.body.j2"), now)?;
    let eml = format!("{}.eml", m.file.trim_end_matches(".xlsx"));
    Ok(SentBack { name: e.name.clone(), reasons: m.reasons.len(), mail: (eml, mail::eml(&draft)), workbook: (m.file, m.workbook) })
}

/// A reminder to a unit under send-back: about the send-back, its workbook attached again,
/// to the officer who answered (the registered contact in Cc): the draft's file name and bytes.
pub fn reminder(year_dir: &Path, year: &Year, ledger: &Ledger, e: &Entry, voice: &dyn Voice, now: SystemTime) -> Result<(String, Vec<u8>)> {
    let m = marked(year_dir, year, ledger, e, voice)?;
    let draft = mail_of(year, e, &m, ("remind_send_back.subject.j2", "remind_send_back.body.j2"), now)?;
    Ok((mail::Target { kind: m.kind, name: e.name.clone() }.draft_file(), mail::eml(&draft)))
}

/// The draft carrying a send-back workbook, from `templates`.
fn mail_of(year: &Year, e: &Entry, m: &Marked, templates: (&str, &str), now: SystemTime) -> Result<mail::Draft> {
    let target = mail::Target { kind: m.kind, name: e.name.clone() };
    let attachment = mail::Attachment { name: m.file.clone(), bytes: m.workbook.clone() };
    let all = mail::templates(None)?;
    mail::answer(year, &all, templates, &target, &e.sender, &e.original, m.reasons.clone(), vec![attachment], now)
}

/// A reason as the mail lists it: `取組状況!C7：…`.
fn reason_line(at: Option<&form::Place>, text: &str) -> String {
    match at {
        Some((sheet, r, c)) => format!("{sheet}!{}：{text}", form::a1(*r, *c)),
        None => text.to_string(),
    }
}

/// The cells to mark (findings of the fresh form, at their cells) and the
/// reasons: those, then what only the workbook as sent had (a merged cell, a
/// missing row: it is not in the fresh form, but it is why it came back).
fn marks(sent: &Examined, again: &Examined, voice: &dyn Voice) -> SendBack {
    let mut sb = SendBack::default();
    let at = |f: &Finding| form::parse_a1(&f.cell).map(|(r, c)| (f.sheet.clone(), r, c));
    for f in again.findings.iter().filter(|f| !matches!(f.kind, FindingKind::NoMarker)) {
        let text = voice.finding(f);
        if let Some((sheet, r, c)) = at(f) {
            sb.marks.push((sheet.clone(), r, c, text.clone()));
            sb.reasons.push((Some((sheet, r, c)), text));
        } else {
            sb.reasons.push((None, text));
        }
    }
    for f in sent.findings.iter().filter(|f| f.severity == Severity::Error) {
        let text = voice.finding(f);
        if !sb.reasons.iter().any(|(_, t)| *t == text) {
            let place = if f.sheet.is_empty() { String::new() } else { format!("{} {}: ", f.sheet, f.cell) };
            sb.reasons.push((None, format!("{place}{text}")));
        }
    }
    sb
}
