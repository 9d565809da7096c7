//! The arithmetic identities of tables 三 and 四, written once as
//! predicates: the hard checks (H-1…H-4) report where they fail, and the
//! importer uses them to guard numbers it recovers (digits that ran
//! together, OCR-damaged labels).

use crate::labels::{T3Col, T3Row};
use crate::report::{Row7, Table3};
use crate::template::Template;

/// H-2: 总计 = 自然人 + the five 法人或其他组织 columns (one table-三 row).
pub fn t3_row_total_holds(cells: &Row7) -> bool {
    cells[..6].iter().sum::<i64>() == cells[T3Col::Total as usize]
}

/// H-1: 一 + 二 = 三（七）总计 + 四, in column `col`.
pub fn t3_balance_holds(t: &Table3, col: T3Col) -> bool {
    let c = col as usize;
    t[T3Row::NewReceived][c] + t[T3Row::CarriedOver][c] == t[T3Row::TotalProcessed][c] + t[T3Row::CarriedForward][c]
}

/// H-3: （七）总计 = the sum of the outcome rows, in column `col`.
pub fn t3_outcomes_hold(t: &Table3, template: Template, col: T3Col) -> bool {
    let c = col as usize;
    let sum: i64 = T3Row::of(template).iter().filter(|r| r.spec().outcome).map(|&r| t[r][c]).sum();
    sum == t[T3Row::TotalProcessed][c]
}

/// H-4: a table-四 group's 总计 = 维持 + 纠正 + 其他 + 尚未审结.
pub fn t4_group_holds(cells: &[i64; 5]) -> bool {
    cells[..4].iter().sum::<i64>() == cells[4]
}

/// Every identity of table 三 (H-1, H-2, H-3) over the whole table.
pub fn t3_all_hold(t: &Table3, template: Template) -> bool {
    T3Row::of(template).iter().all(|&r| t3_row_total_holds(&t[r]))
        && T3Col::ALL.iter().all(|&c| t3_balance_holds(t, c) && t3_outcomes_hold(t, template, c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_hold_and_fail() {
        assert!(t3_row_total_holds(&[1, 2, 0, 0, 0, 0, 3]));
        assert!(!t3_row_total_holds(&[1, 2, 0, 0, 0, 0, 4]));
        assert!(t4_group_holds(&[1, 1, 0, 2, 4]));
        assert!(!t4_group_holds(&[1, 1, 0, 2, 5]));
        let mut t = Table3::default();
        assert!(t3_all_hold(&t, Template::V2021));
        t.set(T3Row::NewReceived, T3Col::Natural, 2);
        t.set(T3Row::NewReceived, T3Col::Total, 2);
        assert!(!t3_balance_holds(&t, T3Col::Natural));
        t.set(T3Row::Granted, T3Col::Natural, 2);
        t.set(T3Row::Granted, T3Col::Total, 2);
        assert!(!t3_outcomes_hold(&t, Template::V2021, T3Col::Natural));
        for col in [T3Col::Natural, T3Col::Total] {
            t.set(T3Row::TotalProcessed, col, 2);
        }
        assert!(t3_all_hold(&t, Template::V2021));
    }
}
