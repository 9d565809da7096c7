//! The `typst::World` of one compilation: the main source and the data
//! files held in memory, the engine's fonts and library, and no clock
//! (`datetime.today()` is an error), so equal inputs give equal PDFs.

use std::collections::HashMap;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use crate::{DataFile, PdfEngine, PdfError};

/// The virtual path of the main document.
const MAIN_PATH: &str = "/main.typ";

pub(crate) struct DocumentWorld<'a> {
    engine: &'a PdfEngine,
    main: Source,
    files: HashMap<FileId, Bytes>,
}

fn file_id(path: &str) -> Result<FileId, PdfError> {
    let vpath = VirtualPath::new(path).map_err(|e| PdfError::Compile(format!("数据文件路径“{path}”无效：{e:?}")))?;
    Ok(FileId::new(RootedPath::new(VirtualRoot::Project, vpath)))
}

impl<'a> DocumentWorld<'a> {
    pub(crate) fn new(engine: &'a PdfEngine, main: &str, files: &[DataFile<'_>]) -> Result<Self, PdfError> {
        let main = Source::new(file_id(MAIN_PATH)?, main.to_string());
        let files = files
            .iter()
            .map(|f| Ok((file_id(f.path)?, Bytes::new(f.bytes.to_vec()))))
            .collect::<Result<_, PdfError>>()?;
        Ok(DocumentWorld { engine, main, files })
    }

    /// The zero-based line of a byte offset in the main source.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.main.text().get(..offset).map_or(0, |before| before.matches('\n').count())
    }
}

impl World for DocumentWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.engine.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        let bytes = self.file(id)?;
        let text = std::str::from_utf8(bytes.as_slice()).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_string()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        self.files.get(&id).cloned().ok_or_else(|| FileError::NotFound(id.get().vpath().get_with_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}
