//! `shiryo send-back`: for each unit (and centre) whose latest workbook was
//! rejected — and with `--warnings` for one accepted with warnings — its
//! send-back workbook (the cells to correct marked) and the mail draft.

use std::process::ExitCode;

use shiryo::error::{Error, Result};
use shiryo::messages;
use shiryo::season::send_back::{self, Which};
use shiryo::store::guard::{self, Expect};
use shiryo::store::{self, files};

use super::Ctx;
use super::args::SendBackArgs;

pub fn run(a: &SendBackArgs, ctx: &Ctx) -> Result<ExitCode> {
    guard::output(&a.output, Expect::Dir, &[&a.year])?;
    let which = Which { only: a.unit.as_deref(), warnings: a.warnings };
    let sent = ctx.done(send_back::send_back(&ctx.season, &a.year, which, &ctx.voice())?);
    files::create_dir_all(&a.output).map_err(|e| Error::io(&a.output, e))?;
    for s in &sent {
        for (name, bytes) in [&s.workbook, &s.mail] {
            store::write_atomic(&a.output.join(name), bytes)?;
        }
        say!("{}", messages::sent_back(&s.name, &s.workbook.0, s.reasons, ctx.lang));
    }
    if sent.is_empty() {
        say!("{}", messages::sent_back_none(ctx.lang));
    }
    Ok(ExitCode::SUCCESS)
}
