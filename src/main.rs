//! The `shiryo` command: a thin layer over the library. The command line
//! parses what was typed; `shiryo desk` starts the page. Neither front end
//! knows the other: this dispatch is the only place that names both.

mod cli;
mod desk;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        cli::Start::Exit(code) => code,
        cli::Start::Desk(s) => {
            let options = desk::Options { year: s.year, port: s.port, open: s.open, archive: s.archive, lang: s.lang };
            match desk::serve(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    cli::say_error(&e, s.lang);
                    ExitCode::FAILURE
                }
            }
        }
    }
}
