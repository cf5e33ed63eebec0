//! `shiryo check`: validation only; exit code 1 when any error is found.

use std::process::ExitCode;

use shiryo::error::Result;
use shiryo::messages::{self, Ui};
use shiryo::model::validate::has_errors;
use shiryo::outputs::pipeline;

use shiryo::store::lock::Access;

use super::Ctx;
use super::args::CheckArgs;

pub fn run(a: &CheckArgs, ctx: &Ctx) -> Result<ExitCode> {
    let lang = ctx.lang;
    let _open = ctx.open(&a.year, Access::Read)?;
    let problems = pipeline::check(&a.year)?;
    for p in &problems {
        println!("{}", messages::problem(p, lang));
    }
    if problems.is_empty() {
        println!("{}", messages::ui(Ui::CheckOk, lang));
    }
    Ok(if has_errors(&problems) { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
