//! Tables 三 and 四 of the annual report from cases (casework.md §5): for
//! year Y (cut-off 31 December Y), `new_received` = received in Y;
//! `carried_over` = received before Y and not decided before Y; each outcome
//! row = decided in Y; `carried_forward` = received by the cut-off and not
//! decided by then; columns by applicant kind, totals by construction — so
//! every identity of `annual-report-format.md` §4 holds, and this year's
//! 上年结转 equals last year's 结转下年度 (C-1).

use time::{Date, Month};
use xxgk_report::{Report, T3Col, T3Row, Table3, Table4, Template};

use crate::applicant::ApplicantKind;
use crate::decision::Outcome;
use crate::register::Matter;

/// What table 三 needs of one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseSummary {
    pub kind: ApplicantKind,
    pub received_on: Date,
    pub decided: Option<(Date, Outcome)>,
}

/// A case that cannot be counted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("第 {index} 件案件：答复日期 {decided_on} 早于收到申请日期 {received_on}")]
pub struct SummaryError {
    pub index: usize,
    pub received_on: Date,
    pub decided_on: Date,
}

/// Table 三 of year `year` in `template`'s rows.
pub fn table3(year: i32, template: Template, cases: &[CaseSummary]) -> Result<Table3, SummaryError> {
    let mut t = Table3::default();
    for (i, case) in cases.iter().enumerate() {
        let col = case.kind.column() as usize;
        let received = case.received_on.year();
        let decided_year = match case.decided {
            Some((on, _)) if on < case.received_on => {
                return Err(SummaryError { index: i + 1, received_on: case.received_on, decided_on: on });
            }
            Some((on, _)) => Some(on.year()),
            None => None,
        };
        if received > year {
            continue;
        }
        if received == year {
            t[T3Row::NewReceived][col] += 1;
        } else if decided_year.is_none_or(|d| d >= year) {
            t[T3Row::CarriedOver][col] += 1;
        }
        match (decided_year, case.decided) {
            (Some(d), Some((_, outcome))) if d == year => t[outcome.row_in(template)][col] += 1,
            (Some(d), _) if d < year => {}
            _ => t[T3Row::CarriedForward][col] += 1,
        }
    }
    let outcome_rows: Vec<T3Row> = T3Row::of(template).iter().copied().filter(|r| r.spec().outcome).collect();
    for c in 0..6 {
        t[T3Row::TotalProcessed][c] = outcome_rows.iter().map(|&r| t[r][c]).sum();
    }
    for &row in T3Row::of(template) {
        t[row][T3Col::Total as usize] = t[row][..6].iter().sum();
    }
    Ok(t)
}

/// Table 四 of year `year`: matters filed in Y, each in the column of its
/// result as of 31 December Y.
pub fn table4(year: i32, matters: &[Matter]) -> Table4 {
    let cut_off = Date::from_calendar_date(year, Month::December, 31).unwrap_or(Date::MAX);
    let mut t = Table4::default();
    for matter in matters.iter().filter(|m| m.filed_on.year() == year) {
        t[matter.kind][matter.column_on(cut_off)] += 1;
        t[matter.kind][4] += 1;
    }
    t
}

/// The report of year `year` with tables 三 and 四 from the records (table
/// 二 and the narrative stay empty for the office to fill in).
pub fn report(year: i32, cases: &[CaseSummary], matters: &[Matter]) -> Result<Report, SummaryError> {
    let template = Template::for_year(year);
    let mut report = Report::empty(template, year);
    report.table3 = table3(year, template, cases)?;
    report.table4 = table4(year, matters);
    Ok(report)
}
