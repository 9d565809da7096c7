//! `xxgk report …`: import, check and render annual reports
//! (`shared/spec/cli.md`). Argument handling only; the work is done by
//! xxgk-import, xxgk-report and xxgk-render.

mod check;
mod import;
pub(crate) mod input;
mod render;

use super::Outcome;

#[derive(Debug, clap::Subcommand)]
pub enum ReportCommand {
    /// Read published reports (txt, md, html, docx, pdf) and write the canonical JSON.
    Import(import::ImportArgs),
    /// Check reports against the rules of the national template (H-*, C-*, W-*).
    Check(check::CheckArgs),
    /// Render a report in the official layout of its template.
    Render(render::RenderArgs),
}

pub fn run(command: ReportCommand) -> anyhow::Result<Outcome> {
    match command {
        ReportCommand::Import(args) => import::run(args),
        ReportCommand::Check(args) => check::run(args),
        ReportCommand::Render(args) => render::run(args),
    }
}
