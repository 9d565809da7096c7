//! The document rows of table 二 (第二十条第（一）项: 规章 and 行政规范性文件)
//! from a year's items (`proactive-disclosure.md` §7). 2021 template:
//! 本年制发件数 = formed in the year; 本年废止件数 = 有效性 ended in the year
//! (失效, 废止, or replaced by a revision — every end, so that
//! `in_force(Y) = in_force(Y−1) + issued(Y) − repealed(Y)` holds exactly,
//! check C-2); 现行有效件数 = formed by 31 December and not ended by then.
//! 2019 template: 本年新制作数量 = formed in the year; 本年新公开数量 =
//! published in the year; 对外公开总数量 = published by 31 December (an
//! ended document stays published, listed as 失效/废止). The other rows come
//! from business systems and are left untouched.

use time::{Date, Month};
use xxgk_report::Table2;
use xxgk_report::report::{Documents2019, Documents2021};

use crate::metadata::DocumentKind;

/// What table 二 needs of one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentFacts {
    pub kind: DocumentKind,
    pub formed_on: Date,
    pub published_on: Option<Date>,
    /// First day no longer in force (失效/废止/修订).
    pub ended_on: Option<Date>,
}

/// Facts that contradict themselves.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("第 {index} 件文件：{field} {date} 早于成文日期 {formed_on}")]
pub struct FactsError {
    pub index: usize,
    pub field: &'static str,
    pub date: Date,
    pub formed_on: Date,
}

fn check(facts: &[DocumentFacts]) -> Result<(), FactsError> {
    for (i, f) in facts.iter().enumerate() {
        for (field, date) in [("published_on", f.published_on), ("ended_on", f.ended_on)] {
            if let Some(date) = date.filter(|d| *d < f.formed_on) {
                return Err(FactsError { index: i + 1, field, date, formed_on: f.formed_on });
            }
        }
    }
    Ok(())
}

fn count(facts: &[DocumentFacts], kind: DocumentKind, pred: impl Fn(&DocumentFacts) -> bool) -> i64 {
    facts.iter().filter(|f| f.kind == kind && pred(f)).count() as i64
}

fn year_end(year: i32) -> Date {
    Date::from_calendar_date(year, Month::December, 31).unwrap_or(Date::MAX)
}

/// The 2021 counts of `kind` for `year`.
pub fn documents_2021(year: i32, kind: DocumentKind, facts: &[DocumentFacts]) -> Result<Documents2021, FactsError> {
    check(facts)?;
    let end = year_end(year);
    Ok(Documents2021 {
        issued: count(facts, kind, |f| f.formed_on.year() == year),
        repealed: count(facts, kind, |f| f.ended_on.is_some_and(|e| e.year() == year)),
        in_force: count(facts, kind, |f| f.formed_on <= end && f.ended_on.is_none_or(|e| e > end)),
    })
}

/// The 2019 counts of `kind` for `year`.
pub fn documents_2019(year: i32, kind: DocumentKind, facts: &[DocumentFacts]) -> Result<Documents2019, FactsError> {
    check(facts)?;
    let end = year_end(year);
    Ok(Documents2019 {
        made: count(facts, kind, |f| f.formed_on.year() == year),
        published: count(facts, kind, |f| f.published_on.is_some_and(|p| p.year() == year)),
        total_published: count(facts, kind, |f| f.published_on.is_some_and(|p| p <= end)),
    })
}

/// Fills the 规章 and (行政)规范性文件 rows of `table` for `year` from the items.
pub fn fill_document_rows(table: &mut Table2, year: i32, facts: &[DocumentFacts]) -> Result<(), FactsError> {
    use DocumentKind::{NormativeDocument, Regulation};
    match table {
        Table2::V2021(t) => {
            t.regulations = documents_2021(year, Regulation, facts)?;
            t.normative_documents = documents_2021(year, NormativeDocument, facts)?;
        }
        Table2::V2019(t) => {
            t.regulations = documents_2019(year, Regulation, facts)?;
            t.normative_documents = documents_2019(year, NormativeDocument, facts)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;
    use xxgk_report::Template;

    fn fact(kind: DocumentKind, formed_on: Date, published_on: Option<Date>, ended_on: Option<Date>) -> DocumentFacts {
        DocumentFacts { kind, formed_on, published_on, ended_on }
    }

    fn sample() -> Vec<DocumentFacts> {
        use DocumentKind::*;
        vec![
            fact(NormativeDocument, date!(2023 - 05 - 01), Some(date!(2023 - 05 - 10)), None),
            fact(NormativeDocument, date!(2023 - 06 - 01), Some(date!(2023 - 06 - 10)), Some(date!(2025 - 03 - 01))),
            fact(NormativeDocument, date!(2025 - 02 - 01), Some(date!(2025 - 02 - 20)), None),
            fact(NormativeDocument, date!(2025 - 12 - 20), Some(date!(2026 - 01 - 08)), None),
            fact(NormativeDocument, date!(2025 - 04 - 01), Some(date!(2025 - 04 - 03)), Some(date!(2026 - 01 - 01))),
            fact(Regulation, date!(2025 - 07 - 01), Some(date!(2025 - 07 - 02)), None),
            fact(Other, date!(2025 - 07 - 01), Some(date!(2025 - 07 - 02)), None),
        ]
    }

    #[test]
    fn the_2021_rows() {
        let mut t = Table2::empty(Template::V2021);
        fill_document_rows(&mut t, 2025, &sample()).unwrap();
        let Table2::V2021(t) = t else { unreachable!() };
        assert_eq!(t.normative_documents, Documents2021 { issued: 3, repealed: 1, in_force: 4 });
        assert_eq!(t.regulations, Documents2021 { issued: 1, repealed: 0, in_force: 1 });
    }

    #[test]
    fn the_2019_rows() {
        let mut t = Table2::empty(Template::V2019);
        fill_document_rows(&mut t, 2025, &sample()).unwrap();
        let Table2::V2019(t) = t else { unreachable!() };
        assert_eq!(t.normative_documents, Documents2019 { made: 3, published: 2, total_published: 4 });
    }

    #[test]
    fn contradictory_facts_are_refused() {
        let bad = [fact(DocumentKind::Regulation, date!(2025 - 07 - 01), None, Some(date!(2025 - 06 - 01)))];
        let err = documents_2021(2025, DocumentKind::Regulation, &bad).unwrap_err();
        assert_eq!((err.index, err.field), (1, "ended_on"));
        assert!(err.to_string().contains("早于成文日期"));
    }

    fn facts() -> impl Strategy<Value = Vec<DocumentFacts>> {
        let one = (0i64..3000, prop::option::of(0i64..400), prop::option::of(0i64..2000), any::<bool>()).prop_map(
            |(formed, published, ended, regulation)| {
                let formed_on = date!(2018 - 01 - 01) + time::Duration::days(formed);
                DocumentFacts {
                    kind: if regulation { DocumentKind::Regulation } else { DocumentKind::NormativeDocument },
                    formed_on,
                    published_on: published.map(|d| formed_on + time::Duration::days(d)),
                    ended_on: ended.map(|d| formed_on + time::Duration::days(d)),
                }
            },
        );
        prop::collection::vec(one, 0..60)
    }

    proptest! {
        /// C-2 holds exactly year over year, as does its 2019 analogue, and
        /// what is in force never exceeds what was ever issued.
        #[test]
        fn counts_are_consistent_across_years(facts in facts(), year in 2019i32..2027) {
            for kind in [DocumentKind::Regulation, DocumentKind::NormativeDocument] {
                let prev = documents_2021(year - 1, kind, &facts).unwrap();
                let this = documents_2021(year, kind, &facts).unwrap();
                prop_assert_eq!(this.in_force, prev.in_force + this.issued - this.repealed);
                prop_assert!(this.in_force >= 0 && this.in_force <= count(&facts, kind, |f| f.formed_on.year() <= year));
                let prev = documents_2019(year - 1, kind, &facts).unwrap();
                let this = documents_2019(year, kind, &facts).unwrap();
                prop_assert_eq!(this.total_published, prev.total_published + this.published);
            }
        }
    }
}
