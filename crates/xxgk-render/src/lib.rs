//! Rendering an annual report (政府信息公开工作年度报告) in the official
//! layout of its template (国办公开办函〔2019〕60号 / 〔2021〕30号).
//!
//! One layout model ([`layout::document`], tables as [`grid::Grid`]s with the
//! template's merged cells) feeds every format, so HTML, DOCX, Markdown and
//! plain text show the same tables:
//!
//! - [`html`]: a standalone printable page with real `rowspan`/`colspan`;
//!   [`html_article`] is its `<article>` alone and [`official_css`] its style
//!   sheet, for pages that embed the report under a strict CSP;
//! - [`docx`]: a Word document with `gridSpan`/`vMerge` merged cells;
//! - [`typst`]: a Typst document (A4, page numbers, merged cells) that
//!   `xxgk-pdf` compiles to PDF;
//! - [`markdown`] and [`text`]: the tables flattened ([`flat`]), group labels
//!   repeated as a prefix of their items.
//!
//! [`letters`] prints the letters of request casework (`xxgk-casework`) as
//! HTML and DOCX in the same official look.
//!
//! Pure functions: no IO, no panics. Labels come only from
//! `xxgk_report::labels`, the title pattern and the empty-section placeholder included.

pub mod docx;
pub mod flat;
pub mod grid;
pub mod html;
pub mod layout;
pub mod letters;
pub mod markdown;
pub mod text;
pub mod typst;

pub use docx::docx;
pub use html::{html, html_article, official_css};
pub use letters::{letter_article, letter_css, letter_docx, letter_html};
pub use markdown::markdown;
pub use text::text;
pub use typst::typst;

/// Why a report could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    /// Packing the DOCX (zip) container failed.
    #[error("无法生成 DOCX 文件：{0}")]
    Docx(String),
}
