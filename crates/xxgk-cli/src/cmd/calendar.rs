//! `xxgk calendar …`: the working-day arithmetic of the 条例's deadlines
//! from the command line — the due date n working days after a start day
//! (`due`), and what kind of day a date is (`day`). Holidays come from the
//! built-in table, or from a newer CSV in the same format (`--holidays`).

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use clap::{Args, Subcommand};
use xxgk_calendar::WorkCalendar;

use crate::cmd::Outcome;

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// The due date DAYS working days after START (START not counted), e.g. `due 2024-09-30 20`.
    Due(DueArgs),
    /// What kind of day DATE is: 工作日, 周末, 法定节假日 or 调休上班日.
    Day(DayArgs),
}

#[derive(Debug, Args)]
pub struct Holidays {
    /// A holiday table (date,kind,name — the format of cn-holidays.csv) to use instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub holidays: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DueArgs {
    /// The start day, YYYY-MM-DD (e.g. the day the application was received).
    pub start: String,
    /// Working days.
    pub days: u32,
    #[command(flatten)]
    pub holidays: Holidays,
}

#[derive(Debug, Args)]
pub struct DayArgs {
    /// YYYY-MM-DD.
    pub date: String,
    #[command(flatten)]
    pub holidays: Holidays,
}

pub fn run(command: CalendarCommand) -> anyhow::Result<Outcome> {
    match command {
        CalendarCommand::Due(args) => {
            let cal = calendar(&args.holidays)?;
            let start = parse_date(&args.start)?;
            let Some(due) = cal.add_working_days(start, args.days) else {
                bail!("工作日数过大：{}（上限 {}）", args.days, xxgk_calendar::MAX_PERIOD);
            };
            if args.holidays.json {
                let value = serde_json::json!({
                    "start": start.to_string(),
                    "working_days": args.days,
                    "due": due.date.to_string(),
                    "provisional": due.provisional,
                });
                println!("{value}");
            } else {
                println!("{}", due.date);
                if due.provisional {
                    eprintln!(
                        "注意：期间进入尚无放假安排的年度（已知 {}–{} 年），按普通周末计算，公布后可能变化",
                        cal.covered_years().start(),
                        cal.covered_years().end()
                    );
                }
            }
            Ok(Outcome::Clean)
        }
        CalendarCommand::Day(args) => {
            let cal = calendar(&args.holidays)?;
            let date = parse_date(&args.date)?;
            let kind = cal.day_kind(date);
            if args.holidays.json {
                let value = serde_json::json!({
                    "date": date.to_string(),
                    "kind": kind.label(),
                    "working": kind.is_working(),
                    "known_year": cal.covers(date),
                });
                println!("{value}");
            } else {
                println!("{date} {}", kind.label());
            }
            Ok(Outcome::Clean)
        }
    }
}

fn calendar(args: &Holidays) -> anyhow::Result<WorkCalendar> {
    match &args.holidays {
        None => Ok(WorkCalendar::official()),
        Some(path) => {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("无法读取节假日文件 {}", path.display()))?;
            WorkCalendar::from_csv(&text).with_context(|| format!("{}", path.display()))
        }
    }
}

fn parse_date(text: &str) -> anyhow::Result<time::Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text.trim(), format).with_context(|| format!("日期无效：“{text}”（应为 YYYY-MM-DD）"))
}
