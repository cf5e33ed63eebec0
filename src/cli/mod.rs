//! One file per subcommand; `args` declares the whole command line.

mod archive;
mod args;
mod batch;
mod bench;
mod build;
mod check;
mod form;
mod desk;
pub(crate) mod history;
pub(crate) mod ingest;
mod new_year;
mod publish;
pub(crate) mod remind;
pub(crate) mod report;
mod request;
pub(crate) mod send_back;
mod status;
mod usage;

use std::process::ExitCode;

use std::path::Path;

use shiryo::error::Result;
use shiryo::messages::{self, Lang};
use shiryo::store::lock::{Access, Wait};
use shiryo::store::{self, Opened};

/// How every command opens a year: its lock (waiting with a message, or not
/// with `--no-wait`), an interrupted change settled, and what was found said on stderr.
pub struct Ctx {
    pub lang: Lang,
    pub wait: Wait,
}

impl Ctx {
    pub fn open(&self, dir: &Path, access: Access) -> Result<Opened> {
        let lang = self.lang;
        let mut waiting = || eprintln!("{}", messages::waiting_for_lock(dir, lang));
        let opened = store::open(dir, access, self.wait, &mut waiting)?;
        for n in &opened.notes {
            eprintln!("{}", messages::note(n, lang));
        }
        Ok(opened)
    }

    /// An archive root, held alone while a version is written.
    pub fn open_root(&self, dir: &Path) -> Result<store::lock::Lock> {
        let lang = self.lang;
        let mut waiting = || eprintln!("{}", messages::waiting_for_lock(dir, lang));
        store::lock::acquire(dir, Access::Write, self.wait, &mut waiting)
    }
}

pub fn run() -> ExitCode {
    shiryo::intake::ingest::read::quiet_reader_panics();
    // A usage error exits 1 like every other error (clap's own code is 2, which `status` uses for "pending").
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = usage::lang_of(&argv);
    let cli = match usage::parse(argv, lang) {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let lang = match cli.lang {
        args::LangArg::Ja => Lang::Ja,
        args::LangArg::En => Lang::En,
    };
    let ctx = Ctx { lang, wait: if cli.no_wait { Wait::No } else { Wait::Block } };
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
        args::Command::Desk(a) => desk::run(a, lang),
        args::Command::Fmt(a) => fmt(a, &ctx),
        args::Command::Publish(a) => publish::run(a, &ctx),
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

/// `shiryo fmt`: the year's TOML rewritten in canonical form.
fn fmt(a: &args::CheckArgs, ctx: &Ctx) -> Result<ExitCode> {
    let _open = ctx.open(&a.year, Access::Write)?;
    let year = store::load(&a.year)?;
    store::save(&year, &a.year)?;
    Ok(ExitCode::SUCCESS)
}
