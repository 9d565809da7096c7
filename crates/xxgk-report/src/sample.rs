//! Building reports that satisfy every hard rule, from free counts: used by
//! tests (property tests, renderer and importer round trips), benchmarks and
//! demo data. The free numbers are the applicant columns of each outcome row,
//! the carry-over rows and the table-四 outcomes; every total and 一、本年新收
//! follow from them.

use rust_decimal::Decimal;

use crate::labels::{T3Col, T3Row, T4Group};
use crate::report::{Report, Table2};
use crate::template::Template;

/// The free counts of a balanced report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// One entry per outcome row of the template (in `T3Row::of` order),
    /// six applicant columns each (自然人 … 其他). Missing rows are 0.
    pub outcomes: Vec<[i64; 6]>,
    /// 二、上年结转, six columns; capped per column so that 一 stays ≥ 0.
    pub carried_over: [i64; 6],
    /// 四、结转下年度继续办理, six columns.
    pub carried_forward: [i64; 6],
    /// Table 四: 维持, 纠正, 其他, 尚未审结 per group.
    pub table4: [[i64; 4]; 3],
    /// Table 二 values in `labels::table2_cells` order (counts; money in 万元).
    pub table2: Vec<i64>,
}

/// A report that passes every hard check (H-1 … H-7).
pub fn balanced(template: Template, year: i32, counts: &Counts) -> Report {
    let mut report = Report::empty(template, year);
    let outcome_rows = T3Row::of(template).iter().copied().filter(|r| r.spec().outcome);
    for (row, cells) in outcome_rows.zip(counts.outcomes.iter()) {
        report.table3[row][..6].copy_from_slice(cells);
    }
    for c in 0..6 {
        let processed: i64 =
            T3Row::of(template).iter().filter(|r| r.spec().outcome).map(|&r| report.table3[r][c]).sum();
        let forward = counts.carried_forward[c];
        let over = counts.carried_over[c].min(processed + forward);
        report.table3[T3Row::TotalProcessed][c] = processed;
        report.table3[T3Row::CarriedForward][c] = forward;
        report.table3[T3Row::CarriedOver][c] = over;
        report.table3[T3Row::NewReceived][c] = processed + forward - over;
    }
    for &row in T3Row::of(template) {
        report.table3[row][T3Col::Total as usize] = report.table3[row][..6].iter().sum();
    }
    for (g, group) in T4Group::ALL.into_iter().enumerate() {
        let parts = counts.table4[g];
        report.table4[group][..4].copy_from_slice(&parts);
        report.table4[group][4] = parts.iter().sum();
    }
    fill_table2(&mut report.table2, &counts.table2);
    report
}

fn fill_table2(table: &mut Table2, values: &[i64]) {
    use crate::labels::{ValueKind, table2_cells};
    use crate::report::Value;
    let template = table.template();
    for ((row, field), &n) in table2_cells(template).zip(values.iter()) {
        let value = match field.kind() {
            // Money with four decimals, as many reports print it.
            ValueKind::Money => Value::Money(Decimal::new(n, 4)),
            _ => Value::Count(n),
        };
        table.set(row, field, value);
    }
    // Keep W-1 (现行有效 ≥ 本年制发) true in the 2021 template.
    if let Table2::V2021(t) = table {
        for docs in [&mut t.regulations, &mut t.normative_documents] {
            docs.in_force = docs.in_force.max(docs.issued);
        }
    }
    if let Table2::V2019(t) = table {
        for docs in [&mut t.regulations, &mut t.normative_documents] {
            docs.total_published = docs.total_published.max(docs.published);
        }
    }
}

/// A realistic busy report (a county government's numbers), for benchmarks
/// and examples.
pub fn busy(template: Template, year: i32) -> Report {
    let rows = T3Row::of(template).iter().filter(|r| r.spec().outcome).count();
    let outcomes = (0..rows)
        .map(|i| {
            let i = i as i64;
            [40 + 7 * i, 3 + i % 4, i % 2, i % 3, 1 + i % 2, 2 * (i % 3)]
        })
        .collect();
    let counts = Counts {
        outcomes,
        carried_over: [12, 2, 0, 1, 0, 1],
        carried_forward: [9, 1, 1, 0, 1, 0],
        table4: [[5, 2, 3, 1], [2, 1, 0, 1], [3, 0, 1, 2]],
        table2: (0..30).map(|i| 3 + 11 * i).collect(),
    };
    let mut report = balanced(template, year, &counts);
    report.agency = Some("示范县人民政府".to_string());
    report
}
