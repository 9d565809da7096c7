//! Golden snapshots of the HTML, Markdown, text and Typst renderings of every
//! fixture report, plus one report with prose. Review changes with
//! `cargo insta review` or accept them with `INSTA_UPDATE=always`.

mod common;

fn snapshot(format: &str, render: fn(&xxgk_report::Report) -> String) {
    let mut reports = common::fixtures();
    reports.push(("narrative".to_string(), common::with_narrative()));
    for (name, report) in reports {
        insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(format!("{format}__{name}"), render(&report));
        });
    }
}

#[test]
fn html() {
    snapshot("html", xxgk_render::html);
}

#[test]
fn markdown() {
    snapshot("markdown", xxgk_render::markdown);
}

#[test]
fn text() {
    snapshot("text", xxgk_render::text);
}

#[test]
fn typst() {
    snapshot("typst", xxgk_render::typst);
}
