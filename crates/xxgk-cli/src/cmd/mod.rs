//! Subcommand dispatch and the shared outcome type.

pub mod admin;
pub mod calendar;
pub mod fee;
pub mod internal;
pub mod report;
pub mod screen;
pub mod seed;
pub mod serve;

use crate::cli::{Cli, Command};

/// How a command that ran to the end went; the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done, nothing wrong (exit 0).
    Clean = 0,
    /// Done, but the work found a problem (exit 1).
    ProblemFound = 1,
    /// Could not run for some input; the reason was already printed (exit 2).
    CouldNotRun = 2,
}

/// Runs the parsed command. An `Err` means the command could not run (exit 2).
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Report(command) => report::run(command),
        Command::Serve(args) => serve::run(args),
        Command::Admin(command) => admin::run(command),
        Command::Calendar(command) => calendar::run(command),
        Command::Fee(command) => fee::run(command),
        Command::Screen(args) => screen::run(args),
        Command::Internal(command) => internal::run(command),
    }
}
