//! The argv grammar (clap derive). Each subcommand's flags live with the
//! subcommand's module in `cmd/`; this file only lists the commands.

use clap::{Parser, Subcommand};

use crate::cmd;

/// xxgk — 政府信息公开工作平台 (government information disclosure).
#[derive(Debug, Parser)]
#[command(name = "xxgk", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Annual reports (政府信息公开工作年度报告): import, check, render.
    #[command(subcommand)]
    Report(cmd::report::ReportCommand),
    /// Run the platform (web UI and JSON API).
    Serve(cmd::serve::ServeArgs),
    /// Platform administration: create-user, backup, audit-verify.
    #[command(subcommand)]
    Admin(cmd::admin::AdminCommand),
    /// Working days (工作日) for the 条例's deadlines: due dates over holidays and 调休 days.
    #[command(subcommand)]
    Calendar(cmd::calendar::CalendarCommand),
    /// 信息处理费 (information processing fee): 按件 `pieces N` or 按量 `pages P`, with the bands.
    #[command(subcommand)]
    Fee(cmd::fee::FeeCommand),
    /// Screen documents for personal data (身份证号码、手机号码、银行卡号、邮箱) before publication.
    Screen(cmd::screen::ScreenArgs),
    /// Plumbing between xxgk processes (the isolated document reader); not for people.
    #[command(subcommand, hide = true)]
    Internal(cmd::internal::InternalCommand),
}
