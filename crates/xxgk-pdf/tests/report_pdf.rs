//! Every fixture report of `shared/fixtures/reports` as PDF, one test per
//! file: the text a reader extracts (poppler's `pdftotext`) holds every label
//! of the template, the title and every number in reading order; the fonts
//! are embedded; pages are numbered in the footer. A second trial per file
//! imports the PDF back with `xxgk_import::import` and compares the tables.

#[path = "../../xxgk-render/tests/common/mod.rs"]
mod common;
mod poppler;

use std::sync::Arc;

use libtest_mimic::{Arguments, Failed, Trial};
use xxgk_pdf::{FontSearch, PdfEngine};
use xxgk_report::Report;

fn render(engine: &PdfEngine, report: &Report) -> Result<Vec<u8>, Failed> {
    Ok(engine.compile(&xxgk_render::typst(report), &[])?)
}

/// The numbers of a text in order: runs of digits and decimal points.
fn numbers(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.')).filter(|t| !t.is_empty()).collect()
}

fn check_text(engine: &PdfEngine, report: &Report) -> Result<(), Failed> {
    let pdf = render(engine, report)?;
    let raw = poppler::squeeze(&poppler::raw_text(&pdf));
    let title = xxgk_render::layout::document(report).title;
    let mut missing: Vec<&str> = common::all_labels(report.format)
        .into_iter()
        .chain([title.as_str()])
        .filter(|label| !raw.contains(&poppler::squeeze(label)))
        .collect();
    missing.dedup();
    if !missing.is_empty() {
        return Err(format!("labels missing from the PDF text: {missing:?}").into());
    }

    // Every number, in reading order, as a subsequence of the numbers of the page text.
    let layout = poppler::layout_text(&pdf);
    let found = numbers(&layout);
    let mut at = 0;
    for (path, value) in common::all_cells(report) {
        match found[at..].iter().position(|n| *n == value) {
            Some(offset) => at += offset + 1,
            None => return Err(format!("{path}: {value} not found (in order) in the PDF text").into()),
        }
    }

    let squeezed = poppler::squeeze(&layout);
    if !squeezed.contains("—1—") || !squeezed.contains("—2—") {
        return Err("page numbers — 1 — and — 2 — missing from the footers".into());
    }
    for (name, embedded) in poppler::fonts(&pdf) {
        if !embedded {
            return Err(format!("font {name} is not embedded").into());
        }
    }
    Ok(())
}

/// The importer reading our own PDF back gives the same tables.
fn check_round_trip(engine: &PdfEngine, report: &Report) -> Result<(), Failed> {
    let pdf = render(engine, report)?;
    let imported = xxgk_import::import(&pdf, Some("report.pdf"))?.report;
    let expected = xxgk_report::to_json_pretty(&tables_only(report));
    let got = xxgk_report::to_json_pretty(&tables_only(&imported));
    if expected != got {
        return Err(format!("imported JSON differs:\n--- expected\n{expected}\n--- imported\n{got}").into());
    }
    Ok(())
}

/// What a PDF can give back: template, year, agency and the three tables.
fn tables_only(report: &Report) -> Report {
    let mut report = report.clone();
    report.unfilled.clear();
    report.narrative = Default::default();
    report
}

fn main() {
    let args = Arguments::from_args();
    let engine = match PdfEngine::new(&FontSearch::default()) {
        Ok(engine) => Arc::new(engine),
        Err(e) => {
            let trial = Trial::test("fonts_present", move || Err(e.to_string().into()));
            libtest_mimic::run(&args, vec![trial]).exit();
        }
    };
    let mut fixtures = common::fixtures();
    fixtures.push(("with-narrative".into(), common::with_narrative()));
    let mut trials = Vec::new();
    for (stem, report) in fixtures {
        let report = Arc::new(report);
        let (e, r) = (engine.clone(), report.clone());
        trials.push(Trial::test(format!("pdf_text::{stem}"), move || check_text(&e, &r)));
        let (e, r) = (engine.clone(), report.clone());
        // The importer reads our own PDF back by glyph position: the same report.
        trials.push(Trial::test(format!("pdf_round_trip::{stem}"), move || check_round_trip(&e, &r)));
    }
    libtest_mimic::run(&args, trials).exit();
}
