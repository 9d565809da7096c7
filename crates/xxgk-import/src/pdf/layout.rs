//! Page layout rebuilt from glyph positions: glyphs → lines (by baseline,
//! ordered by x, gaps read as spaces or column tabs); ruling segments →
//! tables (column and row boundaries where the PDF draws lines, merged
//! cells where a boundary is not drawn); page furniture (page numbers,
//! running headers and footers) dropped by position and repetition; a table
//! that continues on the next page joined to its first part, a repeated
//! heading row dropped.

use super::content::{Glyph, PageContent, Segment};

/// Positions closer than this (points) are the same boundary.
const SNAP: f64 = 2.0;
/// Pages with more ruling segments than this are drawings, not tables
/// (table detection compares segments pairwise).
const MAX_RULING_SEGMENTS: usize = 4_000;
/// Largest slot grid of one ruled table.
const MAX_TABLE_SLOTS: usize = 20_000;
/// A gap wider than this many font sizes separates columns.
const RUN_GAP: f64 = 0.8;
/// Share of the page height at the top and bottom where furniture lives.
const MARGIN_ZONE: f64 = 0.09;

/// A line of text outside ruled tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub text: String,
    /// Baseline.
    pub y: f64,
    /// Largest font size on the line.
    pub size: f64,
    /// Pieces of the line separated by a column-sized gap, left to right.
    pub runs: Vec<Run>,
    /// Page index (0-based).
    pub page: usize,
}

/// Text between two column-sized gaps of a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub text: String,
    pub x0: f64,
    pub x1: f64,
}

/// One cell of a ruled table: its slot and span, and its text (lines
/// joined with `\n`).
#[derive(Debug, Clone, PartialEq)]
pub struct TableCell {
    pub row: usize,
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
    pub text: String,
}

/// A ruled table (possibly joined over pages).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column boundaries, left to right.
    pub xs: Vec<f64>,
    pub rows: usize,
    pub cells: Vec<TableCell>,
    pub top: f64,
}

/// A page element in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Line(Line),
    Table(Table),
}

/// Lays out every page and joins them.
pub fn layout(pages: &[PageContent]) -> Vec<Item> {
    let mut per_page: Vec<Vec<Item>> = pages.iter().enumerate().map(|(i, p)| page_items(p, i)).collect();
    drop_furniture(&mut per_page, pages);
    let mut out: Vec<Item> = Vec::new();
    for items in per_page {
        let mut items = items.into_iter();
        if let Some(first) = items.next() {
            match (out.last_mut(), first) {
                (Some(Item::Table(prev)), Item::Table(next)) if same_columns(&prev.xs, &next.xs) => {
                    append_rows(prev, next);
                }
                (_, first) => out.push(first),
            }
        }
        out.extend(items);
    }
    out
}

fn page_items(page: &PageContent, page_no: usize) -> Vec<Item> {
    let glyphs = dedupe(&page.glyphs);
    let mut tables = find_tables(&page.segments);
    let mut free = Vec::new();
    let mut in_cells: Vec<Vec<Vec<&Glyph>>> = tables.iter().map(|t| vec![Vec::new(); t.cells.len()]).collect();
    'glyphs: for g in &glyphs {
        let (cx, cy) = (g.x + g.w / 2.0, g.y + g.size * 0.3);
        for (t, table) in tables.iter().enumerate() {
            if let Some(cell) = table.cell_at(cx, cy) {
                in_cells[t][cell].push(g);
                continue 'glyphs;
            }
        }
        free.push(g);
    }
    let mut items: Vec<(f64, Item)> = Vec::new();
    for (table, glyphs) in tables.drain(..).zip(in_cells) {
        let cells = table
            .cells
            .iter()
            .zip(glyphs)
            .map(|(&(row, col, rowspan, colspan), g)| TableCell {
                row,
                col,
                rowspan,
                colspan,
                text: lines(&g, page_no).into_iter().map(|l| l.text).collect::<Vec<_>>().join("\n"),
            })
            .collect();
        let top = table.ys[0];
        items.push((top, Item::Table(Table { xs: table.xs, rows: table.ys.len() - 1, cells, top })));
    }
    for line in lines(&free, page_no) {
        items.push((line.y, Item::Line(line)));
    }
    items.sort_by(|a, b| b.0.total_cmp(&a.0));
    items.into_iter().map(|(_, i)| i).collect()
}

/// Drops glyphs printed twice at the same place (fake bold).
fn dedupe(glyphs: &[Glyph]) -> Vec<Glyph> {
    let mut sorted: Vec<&Glyph> = glyphs.iter().filter(|g| !g.text.trim().is_empty()).collect();
    sorted.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut out: Vec<Glyph> = Vec::with_capacity(sorted.len());
    for g in sorted {
        let twin =
            out.iter().rev().take(4).any(|o| o.text == g.text && (o.x - g.x).abs() < 0.5 && (o.y - g.y).abs() < 0.5);
        if !twin {
            out.push(g.clone());
        }
    }
    out
}

/// Glyphs grouped into lines by baseline, top to bottom.
fn lines(glyphs: &[&Glyph], page: usize) -> Vec<Line> {
    let mut sorted: Vec<&Glyph> = glyphs.to_vec();
    sorted.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut groups: Vec<Vec<&Glyph>> = Vec::new();
    for g in sorted {
        match groups.last_mut() {
            Some(group) if (group[0].y - g.y).abs() <= 0.35 * group[0].size.max(g.size).max(1.0) => group.push(g),
            _ => groups.push(vec![g]),
        }
    }
    groups
        .into_iter()
        .map(|mut group| {
            group.sort_by(|a, b| a.x.total_cmp(&b.x));
            let y = group[0].y;
            let size = group.iter().map(|g| g.size).fold(0.0, f64::max);
            let mut text = String::new();
            let mut runs: Vec<Run> = Vec::new();
            let mut end: Option<f64> = None;
            for g in group {
                let gap = end.map(|end| g.x - end);
                if gap.is_none_or(|gap| gap > RUN_GAP * g.size) {
                    if gap.is_some() {
                        text.push('\t');
                    }
                    runs.push(Run { text: String::new(), x0: g.x, x1: g.x });
                } else if gap.is_some_and(|gap| gap > 0.2 * g.size) && !text.ends_with(' ') {
                    text.push(' ');
                    if let Some(run) = runs.last_mut() {
                        run.text.push(' ');
                    }
                }
                text.push_str(&g.text);
                if let Some(run) = runs.last_mut() {
                    run.text.push_str(&g.text);
                    run.x1 = g.x + g.w;
                }
                end = Some(g.x + g.w);
            }
            Line { text: text.trim().to_string(), y, size, runs, page }
        })
        .filter(|l| !l.text.is_empty())
        .collect()
}

/// A table found from ruling segments, before text is placed.
#[derive(Debug)]
struct Ruled {
    xs: Vec<f64>,
    /// Row boundaries, top to bottom.
    ys: Vec<f64>,
    /// (row, col, rowspan, colspan) of each cell.
    cells: Vec<(usize, usize, usize, usize)>,
    /// Cell index of each slot.
    slot_cell: Vec<usize>,
}

impl Ruled {
    fn cell_at(&self, x: f64, y: f64) -> Option<usize> {
        let c = self.xs.windows(2).position(|w| w[0] <= x && x < w[1])?;
        let r = self.ys.windows(2).position(|w| w[1] <= y && y < w[0])?;
        self.slot_cell.get(r * (self.xs.len() - 1) + c).copied()
    }
}

fn snap(mut values: Vec<f64>) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    let mut out: Vec<(f64, usize)> = Vec::new();
    for v in values {
        match out.last_mut() {
            Some((mean, n)) if v - *mean <= SNAP => {
                *mean = (*mean * *n as f64 + v) / (*n as f64 + 1.0);
                *n += 1;
            }
            _ => out.push((v, 1)),
        }
    }
    out.into_iter().map(|(v, _)| v).collect()
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra] = rb;
    }
}

fn touches(h: &Segment, v: &Segment) -> bool {
    h.x0 - SNAP <= v.x0 && v.x0 <= h.x1 + SNAP && v.y0 - SNAP <= h.y0 && h.y0 <= v.y1 + SNAP
}

/// Tables from the ruling segments of a page: each connected group of
/// horizontal and vertical segments with at least two of each direction.
fn find_tables(segments: &[Segment]) -> Vec<Ruled> {
    let segs: Vec<Segment> = segments.iter().copied().filter(|s| (s.x1 - s.x0) + (s.y1 - s.y0) >= 2.0).collect();
    if segs.len() > MAX_RULING_SEGMENTS {
        return Vec::new();
    }
    let mut parent: Vec<usize> = (0..segs.len()).collect();
    for i in 0..segs.len() {
        for j in i + 1..segs.len() {
            let (a, b) = (&segs[i], &segs[j]);
            let linked = match (a.horizontal(), b.horizontal()) {
                (true, false) => touches(a, b),
                (false, true) => touches(b, a),
                (true, true) => (a.y0 - b.y0).abs() <= SNAP && a.x0 <= b.x1 + SNAP && b.x0 <= a.x1 + SNAP,
                (false, false) => (a.x0 - b.x0).abs() <= SNAP && a.y0 <= b.y1 + SNAP && b.y0 <= a.y1 + SNAP,
            };
            if linked {
                union(&mut parent, i, j);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<Segment>> = std::collections::BTreeMap::new();
    for (i, seg) in segs.iter().enumerate() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(*seg);
    }
    groups.into_values().filter_map(|g| ruled(&g)).collect()
}

fn ruled(segs: &[Segment]) -> Option<Ruled> {
    let (hs, vs): (Vec<Segment>, Vec<Segment>) = segs.iter().partition(|s| s.horizontal());
    let xs = snap(vs.iter().map(|s| s.x0).collect());
    let mut ys = snap(hs.iter().map(|s| s.y0).collect());
    ys.reverse();
    if xs.len() < 2 || ys.len() < 2 || (xs.len() - 1) * (ys.len() - 1) > MAX_TABLE_SLOTS {
        return None;
    }
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    let has_v = |k: usize, r: usize| {
        let mid = (ys[r] + ys[r + 1]) / 2.0;
        vs.iter().any(|v| (v.x0 - xs[k]).abs() <= SNAP && v.y0 - SNAP <= mid && mid <= v.y1 + SNAP)
    };
    let has_h = |k: usize, c: usize| {
        let mid = (xs[c] + xs[c + 1]) / 2.0;
        hs.iter().any(|h| (h.y0 - ys[k]).abs() <= SNAP && h.x0 - SNAP <= mid && mid <= h.x1 + SNAP)
    };
    let mut parent: Vec<usize> = (0..rows * cols).collect();
    for r in 0..rows {
        for c in 0..cols {
            if c + 1 < cols && !has_v(c + 1, r) {
                union(&mut parent, r * cols + c, r * cols + c + 1);
            }
            if r + 1 < rows && !has_h(r + 1, c) {
                union(&mut parent, r * cols + c, (r + 1) * cols + c);
            }
        }
    }
    // Merged regions become cells, each the largest rectangle from its top
    // left slot (a region that is not a rectangle, such as an L drawn by
    // separately merged cells, is split into rectangles).
    let mut cells = Vec::new();
    let mut slot_cell = vec![usize::MAX; rows * cols];
    for r in 0..rows {
        for c in 0..cols {
            if slot_cell[r * cols + c] != usize::MAX {
                continue;
            }
            let root = find(&mut parent, r * cols + c);
            let mut free = |rr: usize, cc: usize, slot_cell: &[usize]| {
                slot_cell[rr * cols + cc] == usize::MAX && find(&mut parent, rr * cols + cc) == root
            };
            let mut cs = 1;
            while c + cs < cols && free(r, c + cs, &slot_cell) {
                cs += 1;
            }
            let mut rs = 1;
            while r + rs < rows && (c..c + cs).all(|cc| free(r + rs, cc, &slot_cell)) {
                rs += 1;
            }
            for rr in r..r + rs {
                for cc in c..c + cs {
                    slot_cell[rr * cols + cc] = cells.len();
                }
            }
            cells.push((r, c, rs, cs));
        }
    }
    if cells.len() < 2 {
        return None;
    }
    Some(Ruled { xs, ys, cells, slot_cell })
}

fn same_columns(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= SNAP)
}

/// Appends a continuation's rows, without a heading repeated from the top.
fn append_rows(prev: &mut Table, mut next: Table) {
    let row_texts = |t: &Table, r: usize| -> Vec<(usize, usize, usize, String)> {
        t.cells.iter().filter(|c| c.row == r).map(|c| (c.col, c.rowspan, c.colspan, c.text.clone())).collect()
    };
    let mut repeated = 0;
    while repeated < 3
        && repeated < next.rows
        && repeated < prev.rows
        && !row_texts(&next, repeated).is_empty()
        && row_texts(&next, repeated) == row_texts(prev, repeated)
        && next.cells.iter().all(|c| c.row > repeated || c.row + c.rowspan <= repeated + 1)
    {
        repeated += 1;
    }
    next.cells.retain(|c| c.row >= repeated);
    for mut cell in next.cells {
        cell.row = cell.row - repeated + prev.rows;
        prev.cells.push(cell);
    }
    prev.rows += next.rows - repeated;
}

/// Whether a line is only a page number: `3`, `- 3 -`, `— 3 —`, `第 3 页`,
/// `第3页 共9页`, `3/9`.
pub fn is_page_number(text: &str) -> bool {
    // Whitespace goes, except between two digits (`1 2` is two numbers).
    let chars: Vec<char> = text.trim().chars().collect();
    let t: String = chars
        .iter()
        .enumerate()
        .filter_map(|(i, &c)| {
            if !c.is_whitespace() {
                return Some(c);
            }
            let before = chars[..i].iter().rev().find(|c| !c.is_whitespace());
            let after = chars[i..].iter().find(|c| !c.is_whitespace());
            (before.is_some_and(char::is_ascii_digit) && after.is_some_and(char::is_ascii_digit)).then_some('|')
        })
        .collect();
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let t = t.trim_matches(|c| matches!(c, '-' | '—' | '–' | '－' | '·'));
    if digits(t) {
        return true;
    }
    if let Some((a, b)) = t.split_once('/') {
        return digits(a) && digits(b);
    }
    let core: String = t.chars().filter(|c| !c.is_ascii_digit()).collect();
    t.chars().any(|c| c.is_ascii_digit()) && matches!(core.as_str(), "第页" | "第页共页" | "共页第页" | "页")
}

/// Drops page numbers and running headers/footers: lines in the top or
/// bottom band of the page that are decorated page numbers (`- 3 -`,
/// `第 3 页`), bare numbers where at least two pages have one, or whose text
/// (digits aside) repeats on at least two pages. A running header of a
/// one-page document cannot be told from a title and is kept.
fn drop_furniture(pages: &mut [Vec<Item>], content: &[PageContent]) {
    let key = |text: &str| -> String { text.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect() };
    let in_zone = |y: f64, p: &PageContent| y > p.height * (1.0 - MARGIN_ZONE) || y < p.height * MARGIN_ZONE;
    let mut numbered_pages = 0;
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (items, p) in pages.iter().zip(content) {
        let mut numbered = false;
        let mut keys = std::collections::HashSet::new();
        for item in items {
            if let Item::Line(l) = item
                && in_zone(l.y, p)
            {
                numbered |= is_page_number(&l.text);
                keys.insert(key(&l.text));
            }
        }
        numbered_pages += usize::from(numbered);
        for k in keys {
            *seen.entry(k).or_default() += 1;
        }
    }
    for (items, p) in pages.iter_mut().zip(content) {
        items.retain(|item| match item {
            Item::Line(l) if in_zone(l.y, p) => {
                // A bare number is a page number only when pages are numbered;
                // `- 3 -` and `第 3 页` say so themselves.
                let decorated = is_page_number(&l.text) && !l.text.trim().chars().all(|c| c.is_ascii_digit());
                let number = decorated || (numbered_pages >= 2 && is_page_number(&l.text));
                let running = seen.get(&key(&l.text)).is_some_and(|&n| n >= 2);
                !(number || running)
            }
            _ => true,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(y: f64, x0: f64, x1: f64) -> Segment {
        Segment { x0, y0: y, x1, y1: y }
    }
    fn v(x: f64, y0: f64, y1: f64) -> Segment {
        Segment { x0: x, y0, x1: x, y1 }
    }
    fn glyph(text: &str, x: f64, y: f64) -> Glyph {
        Glyph { text: text.into(), x, y, w: 10.0, size: 10.0 }
    }

    #[test]
    fn page_numbers() {
        for t in ["3", "- 3 -", "— 12 —", "第 3 页", "第3页 共9页", "3/9"] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["三、收到", "2023年", "第三页", "1 2", "合计 3"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    /// A 2×3 grid whose first row's first two columns are merged.
    #[test]
    fn ruled_grid_with_a_merged_cell() {
        let segs = vec![
            h(100.0, 0.0, 300.0),
            h(80.0, 0.0, 300.0),
            h(60.0, 0.0, 300.0),
            v(0.0, 60.0, 100.0),
            v(100.0, 60.0, 80.0),
            v(200.0, 60.0, 100.0),
            v(300.0, 60.0, 100.0),
        ];
        let tables = find_tables(&segs);
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].cells, vec![(0, 0, 1, 2), (0, 2, 1, 1), (1, 0, 1, 1), (1, 1, 1, 1), (1, 2, 1, 1)]);
        let page = PageContent {
            glyphs: vec![
                glyph("甲", 20.0, 85.0),
                glyph("1", 220.0, 85.0),
                glyph("乙", 20.0, 65.0),
                glyph("2", 120.0, 65.0),
            ],
            segments: segs,
            images: false,
            width: 400.0,
            height: 400.0,
        };
        let items = page_items(&page, 0);
        let Item::Table(t) = &items[0] else { panic!("table first") };
        let texts: Vec<&str> = t.cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, vec!["甲", "1", "乙", "2", ""]);
    }

    #[test]
    fn segments_that_do_not_form_a_grid_are_no_table() {
        assert!(find_tables(&[h(100.0, 0.0, 300.0), h(80.0, 0.0, 300.0)]).is_empty());
    }

    #[test]
    fn furniture_and_continued_tables() {
        let segs = |top: f64| {
            vec![
                h(top, 0.0, 200.0),
                h(top - 20.0, 0.0, 200.0),
                v(0.0, top - 20.0, top),
                v(100.0, top - 20.0, top),
                v(200.0, top - 20.0, top),
            ]
        };
        let page = |n: &str, label: &str, top: f64| PageContent {
            glyphs: vec![
                glyph("报", 10.0, 390.0),
                glyph("告", 20.0, 390.0),
                glyph(n, 200.0, 10.0),
                glyph(label, 10.0, top - 15.0),
                glyph("7", 110.0, top - 15.0),
            ],
            segments: segs(top),
            images: false,
            width: 400.0,
            height: 400.0,
        };
        let items = layout(&[page("1", "甲", 100.0), page("2", "乙", 350.0)]);
        assert_eq!(items.len(), 1, "{items:?}");
        let Item::Table(t) = &items[0] else { panic!("one joined table") };
        assert_eq!(t.rows, 2);
        assert_eq!(t.cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), vec!["甲", "7", "乙", "7"]);
    }
}
