//! typst's diagnostics as our errors. A missing font family is only a
//! *warning* in typst (the PDF then has no visible text), so it is refused
//! here; errors are described with their line in the generated source.

use typst::WorldExt;
use typst::diag::SourceDiagnostic;

use crate::PdfError;
use crate::world::DocumentWorld;

/// The start of typst's warning for a family that no font provides.
const UNKNOWN_FAMILY: &str = "unknown font family: ";

/// Fails on the first "unknown font family" warning.
pub(crate) fn refuse_font_warnings(warnings: &[SourceDiagnostic]) -> Result<(), PdfError> {
    match warnings.iter().find_map(|w| w.message.strip_prefix(UNKNOWN_FAMILY).map(|family| (family, w))) {
        Some((family, warning)) => {
            Err(PdfError::MissingFont { family: family.to_string(), detail: format!("typst: {}", warning.message) })
        }
        None => Ok(()),
    }
}

/// One line per diagnostic: `line N: message (hint: …)`.
pub(crate) fn describe(world: &DocumentWorld<'_>, diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| {
            let line = world
                .range(d.span)
                .map(|range| format!("第 {} 行：", world.line_of(range.start) + 1))
                .unwrap_or_default();
            let hints: String = d.hints.iter().map(|h| format!("（提示：{}）", h.v)).collect();
            format!("{line}{}{hints}", d.message)
        })
        .collect::<Vec<_>>()
        .join("；")
}
