//! `shiryo form`: one submission workbook per unit and per centre.

use std::io::Write;
use std::process::ExitCode;

use shiryo::error::{Error, Result};
use shiryo::messages::{self, IntakeUi};
use shiryo::season::drafts;
use shiryo::store::guard::{self, Expect};

use super::Ctx;
use super::args::FormArgs;

pub fn run(a: &FormArgs, ctx: &Ctx) -> Result<ExitCode> {
    let years: Vec<&std::path::Path> = std::iter::once(a.year.as_path()).chain(a.previous.as_deref()).collect();
    guard::output(&a.output, Expect::Dir, &years)?;
    let from = drafts::Sources { previous: a.previous.as_deref(), blank: a.blank, templates: None };
    let (forms, previous) = ctx.done(drafts::forms(&ctx.season, &a.year, from, a.unit.as_deref())?);
    shiryo::store::files::create_dir_all(&a.output).map_err(|e| Error::io(&a.output, e))?;
    // Output to a closed pipe (| head) is not an error of the command.
    let mut out = std::io::stdout().lock();
    for (name, bytes) in &forms {
        let path = a.output.join(name);
        shiryo::store::write_atomic(&path, bytes)?;
        let _ = say_to!(out, "{}", path.display());
    }
    say_err!("{}: {}", messages::intake_ui(IntakeUi::FormsWritten, ctx.lang), forms.len());
    say_err!("{}", messages::prefilled_from(previous.as_deref(), ctx.lang));
    Ok(ExitCode::SUCCESS)
}
