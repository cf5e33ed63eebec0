//! `shiryo new-year`: the next fiscal year's folder, from last year's.

use std::process::ExitCode;

use shiryo::error::Result;
use shiryo::messages;
use shiryo::store::guard::{self, Expect};
use shiryo::store::lock::Access;
use shiryo::store::new_year;

use super::Ctx;
use super::args::NewYearArgs;

pub fn run(a: &NewYearArgs, ctx: &Ctx) -> Result<ExitCode> {
    // Both refusals come before the last year is opened (opening may settle it).
    guard::output(&a.output, Expect::Dir, &[&a.last])?;
    new_year::refuse_existing(&a.output)?;
    let _last = ctx.open(&a.last, Access::Read)?;
    let made = new_year::new_year(&a.last, &a.output, &a.date, &a.deadline)?;
    for line in messages::new_year(&made, ctx.lang) {
        println!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}
