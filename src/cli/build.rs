//! `shiryo build`: the packet PDF, with progress on stderr.

use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};
use shiryo::error::Result;
use shiryo::messages::{self, Ui};
use shiryo::model::private::Audience;
use shiryo::outputs::pipeline::{self, Options, Step};
use shiryo::store::guard::{self, Expect};
use shiryo::store::lock::Access;

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
    let _open = ctx.open(&a.year, Access::Read)?;
    let _old = a.with_changes.as_deref().map(|y| ctx.open(y, Access::Read)).transpose()?;
    let options = Options {
        templates: a.templates.clone(),
        with_changes: a.with_changes.clone(),
        draft: a.draft,
        copies: a.copies.unwrap_or(0),
        audience: if a.internal { Audience::Internal } else { Audience::Public },
    };
    if let Some(dir) = &a.emit_typst {
        pipeline::emit_typst(&a.year, dir, &options)?;
        eprintln!("{}: {}", messages::ui(Ui::Emitted, lang), dir.display());
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
    let result = pipeline::build(&a.year, out, &options, &mut progress);
    bar.finish_and_clear();
    let built = result?;
    for w in &built.warnings {
        eprintln!("{}", messages::problem(w, lang));
    }
    if built.private > 0 {
        eprintln!("{}", messages::private_lines(built.private, a.internal, lang));
    }
    eprintln!(
        "{} {}（{} {}、{} KB）",
        out.display(),
        messages::ui(Ui::Built, lang),
        built.pages,
        messages::ui(Ui::Pages, lang),
        built.bytes / 1024
    );
    Ok(ExitCode::SUCCESS)
}
