//! Paths naming one cell of a report, as written in `report-json.md`:
//! `table2.<row>.<field>`, `table3.<row>[<0-6>]`, `table4.<group>[<0-4>]`.

use std::fmt;

use crate::labels::{T2Field, T2Row, T3Col, T3Row, T4Group, table2_cells};
use crate::template::Template;

/// One cell of tables 二, 三 or 四.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CellPath {
    Table2 { row: T2Row, field: T2Field },
    Table3 { row: T3Row, col: T3Col },
    Table4 { group: T4Group, index: usize },
}

impl CellPath {
    pub fn t3(row: T3Row, col: T3Col) -> CellPath {
        CellPath::Table3 { row, col }
    }

    /// Parses a path; `None` if it is malformed or names no cell of `template`.
    pub fn parse(text: &str, template: Template) -> Option<CellPath> {
        if let Some(rest) = text.strip_prefix("table2.") {
            let (row, field) = rest.split_once('.')?;
            return table2_cells(template)
                .find(|(r, f)| r.key() == row && f.key() == field)
                .map(|(row, field)| CellPath::Table2 { row, field });
        }
        let (table, rest) = text.split_once('.')?;
        let (key, index) = rest.strip_suffix(']')?.split_once('[')?;
        let index: usize = index.parse().ok()?;
        match table {
            "table3" => {
                let row = T3Row::from_key(key).filter(|r| r.spec().templates.contains(template))?;
                Some(CellPath::Table3 { row, col: T3Col::from_index(index)? })
            }
            "table4" => {
                let group = T4Group::from_key(key)?;
                (index < 5).then_some(CellPath::Table4 { group, index })
            }
            _ => None,
        }
    }
}

impl fmt::Display for CellPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CellPath::Table2 { row, field } => write!(f, "table2.{}.{}", row.key(), field.key()),
            CellPath::Table3 { row, col } => write!(f, "table3.{}[{}]", row.key(), *col as usize),
            CellPath::Table4 { group, index } => write!(f, "table4.{}[{index}]", group.key()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip() {
        for text in
            ["table2.fees.amount_10k_yuan", "table3.granted[6]", "table3.other_misc[0]", "table4.litigation_direct[4]"]
        {
            let path = CellPath::parse(text, Template::V2021).expect(text);
            assert_eq!(path.to_string(), text);
        }
    }

    #[test]
    fn paths_outside_the_template_are_rejected() {
        assert_eq!(CellPath::parse("table3.other[0]", Template::V2021), None);
        assert_eq!(CellPath::parse("table2.procurement.projects", Template::V2021), None);
        assert_eq!(CellPath::parse("table3.granted[7]", Template::V2021), None);
        assert_eq!(CellPath::parse("table4.reconsideration[5]", Template::V2019), None);
        assert!(CellPath::parse("table2.procurement.projects", Template::V2019).is_some());
    }
}
