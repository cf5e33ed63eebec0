//! `shiryo new-year`: the next fiscal year's folder, from last year's.

use std::process::ExitCode;

use shiryo::error::Result;
use shiryo::messages::{self, Front};
use shiryo::season::packet::{self, NewYearAsked};

use super::Ctx;
use super::args::NewYearArgs;

pub fn run(a: &NewYearArgs, ctx: &Ctx) -> Result<ExitCode> {
    let fields = shiryo::store::new_year::Asked {
        date: a.date.clone(),
        deadline: a.deadline.clone(),
        meeting: a.meeting.clone(),
        number: a.number.clone(),
        request_date: a.request_date.clone(),
        addressee: a.addressee.clone(),
        sender: a.sender.clone(),
        mail: a.from_mail.clone(),
    };
    let asked = NewYearAsked { last: &a.last, out: &a.output, asked: &fields };
    let made = ctx.done(packet::new_year(&ctx.season, &asked)?);
    for line in messages::new_year(&made, Front::Terminal, ctx.lang) {
        say!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}
