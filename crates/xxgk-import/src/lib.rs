//! Importer of published 政府信息公开工作年度报告 (annual reports).
//!
//! [`import`] reads one document — plain text, Markdown, HTML (UTF-8, GBK/
//! GB18030, UTF-16), DOCX or PDF, decided by content — into the report model
//! of `xxgk-report`, together with the [`DocumentFacts`] the text-based checks
//! need and the [`Source`] of every number.
//!
//! Pipeline: bytes → [`decode`] (encoding) → a format reader ([`text`],
//! [`html`], [`docx`], [`pdf`]) producing one shared [`doc::Document`] of
//! paragraphs and [`grid::Grid`]s → [`sections`] (headings, title, year,
//! agency, dates) → [`tables`] (rows found by their template labels, never by
//! position) → [`Imported`]. Anything the importer cannot place with
//! certainty is an [`ImportError`] naming the place; it never guesses.
//! Damage is undone only where the template's identities leave one
//! reading: [`split`]/[`recover`] for numbers that ran together, [`fuzzy`]
//! for OCR-damaged labels; such numbers carry a recovered [`Source`].

pub mod decode;
pub mod doc;
pub mod document_text;
pub mod docx;
mod error;
pub mod fuzzy;
pub mod grid;
pub mod html;
pub mod matchers;
pub mod pdf;
pub mod recover;
pub mod sections;
pub mod split;
pub mod tables;
pub mod text;
pub mod tokens;
pub mod values;

use std::fmt;

pub use document_text::{DocumentText, Place, TextBlock, document_text};
pub use error::ImportError;
use xxgk_report::{CellPath, DocumentFacts, Report};

/// Inputs larger than this are refused (no report is anywhere near it).
pub const MAX_INPUT_BYTES: usize = 20 * 1024 * 1024;

/// Text (decoded, or extracted from a PDF) longer than this is refused.
pub const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;

/// A report read from a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub report: Report,
    pub facts: DocumentFacts,
    /// Where each number of the report was read, in template order.
    pub provenance: Vec<(CellPath, Source)>,
}

/// Where a piece of a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    /// A line of a text document (1-based); for HTML, the source line; for
    /// PDF, the line of the positioned text (a table row counts as a line).
    Line { line: usize },
    /// A cell of a real table (HTML, DOCX, Markdown, a PDF table): table, row and grid
    /// column, all 0-based (printed 1-based).
    Cell { table: usize, row: usize, col: usize },
    /// A number recovered by arithmetic from a text line whose numbers ran
    /// together (`7000007`) or were broken by a stray space (`1 52`): the
    /// one split of the digits that satisfies the template's identities.
    RecoveredLine { line: usize },
    /// As [`Source::RecoveredLine`], for digits read from a table cell.
    RecoveredCell { table: usize, row: usize, col: usize },
}

/// Shown after the place of a recovered number (in the hub, under the cell).
pub const RECOVERED_NOTE: &str = "由勾稽关系推定";

impl Source {
    /// The same place, marked as recovered by arithmetic.
    pub fn recovered(self) -> Source {
        match self {
            Source::Line { line } | Source::RecoveredLine { line } => Source::RecoveredLine { line },
            Source::Cell { table, row, col } | Source::RecoveredCell { table, row, col } => {
                Source::RecoveredCell { table, row, col }
            }
        }
    }

    /// Whether the number was recovered by arithmetic, not read as printed.
    pub fn is_recovered(self) -> bool {
        matches!(self, Source::RecoveredLine { .. } | Source::RecoveredCell { .. })
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Source::Line { line } => write!(f, "第 {line} 行"),
            Source::Cell { table, row, col } => {
                write!(f, "第 {} 个表格第 {} 行第 {} 列", table + 1, row + 1, col + 1)
            }
            Source::RecoveredLine { line } => write!(f, "第 {line} 行（{RECOVERED_NOTE}）"),
            Source::RecoveredCell { table, row, col } => {
                write!(f, "第 {} 个表格第 {} 行第 {} 列（{RECOVERED_NOTE}）", table + 1, row + 1, col + 1)
            }
        }
    }
}

/// The kinds of input the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Plain text or Markdown (any encoding).
    Text,
    Html,
    Docx,
    Pdf,
}

/// Decides the kind of a document from its content; the file name only
/// breaks ties (a `.md`/`.txt` file that merely mentions `<table>`).
pub fn detect_kind(bytes: &[u8], name_hint: Option<&str>) -> Result<InputKind, ImportError> {
    let head = &bytes[..bytes.len().min(1024)];
    let trimmed = trim_ascii_start(head);
    if trimmed.starts_with(b"%PDF") {
        return Ok(InputKind::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Ok(InputKind::Docx);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(ImportError::Unsupported("旧版 Word（.doc）或 WPS 二进制文件，请另存为 .docx 后导入".into()));
    }
    let ext = name_hint.and_then(|n| n.rsplit_once('.')).map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let sniff = decode::sniff_ascii(&bytes[..bytes.len().min(8 * 1024)]);
    let looks_html = ["<html", "<!doctype html", "<body", "<table", "<head", "<meta"].iter().any(|m| sniff.contains(m));
    if looks_html && !matches!(ext.as_str(), "md" | "markdown" | "txt") {
        return Ok(InputKind::Html);
    }
    if matches!(ext.as_str(), "html" | "htm" | "xhtml") && sniff.contains('<') {
        return Ok(InputKind::Html);
    }
    Ok(InputKind::Text)
}

/// `text`, unless it passes [`MAX_TEXT_BYTES`].
fn bounded(text: String) -> Result<String, ImportError> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(ImportError::TextTooLarge { size: text.len(), limit: MAX_TEXT_BYTES });
    }
    Ok(text)
}

fn trim_ascii_start(mut b: &[u8]) -> &[u8] {
    if b.starts_with(&[0xEF, 0xBB, 0xBF]) {
        b = &b[3..];
    }
    while let [first, rest @ ..] = b {
        if first.is_ascii_whitespace() {
            b = rest;
        } else {
            break;
        }
    }
    b
}

/// Reads one annual report. Pure: same bytes, same result; no IO.
pub fn import(bytes: &[u8], name_hint: Option<&str>) -> Result<Imported, ImportError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge { size: bytes.len(), limit: MAX_INPUT_BYTES });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty);
    }
    let document = match detect_kind(bytes, name_hint)? {
        InputKind::Pdf => return pdf::import(bytes),
        InputKind::Docx => docx::parse(bytes)?,
        InputKind::Html => html::parse(&bounded(decode::decode(bytes, true))?),
        InputKind::Text => text::parse(&bounded(decode::decode(bytes, false))?),
    };
    tables::read_report(&document)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_past_the_limit_is_refused_by_name() {
        assert_eq!(bounded("a".repeat(MAX_TEXT_BYTES)).map(|t| t.len()), Ok(MAX_TEXT_BYTES));
        let err = bounded("a".repeat(MAX_TEXT_BYTES + 1)).unwrap_err();
        assert_eq!(err, ImportError::TextTooLarge { size: MAX_TEXT_BYTES + 1, limit: MAX_TEXT_BYTES });
        assert!(err.to_string().contains(&MAX_TEXT_BYTES.to_string()));
    }
}
