//! The table grid every renderer draws: rows of header, label and number
//! cells with row and column spans, as an HTML table lists them (each cell
//! only in the row where it starts). Owns the placement of spanning cells on
//! the column grid, which DOCX needs for its `vMerge` continuation cells, and
//! nothing about any particular table (that is `layout`).

use std::borrow::Cow;

use xxgk_report::CellPath;

/// What a cell holds, which decides how it is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    /// A caption row naming a part of the table, spanning its whole width
    /// (table 二: `第二十条第（一）项`).
    Caption,
    /// A column header.
    Header,
    /// A row label (first columns of a data row, including group cells).
    Label,
    /// A number.
    Number,
}

/// One cell, listed in the row where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: Cow<'static, str>,
    pub kind: CellKind,
    /// Row span, at least 1.
    pub rows: usize,
    /// Column span, at least 1.
    pub cols: usize,
    /// The report cell a number comes from.
    pub path: Option<CellPath>,
}

impl Cell {
    pub fn new(kind: CellKind, text: impl Into<Cow<'static, str>>) -> Cell {
        Cell { text: text.into(), kind, rows: 1, cols: 1, path: None }
    }

    pub fn span(mut self, rows: usize, cols: usize) -> Cell {
        self.rows = rows.max(1);
        self.cols = cols.max(1);
        self
    }

    pub fn number(text: String, path: CellPath) -> Cell {
        Cell { text: Cow::Owned(text), kind: CellKind::Number, rows: 1, cols: 1, path: Some(path) }
    }
}

/// A row of cells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    pub cells: Vec<Cell>,
}

impl Row {
    /// `true` for a row that is a single caption cell.
    pub fn is_caption(&self) -> bool {
        matches!(self.cells.as_slice(), [cell] if cell.kind == CellKind::Caption)
    }

    /// `true` for a row made of header cells only.
    pub fn is_header(&self) -> bool {
        !self.cells.is_empty() && self.cells.iter().all(|c| c.kind == CellKind::Header)
    }
}

/// Which table of the report a grid is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableId {
    /// Table 二, 主动公开政府信息情况.
    Active,
    /// Table 三, 收到和处理政府信息公开申请情况.
    Requests,
    /// Table 四, 行政复议、行政诉讼情况.
    Review,
}

impl TableId {
    /// A short stable name (HTML class, anchors).
    pub fn name(self) -> &'static str {
        match self {
            TableId::Active => "table2",
            TableId::Requests => "table3",
            TableId::Review => "table4",
        }
    }
}

/// A table: its column widths and its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    pub id: TableId,
    /// Column widths in twips (1/20 pt) on an A4 page with the body width of
    /// the DOCX renderer; the HTML renderer turns them into percentages.
    pub widths: Vec<u32>,
    /// The leading rows forming the column header (repeated on each page).
    pub head_rows: usize,
    pub rows: Vec<Row>,
}

/// Where a cell starts: its row and its index in that row's `cells`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    pub row: usize,
    pub index: usize,
}

/// The cells of a grid placed on its columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// `slots[row][col]`: the cell covering that position, if any.
    pub slots: Vec<Vec<Option<Origin>>>,
    /// `starts[row][index]`: the first column of each listed cell.
    pub starts: Vec<Vec<usize>>,
}

impl Placement {
    pub fn slot(&self, row: usize, col: usize) -> Option<Origin> {
        self.slots.get(row).and_then(|r| r.get(col)).copied().flatten()
    }

    /// The first column of the cell at `origin`.
    pub fn start(&self, origin: Origin) -> usize {
        self.starts.get(origin.row).and_then(|r| r.get(origin.index)).copied().unwrap_or(0)
    }
}

impl Grid {
    pub fn columns(&self) -> usize {
        self.widths.len()
    }

    pub fn cell(&self, origin: Origin) -> Option<&Cell> {
        self.rows.get(origin.row).and_then(|r| r.cells.get(origin.index))
    }

    /// Places every cell as an HTML table would: each cell takes the next
    /// free column of its row and covers `rows × cols` positions. Spans that
    /// would leave the grid are cut at its edge.
    pub fn placement(&self) -> Placement {
        let width = self.columns();
        let height = self.rows.len();
        let mut slots = vec![vec![None; width]; height];
        let mut starts = Vec::with_capacity(height);
        for (r, row) in self.rows.iter().enumerate() {
            let mut col = 0;
            let mut row_starts = Vec::with_capacity(row.cells.len());
            for (index, cell) in row.cells.iter().enumerate() {
                while col < width && slots[r][col].is_some() {
                    col += 1;
                }
                row_starts.push(col);
                for covered in slots.iter_mut().skip(r).take(cell.rows) {
                    for slot in covered.iter_mut().skip(col).take(cell.cols) {
                        *slot = Some(Origin { row: r, index });
                    }
                }
                col += cell.cols;
            }
            starts.push(row_starts);
        }
        Placement { slots, starts }
    }

    /// What is wrong with the grid's shape: positions covered twice or not at
    /// all, spans leaving the grid, rows of the wrong width. Empty for every
    /// grid `layout` builds (tested).
    pub fn problems(&self) -> Vec<String> {
        let width = self.columns();
        let height = self.rows.len();
        let mut count = vec![vec![0usize; width]; height];
        let mut problems = Vec::new();
        let mut free = vec![vec![true; width]; height];
        for (r, row) in self.rows.iter().enumerate() {
            let mut col = 0;
            for (index, cell) in row.cells.iter().enumerate() {
                while col < width && !free[r][col] {
                    col += 1;
                }
                if r + cell.rows > height || col + cell.cols > width {
                    problems.push(format!("row {r} cell {index} ({}) leaves the grid", cell.text));
                }
                for rr in r..(r + cell.rows).min(height) {
                    for cc in col..(col + cell.cols).min(width) {
                        count[rr][cc] += 1;
                        free[rr][cc] = false;
                    }
                }
                col += cell.cols;
            }
        }
        for (r, row) in count.iter().enumerate() {
            for (c, &n) in row.iter().enumerate() {
                if n != 1 {
                    problems.push(format!("row {r} column {c} is covered {n} times"));
                }
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanning_cells_cover_their_positions() {
        let grid = Grid {
            id: TableId::Review,
            widths: vec![1, 1, 1],
            head_rows: 0,
            rows: vec![
                Row {
                    cells: vec![
                        Cell::new(CellKind::Header, "a").span(2, 1),
                        Cell::new(CellKind::Header, "b").span(1, 2),
                    ],
                },
                Row { cells: vec![Cell::new(CellKind::Header, "c"), Cell::new(CellKind::Header, "d")] },
            ],
        };
        let p = grid.placement();
        assert_eq!(p.slot(1, 0), Some(Origin { row: 0, index: 0 }));
        assert_eq!(p.slot(0, 2), Some(Origin { row: 0, index: 1 }));
        assert_eq!(p.starts[1], vec![1, 2]);
        assert_eq!(p.slot(1, 2), Some(Origin { row: 1, index: 1 }));
    }
}
