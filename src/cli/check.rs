//! `shiryo check`: validation only; exit code 1 when any error is found.

use std::process::ExitCode;

use shiryo::error::Result;
use shiryo::messages::{self, Front, Ui};
use shiryo::model::validate::has_errors;
use shiryo::season::packet;

use super::Ctx;
use super::args::CheckArgs;

pub fn run(a: &CheckArgs, ctx: &Ctx) -> Result<ExitCode> {
    let problems = ctx.done(packet::check(&ctx.season, &a.year)?);
    for p in &problems {
        say!("{}", messages::problem(p, Front::Terminal, ctx.lang));
    }
    if problems.is_empty() {
        say!("{}", messages::ui(Ui::CheckOk, ctx.lang));
    }
    Ok(if has_errors(&problems) { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
