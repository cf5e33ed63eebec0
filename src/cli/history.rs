//! `shiryo history <year> [unit]`: a unit's versions — every workbook received
//! for it, in the order of their receipt moments — and what changed between
//! one readable version and the next, item by item; why a rejected version was
//! refused, as its ledger line keeps it; `--restore N` applies version N again.

use std::process::ExitCode;

use shiryo::error::Result;
use shiryo::messages::{self, Front};
use shiryo::season::{history, intake};
use shiryo::store::ledger::State;

use super::Ctx;
use super::args::HistoryArgs;

pub fn run(a: &HistoryArgs, ctx: &Ctx) -> Result<ExitCode> {
    let Some(unit) = &a.unit else {
        for (name, n) in ctx.done(history::several(&ctx.season, &a.year)?) {
            say!("{name}  {n}");
        }
        return Ok(ExitCode::SUCCESS);
    };
    if let Some(n) = a.restore {
        let done = ctx.done(intake::restore(&ctx.season, &a.year, unit, n, &ctx.voice())?);
        super::ingest::say(&done, ctx.lang);
        return Ok(if done.needs_attention() { ExitCode::FAILURE } else { ExitCode::SUCCESS });
    }
    for v in ctx.done(history::history(&ctx.season, &a.year, unit)?) {
        let e = &v.entry;
        say!("{}", messages::version_line(v.n, &v.moment, e.state, &e.original, &e.sender, ctx.lang));
        // A version sent back: why, as found when it was received.
        if e.state == State::Rejected {
            for f in history::errors(&v.findings) {
                say!("    {}", messages::intake(f, Front::Terminal, ctx.lang));
            }
        }
        say_raw!("{}", messages::field_changes(&v.changes, "    ", ctx.lang));
    }
    Ok(ExitCode::SUCCESS)
}
