//! `shiryo ingest`: the folder of returned workbooks into the year's TOML.
//! Exit code 1 when a workbook was rejected or waits for `--prefer`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use shiryo::error::{Error, Result};
use shiryo::intake::ingest::{Ingested, Input, Status};
use shiryo::messages::{self, DraftUi, Front, IntakeUi, Lang};
use shiryo::season::{drafts, intake, send_back};
use shiryo::store::guard::{self, Expect};

use super::Ctx;
use super::args::IngestArgs;

pub fn run(a: &IngestArgs, ctx: &Ctx) -> Result<ExitCode> {
    if let Some(d) = &a.drafts {
        guard::output(d, Expect::Dir, &[&a.year])?;
    }
    let asked = intake::Asked { prefer: a.prefer.clone(), report: a.report.clone(), zip_passwords: a.zip_password.clone() };
    let done = ctx.done(intake::ingest(&ctx.season, &a.year, Input::Folder(a.folder.clone()), &asked, &ctx.voice())?);
    if let Some(dir) = &a.drafts {
        let n = write_drafts(ctx, &a.year, &done, dir)?;
        say_err!("{}: {n} → {}", messages::draft_ui(DraftUi::Drafts, ctx.lang), dir.display());
    }
    say(&done, ctx.lang);
    Ok(if done.needs_attention() { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// Each file and what became of it, its findings; the files changed; where the report is.
pub fn say(done: &Ingested, lang: Lang) {
    // Output to a closed pipe (| head) is not an error of the command.
    let mut out = std::io::stdout().lock();
    for w in &done.workbooks {
        let target = w.target.as_ref().map(|(_, n)| format!(" → {n}")).unwrap_or_default();
        let _ = say_to!(out, "{}{target}: {}", w.file, messages::intake_status(w.status, lang));
        for f in &w.findings {
            let _ = say_to!(out, "  {}", messages::intake(f, Front::Terminal, lang));
        }
    }
    if done.changed.is_empty() {
        let _ = say_to!(out, "{}", messages::intake_ui(IntakeUi::Unchanged, lang));
    } else {
        let _ = say_to!(out, "{}: {}", messages::intake_ui(IntakeUi::Changed, lang), done.changed.join(", "));
    }
    say_err!("{}: {}", messages::intake_ui(IntakeUi::ReportWritten, lang), done.report.display());
}

/// `--drafts`: a receipt (受領のお知らせ) to the sender of each workbook accepted,
/// its warnings listed; for each rejected one, its send-back workbook and draft.
fn write_drafts(ctx: &Ctx, year_dir: &Path, done: &Ingested, dir: &Path) -> Result<usize> {
    let receipts = ctx.done(drafts::receipts(&ctx.season, year_dir, &ctx.voice())?);
    let sent_back = ctx.done(send_back::send_back(&ctx.season, year_dir, send_back::Which::default(), &ctx.voice())?);
    shiryo::store::files::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut n = 0;
    for w in &done.workbooks {
        let Some((kind, name)) = &w.target else { continue };
        let files: Vec<&(String, Vec<u8>)> = match w.status {
            Status::Ok | Status::Warnings => {
                let file = format!("受領_{}", shiryo::outputs::mail::Target { kind: *kind, name: name.clone() }.draft_file());
                receipts.iter().filter(|(f, _)| *f == file).collect()
            }
            Status::Rejected => sent_back.iter().filter(|s| &s.name == name).flat_map(|s| [&s.workbook, &s.mail]).collect(),
            _ => Vec::new(),
        };
        for (file, bytes) in &files {
            shiryo::store::write_atomic(&dir.join(file), bytes)?;
        }
        n += usize::from(!files.is_empty());
    }
    Ok(n)
}
