//! `shiryo archive`, `verify` and `diff`: the fiscal-year archive and what changed.

use std::process::ExitCode;

use shiryo::archive;
use shiryo::error::Result;
use shiryo::messages::{self, Lang};

use super::args::{ArchiveArgs, DiffArgs, VerifyArgs};

pub fn run(a: &ArchiveArgs, lang: Lang) -> Result<ExitCode> {
    let done = archive::archive(&a.year, &a.output, a.templates.as_deref())?;
    println!("{}", messages::archived(&done, lang));
    Ok(ExitCode::SUCCESS)
}

pub fn verify(a: &VerifyArgs, lang: Lang) -> Result<ExitCode> {
    let v = archive::verify(&a.dir)?;
    for line in messages::verified(&v, lang) {
        println!("{line}");
    }
    Ok(if v.ok() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

pub fn diff(a: &DiffArgs, lang: Lang) -> Result<ExitCode> {
    let old = shiryo::store::load(&a.old)?;
    let new = shiryo::store::load(&a.new)?;
    let changes = shiryo::diff::diff(&old, &new);
    print!("{}", shiryo::diff::text(&changes, lang));
    Ok(ExitCode::SUCCESS)
}
