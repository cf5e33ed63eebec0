//! `shiryo archive`, `verify` and `diff`: the fiscal-year archive and what changed.

use std::process::ExitCode;

use shiryo::error::Result;
use shiryo::messages::{self, Lang};
use shiryo::season::packet;

use super::Ctx;
use super::args::{ArchiveArgs, DiffArgs, VerifyArgs};

pub fn run(a: &ArchiveArgs, ctx: &Ctx) -> Result<ExitCode> {
    // The archived page is Japanese, whatever the terminal speaks: a record, compared version to version.
    let words = messages::page_words(Lang::Ja);
    let done = ctx.done(packet::archive(&ctx.season, &a.year, &a.output, a.templates.as_deref(), &words)?);
    for removed in done.removed {
        say_err!("{}", messages::note(&shiryo::store::Note::RemovedTemp(removed), ctx.lang));
    }
    say!("{}", messages::archived(&done.archived, ctx.lang));
    Ok(ExitCode::SUCCESS)
}

/// Verifies a version, or the latest version of each survey of a fiscal year: fails when any fails.
pub fn verify(a: &VerifyArgs, lang: Lang) -> Result<ExitCode> {
    let mut ok = true;
    for v in packet::verify(&a.dir)? {
        for line in messages::verified(&v, lang) {
            say!("{line}");
        }
        ok &= v.ok();
    }
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

pub fn diff(a: &DiffArgs, ctx: &Ctx) -> Result<ExitCode> {
    let changes = ctx.done(packet::compare(&ctx.season, &a.old, &a.new)?);
    say_raw!("{}", messages::changes(&changes, ctx.lang));
    Ok(ExitCode::SUCCESS)
}
