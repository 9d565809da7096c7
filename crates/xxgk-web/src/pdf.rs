//! The server's one PDF engine (`xxgk-pdf`): the fonts it searches, the
//! engine made from them once (at start by `xxgk serve`, otherwise at the
//! first PDF request), and rendering off the async threads. Without a
//! Chinese font the server still runs and PDF requests answer 503.

use std::sync::{Arc, OnceLock};

pub use xxgk_pdf::FontSearch;
use xxgk_pdf::{PdfEngine, PdfError};

use crate::error::WebError;

/// The fonts to search and, once scanned, the engine or why there is none.
#[derive(Debug)]
pub struct PdfService {
    search: FontSearch,
    engine: OnceLock<Result<PdfEngine, PdfError>>,
}

impl Default for PdfService {
    /// The system fonts, scanned at the first PDF request.
    fn default() -> PdfService {
        PdfService::lazy(FontSearch::default())
    }
}

impl PdfService {
    /// Scans `search` at the first PDF request (tests: no scan unless used).
    pub fn lazy(search: FontSearch) -> PdfService {
        PdfService { search, engine: OnceLock::new() }
    }

    /// Scans `search` now (blocking; the server calls it before it listens).
    pub fn start(search: FontSearch) -> PdfService {
        let service = PdfService::lazy(search);
        let _ = service.engine();
        service
    }

    /// The engine, scanning the fonts on first use.
    pub fn engine(&self) -> Result<&PdfEngine, &PdfError> {
        self.engine.get_or_init(|| PdfEngine::new(&self.search)).as_ref()
    }

    /// Compiles a Typst document on the blocking pool.
    pub async fn render(self: &Arc<Self>, source: String) -> Result<Vec<u8>, WebError> {
        let service = self.clone();
        tokio::task::spawn_blocking(move || match service.engine() {
            Ok(engine) => engine.compile(&source, &[]).map_err(web_error),
            Err(e) => Err(web_error(e.clone())),
        })
        .await
        .map_err(|e| WebError::Internal(format!("PDF task: {e}")))?
    }
}

/// Missing fonts are the installation's state (503, said plainly); a
/// document that does not compile is our bug (500).
fn web_error(error: PdfError) -> WebError {
    match error {
        PdfError::NoCjkFont { .. } | PdfError::MissingFont { .. } => {
            WebError::Unavailable(format!("本服务器暂不能生成 PDF：{error}。可先下载 DOCX 或打印版。"))
        }
        PdfError::Compile(_) | PdfError::Export(_) => WebError::Internal(error.to_string()),
    }
}
