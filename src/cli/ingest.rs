//! `shiryo ingest`: the folder of returned workbooks into the year's TOML.
//! Exit code 1 when a workbook was rejected or waits for `--prefer`.

use std::io::Write;
use std::process::ExitCode;

use shiryo::error::Result;
use shiryo::intake::ingest::{self, Options};
use shiryo::messages::{self, IntakeUi};
use shiryo::store::lock::Access;

use super::Ctx;
use super::args::IngestArgs;

pub fn run(a: &IngestArgs, ctx: &Ctx) -> Result<ExitCode> {
    let lang = ctx.lang;
    let _open = ctx.open(&a.year, Access::Write)?;
    // Output to a closed pipe (| head) is not an error of the command.
    let mut out = std::io::stdout().lock();
    let options = Options { prefer: a.prefer.clone(), report: a.report.clone(), zip_passwords: a.zip_password.clone() };
    let done = ingest::ingest(&a.folder, &a.year, &options)?;
    super::report::write(&done, lang)?;
    for w in &done.workbooks {
        let target = w.target.as_ref().map(|(_, n)| format!(" → {n}")).unwrap_or_default();
        let _ = writeln!(out, "{}{target}: {}", w.file, messages::intake_status(w.status, lang));
        for f in &w.findings {
            let _ = writeln!(out, "  {}", messages::intake(f, lang));
        }
    }
    if done.changed.is_empty() {
        let _ = writeln!(out, "{}", messages::intake_ui(IntakeUi::Unchanged, lang));
    } else {
        let _ = writeln!(out, "{}: {}", messages::intake_ui(IntakeUi::Changed, lang), done.changed.join(", "));
    }
    eprintln!("{}: {}", messages::intake_ui(IntakeUi::ReportWritten, lang), done.report.display());
    Ok(if done.needs_attention() { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
