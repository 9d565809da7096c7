//! Finding fonts: every configured directory (recursively), then the
//! system's `/usr/share/fonts`, scanned once into typst's `FontStore`. Owns
//! the rule that an engine without a font covering Chinese is an error.

use std::path::{Path, PathBuf};

use typst_kit::fonts::{FontStore, scan as scan_dir};

use crate::PdfError;

/// Where the system keeps fonts (Debian's `fonts-noto-cjk` installs under it).
pub const SYSTEM_FONT_DIR: &str = "/usr/share/fonts";

/// Characters a font must cover to count as a Chinese font.
pub const CJK_PROBE: &str = "政府信息公开年度报告";

/// Which directories to scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontSearch {
    /// Scanned first, in order (a deployment's licensed fonts).
    pub dirs: Vec<PathBuf>,
    /// Also scan [`SYSTEM_FONT_DIR`].
    pub system: bool,
}

impl Default for FontSearch {
    /// The system fonts only.
    fn default() -> FontSearch {
        FontSearch { dirs: Vec::new(), system: true }
    }
}

impl FontSearch {
    /// The configured directories, then the system's.
    pub fn with_dirs(dirs: impl IntoIterator<Item = PathBuf>) -> FontSearch {
        FontSearch { dirs: dirs.into_iter().collect(), system: true }
    }

    /// Only the given directories (tests; deployments that ship their fonts).
    pub fn only(dirs: impl IntoIterator<Item = PathBuf>) -> FontSearch {
        FontSearch { dirs: dirs.into_iter().collect(), system: false }
    }

    /// Every directory searched, in order.
    pub fn searched(&self) -> Vec<PathBuf> {
        let mut dirs = self.dirs.clone();
        if self.system {
            dirs.push(PathBuf::from(SYSTEM_FONT_DIR));
        }
        dirs
    }
}

/// Scans the fonts and names the families that cover [`CJK_PROBE`].
pub(crate) fn scan(search: &FontSearch) -> Result<(FontStore, Vec<String>), PdfError> {
    let searched = search.searched();
    let mut store = FontStore::new();
    for dir in &searched {
        store.extend(scan_dir(Path::new(dir)));
    }
    let mut cjk: Vec<String> = store
        .book()
        .families()
        .filter_map(|(family, mut ids)| {
            let covers = ids.any(|id| {
                store.book().info(id).is_some_and(|info| CJK_PROBE.chars().all(|c| info.coverage.contains(c as u32)))
            });
            covers.then(|| family.to_string())
        })
        .collect();
    cjk.sort();
    if cjk.is_empty() {
        return Err(PdfError::NoCjkFont { searched });
    }
    Ok((store, cjk))
}
