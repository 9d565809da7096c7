//! Property tests: reports built to satisfy the identities pass every hard
//! check; any single changed number of table 三 or 四 is caught by a hard
//! check; the JSON round trip is the identity.

use proptest::prelude::*;
use xxgk_report::labels::{T3Row, T4Group};
use xxgk_report::sample::{Counts, balanced};
use xxgk_report::{Context, Severity, Template, check, from_json, to_json_pretty};

fn template() -> impl Strategy<Value = Template> {
    prop_oneof![Just(Template::V2019), Just(Template::V2021)]
}

fn counts(template: Template) -> impl Strategy<Value = Counts> {
    let rows = T3Row::of(template).iter().filter(|r| r.spec().outcome).count();
    let cells = prop::array::uniform6(0i64..500);
    (
        prop::collection::vec(cells.clone(), rows),
        cells.clone(),
        cells,
        prop::array::uniform3(prop::array::uniform4(0i64..50)),
        prop::collection::vec(0i64..100_000, 22),
    )
        .prop_map(|(outcomes, carried_over, carried_forward, table4, table2)| Counts {
            outcomes,
            carried_over,
            carried_forward,
            table4,
            table2,
        })
}

fn report() -> impl Strategy<Value = xxgk_report::Report> {
    template().prop_flat_map(|t| {
        let year = match t {
            Template::V2019 => 2019..=2020,
            Template::V2021 => 2021..=2030,
        };
        (Just(t), year, counts(t)).prop_map(|(t, year, c)| balanced(t, year, &c))
    })
}

fn errors(report: &xxgk_report::Report) -> Vec<String> {
    check(report, &Context::default())
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("{} {}", f.check, f.location))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn balanced_reports_pass_every_hard_check(report in report()) {
        prop_assert_eq!(errors(&report), Vec::<String>::new());
    }

    #[test]
    fn any_single_table3_change_is_caught(
        report in report(),
        row_pick in any::<prop::sample::Index>(),
        col in 0usize..7,
        delta in prop_oneof![-50i64..0, 1i64..50],
    ) {
        let mut report = report;
        let rows = T3Row::of(report.format);
        let row = rows[row_pick.index(rows.len())];
        report.table3[row][col] += delta;
        let found = errors(&report);
        let cell = format!("table3.{}[", row.key());
        prop_assert!(!found.is_empty(), "change of {}{}] by {} not caught", cell, col, delta);
        // The row's own total identity names the row.
        prop_assert!(found.iter().any(|f| f.contains(&cell)), "{:?}", found);
    }

    #[test]
    fn any_single_table4_change_is_caught(
        report in report(),
        group in 0usize..3,
        index in 0usize..5,
        delta in prop_oneof![-20i64..0, 1i64..20],
    ) {
        let mut report = report;
        report.table4[T4Group::ALL[group]][index] += delta;
        prop_assert!(errors(&report).iter().any(|f| f.starts_with("H-4") || f.starts_with("H-5")));
    }

    #[test]
    fn json_round_trip_is_identity(report in report()) {
        let text = to_json_pretty(&report);
        prop_assert_eq!(from_json(&text).unwrap(), report);
    }
}
