//! `xxgk report import INPUT... [-o OUT] [--jobs N] [--summary FILE]`:
//! documents in, canonical JSON out, in parallel, with a progress bar on a
//! terminal and a summary line. Exit 1 when any input could not be read.

use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use xxgk_report::{Context, Finding};

use super::input::{ReadingArgs, expand, import, read_bytes};
use crate::cmd::Outcome;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Documents (.txt .md .html .docx .pdf) or directories of them.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output file (one input) or directory (several inputs or a directory).
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Parallel workers (default: all cores).
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
    /// Write one JSON object per input to this file.
    #[arg(long, value_name = "FILE")]
    summary: Option<PathBuf>,
    /// No progress bar and no summary line.
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    reading: ReadingArgs,
}

/// The result of one input.
struct Done {
    input: PathBuf,
    output: Option<PathBuf>,
    error: Option<String>,
    findings: Vec<Finding>,
}

pub fn run(args: ImportArgs) -> anyhow::Result<Outcome> {
    let single = args.inputs.len() == 1 && !args.inputs[0].is_dir();
    let files = expand(&args.inputs)?;
    if files.is_empty() {
        bail!("在 {} 中没有找到可导入的文件", args.inputs[0].display());
    }
    if !single {
        let Some(dir) = &args.output else {
            bail!("多个输入或目录需要用 -o 指定输出目录");
        };
        std::fs::create_dir_all(dir).with_context(|| format!("{}: 无法创建输出目录", dir.display()))?;
    }
    let targets = output_paths(&files, args.output.as_deref(), single);

    let pool =
        rayon::ThreadPoolBuilder::new().num_threads(args.jobs.unwrap_or(0)).build().context("无法启动并行任务")?;
    let reader = args.reading.reader();
    let progress = progress_bar(files.len() as u64, args.quiet || single);
    let results: Vec<Done> = pool.install(|| {
        files
            .par_iter()
            .zip(targets.par_iter())
            .map(|(input, target)| {
                let done = import_one(&reader, input, target.as_deref());
                progress.inc(1);
                done
            })
            .collect()
    });
    progress.finish_and_clear();

    let failed = results.iter().filter(|d| d.error.is_some()).count();
    let with_findings = results.iter().filter(|d| d.error.is_none() && !d.findings.is_empty()).count();
    for done in results.iter().filter(|d| d.error.is_some()) {
        eprintln!("xxgk: {}", done.error.as_deref().unwrap_or_default());
    }
    if let Some(path) = &args.summary {
        write_summary(path, &results)?;
    }
    if !args.quiet && !single {
        eprintln!("imported {}, failed {failed}, with findings {with_findings}", results.len() - failed);
    }
    Ok(if failed > 0 { Outcome::ProblemFound } else { Outcome::Clean })
}

/// Where each input's JSON goes: stdout (`None`) for one input without `-o`,
/// the `-o` file for one input, else `DIR/<stem>.json` (stems made unique).
fn output_paths(files: &[PathBuf], output: Option<&Path>, single: bool) -> Vec<Option<PathBuf>> {
    if single {
        return vec![output.map(Path::to_path_buf)];
    }
    let dir = output.unwrap_or(Path::new("."));
    let mut taken = HashSet::new();
    files
        .iter()
        .map(|file| {
            let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "report".into());
            let mut name = format!("{stem}.json");
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{stem}-{n}.json");
                n += 1;
            }
            Some(dir.join(name))
        })
        .collect()
}

fn import_one(reader: &xxgk_isolate::Reader, input: &Path, target: Option<&Path>) -> Done {
    let mut done = Done { input: input.to_path_buf(), output: None, error: None, findings: Vec::new() };
    let result = read_bytes(input).and_then(|bytes| import(reader, input, &bytes));
    let imported = match result {
        Ok(imported) => imported,
        Err(err) => {
            done.error = Some(format!("{err:#}"));
            return done;
        }
    };
    let ctx = Context { document: Some(&imported.facts), ..Context::default() };
    done.findings = xxgk_report::check(&imported.report, &ctx);
    let json = xxgk_report::to_json_pretty(&imported.report) + "\n";
    match target {
        None => {
            if let Err(err) = std::io::stdout().lock().write_all(json.as_bytes()) {
                done.error = Some(format!("写入标准输出失败：{err}"));
            }
        }
        Some(path) => match std::fs::write(path, json) {
            Ok(()) => done.output = Some(path.to_path_buf()),
            Err(err) => done.error = Some(format!("{}: 无法写入：{err}", path.display())),
        },
    }
    done
}

fn progress_bar(len: u64, hidden: bool) -> ProgressBar {
    if hidden || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} 剩余 {eta}") {
        bar.set_style(style);
    }
    bar
}

fn write_summary(path: &Path, results: &[Done]) -> anyhow::Result<()> {
    let mut out = String::new();
    for done in results {
        let findings: Vec<serde_json::Value> = done.findings.iter().map(xxgk_report::finding_to_value).collect();
        let line = serde_json::json!({
            "input": done.input.display().to_string(),
            "output": done.output.as_ref().map(|p| p.display().to_string()),
            "error": done.error,
            "findings": findings,
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    std::fs::write(path, out).with_context(|| format!("{}: 无法写入摘要", path.display()))
}
