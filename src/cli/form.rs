//! `shiryo form`: one submission workbook per unit and per centre.

use std::io::Write;
use std::process::ExitCode;

use shiryo::error::Result;
use shiryo::messages::{self, IntakeUi};
use shiryo::store::guard::{self, Expect};
use shiryo::store::lock::Access;

use super::Ctx;
use super::args::FormArgs;

pub fn run(a: &FormArgs, ctx: &Ctx) -> Result<ExitCode> {
    let lang = ctx.lang;
    let years: Vec<&std::path::Path> = std::iter::once(a.year.as_path()).chain(a.previous.as_deref()).collect();
    guard::output(&a.output, Expect::Dir, &years)?;
    let _open = ctx.open(&a.year, Access::Read)?;
    // Output to a closed pipe (| head) is not an error of the command.
    let mut out = std::io::stdout().lock();
    let written = shiryo::intake::form::write_forms(&a.year, a.unit.as_deref(), a.previous.as_deref(), &a.output)?;
    for p in &written {
        let _ = writeln!(out, "{}", p.display());
    }
    eprintln!("{}: {}", messages::intake_ui(IntakeUi::FormsWritten, lang), written.len());
    Ok(ExitCode::SUCCESS)
}
