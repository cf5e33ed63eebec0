//! `shiryo archive`, `verify` and `diff`: the fiscal-year archive and what changed.

use std::process::ExitCode;

use shiryo::outputs::archive;
use shiryo::error::Result;
use shiryo::messages::{self, Lang};

use shiryo::store::guard::{self, Expect};
use shiryo::store::lock::Access;

use super::Ctx;
use super::args::{ArchiveArgs, DiffArgs, VerifyArgs};

pub fn run(a: &ArchiveArgs, ctx: &Ctx) -> Result<ExitCode> {
    let lang = ctx.lang;
    guard::output(&a.output, Expect::Dir, &[&a.year])?;
    let _year = ctx.open(&a.year, Access::Read)?;
    shiryo::store::files::create_dir_all(&a.output).map_err(|e| shiryo::Error::io(&a.output, e))?;
    let _root = ctx.open_root(&a.output)?;
    for removed in archive::clean(&a.output)? {
        eprintln!("{}", messages::note(&shiryo::store::Note::RemovedTemp(removed), lang));
    }
    // The archived page is Japanese, whatever the terminal speaks: a record, compared version to version.
    let done = archive::archive(&a.year, &a.output, a.templates.as_deref(), &messages::page_words(messages::Lang::Ja))?;
    println!("{}", messages::archived(&done, lang));
    Ok(ExitCode::SUCCESS)
}

/// Verifies a version, or the latest version of each survey of a fiscal year
/// ([`archive::to_verify`]): fails when any fails.
pub fn verify(a: &VerifyArgs, lang: Lang) -> Result<ExitCode> {
    let mut ok = true;
    for dir in archive::to_verify(&a.dir) {
        let v = archive::verify(&dir)?;
        for line in messages::verified(&v, lang) {
            println!("{line}");
        }
        ok &= v.ok();
    }
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

pub fn diff(a: &DiffArgs, ctx: &Ctx) -> Result<ExitCode> {
    let lang = ctx.lang;
    let _old = ctx.open(&a.old, Access::Read)?;
    let _new = ctx.open(&a.new, Access::Read)?;
    let old = shiryo::store::load(&a.old)?;
    let new = shiryo::store::load(&a.new)?;
    let changes = shiryo::model::diff::diff(&old, &new);
    print!("{}", shiryo::messages::changes(&changes, lang));
    Ok(ExitCode::SUCCESS)
}
