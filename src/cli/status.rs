//! `shiryo status`: per block, each unit and centre: submitted, missing or duplicated.

use std::io::Write;
use std::process::ExitCode;

use shiryo::error::Result;
use shiryo::intake::form::Kind;
use shiryo::intake::ingest::received::{self, Answered};
use shiryo::messages::{self, IntakeUi as U, Lang};

use shiryo::store::lock::Access;

use super::Ctx;
use super::args::StatusArgs;

pub fn run(a: &StatusArgs, ctx: &Ctx) -> Result<ExitCode> {
    let lang: Lang = ctx.lang;
    let _open = ctx.open(&a.year, Access::Read)?;
    // Output to a closed pipe (| head) is not an error of the command.
    let mut out = std::io::stdout().lock();
    let rows = received::status(&a.year)?;
    let w = |k| messages::intake_ui(k, lang);
    let _ = writeln!(out, "{}\t{}\t{}\t{}\t{}", w(U::Block), w(U::Target), w(U::Status), w(U::File), w(U::Modified));
    for r in rows {
        let name = match r.kind {
            Kind::Centre => format!("{}{}", r.name, w(U::Centre)),
            Kind::Prefecture => format!("{}{}", r.name, w(U::PrefectureParts)),
            Kind::Unit => r.name.clone(),
        };
        let state = w(match r.answered {
            Answered::Submitted => U::Submitted,
            Answered::TomlOnly => U::TomlOnly,
            Answered::Missing => U::Missing,
            Answered::Duplicated => U::Duplicated,
        });
        let files: Vec<String> = r.files.iter().map(|(f, _)| f.clone()).collect();
        let times: Vec<String> = r.files.iter().map(|(_, t)| t.clone()).collect();
        let _ = writeln!(out, "{}\t{name}\t{state}\t{}\t{}", r.block, files.join(" / "), times.join(" / "));
    }
    Ok(ExitCode::SUCCESS)
}
