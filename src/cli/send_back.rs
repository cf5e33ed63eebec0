//! `shiryo send-back`: for each unit (and centre) whose latest workbook was
//! rejected — and with `--warnings` for one accepted with warnings — a fresh
//! form of the same layout holding the unit's own answers, each cell to correct
//! coloured with a comment saying what is wrong and what to do, a first sheet
//! 差し戻し理由 listing them with links, and the count of send-backs in its marker.

use std::path::Path;
use std::process::ExitCode;

use shiryo::error::{Error, Result};
use shiryo::intake::form::{self, Answers, Kind, SendBack};
use shiryo::intake::ingest::{self, Examined, Finding};
use shiryo::lang::Lang;
use shiryo::messages;
use shiryo::model::Year;
use shiryo::store::guard::{self, Expect};
use shiryo::store::ledger::{Entry, Ledger, State};
use shiryo::store::lock::Access;
use shiryo::outputs::mail;
use shiryo::store::{self, files};

use super::Ctx;
use super::args::SendBackArgs;

pub fn run(a: &SendBackArgs, ctx: &Ctx) -> Result<ExitCode> {
    guard::output(&a.output, Expect::Dir, &[&a.year])?;
    let _open = ctx.open(&a.year, Access::Read)?;
    let year = store::load(&a.year)?;
    let ledger = Ledger::load(&a.year)?;
    files::create_dir_all(&a.output).map_err(|e| Error::io(&a.output, e))?;
    let mut written = 0;
    for e in to_send_back(&ledger, a) {
        let (file, n) = send_back(&a.year, &year, &ledger, e, &a.output, ctx.lang)?;
        println!("{}", messages::sent_back(&e.name, &file, n, ctx.lang));
        written += 1;
    }
    if written == 0 {
        println!("{}", messages::sent_back_none(ctx.lang));
    }
    Ok(ExitCode::SUCCESS)
}

/// The latest version of each unit and centre that is to go back.
fn to_send_back<'a>(ledger: &'a Ledger, a: &SendBackArgs) -> Vec<&'a Entry> {
    let mut targets: Vec<(&str, &str)> = ledger.workbooks.iter().map(|e| (e.kind.as_str(), e.name.as_str())).collect();
    targets.sort();
    targets.dedup();
    targets
        .into_iter()
        .filter(|(_, name)| a.unit.as_deref().is_none_or(|u| u == *name))
        .filter_map(|(kind, name)| ledger.latest(Kind::from_key(kind)?, name))
        .filter(|e| e.state == State::Rejected || (a.warnings && e.state == State::Applied && e.warnings > 0))
        .filter(|e| !e.stored.is_empty())
        .collect()
}

/// Writes one unit's send-back workbook and the mail draft to send it with (to the
/// workbook's sender where it came by mail); returns the workbook's file name and
/// how many findings it marks or lists.
pub fn send_back(year_dir: &Path, year: &Year, ledger: &Ledger, e: &Entry, out: &Path, lang: Lang) -> Result<(String, usize)> {
    let path = year_dir.join(&e.stored);
    let bytes = std::fs::read(&path).map_err(|err| Error::io(&path, err))?;
    let sent = ingest::examine_in_year(&e.original, &bytes, year);
    let kind = Kind::from_key(&e.kind).unwrap_or_default();
    // Its own answers where the workbook could be read; else the last accepted ones.
    let unit = sent.unit.clone().or_else(|| year.unit(&e.name).cloned());
    let centre = sent.centre.clone().or_else(|| year.centres.iter().find(|c| c.name == e.name).cloned());
    let answers = match (kind, &centre) {
        (Kind::Centre, Some(c)) => Answers::Centre(c),
        _ => Answers::Unit(unit.as_ref()),
    };
    let mut meta = match (kind, &centre) {
        (Kind::Centre, Some(c)) => form::centre_meta(year, c),
        _ => form::unit_meta(year, &e.name, unit.as_ref()),
    };
    let times = ledger.workbooks.iter().filter(|w| w.kind == e.kind && w.name == e.name && w.state == State::Rejected).count();
    meta.sent_back = u32::try_from(times.max(1)).unwrap_or(u32::MAX);
    // Where the problems sit in the fresh form: found by judging that form itself.
    let fresh = form::workbook(&meta, &year.survey, &answers)?;
    let again = ingest::examine_in_year(&e.original, &fresh, year);
    let sb = marks(&sent, &again, lang);
    let bytes = form::workbook_with(&meta, &year.survey, &answers, Some(&sb))?;
    let file = format!("差し戻し_{}", if kind == Kind::Centre { form::centre_file(&e.name) } else { form::unit_file(&e.name) });
    store::write_atomic(&out.join(&file), &bytes)?;
    let target = mail::Target { kind, name: e.name.clone() };
    let reasons = sb.reasons.iter().map(|(at, text)| reason_line(at.as_ref(), text)).collect();
    let attachment = mail::Attachment { name: file.clone(), bytes };
    let templates = mail::templates(None)?;
    let draft = mail::answer(
        year,
        &templates,
        ("send_back.subject.j2", "send_back.body.j2"),
        &target,
        &e.sender,
        &e.original,
        reasons,
        vec![attachment],
        shiryo::clock::now(),
    )?;
    let eml = format!("{}.eml", file.trim_end_matches(".xlsx"));
    store::write_atomic(&out.join(eml), &mail::eml(&draft))?;
    Ok((file, sb.reasons.len()))
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
fn marks(sent: &Examined, again: &Examined, lang: Lang) -> SendBack {
    let mut sb = SendBack::default();
    let at = |f: &Finding| form::parse_a1(&f.cell).map(|(r, c)| (f.sheet.clone(), r, c));
    for f in again.findings.iter().filter(|f| !matches!(f.kind, ingest::FindingKind::NoMarker)) {
        let text = messages::finding_text(&f.kind, lang);
        if let Some((sheet, r, c)) = at(f) {
            sb.marks.push((sheet.clone(), r, c, text.clone()));
            sb.reasons.push((Some((sheet, r, c)), text));
        } else {
            sb.reasons.push((None, text));
        }
    }
    for f in sent.findings.iter().filter(|f| f.severity == shiryo::Severity::Error) {
        let text = messages::finding_text(&f.kind, lang);
        if !sb.reasons.iter().any(|(_, t)| *t == text) {
            let place = if f.sheet.is_empty() { String::new() } else { format!("{} {}: ", f.sheet, f.cell) };
            sb.reasons.push((None, format!("{place}{text}")));
        }
    }
    sb
}
