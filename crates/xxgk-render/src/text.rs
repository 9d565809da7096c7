//! The plain-text renderer: the title, the six headings, prose paragraphs,
//! and the tables flattened from the shared layout ([`crate::flat`]) with one
//! table row per line and cells separated by tabs — the label cells (a group
//! label, then its item) followed by the numbers; a header line lists each
//! column's labels top first, joined by a space. Blocks are separated by a
//! blank line. Tabs inside prose become spaces so that they cannot be taken
//! for cell separators.

use crate::flat::{FlatTable, flatten};
use crate::layout::{Body, Document, document};

/// Renders the report as plain text.
pub fn text(report: &xxgk_report::Report) -> String {
    let doc = document(report);
    let mut out = String::with_capacity(8 * 1024);
    out.push_str(&doc.title);
    out.push('\n');
    for section in &doc.sections {
        out.push('\n');
        out.push_str(section.heading);
        out.push('\n');
        match &section.body {
            Body::Paragraphs(paragraphs) => {
                for p in paragraphs {
                    out.push_str(&p.replace('\t', " "));
                    out.push('\n');
                }
            }
            Body::NotFilled => {
                out.push_str(Document::PLACEHOLDER);
                out.push('\n');
            }
            Body::Table(grid) => {
                for (i, part) in flatten(grid).iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    lines(part, &mut out);
                }
            }
        }
    }
    out
}

fn lines(t: &FlatTable<'_>, out: &mut String) {
    if let Some(caption) = t.caption {
        out.push_str(caption);
        out.push('\n');
    }
    let mut head: Vec<String> = Vec::with_capacity(t.value_heads.len() + 1);
    if t.has_labels {
        head.push(t.label_head.join(" "));
    }
    head.extend(t.value_heads.iter().map(|h| h.join(" ")));
    out.push_str(&head.join("\t"));
    out.push('\n');
    for row in &t.rows {
        let cells: Vec<&str> = row.labels.iter().chain(row.values.iter()).copied().collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
}
