//! Render → import round trip: every report the engine renders, in every
//! format of xxgk-render (HTML, Markdown, text, DOCX), imports back to the
//! same numbers. Property test over balanced reports of both templates;
//! for PDF (DOCX converted by LibreOffice, read by glyph position) a sample
//! of the same reports, converted in one LibreOffice run.

mod office;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
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

#[test]
fn pdf_round_trips() {
    let Some(bin) = office::soffice_or_skip("the PDF round trip") else { return };
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let reports: Vec<Report> = (0..12).map(|_| report().new_tree(&mut runner).expect("a report").current()).collect();
    let dir = tempfile::tempdir().expect("tempdir");
    let docx: Vec<std::path::PathBuf> = reports
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let path = dir.path().join(format!("r{i}.docx"));
            std::fs::write(&path, xxgk_render::docx(r).expect("docx renders")).expect("write");
            path
        })
        .collect();
    for (report, pdf) in reports.iter().zip(office::to_pdf(bin, dir.path(), &docx)) {
        let bytes = std::fs::read(&pdf).expect("pdf written");
        let mut got = xxgk_import::import(&bytes, Some("report.pdf")).unwrap_or_else(|e| panic!("{pdf:?}: {e}")).report;
        // A character the installed fonts lack (the strategy draws from all
        // of Han, extensions included) prints as a substitute glyph whose text
        // the PDF cannot carry: such agency names are not compared.
        let printable = |a: &str| a.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
        if report.agency.as_deref().is_none_or(|a| !printable(a)) {
            got.agency.clone_from(&report.agency);
        }
        assert_eq!(to_value(&got), to_value(report), "{pdf:?}");
    }
}
