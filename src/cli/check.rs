//! `shiryo check`: validation only; exit code 1 when any error is found.

use std::process::ExitCode;

use shiryo::error::Result;
use shiryo::messages::{self, Lang, Ui};
use shiryo::model::validate::has_errors;
use shiryo::pipeline;

use super::args::CheckArgs;

pub fn run(a: &CheckArgs, lang: Lang) -> Result<ExitCode> {
    let problems = pipeline::check(&a.year)?;
    for p in &problems {
        println!("{}", messages::problem(p, lang));
    }
    if problems.is_empty() {
        println!("{}", messages::ui(Ui::CheckOk, lang));
    }
    Ok(if has_errors(&problems) { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
