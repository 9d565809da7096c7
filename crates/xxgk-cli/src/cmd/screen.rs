//! `xxgk screen INPUT... [--json]` (`shared/spec/cli.md`): screens documents
//! for personal data before publication with xxgk-screen. Prints each
//! finding with its masked excerpt only; exit 0 clean, 1 an error-level
//! finding, 2 an input could not be read.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use xxgk_screen::{Finding, Policy, Severity};

use super::Outcome;
use super::report::input::{expand, read_bytes};

#[derive(Debug, clap::Args)]
pub struct ScreenArgs {
    /// Documents (.txt .md .html .docx .pdf) or directories of them.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// One JSON object per input per line.
    #[arg(long)]
    json: bool,
    /// The agency's own published e-mail address (never flagged); repeatable.
    #[arg(long = "agency-email", value_name = "ADDRESS")]
    agency_emails: Vec<String>,
    /// The agency's own office telephone or fax number (never flagged); repeatable.
    #[arg(long = "office-phone", value_name = "NUMBER")]
    office_phones: Vec<String>,
}

pub fn run(args: ScreenArgs) -> anyhow::Result<Outcome> {
    let files = expand(&args.inputs)?;
    if files.is_empty() {
        anyhow::bail!("在 {} 中没有找到可检查的文件", args.inputs[0].display());
    }
    let today = time::OffsetDateTime::now_utc().date();
    let policy = Policy::new(today).with_agency_emails(&args.agency_emails).with_office_phones(&args.office_phones);
    let mut out = std::io::stdout().lock();
    let (mut errors, mut warnings, mut unreadable) = (0, 0, 0);
    for file in &files {
        match screen_file(file, &policy) {
            Ok(findings) => {
                errors += findings.iter().filter(|f| f.severity == Severity::Error).count();
                warnings += findings.iter().filter(|f| f.severity == Severity::Warning).count();
                if args.json {
                    let line = serde_json::json!({"input": file.display().to_string(), "findings": findings});
                    writeln!(out, "{line}")?;
                } else {
                    for f in &findings {
                        writeln!(
                            out,
                            "{}：{}：{}：{} {}",
                            file.display(),
                            f.location,
                            f.severity.label(),
                            f.kind.label(),
                            f.masked
                        )?;
                    }
                }
            }
            Err(err) => {
                unreadable += 1;
                if args.json {
                    let line = serde_json::json!({"input": file.display().to_string(), "error": format!("{err:#}")});
                    writeln!(out, "{line}")?;
                }
                eprintln!("xxgk: {err:#}");
            }
        }
    }
    if !args.json {
        let mut summary = format!("共检查 {} 个文件：{errors} 处错误，{warnings} 处警告", files.len() - unreadable);
        if unreadable > 0 {
            summary.push_str(&format!("；{unreadable} 个文件无法读取"));
        }
        writeln!(out, "{summary}")?;
    }
    out.flush().context("无法写出结果")?;
    Ok(if unreadable > 0 {
        Outcome::CouldNotRun
    } else if errors > 0 {
        Outcome::ProblemFound
    } else {
        Outcome::Clean
    })
}

fn screen_file(path: &Path, policy: &Policy) -> anyhow::Result<Vec<Finding>> {
    let bytes = read_bytes(path)?;
    let name = path.file_name().and_then(|n| n.to_str());
    xxgk_screen::screen_bytes(&bytes, name, policy).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}
