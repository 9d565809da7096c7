//! Flattening a [`Grid`] for formats without merged cells (Markdown, plain
//! text). A grid is cut at its caption rows into parts; in each part the
//! leading label columns become the row's labels (each merged label once, in
//! order, so a group label prefixes its items), numeric columns that are one
//! merged cell in every row collapse into one, and the header rows become one
//! header per column listing the labels above it from top to bottom.

use crate::grid::{CellKind, Grid, Origin, Placement};

/// One part of a flattened table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlatTable<'g> {
    /// The caption row above the part (table 二: `第二十条第（一）项`).
    pub caption: Option<&'g str>,
    /// Header of the label column: the header labels above it (empty when
    /// the part has no label column).
    pub label_head: Vec<&'g str>,
    /// `true` when the part has a label column.
    pub has_labels: bool,
    /// Header of each value column: the header labels above it, top first.
    pub value_heads: Vec<Vec<&'g str>>,
    pub rows: Vec<FlatRow<'g>>,
}

/// One data row: its label cells, then its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlatRow<'g> {
    pub labels: Vec<&'g str>,
    pub values: Vec<&'g str>,
}

/// Flattens a grid into its parts.
pub fn flatten(grid: &Grid) -> Vec<FlatTable<'_>> {
    let placement = grid.placement();
    let mut parts = Vec::new();
    let mut caption = None;
    let mut start = 0;
    for (r, row) in grid.rows.iter().enumerate() {
        if row.is_caption() {
            if r > start {
                parts.push(part(grid, &placement, caption, start..r));
            }
            caption = row.cells.first().map(|c| c.text.as_ref());
            start = r + 1;
        }
    }
    if grid.rows.len() > start || caption.is_some() {
        parts.push(part(grid, &placement, caption, start..grid.rows.len()));
    }
    parts
}

fn part<'g>(
    grid: &'g Grid,
    placement: &Placement,
    caption: Option<&'g str>,
    rows: std::ops::Range<usize>,
) -> FlatTable<'g> {
    let width = grid.columns();
    let text = |o: Origin| grid.cell(o).map_or("", |c| c.text.as_ref());
    let kind = |o: Option<Origin>| o.and_then(|o| grid.cell(o)).map(|c| c.kind);
    let head_end = rows.clone().find(|&r| !grid.rows[r].is_header()).unwrap_or(rows.end);
    let heads = rows.start..head_end;
    let body = head_end..rows.end;

    // Leading columns holding a label in every data row.
    let label_cols = (0..width)
        .take_while(|&c| !body.is_empty() && body.clone().all(|r| kind(placement.slot(r, c)) == Some(CellKind::Label)))
        .count();
    // Numeric columns, merging a column into the previous one when the same
    // cell covers both in every row of the part.
    let mut groups: Vec<usize> = Vec::new();
    for c in label_cols..width {
        let same_as_previous = c > label_cols && rows.clone().all(|r| placement.slot(r, c) == placement.slot(r, c - 1));
        if !same_as_previous {
            groups.push(c);
        }
    }

    let distinct = |cells: &mut dyn Iterator<Item = Option<Origin>>| -> Vec<&'g str> {
        let mut seen: Vec<Origin> = Vec::new();
        for origin in cells.flatten() {
            if !seen.contains(&origin) {
                seen.push(origin);
            }
        }
        seen.into_iter().map(text).collect()
    };
    let label_head = distinct(&mut heads.clone().flat_map(|r| (0..label_cols).map(move |c| placement.slot(r, c))));
    let value_heads = groups.iter().map(|&c| distinct(&mut heads.clone().map(|r| placement.slot(r, c)))).collect();
    let rows = body
        .map(|r| FlatRow {
            labels: distinct(&mut (0..label_cols).map(|c| placement.slot(r, c))),
            values: groups.iter().map(|&c| placement.slot(r, c).map_or("", text)).collect(),
        })
        .collect();
    FlatTable { caption, label_head, has_labels: label_cols > 0, value_heads, rows }
}

#[cfg(test)]
mod tests {
    use xxgk_report::labels::{T3_CORNER_NOTE, T3_RESULTS_GROUP};
    use xxgk_report::{Report, T3Row, Template};

    use super::*;
    use crate::layout::{Body, document};

    fn tables(report: &Report) -> Vec<Grid> {
        document(report)
            .sections
            .into_iter()
            .filter_map(|s| match s.body {
                Body::Table(g) => Some(g),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn table3_flattens_to_prefixed_labels() {
        let grids = tables(&Report::empty(Template::V2021, 2022));
        let parts = flatten(&grids[1]);
        assert_eq!(parts.len(), 1);
        let t = &parts[0];
        assert_eq!(t.label_head, vec![T3_CORNER_NOTE]);
        assert_eq!(t.value_heads.len(), 7);
        assert_eq!(t.rows.len(), 25);
        let secret = T3Row::DeniedStateSecret.spec();
        assert_eq!(t.rows[4].labels, vec![T3_RESULTS_GROUP, secret.group.unwrap_or_default(), secret.label]);
        assert_eq!(t.rows[0].labels.len(), 1);
    }

    #[test]
    fn table2_parts_collapse_spanned_values() {
        let grids = tables(&Report::empty(Template::V2021, 2022));
        let parts = flatten(&grids[0]);
        assert_eq!(parts.len(), 4);
        assert_eq!(parts[0].value_heads.len(), 3);
        assert_eq!(parts[1].value_heads.len(), 1);
        assert_eq!(parts[3].rows[0].values, vec!["0"]);
    }

    #[test]
    fn table4_has_fifteen_columns_and_no_labels() {
        let grids = tables(&Report::empty(Template::V2019, 2020));
        let parts = flatten(&grids[2]);
        assert!(!parts[0].has_labels);
        assert_eq!(parts[0].value_heads.len(), 15);
        assert_eq!(parts[0].value_heads[5].len(), 3);
    }
}
