//! `shiryo remind`: a reminder draft (再依頼) per unit and centre without an
//! accepted answer, saying whether the deadline has passed (期限超過).

use std::io::Write;
use std::process::ExitCode;

use shiryo::error::{Error, Result};
use shiryo::intake::ingest::received::{self, Check};
use shiryo::messages::{self, DraftUi as D};
use shiryo::model::{Kind, Year};
use shiryo::outputs::mail;
use shiryo::store::guard::{self, Expect};
use shiryo::store::lock::Access;
use shiryo::store;

use super::Ctx;
use super::args::DraftArgs;

pub fn run(a: &DraftArgs, ctx: &Ctx) -> Result<ExitCode> {
    let years: Vec<&std::path::Path> = std::iter::once(a.year.as_path()).chain(a.previous.as_deref()).collect();
    guard::output(&a.output, Expect::Dir, &years)?;
    let _open = ctx.open(&a.year, Access::Read)?;
    let _prev = a.previous.as_deref().map(|y| ctx.open(y, Access::Read)).transpose()?;
    let (year, previous, templates) = prepare(a, ctx)?;
    let (all, waiting) = waiting(&a.year, &year, previous.as_ref())?;
    let job = job(a, &templates, None);
    let mut written = mail::write(&year, &job, mail::Purpose::Remind, &waiting)?;
    written.answered = all.len() - waiting.len();
    say(&written, waiting.len(), ctx);
    let when = if written.overdue { D::Overdue } else { D::BeforeDeadline };
    println!("{}", messages::draft_ui(when, ctx.lang));
    Ok(ExitCode::SUCCESS)
}

/// Every unit and centre to write to, and those still waiting: no accepted answer in
/// the year (no unit file; a centre file without 広域 lines is its definition only),
/// whether nothing came (未提出, 期限超過) or only a rejected version (差し戻し中).
/// Workbooks waiting for the clerk (重複, 保留) are answers: the clerk decides, not the office.
pub fn waiting(year_dir: &std::path::Path, year: &Year, previous: Option<&Year>) -> Result<(Vec<mail::Target>, Vec<mail::Target>)> {
    let with_clerk: Vec<(Kind, String)> = received::status(year_dir)?
        .into_iter()
        .filter(|r| matches!(r.check, Check::Duplicated | Check::Held))
        .map(|r| (r.kind, r.name))
        .collect();
    let answered = |t: &mail::Target| match t.kind {
        Kind::Centre => year.centres.iter().any(|c| c.name == t.name && !c.items.is_empty()),
        _ => year.unit(&t.name).is_some(),
    };
    let all = mail::targets(year, previous);
    let waiting = all.iter().filter(|t| !answered(t) && !with_clerk.contains(&(t.kind, t.name.clone()))).cloned().collect();
    Ok((all, waiting))
}

/// The mail templates: (file name, source).
pub type Templates = Vec<(String, String)>;

/// The drafts' job of `request` (with its cover letter) and `remind` (none), at the clock's now.
pub fn job<'a>(a: &'a DraftArgs, templates: &'a Templates, letter: Option<mail::Attachment>) -> mail::Job<'a> {
    mail::Job {
        year_dir: &a.year,
        previous: a.previous.as_deref(),
        out: &a.output,
        templates,
        now: shiryo::clock::now(),
        letter,
    }
}

/// The year (valid: errors stop; warnings of `packet.toml` and `contacts.toml` said),
/// the previous year, and the mail templates.
pub fn prepare(a: &DraftArgs, ctx: &Ctx) -> Result<(Year, Option<Year>, Templates)> {
    let templates = mail::templates(a.templates.as_deref())?;
    let year = store::load(&a.year)?;
    let problems = shiryo::model::validate::validate(&year);
    if shiryo::model::validate::has_errors(&problems) {
        return Err(Error::Invalid(problems));
    }
    for p in problems.iter().filter(|p| p.file == store::CONTACTS || p.file == store::PACKET) {
        eprintln!("{}", messages::problem(p, ctx.lang));
    }
    let previous = a.previous.as_deref().map(store::load).transpose()?;
    Ok((year, previous, templates))
}

/// The files written, then the drafts without a recipient, last, where the clerk sees them.
pub fn say(w: &mail::Written, drafts: usize, ctx: &Ctx) {
    let lang = ctx.lang;
    // Output to a closed pipe (| head) is not an error of the command.
    let mut out = std::io::stdout().lock();
    for p in &w.files {
        let _ = writeln!(out, "{}", p.display());
    }
    if drafts == 0 {
        let _ = writeln!(out, "{}", messages::draft_ui(D::NoneWaiting, lang));
    }
    let _ = writeln!(out, "{}: {drafts}", messages::draft_ui(D::Drafts, lang));
    if w.answered > 0 {
        let _ = writeln!(out, "{}: {}", messages::draft_ui(D::Answered, lang), w.answered);
    }
    if !w.no_address.is_empty() {
        let _ = writeln!(out, "{}: {}", messages::draft_ui(D::NoAddress, lang), w.no_address.len());
        for n in &w.no_address {
            let _ = writeln!(out, "  {n}");
        }
        let _ = writeln!(out, "{}", messages::draft_ui(D::NoAddressHint, lang));
    }
}
