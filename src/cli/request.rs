//! `shiryo request`: the request's cover letter (PDF) and one mail draft per
//! unit and centre with its pre-filled form and the letter attached.

use std::process::ExitCode;

use shiryo::error::Result;
use shiryo::season::drafts;

use super::Ctx;
use super::args::DraftArgs;
use super::remind::{refuse_bad_output, sources, write};

pub fn run(a: &DraftArgs, ctx: &Ctx) -> Result<ExitCode> {
    refuse_bad_output(a)?;
    let made = ctx.done(drafts::request(&ctx.season, &a.year, sources(a))?);
    write(ctx, &made, &a.output)?;
    Ok(ExitCode::SUCCESS)
}
