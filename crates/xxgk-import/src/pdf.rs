//! PDF → text via the text layer (`pdf-extract`), then the text importer.
//! Tables in a PDF text layer come one cell (or one row) per line with
//! labels wrapped over lines; the token stream of [`crate::tokens`] handles
//! both. `pdf-extract` can panic on malformed files: the panic is caught and
//! reported as an unreadable file. A scanned PDF (no text layer) fails.

use crate::error::ImportError;

/// The text layer of a PDF.
pub fn extract_text(bytes: &[u8]) -> Result<String, ImportError> {
    let owned = bytes.to_vec();
    let result = std::panic::catch_unwind(move || pdf_extract::extract_text_from_mem(&owned));
    match result {
        Ok(Ok(text)) if text.chars().any(|c| !c.is_whitespace()) => Ok(text),
        Ok(Ok(_)) => Err(ImportError::Unreadable {
            kind: "PDF",
            reason: "没有文本层（可能是扫描件），无法读取表格".into(),
        }),
        Ok(Err(e)) => Err(ImportError::Unreadable { kind: "PDF", reason: e.to_string() }),
        Err(_) => Err(ImportError::Unreadable { kind: "PDF", reason: "文件结构损坏，解析失败".into() }),
    }
}
