//! Render → import round trip: every report the engine renders, in every
//! format of xxgk-render (HTML, Markdown, text, DOCX), imports back to the
//! same numbers. Property test over balanced reports of both templates.

use proptest::prelude::*;
use xxgk_report::labels::T3Row;
use xxgk_report::sample::{Counts, balanced};
use xxgk_report::{Report, Template, to_value};

fn report() -> impl Strategy<Value = Report> {
    prop_oneof![Just((Template::V2019, 2020)), Just((Template::V2021, 2023))].prop_flat_map(|(template, year)| {
        let rows = T3Row::of(template).iter().filter(|r| r.spec().outcome).count();
        let cells = prop::array::uniform6(0i64..3000);
        (
            prop::collection::vec(cells.clone(), rows),
            cells.clone(),
            cells,
            prop::array::uniform3(prop::array::uniform4(0i64..200)),
            prop::collection::vec(0i64..5_000_000, 22),
            prop::option::of("[\\p{Han}]{2,8}(局|镇人民政府|县人民政府)"),
        )
            .prop_map(move |(outcomes, carried_over, carried_forward, table4, table2, agency)| {
                let counts = Counts { outcomes, carried_over, carried_forward, table4, table2 };
                let mut report = balanced(template, year, &counts);
                report.agency = agency;
                report
            })
    })
}

fn formats(report: &Report) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("report.html", xxgk_render::html(report).into_bytes()),
        ("report.md", xxgk_render::markdown(report).into_bytes()),
        ("report.txt", xxgk_render::text(report).into_bytes()),
        ("report.docx", xxgk_render::docx(report).expect("docx renders")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_renderer_round_trips(report in report()) {
        for (name, bytes) in formats(&report) {
            let imported = xxgk_import::import(&bytes, Some(name))
                .map_err(|e| TestCaseError::fail(format!("{name}: {e}")))?;
            let mut got = imported.report;
            // The renderers print an agency only when the report has one.
            if report.agency.is_none() {
                got.agency = None;
            }
            prop_assert_eq!(to_value(&got), to_value(&report), "{}", name);
        }
    }
}
