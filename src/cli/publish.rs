//! `shiryo publish`: the year as open data (CSV, xlsx) and an accessible page, in a folder.

use std::process::ExitCode;

use shiryo::error::Result;
use shiryo::messages::{self, Front};
use shiryo::outputs::pipeline::Published;
use shiryo::season::packet;
use shiryo::store::guard::{self, Expect};

use super::Ctx;
use super::args::PublishArgs;

pub fn run(a: &PublishArgs, ctx: &Ctx) -> Result<ExitCode> {
    guard::output(&a.output, Expect::Dir, &[&a.year])?;
    let Published { files, warnings, .. } = ctx.done(packet::publish(&ctx.season, &a.year, a.bom, &messages::page_words(ctx.lang))?);
    for w in &warnings {
        say_err!("{}", messages::problem(w, Front::Terminal, ctx.lang));
    }
    if shiryo::outputs::publish::write_all(&a.output, &files)? {
        say_err!("{}", messages::publish_resumed(&a.output, ctx.lang));
    }
    for (name, _) in &files {
        say!("{}", a.output.join(name).display());
    }
    say_err!("{}", messages::published(files.len(), ctx.lang));
    Ok(ExitCode::SUCCESS)
}
