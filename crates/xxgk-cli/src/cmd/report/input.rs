//! Reading one report input: canonical JSON, or any document the importer
//! reads. Errors name the file and, where there is one, the position.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use xxgk_import::Imported;
use xxgk_isolate::Reader;
use xxgk_report::{DocumentFacts, Report};

/// How `report import` and `report check` read documents.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ReadingArgs {
    /// Read documents inside this process, without the isolated worker (faster; only for trusted files).
    #[arg(long)]
    in_process: bool,
}

impl ReadingArgs {
    /// The reader: an isolated worker (this executable) unless `--in-process`.
    pub fn reader(&self) -> Reader {
        if self.in_process { Reader::InProcess } else { Reader::default() }
    }
}

/// Reads a document with `reader`; the error names the file.
pub fn import(reader: &Reader, path: &Path, bytes: &[u8]) -> anyhow::Result<Imported> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    reader.read(bytes, name).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// A report read from a file, with what its document said beyond the numbers.
pub struct Loaded {
    pub report: Report,
    pub facts: Option<DocumentFacts>,
}

/// Reads a file with the size limit; the error names the file.
pub fn read_bytes(path: &Path) -> anyhow::Result<Vec<u8>> {
    let meta = std::fs::metadata(path).with_context(|| format!("{}: 无法读取", path.display()))?;
    if meta.is_dir() {
        bail!("{}: 是目录，不是报告文件", path.display());
    }
    // The importer's limit, checked before reading the file whole.
    let limit = xxgk_import::MAX_INPUT_BYTES as u64;
    if meta.len() > limit {
        bail!("{}: 文件过大（{} 字节，上限 {limit} 字节）", path.display(), meta.len());
    }
    std::fs::read(path).with_context(|| format!("{}: 无法读取", path.display()))
}

/// `true` when the bytes are (meant to be) canonical JSON: the first
/// non-blank character is `{`.
fn looks_like_json(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// Loads a report: JSON is parsed strictly, anything else is imported.
pub fn load(path: &Path, reader: &Reader) -> anyhow::Result<Loaded> {
    let bytes = read_bytes(path)?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        bail!("{}: 文件为空", path.display());
    }
    if looks_like_json(&bytes) {
        let text = std::str::from_utf8(&bytes)
            .map_err(|e| anyhow::anyhow!("{}: 第 {} 字节处不是 UTF-8 编码", path.display(), e.valid_up_to()))?;
        let report = xxgk_report::from_json(text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        return Ok(Loaded { report, facts: None });
    }
    let Imported { report, facts, .. } = import(reader, path, &bytes)?;
    Ok(Loaded { report, facts: Some(facts) })
}

/// Expands directories into the importable files inside them (recursively,
/// sorted), keeping plain files as given.
pub fn expand(inputs: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            walk(input, &mut found)?;
            found.sort();
            out.extend(found);
        } else {
            out.push(input.clone());
        }
    }
    Ok(out)
}

const IMPORTABLE: [&str; 7] = ["txt", "md", "markdown", "html", "htm", "docx", "pdf"];

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("{}: 无法读取目录", dir.display()))?;
    for entry in entries {
        let path = entry.with_context(|| format!("{}: 无法读取目录", dir.display()))?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| IMPORTABLE.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
    Ok(())
}
