//! The report form: tables 二, 三 and 四 laid out exactly as the official
//! tables (the `xxgk_render::layout` grids with their row and column spans),
//! every number an input named by its JSON path, findings and provenance
//! placed beside the cell they name; and reading a submitted form back into
//! a report. Everything is rendered by askama (escaped).

use std::collections::HashMap;
use std::str::FromStr;

use xxgk_render::grid::CellKind;
use xxgk_render::layout::{Body, document};
use xxgk_report::labels::ValueKind;
use xxgk_report::{CellPath, Decimal, Finding, Report, Section, Severity, Value};

/// A finding as shown next to a cell.
pub struct Note {
    pub check: String,
    pub message: String,
    pub error: bool,
}

impl Note {
    pub fn of(f: &Finding) -> Note {
        Note { check: f.check.to_string(), message: f.message.clone(), error: f.severity == Severity::Error }
    }
}

/// A number input.
pub struct Input {
    pub name: String,
    pub value: String,
    /// Where an uploaded document had this number (empty when typed in).
    pub source: String,
    pub notes: Vec<Note>,
    /// `error`, `warning` or empty: the worst note.
    pub mark: &'static str,
}

/// One cell of the form table.
pub struct FormCell {
    pub header: bool,
    pub class: &'static str,
    pub rows: usize,
    pub cols: usize,
    pub text: String,
    pub input: Option<Input>,
}

/// One official table as a form.
pub struct FormTable {
    pub id: &'static str,
    pub heading: &'static str,
    pub rows: Vec<Vec<FormCell>>,
}

/// A narrative section (一, 五, 六) as a text area.
pub struct TextField {
    pub name: &'static str,
    pub heading: &'static str,
    pub value: String,
    pub notes: Vec<Note>,
}

fn mark(notes: &[Note]) -> &'static str {
    if notes.iter().any(|n| n.error) {
        "error"
    } else if notes.is_empty() {
        ""
    } else {
        "warning"
    }
}

/// The findings grouped by the location path they print.
pub fn by_location(findings: &[Finding]) -> HashMap<String, Vec<&Finding>> {
    let mut map: HashMap<String, Vec<&Finding>> = HashMap::new();
    for f in findings {
        map.entry(f.location.to_string()).or_default().push(f);
    }
    map
}

/// The three tables as forms.
pub fn tables(report: &Report, findings: &[Finding], provenance: &[(String, String)]) -> Vec<FormTable> {
    let notes = by_location(findings);
    let sources: HashMap<&str, &str> = provenance.iter().map(|(p, s)| (p.as_str(), s.as_str())).collect();
    let doc = document(report);
    let mut out = Vec::new();
    for section in doc.sections {
        let Body::Table(grid) = section.body else { continue };
        let rows = grid
            .rows
            .iter()
            .map(|row| {
                row.cells
                    .iter()
                    .map(|cell| {
                        let (header, class) = match cell.kind {
                            CellKind::Caption => (true, "caption"),
                            CellKind::Header => (true, ""),
                            CellKind::Label => (true, "label"),
                            CellKind::Number => (false, "num"),
                        };
                        let input = cell.path.map(|path| {
                            let name = path.to_string();
                            let cell_notes: Vec<Note> =
                                notes.get(&name).map(|fs| fs.iter().map(|f| Note::of(f)).collect()).unwrap_or_default();
                            Input {
                                value: cell.text.to_string(),
                                source: sources.get(name.as_str()).map(|s| s.to_string()).unwrap_or_default(),
                                mark: mark(&cell_notes),
                                notes: cell_notes,
                                name,
                            }
                        });
                        FormCell {
                            header,
                            class,
                            rows: cell.rows,
                            cols: cell.cols,
                            text: if input.is_some() { String::new() } else { cell.text.to_string() },
                            input,
                        }
                    })
                    .collect()
            })
            .collect();
        out.push(FormTable { id: grid.id.name(), heading: section.heading, rows });
    }
    out
}

/// The narrative sections as text areas.
pub fn texts(report: &Report, findings: &[Finding]) -> Vec<TextField> {
    let notes = by_location(findings);
    let n = &report.narrative;
    [
        ("narrative.overview", Section::Overview.spec().heading, &n.overview),
        ("narrative.problems", Section::Problems.spec().heading, &n.problems),
        ("narrative.other_matters", Section::OtherMatters.spec().heading, &n.other_matters),
    ]
    .into_iter()
    .map(|(name, heading, value)| TextField {
        name,
        heading,
        value: value.clone().unwrap_or_default(),
        notes: notes.get(name).map(|fs| fs.iter().map(|f| Note::of(f)).collect()).unwrap_or_default(),
    })
    .collect()
}

/// Findings that belong to no input (fields, sections 二–四, the document).
pub fn other_notes(report: &Report, findings: &[Finding]) -> Vec<Note> {
    findings
        .iter()
        .filter(|f| {
            let loc = f.location.to_string();
            !loc.starts_with("narrative.") && CellPath::parse(&loc, report.format).is_none()
        })
        .map(Note::of)
        .collect()
}

fn count(text: &str, signed: bool) -> Result<i64, String> {
    let n: i64 = text.parse().map_err(|_| format!("“{text}”不是整数"))?;
    if n < 0 && !signed {
        return Err(format!("{n} 为负数"));
    }
    Ok(n)
}

/// Reads submitted fields into `report`. Each problem names the cell.
pub fn apply(report: &mut Report, fields: &[(String, String)]) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    for (key, raw) in fields {
        let text = raw.trim();
        let set_text = |slot: &mut Option<String>| *slot = (!text.is_empty()).then(|| raw.replace("\r\n", "\n"));
        match key.as_str() {
            "narrative.overview" => set_text(&mut report.narrative.overview),
            "narrative.problems" => set_text(&mut report.narrative.problems),
            "narrative.other_matters" => set_text(&mut report.narrative.other_matters),
            "agency" => report.agency = (!text.is_empty()).then(|| text.to_string()),
            k if k.starts_with("table") => {
                let Some(path) = CellPath::parse(k, report.format) else {
                    problems.push(format!("{k}：不是本模板的单元格"));
                    continue;
                };
                let text = if text.is_empty() { "0" } else { text };
                let result = match path {
                    CellPath::Table2 { row, field } => match field.kind() {
                        ValueKind::Money => Decimal::from_str(text)
                            .map_err(|_| format!("“{text}”不是金额"))
                            .and_then(|d| if d.is_sign_negative() { Err("金额为负数".into()) } else { Ok(d) })
                            .map(|d| report.table2.set(row, field, Value::Money(d))),
                        kind => count(text, kind == ValueKind::Signed)
                            .map(|n| report.table2.set(row, field, Value::Count(n))),
                    }
                    .map(|_| ()),
                    CellPath::Table3 { row, col } => count(text, false).map(|n| report.table3.set(row, col, n)),
                    CellPath::Table4 { group, index } => count(text, false).map(|n| report.table4[group][index] = n),
                };
                if let Err(e) = result {
                    problems.push(format!("{k}：{e}"));
                }
            }
            _ => {}
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use xxgk_report::Template;
    use xxgk_report::sample::busy;

    #[test]
    fn every_number_is_an_input_and_round_trips() {
        let report = busy(Template::V2021, 2024);
        let tables = tables(&report, &[], &[]);
        assert_eq!(tables.len(), 3);
        let fields: Vec<(String, String)> = tables
            .iter()
            .flat_map(|t| t.rows.iter().flatten())
            .filter_map(|c| c.input.as_ref().map(|i| (i.name.clone(), i.value.clone())))
            .collect();
        assert!(fields.len() > 100);
        let mut back = Report::empty(Template::V2021, 2024);
        back.agency = report.agency.clone();
        apply(&mut back, &fields).unwrap();
        assert_eq!(back.table2, report.table2);
        assert_eq!(back.table3, report.table3);
        assert_eq!(back.table4, report.table4);
    }

    #[test]
    fn bad_numbers_name_the_cell() {
        let mut report = Report::empty(Template::V2021, 2024);
        let err = apply(&mut report, &[("table3.granted[6]".into(), "x".into())]).unwrap_err();
        assert!(err[0].starts_with("table3.granted[6]"));
        assert!(apply(&mut report, &[("table3.granted[6]".into(), "-1".into())]).is_err());
        assert!(apply(&mut report, &[("table2.fees.amount_10k_yuan".into(), "1.25".into())]).is_ok());
    }
}
