//! `xxgk fee pieces N` / `xxgk fee pages P`: the 信息处理费 of `fees.md` with
//! its arithmetic (`cli.md`): the total in yuan on the first line, then the
//! bands in Chinese; `--json` prints one object. A count that is not a
//! non-negative integer is refused with one line (exit 2).

use anyhow::bail;
use clap::{Args, Subcommand};
use xxgk_casework::fee::{self, FeeBreakdown};

use crate::cmd::Outcome;

#[derive(Debug, Subcommand)]
pub enum FeeCommand {
    /// 按件计收: the total for the first N applications (件) of one applicant in one month.
    Pieces(CountArgs),
    /// 按量计收: the fee for one application of P pages.
    Pages(CountArgs),
}

#[derive(Debug, Args)]
pub struct CountArgs {
    /// A non-negative integer.
    #[arg(allow_hyphen_values = true)]
    pub count: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(command: FeeCommand) -> anyhow::Result<Outcome> {
    let (breakdown, args) = match command {
        FeeCommand::Pieces(args) => (fee::pieces(parse_count(&args.count, "件数")?)?, args),
        FeeCommand::Pages(args) => (fee::pages(parse_count(&args.count, "页数")?)?, args),
    };
    if args.json {
        println!("{}", to_json(&breakdown));
    } else {
        print!("{}", to_text(&breakdown));
    }
    Ok(Outcome::Clean)
}

/// Digits only (no sign, no decimal point), so `-1`, `1.5` and `1e3` are refused.
fn parse_count(text: &str, what: &str) -> anyhow::Result<u64> {
    let t = text.trim();
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit()) {
        bail!("{what}应为非负整数，实为“{text}”");
    }
    match t.parse() {
        Ok(n) => Ok(n),
        Err(_) => bail!("{what}过大：“{text}”"),
    }
}

/// `cli.md`: `{"method", "units", "total_yuan", "bands": [...]}`, the charged bands only.
fn to_json(fee: &FeeBreakdown) -> serde_json::Value {
    let bands: Vec<serde_json::Value> = fee
        .bands
        .iter()
        .filter(|b| b.rate_yuan > 0)
        .map(|b| {
            serde_json::json!({
                "from": b.from,
                "to": b.to,
                "rate_yuan": b.rate_yuan,
                "units": b.units(),
                "subtotal_yuan": b.subtotal_yuan(),
            })
        })
        .collect();
    serde_json::json!({
        "method": fee.method.name(),
        "units": fee.units,
        "total_yuan": fee.total_yuan(),
        "bands": bands,
    })
}

fn to_text(fee: &FeeBreakdown) -> String {
    let unit = fee.method.unit();
    let mut out = format!(
        "{}\n{}，共 {} {unit}，合计 {} 元：\n",
        fee.total_yuan(),
        fee.method.label(),
        fee.units,
        fee.total_yuan()
    );
    for b in &fee.bands {
        if b.rate_yuan == 0 {
            out.push_str(&format!("  第 {}–{} {unit}：免费\n", b.from, b.to));
        } else {
            out.push_str(&format!(
                "  第 {}–{} {unit}：{} {unit} × {} 元 = {} 元\n",
                b.from,
                b.to,
                b.units(),
                b.rate_yuan,
                b.subtotal_yuan()
            ));
        }
    }
    out
}
