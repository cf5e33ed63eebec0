//! `shiryo new-year`: the next fiscal year's folder, from last year's.

use std::process::ExitCode;

use shiryo::error::Result;
use shiryo::messages::{self, Front};
use shiryo::season::packet::{self, NewYearAsked};

use super::Ctx;
use super::args::NewYearArgs;

pub fn run(a: &NewYearArgs, ctx: &Ctx) -> Result<ExitCode> {
    let asked = NewYearAsked { last: &a.last, out: &a.output, date: &a.date, deadline: &a.deadline };
    let made = ctx.done(packet::new_year(&ctx.season, &asked)?);
    for line in messages::new_year(&made, Front::Terminal, ctx.lang) {
        println!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}
