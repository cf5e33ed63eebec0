//! `shiryo request`: the request's cover letter (PDF) and one mail draft per
//! unit and centre with its pre-filled form and the letter attached.

use std::process::ExitCode;

use shiryo::error::Result;
use shiryo::outputs::{letter, mail};
use shiryo::store::guard::{self, Expect};
use shiryo::store::lock::Access;

use super::Ctx;
use super::args::DraftArgs;

pub fn run(a: &DraftArgs, ctx: &Ctx) -> Result<ExitCode> {
    let years: Vec<&std::path::Path> = std::iter::once(a.year.as_path()).chain(a.previous.as_deref()).collect();
    guard::output(&a.output, Expect::Dir, &years)?;
    let _open = ctx.open(&a.year, Access::Read)?;
    let _prev = a.previous.as_deref().map(|y| ctx.open(y, Access::Read)).transpose()?;
    let (year, previous, templates) = super::remind::prepare(a, ctx)?;
    let pdf = letter::pdf(&year, &letter::template(a.templates.as_deref())?)?;
    let job = super::remind::job(a, &templates, Some(mail::Attachment { name: letter::file_name(&year), bytes: pdf }));
    let targets = mail::targets(&year, previous.as_ref());
    let written = mail::write(&year, &job, mail::Purpose::Request, &targets)?;
    super::remind::say(&written, targets.len(), ctx);
    Ok(ExitCode::SUCCESS)
}
