//! `shiryo remind`: a reminder draft (再依頼) per unit and centre without an
//! accepted answer, saying whether the deadline has passed (期限超過).
//! `shiryo request` shares its writing and its words.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use shiryo::error::{Error, Result};
use shiryo::messages::{self, DraftUi as D, Front};
use shiryo::outputs::mail::Purpose;
use shiryo::season::drafts::{self, Made, Sources};
use shiryo::store::guard::{self, Expect};

use super::Ctx;
use super::args::DraftArgs;

pub fn run(a: &DraftArgs, ctx: &Ctx) -> Result<ExitCode> {
    refuse_bad_output(a)?;
    let made = ctx.done(drafts::remind(&ctx.season, &a.year, sources(a), &ctx.voice())?);
    write(ctx, &made, &a.output)?;
    Ok(ExitCode::SUCCESS)
}

/// The output folder must not be inside a year the step reads.
pub fn refuse_bad_output(a: &DraftArgs) -> Result<()> {
    let years: Vec<&Path> = std::iter::once(a.year.as_path()).chain(a.previous.as_deref()).collect();
    guard::output(&a.output, Expect::Dir, &years)
}

pub fn sources(a: &DraftArgs) -> Sources<'_> {
    Sources { previous: a.previous.as_deref(), blank: a.blank, templates: a.templates.as_deref() }
}

/// The warnings, then the files written, then the drafts without a recipient, last, where the clerk sees them.
pub fn write(ctx: &Ctx, made: &Made, dir: &Path) -> Result<()> {
    let lang = ctx.lang;
    for p in &made.warnings {
        say_err!("{}", messages::problem(p, Front::Terminal, lang));
    }
    shiryo::store::files::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    // Output to a closed pipe (| head) is not an error of the command.
    let mut out = std::io::stdout().lock();
    for (name, bytes) in &made.drafts.files {
        let path = dir.join(name);
        shiryo::store::write_atomic(&path, bytes)?;
        let _ = say_to!(out, "{}", path.display());
    }
    let w = &made.drafts;
    let _ = say_to!(out, "{}", messages::prefilled_from(made.previous.as_deref(), lang));
    if made.to == 0 {
        let _ = say_to!(out, "{}", messages::draft_ui(D::NoneWaiting, lang));
    }
    let _ = say_to!(out, "{}: {}", messages::draft_ui(D::Drafts, lang), made.to);
    if w.answered > 0 {
        let _ = say_to!(out, "{}: {}", messages::draft_ui(D::Answered, lang), w.answered);
    }
    if !made.sent_back.is_empty() {
        let _ = say_to!(out, "{}: {}", messages::draft_ui(D::SentBackReminded, lang), made.sent_back.join(", "));
    }
    if !w.no_address.is_empty() {
        let _ = say_to!(out, "{}: {}", messages::draft_ui(D::NoAddress, lang), w.no_address.len());
        for n in &w.no_address {
            let _ = say_to!(out, "  {n}");
        }
        let _ = say_to!(out, "{}", messages::draft_ui(D::NoAddressHint, lang));
    }
    if made.purpose == Purpose::Remind {
        let when = if w.overdue { D::Overdue } else { D::BeforeDeadline };
        let _ = say_to!(out, "{}", messages::draft_ui(when, lang));
    }
    Ok(())
}
