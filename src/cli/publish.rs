//! `shiryo publish`: the year as open data (CSV, xlsx) and an accessible page, in a folder.

use std::process::ExitCode;

use shiryo::error::Result;
use shiryo::messages;
use shiryo::outputs::pipeline;
use shiryo::store::guard::{self, Expect};
use shiryo::store::lock::Access;

use super::Ctx;
use super::args::PublishArgs;

pub fn run(a: &PublishArgs, ctx: &Ctx) -> Result<ExitCode> {
    guard::output(&a.output, Expect::Dir, &[&a.year])?;
    let _open = ctx.open(&a.year, Access::Read)?;
    let pipeline::Published { files, warnings, .. } = pipeline::publish(&a.year, a.bom, &messages::page_words(ctx.lang))?;
    for w in &warnings {
        eprintln!("{}", messages::problem(w, ctx.lang));
    }
    shiryo::store::files::create_dir_all(&a.output).map_err(|e| shiryo::error::Error::io(&a.output, e))?;
    for (name, bytes) in &files {
        let path = a.output.join(name);
        shiryo::store::write_atomic(&path, bytes)?;
        println!("{}", path.display());
    }
    eprintln!("{}", messages::published(files.len(), ctx.lang));
    Ok(ExitCode::SUCCESS)
}
