//! `xxgk`: the command line. Parses argv, dispatches to a subcommand module and
//! maps the outcome to the exit codes of `shared/spec/cli.md` (0 clean, 1 problem
//! found, 2 could not run). Nothing below `main` prints a backtrace.

mod cli;
mod cmd;
mod config;
mod fonts;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = match cli::Cli::try_parse() {
        Ok(args) => args,
        Err(err) => {
            // clap prints help/version to stdout with exit 0, usage errors to stderr.
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    match cmd::run(args) {
        Ok(outcome) => ExitCode::from(outcome as u8),
        Err(err) => {
            eprintln!("xxgk: {err:#}");
            ExitCode::from(2)
        }
    }
}
