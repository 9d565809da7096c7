//! Typst source → PDF bytes: the only crate of the workspace that knows
//! typst. A [`PdfEngine`] scans its fonts once (configured directories, then
//! `/usr/share/fonts`), refuses to exist without a CJK font, and compiles a
//! Typst document plus in-memory data files into an A4 PDF with its fonts
//! embedded and subsetted. It is a value the caller keeps (the CLI makes one
//! per run, the server one in its state), never a global.
//!
//! Typst reports a missing font family only as a warning and then writes a
//! PDF with no visible text; [`diag`] turns those warnings into errors.

mod diag;
mod fonts;
mod world;

use std::path::PathBuf;

use typst::LibraryExt;
use typst::utils::LazyHash;
use typst_kit::fonts::FontStore;

pub use fonts::{CJK_PROBE, FontSearch};

/// Why a PDF could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    /// No font covering Chinese text was found in the searched directories.
    #[error(
        "未找到中文字体，无法生成 PDF：已搜索 {}。请安装 fonts-noto-cjk（Debian/Ubuntu），或把字体文件放入配置的字体目录",
        searched_list(.searched)
    )]
    NoCjkFont { searched: Vec<PathBuf> },
    /// The document asks for a font family that is not installed (typst
    /// would silently leave its text out).
    #[error("PDF 所需字体“{family}”未安装：{detail}")]
    MissingFont { family: String, detail: String },
    /// The Typst source does not compile (a bug of the emitter, or bad data).
    #[error("PDF 排版失败：{0}")]
    Compile(String),
    /// Writing the laid-out pages as PDF failed.
    #[error("PDF 输出失败：{0}")]
    Export(String),
}

fn searched_list(dirs: &[PathBuf]) -> String {
    if dirs.is_empty() {
        return "（无目录）".to_string();
    }
    dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join("、")
}

/// Compilations a memoized result survives unused (typst-cli's choice).
const MEMO_KEEP: usize = 10;

/// A data file the document reads (`read("/report.json")`, `json(...)`).
#[derive(Debug, Clone, Copy)]
pub struct DataFile<'a> {
    /// Absolute virtual path inside the document, such as `/report.json`.
    pub path: &'a str,
    pub bytes: &'a [u8],
}

/// Fonts scanned once, and typst's standard library built once: compiling
/// with a warm engine costs only layout and export.
pub struct PdfEngine {
    fonts: FontStore,
    library: LazyHash<typst::Library>,
    cjk_families: Vec<String>,
}

impl std::fmt::Debug for PdfEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PdfEngine").field("cjk_families", &self.cjk_families).finish_non_exhaustive()
    }
}

impl PdfEngine {
    /// Scans the fonts of `search`; fails when none of them covers Chinese.
    pub fn new(search: &FontSearch) -> Result<PdfEngine, PdfError> {
        let (fonts, cjk_families) = fonts::scan(search)?;
        Ok(PdfEngine { fonts, library: LazyHash::new(typst::Library::default()), cjk_families })
    }

    /// The families found that cover Chinese text (for logs and `--version`-like reports).
    pub fn cjk_families(&self) -> &[String] {
        &self.cjk_families
    }

    /// Whether a font family (any case) is installed.
    pub fn has_family(&self, family: &str) -> bool {
        self.fonts.book().contains_family(&family.to_lowercase())
    }

    /// Compiles a Typst document (its page setup included) and the data files
    /// it reads into PDF bytes. Deterministic: no clock, no file system.
    pub fn compile(&self, main: &str, files: &[DataFile<'_>]) -> Result<Vec<u8>, PdfError> {
        let world = world::DocumentWorld::new(self, main, files)?;
        let warned = typst::compile::<typst_layout::PagedDocument>(&world);
        let pdf = diag::refuse_font_warnings(&warned.warnings).and_then(|()| {
            let document = warned.output.map_err(|errors| PdfError::Compile(diag::describe(&world, &errors)))?;
            typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
                .map_err(|errors| PdfError::Export(diag::describe(&world, &errors)))
        });
        // typst memoizes across compilations in a process-wide cache; keep
        // only what the last few used, so a long-running server stays bounded.
        typst::comemo::evict(MEMO_KEEP);
        pdf
    }
}
