//! The checks of `annual-report-format.md` §4: hard rules (H-*), cross-year
//! rules (C-*) and plausibility rules (W-*). Each finding names the check, its
//! severity, the cell (or field / section) and says in plain Chinese what is
//! wrong, with the labels and numbers involved.

mod cross;
mod hard;
mod plausible;

use std::fmt;

use time::Date;

use crate::labels::Section;
use crate::path::CellPath;
use crate::report::Report;

/// The check ids of the spec, stable across versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CheckId {
    H1,
    H2,
    H3,
    H4,
    H5,
    H6,
    H7,
    C1,
    C2,
    C3,
    C4,
    W1,
    W2,
    W3,
    W4,
    W5,
    W6,
    W7,
    W8,
    W9,
    W10,
    W11,
}

impl CheckId {
    pub fn as_str(self) -> &'static str {
        use CheckId::*;
        match self {
            H1 => "H-1",
            H2 => "H-2",
            H3 => "H-3",
            H4 => "H-4",
            H5 => "H-5",
            H6 => "H-6",
            H7 => "H-7",
            C1 => "C-1",
            C2 => "C-2",
            C3 => "C-3",
            C4 => "C-4",
            W1 => "W-1",
            W2 => "W-2",
            W3 => "W-3",
            W4 => "W-4",
            W5 => "W-5",
            W6 => "W-6",
            W7 => "W-7",
            W8 => "W-8",
            W9 => "W-9",
            W10 => "W-10",
            W11 => "W-11",
        }
    }
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// ERROR: a hard rule a correct report never breaks. WARNING: plausibility.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Where a finding points.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Location {
    /// One cell of tables 二, 三, 四.
    Cell(CellPath),
    /// A top-level field: `format`, `year`, `agency`.
    Field(&'static str),
    /// A section of the text (一 … 六).
    Section(Section),
    /// The document as a whole (title, dates, headings).
    Document,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Cell(path) => path.fmt(f),
            Location::Field(name) => f.write_str(name),
            Location::Section(section) => {
                let key = match section {
                    Section::Overview => "narrative.overview",
                    Section::ActiveDisclosure => "sections.2",
                    Section::Requests => "sections.3",
                    Section::ReviewLitigation => "sections.4",
                    Section::Problems => "narrative.problems",
                    Section::OtherMatters => "narrative.other_matters",
                };
                f.write_str(key)
            }
            Location::Document => f.write_str("document"),
        }
    }
}

/// One problem found in a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub check: CheckId,
    pub severity: Severity,
    pub location: Location,
    pub message: String,
}

impl Finding {
    fn error(check: CheckId, location: Location, message: String) -> Finding {
        Finding { check, severity: Severity::Error, location, message }
    }

    fn warning(check: CheckId, location: Location, message: String) -> Finding {
        Finding { check, severity: Severity::Warning, location, message }
    }

    /// The part of the report a finding belongs to, for grouping in human
    /// output: `表二 主动公开政府信息情况`, …, `报告整体`, `正文`.
    pub fn group(&self) -> String {
        let table = |numeral: &str, section: Section| format!("表{numeral} {}", section.spec().title);
        match &self.location {
            Location::Cell(CellPath::Table2 { .. }) => table("二", Section::ActiveDisclosure),
            Location::Cell(CellPath::Table3 { .. }) => table("三", Section::Requests),
            Location::Cell(CellPath::Table4 { .. }) => table("四", Section::ReviewLitigation),
            Location::Field(_) | Location::Document => "报告整体".to_string(),
            Location::Section(_) => "正文".to_string(),
        }
    }
}

/// The kind of body, which decides its publication deadline (W-8, W-4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgencyKind {
    /// 本级政府: the whole government's report, due 3月31日.
    Government,
    /// 政府部门: due 1月31日.
    Department,
    /// 乡镇 / 街道: due 1月31日 by default (set locally).
    Township,
}

impl AgencyKind {
    /// Guesses the kind from the agency's name [I]: townships and sub-districts
    /// by 乡/镇/街道, a government by a trailing 人民政府, otherwise a department.
    pub fn from_name(name: &str) -> AgencyKind {
        let township_marks = ["镇人民政府", "乡人民政府", "街道办事处", "苏木", "镇政府", "乡政府"];
        if township_marks.iter().any(|m| name.contains(m)) {
            AgencyKind::Township
        } else if name.ends_with("人民政府") || name.ends_with("实验区") || name.ends_with("新区") {
            AgencyKind::Government
        } else {
            AgencyKind::Department
        }
    }
}

/// A label matched only through a wording variant (W-11).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariantUse {
    /// The template label.
    pub label: String,
    /// The variant the document printed.
    pub variant: String,
}

/// What the source document said beyond the numbers, for the text-based
/// checks. The importer fills it; a report entered on the platform has its
/// narrative in [`Report::narrative`] instead.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentFacts {
    pub title: Option<String>,
    /// Sections found, in document order, with their body text.
    pub sections: Vec<(Section, String)>,
    /// The 统计期限 the text states.
    pub stated_period: Option<(Date, Date)>,
    /// The 落款 date at the end of the report.
    pub signed_on: Option<Date>,
    /// The web publication date, when known.
    pub published_on: Option<Date>,
    pub label_variants: Vec<VariantUse>,
    /// Money cells whose header or cell said 元 (converted to 万元 on import).
    pub money_in_yuan: Vec<CellPath>,
    /// Non-zero money cells with no unit in the cell or its header: read as 万元.
    pub money_unit_assumed: Vec<CellPath>,
}

impl DocumentFacts {
    pub fn section(&self, section: Section) -> Option<&str> {
        self.sections.iter().find(|(s, _)| *s == section).map(|(_, text)| text.as_str())
    }

    /// The prose sections 一, 五 and 六 as a report narrative, so that a
    /// report kept without its document still carries its text.
    pub fn narrative(&self) -> crate::report::Narrative {
        let text = |s| self.section(s).map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
        crate::report::Narrative {
            overview: text(Section::Overview),
            problems: text(Section::Problems),
            other_matters: text(Section::OtherMatters),
        }
    }
}

/// Everything besides the report that the checks may use; all optional.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The same agency's report on the year before (C-*, W-2).
    pub previous: Option<&'a Report>,
    pub document: Option<&'a DocumentFacts>,
    pub previous_document: Option<&'a DocumentFacts>,
    /// When `None`, guessed from the agency name.
    pub agency_kind: Option<AgencyKind>,
    /// An explanation (e.g. 机构改革) that turns C-1 breaks into warnings.
    pub carry_over_override: Option<&'a str>,
}

impl<'a> Context<'a> {
    /// The text of a section: the report's narrative when it has one (it may
    /// have been edited since the document was read), else the document's.
    fn text(&self, report: &'a Report, section: Section) -> Option<&'a str> {
        let narrative = match section {
            Section::Overview => report.narrative.overview.as_deref(),
            Section::Problems => report.narrative.problems.as_deref(),
            Section::OtherMatters => report.narrative.other_matters.as_deref(),
            _ => None,
        };
        narrative.or_else(|| self.document.and_then(|doc| doc.section(section)))
    }

    fn agency_kind(&self, report: &Report) -> Option<AgencyKind> {
        self.agency_kind.or_else(|| report.agency.as_deref().map(AgencyKind::from_name))
    }
}

/// Runs every check that the report and context allow, in spec order.
pub fn check(report: &Report, ctx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    hard::run(report, ctx, &mut out);
    cross::run(report, ctx, &mut out);
    plausible::run(report, ctx, &mut out);
    out
}

/// `true` when any finding is an error.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

/// Joins addends as `a + b + c`.
fn sum_expr(terms: &[(&str, i64)]) -> String {
    terms.iter().map(|(label, n)| format!("{label} {n}")).collect::<Vec<_>>().join(" + ")
}

/// `相差 N` for a difference.
fn diff(a: i64, b: i64) -> String {
    format!("相差 {}", (a - b).abs())
}

#[cfg(test)]
mod tests;
