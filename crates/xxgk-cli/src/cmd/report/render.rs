//! `xxgk report render INPUT --to html|md|docx|pdf|txt [-o OUT]`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context as _, bail};

use super::input::{ReadingArgs, load};
use crate::cmd::Outcome;
use crate::fonts::FontArgs;

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// A report: canonical JSON or any document `import` reads.
    input: PathBuf,
    /// Output format.
    #[arg(long, value_enum)]
    to: Format,
    /// Output file (required for docx and pdf); stdout otherwise.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    #[command(flatten)]
    reading: ReadingArgs,
    #[command(flatten)]
    fonts: FontArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Html,
    Md,
    Docx,
    Pdf,
    Txt,
}

pub fn run(args: RenderArgs) -> anyhow::Result<Outcome> {
    if matches!(args.to, Format::Docx | Format::Pdf) && args.output.is_none() {
        bail!("--to {} 需要用 -o 指定输出文件", if args.to == Format::Pdf { "pdf" } else { "docx" });
    }
    let report = load(&args.input, &args.reading.reader())?.report;
    let bytes = match args.to {
        Format::Html => xxgk_render::html(&report).into_bytes(),
        Format::Md => xxgk_render::markdown(&report).into_bytes(),
        Format::Txt => xxgk_render::text(&report).into_bytes(),
        Format::Docx => {
            xxgk_render::docx(&report).map_err(|e| anyhow::anyhow!("{}: 无法生成 DOCX：{e}", args.input.display()))?
        }
        Format::Pdf => {
            // Scanned per run: a missing Chinese font ends here with one line (exit 2).
            let engine = xxgk_pdf::PdfEngine::new(&args.fonts.search())?;
            engine.compile(&xxgk_render::typst(&report), &[]).with_context(|| args.input.display().to_string())?
        }
    };
    match &args.output {
        Some(path) => std::fs::write(path, &bytes).with_context(|| format!("{}: 无法写入", path.display()))?,
        None => std::io::stdout().lock().write_all(&bytes).context("写入标准输出失败")?,
    }
    Ok(Outcome::Clean)
}
