//! The `shiryo` command: a thin layer over the library.

mod cli;
mod desk;

fn main() -> std::process::ExitCode {
    cli::run()
}
