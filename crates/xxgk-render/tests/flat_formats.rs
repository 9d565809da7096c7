//! Markdown and plain text: the six headings, every label of the template
//! and every number, in reading order, each row of a table on one line; the
//! merged group labels are repeated before their items.

mod common;

use xxgk_report::labels::{SECTIONS, T3_RESULTS_GROUP};
use xxgk_report::{T3Row, Template};

/// The numbers of a rendering's table lines, in order.
fn numbers<'a>(cells: impl Iterator<Item = &'a str>) -> Vec<String> {
    cells
        .map(str::trim)
        .filter(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_digit() || ch == '.' || ch == '-'))
        .map(String::from)
        .collect()
}

fn expected_numbers(report: &xxgk_report::Report) -> Vec<String> {
    common::all_cells(report).into_iter().map(|(_, v)| v).collect()
}

#[test]
fn text_has_headings_labels_and_numbers() {
    for (name, report) in common::fixtures() {
        let out = xxgk_render::text(&report);
        let lines: Vec<&str> = out.lines().collect();
        for spec in &SECTIONS {
            assert!(lines.contains(&spec.heading), "{name}: heading {}", spec.heading);
        }
        let cells: Vec<&str> = lines.iter().flat_map(|l| l.split('\t')).collect();
        for label in common::all_labels(report.format) {
            let found = cells.iter().any(|c| *c == label || c.split(' ').any(|part| part == label));
            assert!(found, "{name}: label {label}");
        }
        assert_eq!(numbers(cells.iter().copied()), expected_numbers(&report), "{name}");
    }
}

#[test]
fn text_table3_rows_carry_their_group_labels() {
    let report = common::fixture("pingtan-2025");
    let out = xxgk_render::text(&report);
    let spec = T3Row::UnableNotHeld.spec();
    let line = format!("{T3_RESULTS_GROUP}\t{}\t{}\t49\t1\t0\t0\t0\t0\t50", spec.group.unwrap_or_default(), spec.label);
    assert!(out.lines().any(|l| l == line), "{line}");
}

#[test]
fn markdown_has_headings_tables_labels_and_numbers() {
    for (name, report) in common::fixtures() {
        let out = xxgk_render::markdown(&report);
        let lines: Vec<&str> = out.lines().collect();
        for spec in &SECTIONS {
            assert!(lines.contains(&format!("## {}", spec.heading).as_str()), "{name}: heading {}", spec.heading);
        }
        let table_lines: Vec<&str> = lines.iter().copied().filter(|l| l.starts_with('|')).collect();
        for line in &table_lines {
            assert!(line.ends_with(" |"), "{name}: {line}");
        }
        // Leave out the delimiter rows (`| --- | ---: |`).
        let table_lines: Vec<&str> = table_lines.into_iter().filter(|l| !l.contains("---")).collect();
        let cells: Vec<&str> =
            table_lines.iter().flat_map(|l| l.trim_matches('|').split(" | ")).map(str::trim).collect();
        for label in common::all_labels(report.format) {
            let in_heading = lines.iter().any(|l| l.trim_start_matches('#').trim() == label);
            let in_cell = cells.iter().any(|c| *c == label || c.split(' ').any(|part| part == label));
            assert!(in_heading || in_cell, "{name}: label {label}");
        }
        assert_eq!(numbers(cells.iter().copied()), expected_numbers(&report), "{name}");
    }
}

#[test]
fn markdown_pipe_tables_are_rectangular() {
    for template in [Template::V2019, Template::V2021] {
        let out = xxgk_render::markdown(&xxgk_report::Report::empty(template, 2020));
        let mut width = None;
        for line in out.lines() {
            if line.starts_with('|') {
                let n = line.matches(" |").count();
                assert_eq!(*width.get_or_insert(n), n, "{template}: {line}");
            } else {
                width = None;
            }
        }
    }
}
