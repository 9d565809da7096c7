//! The PDF reader's own limits: every resource a hostile file could make the
//! reader spend is capped by a named constant here, and exceeding one is an
//! [`ImportError`] with a Chinese reason that names the limit.

use crate::error::ImportError;

/// Deepest nesting of arrays and dictionaries, in objects and content
/// streams (real files nest a handful of levels).
pub const MAX_NESTING: usize = 64;
/// Largest decompressed size of one stream.
pub const MAX_STREAM_BYTES: usize = 16 * 1024 * 1024;
/// Largest decompressed size of all streams of one document together.
pub const MAX_DOCUMENT_INFLATED_BYTES: usize = 64 * 1024 * 1024;
/// Most objects one document may hold (counting those in object streams).
pub const MAX_OBJECTS: usize = 200_000;
/// Most pages read (an annual report has about ten).
pub const MAX_PAGES: usize = 500;
/// Most content-stream operators executed over the whole document.
pub const MAX_OPERATORS: usize = 2_000_000;
/// Deepest `q` nesting and Form XObject nesting.
pub const MAX_GRAPHICS_DEPTH: usize = 64;
/// Most glyphs kept (a report has tens of thousands at most).
pub const MAX_GLYPHS: usize = 2_000_000;
/// Most path segments (ruling lines) kept per page.
pub const MAX_SEGMENTS_PER_PAGE: usize = 100_000;

/// An unreadable-PDF error with the given reason.
pub fn unreadable(reason: impl Into<String>) -> ImportError {
    ImportError::Unreadable { kind: "PDF", reason: reason.into() }
}

/// The error for an exceeded limit.
pub fn exceeded(what: &str, limit: usize) -> ImportError {
    unreadable(format!("{what}超过上限（{limit}），文件可能经过恶意构造，已停止读取"))
}
