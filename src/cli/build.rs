//! `shiryo build`: the packet PDF, with progress on stderr.

use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};
use shiryo::error::Result;
use shiryo::messages::{self, Front, Ui};
use shiryo::model::private::Audience;
use shiryo::outputs::pipeline::{Options, Step};
use shiryo::season::packet::{self, Draft};
use shiryo::store::guard::{self, Expect};

use super::Ctx;
use super::args::BuildArgs;

pub fn run(a: &BuildArgs, ctx: &Ctx) -> Result<ExitCode> {
    let lang = ctx.lang;
    let years: Vec<&std::path::Path> = std::iter::once(a.year.as_path()).chain(a.with_changes.as_deref()).collect();
    if let Some(out) = &a.output {
        guard::output(out, Expect::File, &years)?;
    }
    if let Some(dir) = &a.emit_typst {
        guard::output(dir, Expect::Dir, &years)?;
    }
    let options = Options {
        templates: a.templates.clone(),
        with_changes: a.with_changes.clone(),
        draft: a.draft,
        copies: a.copies.unwrap_or(0),
        audience: if a.internal { Audience::Internal } else { Audience::Public },
    };
    if let Some(dir) = &a.emit_typst {
        ctx.done(packet::emit_typst(&ctx.season, &a.year, dir, &options)?);
        say_err!("{}: {}", messages::ui(Ui::Emitted, lang), dir.display());
        if a.output.is_none() {
            return Ok(ExitCode::SUCCESS);
        }
    }
    let Some(out) = &a.output else { return Ok(ExitCode::SUCCESS) };
    let bar = if a.quiet { ProgressBar::hidden() } else { ProgressBar::new(Step::ALL.len() as u64) };
    bar.set_style(
        ProgressStyle::with_template("{bar:20} {pos}/{len} {msg}").unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut progress = |step: Step| {
        let ui = match step {
            Step::Load => Ui::StepLoad,
            Step::Validate => Ui::StepValidate,
            Step::Typeset => Ui::StepTypeset,
            Step::Pdf => Ui::StepPdf,
            Step::Write => Ui::StepWrite,
        };
        bar.set_message(messages::ui(ui, lang));
        bar.inc(1);
    };
    let result = packet::build(&ctx.season, &a.year, &options, Draft::Asked(a.draft), &mut progress);
    let packet = match result {
        Ok(done) => ctx.done(done),
        Err(e) => {
            bar.finish_and_clear();
            return Err(e);
        }
    };
    progress(Step::Write);
    let written = shiryo::outputs::pdf::write(out, &packet.pdf);
    bar.finish_and_clear();
    written?;
    let t = &packet.typeset;
    for w in &t.problems {
        say_err!("{}", messages::problem(w, Front::Terminal, lang));
    }
    if t.private > 0 {
        say_err!("{}", messages::private_lines(t.private, a.internal, Front::Terminal, lang));
    }
    if a.quiet {
        return Ok(ExitCode::SUCCESS);
    }
    say_err!(
        "{} {}（{} {}、{} KB）",
        out.display(),
        messages::ui(Ui::Built, lang),
        t.doc.pages().len(),
        messages::ui(Ui::Pages, lang),
        packet.pdf.len() / 1024
    );
    Ok(ExitCode::SUCCESS)
}
