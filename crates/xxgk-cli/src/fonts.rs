//! The font options of the commands that make PDF (`report render --to pdf`,
//! `serve`): extra font directories, scanned before the system's.

use std::path::PathBuf;

use xxgk_pdf::FontSearch;

#[derive(Debug, Clone, clap::Args)]
pub struct FontArgs {
    /// A directory of fonts for PDF output, searched before /usr/share/fonts
    /// (repeatable; XXGK_FONT_DIR takes a ':'-separated list).
    #[arg(long = "font-dir", value_name = "DIR", env = "XXGK_FONT_DIR", value_delimiter = ':')]
    pub font_dirs: Vec<PathBuf>,
    /// Do not search /usr/share/fonts (only the --font-dir directories).
    #[arg(long)]
    pub no_system_fonts: bool,
}

impl FontArgs {
    pub fn search(&self) -> FontSearch {
        FontSearch { dirs: self.font_dirs.clone(), system: !self.no_system_fonts }
    }
}
