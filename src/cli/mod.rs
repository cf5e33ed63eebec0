//! One file per subcommand; `args` declares the whole command line.

/// Lines for the terminal: what they carry from outside (a file name, a cell, a mail's
/// subject) is made inert first ([`shiryo::messages::inert`]): no escape sequence reaches
/// the terminal.
macro_rules! say {
    ($($t:tt)*) => { println!("{}", shiryo::messages::inert(&format!($($t)*))) };
}
macro_rules! say_err {
    ($($t:tt)*) => { eprintln!("{}", shiryo::messages::inert(&format!($($t)*))) };
}
macro_rules! say_to {
    ($o:expr, $($t:tt)*) => { writeln!($o, "{}", shiryo::messages::inert(&format!($($t)*))) };
}
macro_rules! say_raw {
    ($($t:tt)*) => { print!("{}", shiryo::messages::inert(&format!($($t)*))) };
}

mod archive;
mod args;
mod batch;
mod bench;
mod build;
mod check;
mod form;
mod history;
mod ingest;
mod new_year;
mod publish;
mod remind;
mod request;
mod send_back;
mod status;
mod usage;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use shiryo::clock::Clock;
use shiryo::error::Result;
use shiryo::messages::voice::Documents;
use shiryo::messages::{self, Front, Lang};
use shiryo::season::{Done, Season};
use shiryo::store::lock::Wait;

/// What every command is run with: the language, and the season's steps
/// (the clock `SHIRYO_NOW` may fix; waiting for a year's lock with a message,
/// or not with `--no-wait`).
pub struct Ctx {
    pub lang: Lang,
    pub season: Season,
}

impl Ctx {
    fn new(lang: Lang, no_wait: bool) -> Ctx {
        let on_wait = Arc::new(move |dir: &std::path::Path| say_err!("{}", messages::waiting_for_lock(dir, lang)));
        let (clock, unread) = Clock::read_env();
        if let Some(v) = unread {
            say_err!("{}", messages::clock_unread(&v, lang));
        }
        let season = Season { clock, wait: if no_wait { Wait::No } else { Wait::Block }, on_wait };
        Ctx { lang, season }
    }

    /// A step's outcome, its notices of opening said on stderr.
    pub fn done<T>(&self, d: Done<T>) -> T {
        for n in &d.notes {
            say_err!("{}", messages::note(n, self.lang));
        }
        d.outcome
    }

    /// The words of the documents a step writes (the ingest report, send-backs, receipts).
    pub fn voice(&self) -> Documents {
        Documents(self.lang)
    }
}

/// What the command line asks the binary to do: a command done, or the page started.
pub enum Start {
    Exit(ExitCode),
    Desk(DeskStart),
}

/// `shiryo desk`'s arguments, for the binary's dispatch to start the page with.
pub struct DeskStart {
    pub year: Option<PathBuf>,
    pub port: u16,
    pub open: bool,
    pub archive: Option<PathBuf>,
    pub lang: Lang,
}

/// A stopping error in the terminal's words.
pub fn say_error(e: &shiryo::Error, lang: Lang) {
    for line in messages::error(e, Front::Terminal, lang) {
        say_err!("{line}");
    }
}

pub fn run() -> Start {
    shiryo::intake::ingest::read::quiet_reader_panics();
    // A usage error exits 1 like every other error (clap's own code is 2, which `status` uses for "pending").
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = usage::lang_of(&argv);
    let cli = match usage::parse(argv, lang) {
        Ok(cli) => cli,
        Err(code) => return Start::Exit(code),
    };
    let lang = match cli.lang {
        args::LangArg::Ja => Lang::Ja,
        args::LangArg::En => Lang::En,
    };
    let ctx = Ctx::new(lang, cli.no_wait);
    let result = match &cli.command {
        args::Command::Build(a) => build::run(a, &ctx),
        args::Command::Batch(a) => batch::run(a, lang),
        args::Command::Check(a) => check::run(a, &ctx),
        args::Command::Bench(a) => bench::run(a, lang),
        args::Command::Archive(a) => archive::run(a, &ctx),
        args::Command::Verify(a) => archive::verify(a, lang),
        args::Command::Diff(a) => archive::diff(a, &ctx),
        args::Command::Sample(a) => bench::sample(a, lang),
        args::Command::Form(a) => form::run(a, &ctx),
        args::Command::Ingest(a) => ingest::run(a, &ctx),
        args::Command::Status(a) => status::run(a, &ctx),
        args::Command::SendBack(a) => send_back::run(a, &ctx),
        args::Command::History(a) => history::run(a, &ctx),
        args::Command::NewYear(a) => new_year::run(a, &ctx),
        args::Command::Request(a) => request::run(a, &ctx),
        args::Command::Remind(a) => remind::run(a, &ctx),
        args::Command::Desk(a) => {
            let start = DeskStart { year: a.year.clone(), port: a.port, open: !a.no_open, archive: a.archive.clone(), lang };
            return Start::Desk(start);
        }
        args::Command::Fmt(a) => fmt(a, &ctx),
        args::Command::Publish(a) => publish::run(a, &ctx),
    };
    match result {
        Ok(code) => Start::Exit(code),
        Err(e) => {
            say_error(&e, lang);
            Start::Exit(ExitCode::FAILURE)
        }
    }
}

/// `shiryo fmt`: the year's TOML rewritten in canonical form.
fn fmt(a: &args::CheckArgs, ctx: &Ctx) -> Result<ExitCode> {
    ctx.done(shiryo::season::packet::format(&ctx.season, &a.year)?);
    Ok(ExitCode::SUCCESS)
}
