//! `xxgk report check`: findings in Chinese grouped by table, or one JSON
//! line per input with `--json`. Exit 1 when any error-severity finding.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context as _;
use xxgk_report::{AgencyKind, Context, Finding, Severity};

use super::input::{Loaded, ReadingArgs, load};
use crate::cmd::Outcome;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Reports: canonical JSON or any document `import` reads.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// The same agency's report on the year before, for the cross-year checks.
    #[arg(long, value_name = "FILE")]
    previous: Option<PathBuf>,
    /// One JSON object per input per line.
    #[arg(long)]
    json: bool,
    /// The kind of body (decides the deadline); guessed from the name if absent.
    #[arg(long, value_enum)]
    agency_kind: Option<KindArg>,
    /// Explains a legitimate carry-over break (e.g. 机构改革): C-1 becomes a warning.
    #[arg(long, value_name = "REASON")]
    carry_over_override: Option<String>,
    #[command(flatten)]
    reading: ReadingArgs,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum KindArg {
    Government,
    Department,
    Township,
}

pub fn run(args: CheckArgs) -> anyhow::Result<Outcome> {
    let reader = args.reading.reader();
    let previous = args.previous.as_deref().map(|p| load(p, &reader)).transpose()?;
    let agency_kind = args.agency_kind.map(|k| match k {
        KindArg::Government => AgencyKind::Government,
        KindArg::Department => AgencyKind::Department,
        KindArg::Township => AgencyKind::Township,
    });
    let mut stdout = std::io::stdout().lock();
    let mut any_error = false;
    let mut unreadable = false;
    for path in &args.inputs {
        let loaded = match load(path, &reader) {
            Ok(loaded) => loaded,
            Err(err) => {
                eprintln!("xxgk: {err:#}");
                unreadable = true;
                continue;
            }
        };
        let ctx = Context {
            previous: previous.as_ref().map(|p| &p.report),
            document: loaded.facts.as_ref(),
            previous_document: previous.as_ref().and_then(|p| p.facts.as_ref()),
            agency_kind,
            carry_over_override: args.carry_over_override.as_deref(),
        };
        let findings = xxgk_report::check(&loaded.report, &ctx);
        any_error |= xxgk_report::check::has_errors(&findings);
        let input = path.display().to_string();
        if args.json {
            writeln!(stdout, "{}", json_line(&input, &loaded, &findings)).context("写入标准输出失败")?;
        } else {
            write!(stdout, "{}", human(&input, &loaded, &findings)).context("写入标准输出失败")?;
        }
    }
    Ok(if unreadable {
        Outcome::CouldNotRun
    } else if any_error {
        Outcome::ProblemFound
    } else {
        Outcome::Clean
    })
}

fn json_line(input: &str, loaded: &Loaded, findings: &[Finding]) -> String {
    let findings: Vec<serde_json::Value> = findings.iter().map(xxgk_report::finding_to_value).collect();
    serde_json::json!({
        "input": input,
        "format": loaded.report.format.as_str(),
        "year": loaded.report.year,
        "agency": loaded.report.agency,
        "findings": findings,
    })
    .to_string()
}

fn human(input: &str, loaded: &Loaded, findings: &[Finding]) -> String {
    let report = &loaded.report;
    let agency = report.agency.as_deref().unwrap_or("（未注明机关）");
    let mut out = format!("{input}：{agency} {} 年度报告（{} 年版模板）\n", report.year, report.format);
    if findings.is_empty() {
        out.push_str("  未发现问题\n");
        return out;
    }
    let mut groups: Vec<String> = Vec::new();
    for f in findings {
        let group = f.group();
        if !groups.contains(&group) {
            groups.push(group);
        }
    }
    for group in groups {
        out.push_str(&format!("  {group}\n"));
        for f in findings.iter().filter(|f| f.group() == group) {
            let level = match f.severity {
                Severity::Error => "错误",
                Severity::Warning => "提示",
            };
            out.push_str(&format!("    {level} {} [{}] {}\n", f.check, f.location, f.message));
        }
    }
    let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
    out.push_str(&format!("  共 {errors} 个错误、{} 个提示\n", findings.len() - errors));
    out
}
