//! The roll-up of a subtree: tables 三 and 四 summed over every agency's
//! report of one year. Reports on another template than the year's are left
//! out and counted, never mixed row by row.

use xxgk_report::labels::{T3_ROW_COUNT, T4Group};
use xxgk_report::{Report, T3Row, Table3, Table4, Template};

/// Sums of tables 三 and 四 over several reports of one template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rollup {
    pub template: Template,
    /// How many reports were summed.
    pub reports: usize,
    /// Reports skipped because they follow another template.
    pub skipped: usize,
    pub table3: Table3,
    pub table4: Table4,
}

impl Rollup {
    /// Sums the reports that follow `template`.
    pub fn of<'a>(template: Template, reports: impl IntoIterator<Item = &'a Report>) -> Rollup {
        let mut rollup =
            Rollup { template, reports: 0, skipped: 0, table3: Table3::default(), table4: Table4::default() };
        for report in reports {
            if report.format != template {
                rollup.skipped += 1;
                continue;
            }
            rollup.reports += 1;
            for &row in T3Row::of(template) {
                for (sum, n) in rollup.table3[row].iter_mut().zip(report.table3[row]) {
                    *sum += n;
                }
            }
            for group in T4Group::ALL {
                for (sum, n) in rollup.table4[group].iter_mut().zip(report.table4[group]) {
                    *sum += n;
                }
            }
        }
        debug_assert!(T3Row::of(template).len() <= T3_ROW_COUNT);
        rollup
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use xxgk_report::sample::busy;
    use xxgk_report::{Context, check};

    #[test]
    fn sums_keep_the_identities() {
        let a = busy(Template::V2021, 2024);
        let mut b = busy(Template::V2021, 2024);
        b.table3[T3Row::Granted][0] += 0;
        let other = busy(Template::V2019, 2020);
        let rollup = Rollup::of(Template::V2021, [&a, &b, &other]);
        assert_eq!(rollup.reports, 2);
        assert_eq!(rollup.skipped, 1);
        assert_eq!(rollup.table3[T3Row::NewReceived][6], 2 * a.table3[T3Row::NewReceived][6]);
        assert_eq!(rollup.table4[T4Group::Reconsideration][4], 2 * a.table4[T4Group::Reconsideration][4]);
        // A sum of balanced reports is balanced.
        let mut summed = Report::empty(Template::V2021, 2024);
        summed.table3 = rollup.table3.clone();
        summed.table4 = rollup.table4;
        assert!(!xxgk_report::check::has_errors(&check(&summed, &Context::default())));
    }
}
