//! One file per subcommand; `args` declares the whole command line.

mod archive;
mod args;
mod batch;
mod bench;
mod build;
mod check;
mod form;
mod ingest;
mod status;

use std::process::ExitCode;

use clap::Parser;
use shiryo::messages::{self, Lang};

pub fn run() -> ExitCode {
    shiryo::ingest::read::quiet_reader_panics();
    let cli = args::Cli::parse();
    let lang = match cli.lang {
        args::LangArg::Ja => Lang::Ja,
        args::LangArg::En => Lang::En,
    };
    let result = match &cli.command {
        args::Command::Build(a) => build::run(a, lang),
        args::Command::Batch(a) => batch::run(a, lang),
        args::Command::Check(a) => check::run(a, lang),
        args::Command::Bench(a) => bench::run(a, lang),
        args::Command::Archive(a) => archive::run(a, lang),
        args::Command::Verify(a) => archive::verify(a, lang),
        args::Command::Diff(a) => archive::diff(a, lang),
        args::Command::Sample(a) => bench::sample(a, lang),
        args::Command::Form(a) => form::run(a, lang),
        args::Command::Ingest(a) => ingest::run(a, lang),
        args::Command::Status(a) => status::run(a, lang),
        args::Command::Fmt(a) => shiryo::store::load(&a.year)
            .and_then(|y| shiryo::store::save(&y, &a.year))
            .map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            for line in messages::error(&e, lang) {
                eprintln!("{line}");
            }
            ExitCode::FAILURE
        }
    }
}
