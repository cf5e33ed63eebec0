//! `shiryo desk`: starts the local web page (`src/desk`).

use std::process::ExitCode;

use shiryo::error::Result;
use shiryo::lang::Lang;

use super::args::DeskArgs;

pub fn run(a: &DeskArgs, lang: Lang) -> Result<ExitCode> {
    crate::desk::serve(crate::desk::Options {
        year: a.year.clone(),
        port: a.port,
        open: !a.no_open,
        archive: a.archive.clone(),
        lang,
    })?;
    Ok(ExitCode::SUCCESS)
}
