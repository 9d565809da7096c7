//! The one grid model shared by every input that has real cells (HTML, DOCX,
//! Markdown) and by the tab/cell-per-line text layouts.
//!
//! [`GridBuilder`] places cells with `rowspan`/`colspan` (HTML) or
//! `gridSpan`/`vMerge` (DOCX) into a slot grid; [`Grid`] then holds each row
//! as its distinct cells (a cell spanning several columns appears once per
//! row it covers). Spans and sizes are capped so that hostile input cannot
//! make the grid explode.

use crate::Source;

/// Largest span honoured; real reports use at most ~25.
const MAX_SPAN: usize = 256;
/// Largest number of slots of one grid.
const MAX_SLOTS: usize = 4_000_000;

/// One cell as it appears in one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub src: Source,
    /// The grid column, when rows are aligned with their header (HTML,
    /// DOCX, Markdown); `None` for converted text.
    pub col: Option<usize>,
}

/// One row. `exact` rows come from real cells (a blank cell is a real blank
/// at its position); other rows come from converted text, whose cells may be
/// shifted, merged or padded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub exact: bool,
}

/// A table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grid {
    pub rows: Vec<Row>,
}

/// Builds a [`Grid`] from cells with spans.
#[derive(Debug)]
pub struct GridBuilder {
    table: usize,
    /// Text of each placed cell, by origin id.
    texts: Vec<String>,
    /// Finished rows: origin id per slot.
    rows: Vec<Vec<usize>>,
    current: Option<Vec<usize>>,
    /// Per column: (origin, rows still to cover) from a rowspan above.
    carry: Vec<Option<(usize, usize)>>,
    slots: usize,
}

impl GridBuilder {
    pub fn new(table: usize) -> GridBuilder {
        GridBuilder { table, texts: Vec::new(), rows: Vec::new(), current: None, carry: Vec::new(), slots: 0 }
    }

    pub fn start_row(&mut self) {
        self.end_row();
        self.current = Some(Vec::new());
    }

    fn take_carried(&mut self) {
        let Some(row) = self.current.as_mut() else { return };
        while let Some(Some((origin, left))) = self.carry.get(row.len()).copied() {
            let col = row.len();
            row.push(origin);
            self.carry[col] = (left > 1).then_some((origin, left - 1));
        }
    }

    /// Adds a cell at the next free column of the current row.
    pub fn add_cell(&mut self, text: String, rowspan: usize, colspan: usize) {
        if self.current.is_none() {
            self.start_row();
        }
        self.take_carried();
        let colspan = colspan.clamp(1, MAX_SPAN);
        let rowspan = rowspan.clamp(1, MAX_SPAN);
        if self.slots + colspan * rowspan > MAX_SLOTS {
            return;
        }
        self.slots += colspan * rowspan;
        let origin = self.texts.len();
        self.texts.push(text);
        let Some(row) = self.current.as_mut() else { return };
        let start = row.len();
        for _ in 0..colspan {
            row.push(origin);
        }
        if rowspan > 1 {
            if self.carry.len() < start + colspan {
                self.carry.resize(start + colspan, None);
            }
            for slot in &mut self.carry[start..start + colspan] {
                *slot = Some((origin, rowspan - 1));
            }
        }
    }

    /// Adds a cell that continues the cell above (DOCX `vMerge` continue).
    pub fn add_merged_above(&mut self, colspan: usize) {
        if self.current.is_none() {
            self.start_row();
        }
        self.take_carried();
        let col = self.current.as_ref().map_or(0, Vec::len);
        let above = self.rows.last().and_then(|r| r.get(col)).copied();
        match above {
            Some(origin) => {
                let colspan = colspan.clamp(1, MAX_SPAN);
                if self.slots + colspan > MAX_SLOTS {
                    return;
                }
                self.slots += colspan;
                if let Some(row) = self.current.as_mut() {
                    row.extend(std::iter::repeat_n(origin, colspan));
                }
            }
            None => self.add_cell(String::new(), 1, colspan),
        }
    }

    pub fn end_row(&mut self) {
        if self.current.is_some() {
            self.take_carried();
        }
        if let Some(row) = self.current.take() {
            self.rows.push(row);
        }
    }

    pub fn finish(mut self) -> Grid {
        self.end_row();
        let table = self.table;
        let rows = self
            .rows
            .iter()
            .enumerate()
            .map(|(r, slots)| {
                let mut cells = Vec::new();
                let mut last = None;
                for (c, &origin) in slots.iter().enumerate() {
                    if last == Some(origin) {
                        continue;
                    }
                    last = Some(origin);
                    let text = self.texts.get(origin).cloned().unwrap_or_default();
                    cells.push(Cell { text, src: Source::Cell { table, row: r, col: c }, col: Some(c) });
                }
                Row { cells, exact: true }
            })
            .filter(|row: &Row| !row.cells.is_empty())
            .collect();
        Grid { rows }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(grid: &Grid) -> Vec<Vec<&str>> {
        grid.rows.iter().map(|r| r.cells.iter().map(|c| c.text.as_str()).collect()).collect()
    }

    #[test]
    fn spans_are_expanded_into_one_grid() {
        let mut b = GridBuilder::new(0);
        b.start_row();
        b.add_cell("A".into(), 2, 1);
        b.add_cell("B".into(), 1, 2);
        b.start_row();
        b.add_cell("C".into(), 1, 1);
        b.add_cell("D".into(), 1, 1);
        let grid = b.finish();
        assert_eq!(texts(&grid), vec![vec!["A", "B"], vec!["A", "C", "D"]]);
        assert_eq!(grid.rows[1].cells[2].src, Source::Cell { table: 0, row: 1, col: 2 });
    }

    #[test]
    fn vmerge_continues_the_cell_above() {
        let mut b = GridBuilder::new(0);
        b.start_row();
        b.add_cell("A".into(), 1, 1);
        b.add_cell("B".into(), 1, 1);
        b.start_row();
        b.add_merged_above(1);
        b.add_cell("C".into(), 1, 1);
        assert_eq!(texts(&b.finish()), vec![vec!["A", "B"], vec!["A", "C"]]);
    }

    #[test]
    fn huge_spans_are_capped() {
        let mut b = GridBuilder::new(0);
        for _ in 0..100 {
            b.start_row();
            b.add_cell("x".into(), 100_000, 100_000);
        }
        let grid = b.finish();
        assert!(grid.rows.len() <= 100);
    }
}
