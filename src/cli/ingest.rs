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
    if let Some(d) = &a.drafts {
        shiryo::store::guard::output(d, shiryo::store::guard::Expect::Dir, &[&a.year])?;
    }
    let _open = ctx.open(&a.year, Access::Write)?;
    // Output to a closed pipe (| head) is not an error of the command.
    let mut out = std::io::stdout().lock();
    let options = Options { prefer: a.prefer.clone(), report: a.report.clone(), zip_passwords: a.zip_password.clone() };
    let done = ingest::ingest(&a.folder, &a.year, &options)?;
    super::report::write(&done, lang)?;
    if let Some(dir) = &a.drafts {
        let n = drafts(&a.year, &done, dir, lang)?;
        eprintln!("{}: {n} → {}", messages::draft_ui(messages::DraftUi::Drafts, lang), dir.display());
    }
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

/// `--drafts`: a receipt (受領のお知らせ) to the sender of each workbook accepted,
/// its warnings listed; for each rejected one, its send-back workbook and draft.
fn drafts(year_dir: &std::path::Path, done: &ingest::Ingested, dir: &std::path::Path, lang: shiryo::lang::Lang) -> Result<usize> {
    use shiryo::intake::ingest::Status;
    use shiryo::outputs::mail;
    let year = shiryo::store::load(year_dir)?;
    let ledger = shiryo::store::ledger::Ledger::load(year_dir)?;
    shiryo::store::files::create_dir_all(dir).map_err(|e| shiryo::error::Error::io(dir, e))?;
    let templates = mail::templates(None)?;
    let mut n = 0;
    for w in &done.workbooks {
        let Some((kind, name)) = &w.target else { continue };
        let Some(e) = ledger.workbooks.iter().find(|e| e.sha256 == w.sha256 && &e.name == name) else { continue };
        match w.status {
            Status::Ok | Status::Warnings => {
                let target = mail::Target { kind: *kind, name: name.clone() };
                let notes = w.findings.iter().map(|f| messages::intake(f, lang)).collect();
                let (file, bytes) = receipt(&year, &templates, &target, &e.sender, &w.file, notes)?;
                shiryo::store::write_atomic(&dir.join(file), &bytes)?;
                n += 1;
            }
            Status::Rejected => {
                super::send_back::send_back(year_dir, &year, &ledger, e, dir, lang)?;
                n += 1;
            }
            _ => {}
        }
    }
    Ok(n)
}

/// A receipt (受領のお知らせ) draft to the sender of an accepted workbook, its
/// warnings listed: the file name and the `.eml` bytes.
pub fn receipt(
    year: &shiryo::model::Year,
    templates: &[(String, String)],
    target: &shiryo::outputs::mail::Target,
    sender: &str,
    file: &str,
    notes: Vec<String>,
) -> Result<(String, Vec<u8>)> {
    use shiryo::outputs::mail;
    let names = ("receipt.subject.j2", "receipt.body.j2");
    let draft = mail::answer(year, templates, names, target, sender, file, notes, Vec::new(), shiryo::clock::now())?;
    Ok((format!("受領_{}", target.draft_file()), mail::eml(&draft)))
}
