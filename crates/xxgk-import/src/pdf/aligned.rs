//! Tables the PDF draws without ruling lines, rebuilt by x-alignment: a
//! run of lines whose pieces line up in columns becomes a table. Column
//! bands are the x-extents of the pieces of the fullest lines; every piece
//! goes to the band(s) it covers (a piece over several bands is a merged
//! cell). A row starts at each line with a number outside the first
//! column; lines with text only (a wrapped label) join a row by the given
//! [`Reading`] — the caller tries every reading and refuses when those
//! that give a report disagree, because a label wrapped above or below its
//! numbers, or a wrapped block title, cannot be told apart by position
//! alone (the template's labels decide).

use super::layout::{Item, Line, Table, TableCell};

/// Most lines of one aligned table (a report's largest has about a hundred).
const MAX_REGION_LINES: usize = 1_000;

/// Where a text-only line (part of a wrapped cell) goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowPolicy {
    /// To the row above (cells aligned to the top, as Word does by default).
    Top,
    /// To the nearer row (cells centred vertically).
    Nearest,
}

/// Whether text-only lines right above a heading row (text in the columns
/// where rows have numbers) are that heading's title rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Titles {
    /// No: they continue the row above like any wrapped line.
    Continue,
    /// The one line right above is a title row.
    Line,
    /// All text-only lines up to the row above are title rows.
    Block,
}

/// One way of grouping the lines of a borderless table into rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    pub rows: RowPolicy,
    pub titles: Titles,
}

/// Every reading, most common first.
pub const READINGS: [Reading; 6] = [
    Reading { rows: RowPolicy::Top, titles: Titles::Line },
    Reading { rows: RowPolicy::Top, titles: Titles::Block },
    Reading { rows: RowPolicy::Top, titles: Titles::Continue },
    Reading { rows: RowPolicy::Nearest, titles: Titles::Line },
    Reading { rows: RowPolicy::Nearest, titles: Titles::Block },
    Reading { rows: RowPolicy::Nearest, titles: Titles::Continue },
];

/// Replaces runs of column-aligned lines by tables.
pub fn align_tables(items: Vec<Item>, policy: Reading) -> Vec<Item> {
    read(&pieces(items), policy)
}

/// The items of every reading in [`READINGS`] order, each reading that
/// groups every table's lines into the same rows as an earlier one left
/// out (it would give the same items). The work that does not depend on
/// the reading (regions, bands, wrapped numbers) is done once.
pub fn distinct_readings(items: Vec<Item>) -> Vec<Vec<Item>> {
    let pieces = pieces(items);
    let mut seen: Vec<Vec<Vec<usize>>> = Vec::new();
    let mut out = Vec::new();
    for policy in READINGS {
        let keys: Vec<Vec<usize>> = pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Region(r) => Some(row_keys(r, policy)),
                Piece::Item(_) => None,
            })
            .collect();
        if seen.contains(&keys) {
            continue;
        }
        out.push(read_with(&pieces, |k, r| r.table(&keys[k])));
        seen.push(keys);
    }
    out
}

/// Lines kept as they are, and aligned regions whose rows depend on the reading.
enum Piece {
    Item(Item),
    Region(Region),
}

fn read(pieces: &[Piece], policy: Reading) -> Vec<Item> {
    read_with(pieces, |_, r| r.table(&row_keys(r, policy)))
}

/// The items, each region made a table by `table(region number, region)`.
fn read_with(pieces: &[Piece], table: impl Fn(usize, &Region) -> Table) -> Vec<Item> {
    let mut region = 0;
    pieces
        .iter()
        .map(|p| match p {
            Piece::Item(i) => i.clone(),
            Piece::Region(r) => {
                region += 1;
                Item::Table(table(region - 1, r))
            }
        })
        .collect()
}

fn pieces(items: Vec<Item>) -> Vec<Piece> {
    let mut out = Vec::with_capacity(items.len());
    let mut pending: Vec<Line> = Vec::new();
    for item in items {
        match item {
            Item::Line(l) => pending.push(l),
            table @ Item::Table(_) => {
                regions(std::mem::take(&mut pending), &mut out);
                out.push(Piece::Item(table));
            }
        }
    }
    regions(pending, &mut out);
    out
}

/// Section headings (`三、…`) end a table region.
fn is_heading(text: &str) -> bool {
    let mut chars = text.trim_start().chars();
    let mut numerals = 0;
    for c in chars.by_ref() {
        if "一二三四五六七八九十".contains(c) {
            numerals += 1;
        } else {
            return numerals > 0 && c == '、';
        }
    }
    false
}

fn is_number(text: &str) -> bool {
    let mut digit = false;
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if c.is_ascii_digit() {
            digit = true;
        } else if !matches!(c, '.' | ',' | '-' | '%' | '，' | '．') {
            return false;
        }
    }
    digit
}

fn regions(lines: Vec<Line>, out: &mut Vec<Piece>) {
    let left = lines.iter().filter_map(|l| l.runs.first()).map(|r| r.x0).fold(f64::MAX, f64::min);
    let right = lines.iter().filter_map(|l| l.runs.last()).map(|r| r.x1).fold(f64::MIN, f64::max);
    let width = (right - left).max(1.0);
    // A line that ends a table: a heading, or prose wider than most cells.
    let breaks = |l: &Line| l.runs.len() == 1 && (is_heading(&l.text) || l.runs[0].x1 - l.runs[0].x0 > 0.6 * width);
    let mut i = 0;
    while i < lines.len() {
        if lines[i].runs.len() < 2 || breaks(&lines[i]) {
            out.push(Piece::Item(Item::Line(lines[i].clone())));
            i += 1;
            continue;
        }
        // Extend to the last multi-piece line before a break.
        let mut end = i;
        let mut j = i + 1;
        while j < lines.len() && j - i < MAX_REGION_LINES && !breaks(&lines[j]) {
            if lines[j].runs.len() >= 2 {
                end = j;
            }
            j += 1;
        }
        // Short text-only lines right after the last row: its wrapped tail.
        let mut tail = end;
        while tail + 1 < j
            && lines[tail + 1].page == lines[tail].page
            && lines[tail].y - lines[tail + 1].y <= 2.0 * lines[tail].size.max(1.0)
            && lines[tail + 1].runs.iter().all(|r| r.x1 - r.x0 < 0.4 * width)
        {
            tail += 1;
        }
        let region = &lines[i..=tail];
        match Region::new(region) {
            Some(r) if region.iter().filter(|l| l.runs.len() >= 2).count() >= 2 => out.push(Piece::Region(r)),
            _ => out.extend(region.iter().cloned().map(|l| Piece::Item(Item::Line(l)))),
        }
        i = tail + 1;
    }
}

/// A run of aligned lines read as a table, before its lines are grouped
/// into rows (which depends on the [`Reading`]).
struct Region {
    /// The lines, wrapped numbers joined.
    lines: Vec<Line>,
    xs: Vec<f64>,
    cols: usize,
    /// First and last column of each run of each line.
    spans: Vec<Vec<(usize, usize)>>,
    /// Columns where a line shows numbers (outside the first column).
    numeric: Vec<Vec<usize>>,
    /// Lines with numbers.
    anchors: Vec<usize>,
}

impl Region {
    fn new(lines: &[Line]) -> Option<Region> {
        let most = lines.iter().map(|l| l.runs.len()).max()?;
        // Bands from the fullest lines (merged heading cells would join bands).
        let threshold = most.saturating_sub(1).max(2);
        let mut spans: Vec<(f64, f64)> = lines
            .iter()
            .filter(|l| l.runs.len() >= threshold)
            .flat_map(|l| l.runs.iter().map(|r| (r.x0, r.x1)))
            .collect();
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut bands: Vec<(f64, f64)> = Vec::new();
        for (x0, x1) in spans {
            match bands.last_mut() {
                Some(b) if x0 <= b.1 + 1.0 => b.1 = b.1.max(x1),
                _ => bands.push((x0, x1)),
            }
        }
        if bands.len() < 2 {
            return None;
        }
        let mut xs = vec![bands[0].0 - 1.0];
        xs.extend(bands.windows(2).map(|w| (w[0].1 + w[1].0) / 2.0));
        xs.push(bands[bands.len() - 1].1 + 1.0);
        let cols = bands.len();
        let col_of = |x: f64| xs[1..cols].iter().take_while(|&&b| b <= x).count();
        let lines = join_wrapped_numbers(lines, &bands, &col_of);
        let span_of = |r: &super::layout::Run| {
            let a = col_of(r.x0);
            (a, col_of((r.x1 - 0.5).max(r.x0)).max(a))
        };
        let spans: Vec<Vec<(usize, usize)>> = lines.iter().map(|l| l.runs.iter().map(span_of).collect()).collect();
        let numeric: Vec<Vec<usize>> = lines
            .iter()
            .zip(&spans)
            .map(|(l, s)| {
                l.runs.iter().zip(s).filter(|(r, _)| is_number(&r.text)).map(|(_, s)| s.0).filter(|&c| c > 0).collect()
            })
            .collect();
        let anchors: Vec<usize> = (0..lines.len()).filter(|&k| !numeric[k].is_empty()).collect();
        anchors.first()?;
        Some(Region { lines, xs, cols, spans, numeric, anchors })
    }

    /// The table with the lines grouped into rows by `key` (see [`row_keys`]).
    fn table(&self, key: &[usize]) -> Table {
        let (lines, cols) = (&self.lines, self.cols);
        let mut order: Vec<usize> = key.to_vec();
        order.sort_unstable();
        order.dedup();
        let rows = order.len();
        // Pieces per row as (first column, last column, text, x0), top to bottom.
        let mut pieces: Vec<Vec<(usize, usize, &str, f64)>> = vec![Vec::new(); rows];
        for ((line, k), spans) in lines.iter().zip(key).zip(&self.spans) {
            let row = order.binary_search(k).unwrap_or(0);
            for (r, &(a, b)) in line.runs.iter().zip(spans) {
                pieces[row].push((a, b, r.text.trim(), r.x0));
            }
        }
        let size = lines.iter().map(|l| l.size).fold(1.0, f64::max);
        let mut cells = Vec::new();
        for (row, ps) in pieces.iter().enumerate() {
            // Merge overlapping column ranges into cells.
            let mut ranges: Vec<(usize, usize)> = ps.iter().map(|p| (p.0, p.1)).collect();
            ranges.sort_unstable();
            let mut merged: Vec<(usize, usize)> = Vec::new();
            for (a, b) in ranges {
                match merged.last_mut() {
                    Some(m) if a <= m.1 => m.1 = m.1.max(b),
                    _ => merged.push((a, b)),
                }
            }
            let mut col = 0;
            for (a, b) in merged.into_iter().chain(std::iter::once((cols, cols))) {
                while col < a.min(cols) {
                    cells.push(TableCell { row, col, rowspan: 1, colspan: 1, text: String::new() });
                    col += 1;
                }
                if a >= cols {
                    break;
                }
                let inside: Vec<(&str, f64)> =
                    ps.iter().filter(|p| p.0 >= a && p.1 <= b && !p.2.is_empty()).map(|p| (p.2, p.3)).collect();
                cells.push(TableCell { row, col: a, rowspan: 1, colspan: b - a + 1, text: cell_text(&inside, size) });
                col = b + 1;
            }
        }
        Table { xs: self.xs.clone(), rows, cells, top: lines[0].y }
    }
}

/// Row key of each line of a region: the anchor line (a line with
/// numbers) whose row it belongs to, or itself.
fn row_keys(region: &Region, policy: Reading) -> Vec<usize> {
    let Region { lines, spans, numeric, anchors, .. } = region;
    // A text-only line joins an anchor's row unless it has text where that
    // row has numbers (then it is a row of its own: a heading row).
    let joins = |k: usize, a: usize| spans[k].iter().all(|&(x, y)| !numeric[a].iter().any(|c| (x..=y).contains(c)));
    // A text-only line joins a row only when the line next to it, on that
    // side, is already part of the row.
    let nearer_below = |k: usize| -> bool {
        let at = anchors.partition_point(|&a| a < k);
        let above = at.checked_sub(1).and_then(|i| anchors.get(i));
        let below = anchors.get(at).filter(|&&b| b > k).or_else(|| anchors.get(at + 1));
        match (policy.rows, above, below) {
            (RowPolicy::Nearest, Some(&a), Some(&b)) => {
                match (lines[a].page == lines[k].page, lines[b].page == lines[k].page) {
                    (true, true) => (lines[b].y - lines[k].y).abs() < (lines[a].y - lines[k].y).abs(),
                    (false, true) => true,
                    _ => false,
                }
            }
            _ => false,
        }
    };
    let mut key: Vec<usize> = (0..lines.len()).collect();
    for k in 1..lines.len() {
        let a = key[k - 1];
        if numeric[k].is_empty() && !numeric[a].is_empty() && !nearer_below(k) && joins(k, a) {
            key[k] = a;
        }
    }
    for k in (0..lines.len().saturating_sub(1)).rev() {
        let b = key[k + 1];
        if numeric[k].is_empty() && !numeric[b].is_empty() && nearer_below(k) && joins(k, b) {
            key[k] = b;
        }
    }
    // A text-only line right above a heading row is that heading's title
    // row (`第二十条第（五）项` above `信息内容 | 本年处理决定数量`).
    let own_text_row: Vec<bool> = (0..lines.len()).map(|j| key[j] == j && numeric[j].is_empty()).collect();
    for k in (0..lines.len().saturating_sub(1)).rev() {
        let next_is_title = match policy.titles {
            Titles::Continue => false,
            Titles::Line => own_text_row[k + 1],
            Titles::Block => key[k + 1] == k + 1 && numeric[k + 1].is_empty(),
        };
        if numeric[k].is_empty() && key[k] < k && next_is_title {
            key[k] = k;
        }
    }
    key
}

/// The text of a cell from its pieces (top to bottom). Pieces that start
/// further right than the others by more than a character and a half are a
/// narrower column the band swallowed (a merged label beside its sub-labels):
/// each such sub-column is read top to bottom, left one first.
fn cell_text(pieces: &[(&str, f64)], size: f64) -> String {
    let mut starts: Vec<f64> = pieces.iter().map(|p| p.1).collect();
    starts.sort_by(f64::total_cmp);
    let mut clusters: Vec<f64> = Vec::new();
    for x in starts {
        if clusters.last().is_none_or(|&c| x - c > 1.5 * size) {
            clusters.push(x);
        }
    }
    let cluster = |x: f64| clusters.iter().rposition(|&c| c <= x + 0.01).unwrap_or(0);
    let mut ordered: Vec<(usize, usize, &str)> =
        pieces.iter().enumerate().map(|(i, p)| (cluster(p.1), i, p.0)).collect();
    ordered.sort_unstable();
    ordered.iter().map(|p| p.2).collect::<Vec<_>>().join("\n")
}

/// Joins a number wrapped inside its cell: numbers on a line tight below a
/// line whose number in the same column fills that column to its widest
/// continue that number (text on the line, such as a vertical label beside
/// the rows, stays).
fn join_wrapped_numbers(lines: &[Line], bands: &[(f64, f64)], col_of: &dyn Fn(f64) -> usize) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    for line in lines {
        let has_numbers = line.runs.iter().any(|r| is_number(&r.text));
        if has_numbers && let Some(prev) = out.last_mut() {
            let tight = prev.page == line.page && prev.y - line.y <= 1.8 * prev.size.max(line.size);
            let prev_numeric: Vec<usize> =
                prev.runs.iter().filter(|p| is_number(&p.text)).map(|p| col_of(p.x0)).collect();
            // Each number continues the one above it; text sits where the line above has no number.
            let targets: Option<Vec<Option<usize>>> = line
                .runs
                .iter()
                .map(|r| {
                    let c = col_of(r.x0);
                    if !is_number(&r.text) {
                        return (!prev_numeric.contains(&c)).then_some(None);
                    }
                    prev.runs
                        .iter()
                        .position(|p| {
                            col_of(p.x0) == c && is_number(&p.text) && p.x1 >= bands[c].1 - 0.6 * prev.size.max(1.0)
                        })
                        .map(Some)
                })
                .collect();
            if tight && let Some(targets) = targets {
                let mut rest = line.clone();
                rest.runs.clear();
                for (r, t) in line.runs.iter().zip(targets) {
                    match t {
                        Some(t) => prev.runs[t].text.push_str(r.text.trim()),
                        None => rest.runs.push(r.clone()),
                    }
                }
                if !rest.runs.is_empty() {
                    out.push(rest);
                }
                continue;
            }
        }
        out.push(line.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::layout::Run;

    fn line(y: f64, runs: &[(&str, f64)]) -> Line {
        let runs: Vec<Run> =
            runs.iter().map(|&(t, x)| Run { text: t.into(), x0: x, x1: x + 10.0 * t.chars().count() as f64 }).collect();
        Line { text: runs.iter().map(|r| r.text.as_str()).collect::<Vec<_>>().join("\t"), y, size: 10.0, runs, page: 0 }
    }

    fn texts(items: &[Item]) -> Vec<Vec<String>> {
        let Some(Item::Table(t)) = items.iter().find(|i| matches!(i, Item::Table(_))) else { return Vec::new() };
        (0..t.rows).map(|r| t.cells.iter().filter(|c| c.row == r).map(|c| c.text.clone()).collect()).collect()
    }

    /// A small borderless table with a label wrapped between two rows,
    /// then a heading.
    fn wrapped_table() -> Vec<Item> {
        let lines = vec![
            line(300.0, &[("信息内容", 0.0), ("件数", 200.0)]),
            line(280.0, &[("行政", 0.0), ("5", 200.0)]),
            line(262.0, &[("规范性文件", 0.0)]),
            line(250.0, &[("规章", 0.0), ("7", 200.0)]),
            line(200.0, &[("四、行政复议", 0.0)]),
        ];
        lines.into_iter().map(Item::Line).collect()
    }

    #[test]
    fn wrapped_labels_join_their_row_by_policy() {
        let items = wrapped_table();
        let reading = |rows| Reading { rows, titles: Titles::Line };
        let top = align_tables(items.clone(), reading(RowPolicy::Top));
        assert_eq!(texts(&top), vec![vec!["信息内容", "件数"], vec!["行政\n规范性文件", "5"], vec!["规章", "7"]]);
        assert!(matches!(top.last(), Some(Item::Line(l)) if l.text == "四、行政复议"));
        let nearest = align_tables(items, reading(RowPolicy::Nearest));
        assert_eq!(texts(&nearest)[2], vec!["规范性文件\n规章", "7"]);
    }

    #[test]
    fn distinct_readings_are_the_readings_without_repeats() {
        let mut items = wrapped_table();
        items.insert(0, Item::Line(line(320.0, &[("第二十条第（五）项", 0.0)])));
        let mut each: Vec<Vec<Item>> = Vec::new();
        for reading in READINGS {
            let v = align_tables(items.clone(), reading);
            if !each.contains(&v) {
                each.push(v);
            }
        }
        let distinct = distinct_readings(items);
        assert!(each.len() > 1, "the example must have readings that differ");
        assert_eq!(distinct, each);
    }

    #[test]
    fn prose_is_no_table() {
        let items = vec![Item::Line(line(300.0, &[("本报告所列数据的统计期限自", 0.0)]))];
        assert_eq!(align_tables(items.clone(), READINGS[0]), items);
        assert!(is_heading("三、收到和处理") && !is_heading("（三）不予公开") && !is_heading("三"));
        assert!(is_number("1,234") && !is_number("第3") && !is_number("-"));
        assert!(is_number(" 1 2．5% ") && !is_number("") && !is_number(" 1 a"));
    }
}
