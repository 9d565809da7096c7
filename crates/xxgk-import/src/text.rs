//! Plain text and Markdown → [`Document`].
//!
//! Three table layouts are recognised (`shared/fixtures/reports`):
//! - **cell per line** (Word "save as text"): every cell is a line starting
//!   with a tab, rows are separated by blank lines, and a line without a tab
//!   right after a cell continues that cell (a wrapped label, `商业\n企业`);
//!   these rows are exact.
//! - **tab-separated rows**: one row per line; cells may be shifted, padded
//!   or merged, so these rows are not exact.
//! - **Markdown tables** (`| a | b |`, separator rows skipped), exact rows.
//!
//! Every other line is a paragraph; PDF text layers come here too.

use crate::Source;
use crate::doc::{Block, Document};
use crate::grid::{Cell, Grid, Row};
use crate::sections::heading_of;

/// Parses decoded text.
pub fn parse(text: &str) -> Document {
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    let mut doc = Document::default();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if is_markdown_row(line) {
            let start = i;
            while i < lines.len() && is_markdown_row(lines[i]) {
                i += 1;
            }
            doc.blocks.push(Block::Table(markdown_grid(&lines[start..i], start)));
        } else if line.contains('\t') && heading_of(line).is_none() {
            i = tab_run(&lines, i, &mut doc);
        } else {
            let text = clean_para(line);
            if !text.is_empty() {
                doc.blocks.push(Block::Para { text, src: Source::Line { line: i + 1 }, scope: 0 });
            }
            i += 1;
        }
    }
    doc
}

/// Strips Markdown heading/emphasis marks and surrounding white space.
fn clean_para(line: &str) -> String {
    let t = line.trim();
    let t = t.trim_start_matches('#').trim();
    let t = t.trim_start_matches('>').trim();
    let stripped = t.trim_matches('*').trim();
    if stripped.len() + 4 <= t.len() || t.starts_with("**") { stripped.to_string() } else { t.to_string() }
}

fn is_markdown_row(line: &str) -> bool {
    let t = line.trim();
    t.len() > 1 && t.starts_with('|') && t.ends_with('|')
}

fn is_separator(cells: &[&str]) -> bool {
    cells.iter().all(|c| {
        let c = c.trim();
        !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' '))
    })
}

fn markdown_grid(lines: &[&str], first_line: usize) -> Grid {
    let mut rows = Vec::new();
    for (k, line) in lines.iter().enumerate() {
        let t = line.trim();
        let inner = &t[1..t.len() - 1];
        let parts: Vec<&str> = inner.split('|').collect();
        if is_separator(&parts) {
            continue;
        }
        let src = Source::Line { line: first_line + k + 1 };
        let cells = parts
            .iter()
            .enumerate()
            .map(|(col, p)| Cell {
                text: p.replace("<br>", "\n").replace("<br/>", "\n").replace("<br />", "\n").trim().to_string(),
                src,
                col: Some(col),
            })
            .collect();
        rows.push(Row { cells, exact: true });
    }
    Grid { rows }
}

/// A line without any cell (an empty cell is a lone tab, not blank).
fn is_blank(line: &str) -> bool {
    !line.contains('\t') && line.trim().is_empty()
}

fn is_cell_line(line: &str) -> bool {
    line.starts_with('\t') && !line[1..].contains('\t')
}

/// Collects a run of table lines starting at `start`; returns the next line.
fn tab_run(lines: &[&str], start: usize, doc: &mut Document) -> usize {
    // Decide the layout from the lines up to the first paragraph-like line.
    let mut end = start;
    let mut cell_lines = 0;
    let mut tab_lines = 0;
    let mut prev_cell = false;
    while end < lines.len() {
        let line = lines[end];
        if is_blank(line) {
            prev_cell = false;
        } else if line.contains('\t') {
            if heading_of(line).is_some() {
                break;
            }
            tab_lines += 1;
            if is_cell_line(line) {
                cell_lines += 1;
            }
            prev_cell = is_cell_line(line);
        } else if prev_cell && heading_of(line).is_none() {
            // continuation of a wrapped cell
        } else {
            break;
        }
        end += 1;
    }
    let cell_per_line = cell_lines * 10 >= tab_lines * 9;
    if cell_per_line {
        let mut rows = Vec::new();
        let mut cells: Vec<Cell> = Vec::new();
        for (k, line) in lines[start..end].iter().enumerate() {
            let src = Source::Line { line: start + k + 1 };
            if is_blank(line) {
                if !cells.is_empty() {
                    rows.push(Row { cells: std::mem::take(&mut cells), exact: true });
                }
            } else if let Some(rest) = line.strip_prefix('\t') {
                cells.extend(rest.split('\t').map(|t| Cell { text: t.trim().to_string(), src, col: None }));
            } else if let Some(last) = cells.last_mut() {
                last.text.push('\n');
                last.text.push_str(line.trim());
            }
        }
        if !cells.is_empty() {
            rows.push(Row { cells, exact: true });
        }
        doc.blocks.push(Block::Table(Grid { rows }));
        return end;
    }
    // Tab-separated rows: stop at the first line without a tab.
    let mut rows = Vec::new();
    let mut k = start;
    while k < end {
        let line = lines[k];
        if is_blank(line) {
            k += 1;
            continue;
        }
        if !line.contains('\t') {
            break;
        }
        let src = Source::Line { line: k + 1 };
        let cells = line.split('\t').map(|t| Cell { text: t.trim().to_string(), src, col: None }).collect();
        rows.push(Row { cells, exact: false });
        k += 1;
    }
    doc.blocks.push(Block::Table(Grid { rows }));
    k
}
