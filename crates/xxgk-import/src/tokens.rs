//! A table region as a stream of tokens (text, value, blank) and its
//! segments: the text seen since the last numbers (the row label, possibly
//! split over cells or wrapped lines) followed by the numbers of that row.
//! Rows are then found by label ([`match_suffix`]) and the numbers placed by
//! [`resolve`], which refuses whenever their cells are ambiguous.

use std::collections::HashMap;

use xxgk_report::labels::normalize_label;

use crate::doc::{Block, Document};
use crate::error::ImportError;
use crate::values::{CellValue, parse_cell};
use crate::{Source, grid::Row};

/// What a token is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Text {
        raw: String,
        norm: String,
    },
    /// A number or a mark; blank cells are `Mark("")`.
    Value {
        raw: String,
        value: CellValue,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok {
    pub kind: Kind,
    pub src: Source,
    /// Row id within the region (each paragraph is a row of its own).
    pub row: usize,
    /// The row's cells are real cells at real positions.
    pub exact: bool,
    /// Grid column of the cell, for rows aligned with their header.
    pub col: Option<usize>,
}

impl Tok {
    pub fn is_blank(&self) -> bool {
        matches!(&self.kind, Kind::Value { value: CellValue::Mark(m), .. } if m.is_empty())
    }
    pub fn norm(&self) -> &str {
        match &self.kind {
            Kind::Text { norm, .. } => norm,
            Kind::Value { .. } => "",
        }
    }
    pub fn raw(&self) -> &str {
        match &self.kind {
            Kind::Text { raw, .. } | Kind::Value { raw, .. } => raw,
        }
    }
}

/// Label text followed by the values of one row.
#[derive(Debug, Clone, Default)]
pub struct Segment {
    /// Text tokens before the values (at most [`MAX_LABEL_PARTS`], last last).
    pub label: Vec<usize>,
    /// Value and blank tokens.
    pub values: Vec<usize>,
}

const MAX_LABEL_PARTS: usize = 8;
const MAX_JOIN: usize = 16;

/// The tokens of blocks `range` of a document.
pub fn tokenize(doc: &Document, range: std::ops::Range<usize>) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut row_id = 0;
    for block in &doc.blocks[range] {
        match block {
            Block::Para { text, src, .. } => {
                let row =
                    Row { cells: vec![crate::grid::Cell { text: text.clone(), src: *src, col: None }], exact: false };
                push_row(&mut toks, &row, row_id);
                row_id += 1;
            }
            Block::Table(grid) => {
                for row in &grid.rows {
                    push_row(&mut toks, row, row_id);
                    row_id += 1;
                }
            }
        }
    }
    toks
}

fn text_tok(raw: &str, src: Source, row: usize, exact: bool, col: Option<usize>) -> Tok {
    Tok { kind: Kind::Text { raw: raw.to_string(), norm: normalize_label(raw) }, src, row, exact, col }
}

fn push_row(toks: &mut Vec<Tok>, row: &Row, row_id: usize) {
    let start = toks.len();
    let mut exact = row.exact;
    for cell in &row.cells {
        if let Some(value) = parse_cell(&cell.text) {
            let raw = cell.text.trim().to_string();
            toks.push(Tok { kind: Kind::Value { raw, value }, src: cell.src, row: row_id, exact, col: cell.col });
            continue;
        }
        // `label 0 0 0` or `0 0 0` in one cell (PDF lines, collapsed cells):
        // split only when the numbers form the tail of the cell.
        let pieces: Vec<&str> = cell.text.split_whitespace().collect();
        // A mark alone (`4. 无` + `正当理由…`) may be a wrapped label's
        // word: the tail must hold at least one number.
        let first_value =
            pieces.iter().position(|p| parse_cell(p).is_some_and(|v| v != CellValue::Mark(String::new())));
        let has_number = |f: usize| {
            pieces[f..].iter().any(|p| matches!(parse_cell(p), Some(CellValue::Number { .. } | CellValue::RunTogether)))
        };
        match first_value {
            Some(f) if pieces.len() <= 64 && pieces[f..].iter().all(|p| parse_cell(p).is_some()) && has_number(f) => {
                exact = false;
                if f > 0 {
                    toks.push(text_tok(&pieces[..f].join(" "), cell.src, row_id, false, None));
                }
                for p in &pieces[f..] {
                    if let Some(value) = parse_cell(p) {
                        toks.push(Tok {
                            kind: Kind::Value { raw: p.to_string(), value },
                            src: cell.src,
                            row: row_id,
                            exact,
                            col: None,
                        });
                    }
                }
            }
            _ => toks.push(text_tok(&cell.text, cell.src, row_id, exact, cell.col)),
        }
    }
    if !exact {
        for t in &mut toks[start..] {
            t.exact = false;
            t.col = None;
        }
    }
}

/// Splits tokens into segments (text, then values).
pub fn segments(toks: &[Tok]) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut cur = Segment::default();
    let mut has_value = false;
    for (i, t) in toks.iter().enumerate() {
        match &t.kind {
            Kind::Text { .. } => {
                let blank_row = !has_value
                    && !cur.values.is_empty()
                    && cur.label.last().is_some_and(|&l| {
                        toks[l].exact && cur.values.iter().all(|&v| toks[v].row == toks[l].row && toks[v].exact)
                    });
                if has_value || blank_row {
                    out.push(std::mem::take(&mut cur));
                    has_value = false;
                } else {
                    cur.values.clear();
                }
                cur.label.push(i);
                if cur.label.len() > MAX_LABEL_PARTS {
                    cur.label.remove(0);
                }
            }
            Kind::Value { .. } => {
                has_value |= !t.is_blank();
                cur.values.push(i);
            }
        }
    }
    if has_value || !cur.values.is_empty() {
        out.push(cur);
    }
    out
}

/// The label a segment ends with: the shortest tail of its text tokens whose
/// normalised concatenation is a key of `map`; failing that, the shortest
/// tail that *ends with* a key (PDF text layers put the text of a spanning
/// group cell on the same line: `年度办 （一）予以公开`). Returns the match,
/// the printed text and the normalised label.
pub fn match_suffix<T: Copy + PartialEq>(
    toks: &[Tok],
    label: &[usize],
    map: &HashMap<String, T>,
) -> Option<(T, String, String)> {
    let mut joined = Vec::new();
    let mut norm = String::new();
    for k in 1..=label.len().min(MAX_JOIN) {
        let tok = &toks[label[label.len() - k]];
        norm.insert_str(0, tok.norm());
        if norm.len() > 600 {
            break;
        }
        let raw = || label[label.len() - k..].iter().map(|&i| toks[i].raw()).collect::<Vec<_>>().join(" ");
        if let Some(&hit) = map.get(&norm) {
            return Some((hit, raw(), norm));
        }
        joined.push((norm.clone(), k));
    }
    let raw_of = |k: usize| label[label.len() - k..].iter().map(|&i| toks[i].raw()).collect::<Vec<_>>().join(" ");
    for (norm, k) in &joined {
        // The text before the label (another column's words) must hold no
        // digits: a number glued to a label is never dropped silently.
        let best = map
            .iter()
            .filter(|(key, _)| {
                norm.ends_with(key.as_str()) && !norm[..norm.len() - key.len()].contains(|c: char| c.is_ascii_digit())
            })
            .max_by_key(|(key, _)| key.len());
        if let Some((key, &hit)) = best {
            return Some((hit, raw_of(*k), key.clone()));
        }
    }
    // A label wrapped around its numbers: PDF text layers may put the last
    // line of a tall label cell after the row's numbers (`…不再处理其政府`
    // 0 0 0 … `信息公开申请`). The text then is the start of a label; it is
    // accepted only when it is long enough and starts exactly one row's
    // labels (variants included), so the row is certain, not guessed.
    for (norm, k) in &joined {
        // (chars of the label's start, row, key); a spanning group cell's
        // words may stand before it, as above, but no digits.
        let mut best: Option<(usize, T, &String)> = None;
        let mut unique = true;
        for (start, _) in norm.char_indices() {
            let (pre, part) = norm.split_at(start);
            let len = part.chars().count();
            if len < MIN_LABEL_PREFIX || pre.contains(|c: char| c.is_ascii_digit()) {
                continue;
            }
            for (key, &hit) in map.iter().filter(|(key, _)| key.starts_with(part) && key.len() > part.len()) {
                match best {
                    Some((l, _, _)) if l > len => {}
                    Some((l, other, _)) if l == len => unique &= other == hit,
                    _ => {
                        best = Some((len, hit, key));
                        unique = true;
                    }
                }
            }
        }
        if let Some((_, hit, key)) = best
            && unique
        {
            return Some((hit, raw_of(*k), key.clone()));
        }
    }
    None
}

/// Characters a wrapped label's first part must have to name its row.
const MIN_LABEL_PREFIX: usize = 10;

/// Whether the row of token `at` has any text token (rows are contiguous).
fn row_has_text(toks: &[Tok], at: usize) -> bool {
    let row = toks[at].row;
    let is_text = |t: &Tok| matches!(t.kind, Kind::Text { .. });
    toks[..at].iter().rev().take_while(|t| t.row == row).any(is_text)
        || toks[at..].iter().take_while(|t| t.row == row).any(is_text)
}

/// Places the values of a segment into `n` cells, or explains why not.
///
/// `cols`: the grid columns of each of the `n` cells, from the table's
/// header, when known (a header repeated over merged columns lists all of
/// them); an aligned row is then read by column, blank cells included, and
/// the repeated columns must repeat the value or be blank.
pub fn resolve(
    toks: &[Tok],
    seg: &Segment,
    n: usize,
    cols: Option<&[Vec<usize>]>,
    table: &'static str,
    label: &str,
) -> Result<Vec<usize>, ImportError> {
    let vals = &seg.values;
    let first_src = vals.first().or(seg.label.last()).map_or(Source::Line { line: 0 }, |&i| toks[i].src);
    if let Some(bad) =
        vals.iter().find(|&&v| matches!(&toks[v].kind, Kind::Value { value: CellValue::RunTogether, .. }))
    {
        return Err(ImportError::RunTogether { place: toks[*bad].src, text: toks[*bad].raw().to_string() });
    }
    // The cells of the first row holding values; blanks spilling over from
    // the next row (its leading empty cells) are not part of it.
    let row_vals: Vec<usize> = match vals.first() {
        Some(&first) => vals.iter().copied().filter(|&v| toks[v].row == toks[first].row).collect(),
        None => Vec::new(),
    };
    let spill_blank = vals.iter().all(|v| row_vals.contains(v) || toks[*v].is_blank());
    let row_exact = spill_blank && !row_vals.is_empty() && row_vals.iter().all(|&v| toks[v].exact);
    // Aligned: one real row, read at the header's columns.
    if let Some(cols) = cols
        && row_exact
    {
        let at = |c: usize| row_vals.iter().copied().find(|&v| toks[v].col == Some(c));
        let picked: Vec<usize> = cols.iter().filter_map(|cs| cs.first().and_then(|&c| at(c))).collect();
        let consistent = row_vals.iter().all(|&v| {
            let field = cols.iter().position(|cs| toks[v].col.is_some_and(|c| cs.contains(&c)));
            match field {
                Some(f) => {
                    picked.contains(&v)
                        || toks[v].is_blank()
                        || picked.get(f).is_some_and(|&p| toks[p].kind == toks[v].kind)
                }
                None => toks[v].is_blank(),
            }
        });
        if picked.len() == n && consistent {
            return Ok(picked);
        }
    }
    // Exact: the cells of one real row, all of them after the label.
    if row_exact {
        let first = row_vals[0];
        let whole_row = seg.label.last().is_none_or(|&l| toks[l].row == toks[first].row || !row_has_text(toks, first));
        if whole_row && row_vals.len() == n {
            return Ok(row_vals);
        }
    }
    let filled: Vec<usize> = vals.iter().copied().filter(|&v| !toks[v].is_blank()).collect();
    if filled.len() == n {
        return Ok(filled);
    }
    let last = filled.get(n.wrapping_sub(1)).map(|&l| &toks[l]);
    // On one line of text a repeat may instead be a number broken by a
    // stray space (`1 9 0 0` for 19 0 0): repeats are taken as a
    // converter's repeated merged cell only from real cells, from separate
    // lines, or when no two neighbouring numbers could be one.
    let joinable = filled.windows(2).any(|w| {
        let digits = |t: &Tok| t.raw().bytes().all(|b| b.is_ascii_digit()) && !t.raw().is_empty();
        toks[w[0]].row == toks[w[1]].row
            && digits(&toks[w[0]])
            && digits(&toks[w[1]])
            && !toks[w[0]].raw().starts_with('0')
    });
    let repeat_ok =
        |v: usize| last.is_some_and(|l| toks[v].kind == l.kind && ((toks[v].exact && l.exact) || !joinable));
    if n > 0 && filled.len() > n && filled[n..].iter().all(|&v| repeat_ok(v)) {
        // [I] The last cell spans merged columns and the converter repeated
        // it (`行政许可 0 0 0`, seed 000): the repeats equal the last value.
        return Ok(filled[..n].to_vec());
    }
    if let (Some(a), Some(b)) =
        (vals.iter().position(|&v| !toks[v].is_blank()), vals.iter().rposition(|&v| !toks[v].is_blank()))
        && b + 1 - a == n
        && vals[a..=b].iter().all(|&v| toks[v].row == toks[vals[a]].row)
    {
        // Blanks strictly between numbers of one line are real blank cells.
        return Ok(vals[a..=b].to_vec());
    }
    if let Some(cells) = trailing_blank(toks, vals, n) {
        return Ok(cells);
    }
    Err(ImportError::WrongCount { place: first_src, table, label: label.to_string(), expected: n, found: filled.len() })
}

/// A tab-separated row whose last cell is blank (`…\t5\t6\t`, an unfilled
/// 总计): one number short of `n`, its last cell blank, the `n - 1` cells
/// before it filled, and as wide (in cells) as another line of the table
/// whose last `n` cells are all numbers — so the cells line up from the
/// right and the blank is the last column, not padding.
fn trailing_blank(toks: &[Tok], vals: &[usize], n: usize) -> Option<Vec<usize>> {
    let first = *vals.iter().find(|&&v| !toks[v].is_blank())?;
    let line = toks[first].row;
    let own: Vec<usize> = (0..toks.len()).filter(|&i| toks[i].row == line).collect();
    let width = own.len();
    if n < 2 {
        return None;
    }
    let tail = own.get(width.checked_sub(n)?..)?;
    let (last, before) = tail.split_last()?;
    let filled = |i: &usize| matches!(toks[*i].kind, Kind::Value { .. }) && !toks[*i].is_blank();
    if !toks[*last].is_blank()
        || !before.iter().all(filled)
        || !vals.contains(last)
        || before.first().is_none_or(|b| !vals.contains(b))
    {
        return None;
    }
    let mut rows: Vec<Vec<usize>> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        match rows.last_mut() {
            Some(r) if toks[r[0]].row == t.row => r.push(i),
            _ => rows.push(vec![i]),
        }
    }
    let aligned = rows.iter().any(|r| r.len() == width && toks[r[0]].row != line && r[width - n..].iter().all(filled));
    aligned.then(|| tail.to_vec())
}

/// Debug listing of tokens (used by the `dump` example with `--tokens`).
pub fn describe(toks: &[Tok]) -> String {
    toks.iter()
        .map(|t| {
            format!(
                "{}r{}{}{}:{:?}",
                if t.exact { "E" } else { "L" },
                t.row,
                t.col.map_or(String::new(), |c| format!("c{c}")),
                t.src,
                t.raw()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}
