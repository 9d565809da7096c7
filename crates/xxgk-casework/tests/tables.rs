//! Tables 三 and 四 from cases: a worked year by hand, and for any random
//! set of cases, reports that pass every hard check of `xxgk-report` and
//! whose 上年结转 equals the year before's 结转下年度 (C-1).

use proptest::prelude::*;
use time::macros::date;
use time::{Date, Duration};
use xxgk_casework::register::{Matter, MatterResult};
use xxgk_casework::tables::{CaseSummary, SummaryError, report, table4};
use xxgk_casework::{ApplicantKind, Outcome};
use xxgk_report::check::{Context, Severity, check};
use xxgk_report::{CheckId, T3Col, T3Row, T4Group, Template};

fn case(kind: ApplicantKind, received_on: Date, decided: Option<(Date, &str)>) -> CaseSummary {
    CaseSummary { kind, received_on, decided: decided.map(|(on, key)| (on, Outcome::from_key(key).unwrap())) }
}

#[test]
fn a_year_counted_by_hand() {
    use ApplicantKind::*;
    let cases = [
        // Carried over from 2024, decided in 2025.
        case(Natural, date!(2024 - 12 - 20), Some((date!(2025 - 01 - 10), "granted"))),
        // Received and decided in 2024: not in 2025 at all.
        case(Natural, date!(2024 - 03 - 01), Some((date!(2024 - 03 - 20), "granted"))),
        case(Commercial, date!(2025 - 03 - 01), Some((date!(2025 - 03 - 25), "denied_third_party"))),
        case(Legal, date!(2025 - 06 - 01), Some((date!(2025 - 06 - 20), "other_no_fee"))),
        // Received in 2025, decided in 2026: carried forward.
        case(Research, date!(2025 - 12 - 15), Some((date!(2026 - 01 - 12), "granted"))),
        // Not decided yet.
        case(Other, date!(2025 - 11 - 01), None),
        // Received in 2026: not in 2025.
        case(Social, date!(2026 - 01 - 05), None),
    ];
    let r = report(2025, &cases, &[]).unwrap();
    let t = &r.table3;
    assert_eq!(r.format, Template::V2021);
    assert_eq!(t[T3Row::NewReceived], [0, 1, 1, 0, 1, 1, 4]);
    assert_eq!(t[T3Row::CarriedOver], [1, 0, 0, 0, 0, 0, 1]);
    assert_eq!(t[T3Row::Granted], [1, 0, 0, 0, 0, 0, 1]);
    assert_eq!(t[T3Row::DeniedThirdParty][T3Col::Commercial as usize], 1);
    assert_eq!(t[T3Row::OtherNoFee][T3Col::Legal as usize], 1);
    assert_eq!(t[T3Row::TotalProcessed], [1, 1, 0, 0, 1, 0, 3]);
    assert_eq!(t[T3Row::CarriedForward], [0, 0, 1, 0, 0, 1, 2]);
    // In a 2020 report (2019 template) the three 其他处理 rows are one.
    let old = report(2020, &[case(Legal, date!(2020 - 06 - 01), Some((date!(2020 - 06 - 20), "other_no_fee")))], &[])
        .unwrap();
    assert_eq!(old.format, Template::V2019);
    assert_eq!(old.table3[T3Row::Other][T3Col::Legal as usize], 1);
}

#[test]
fn a_decision_before_receipt_is_refused() {
    let bad = [case(ApplicantKind::Natural, date!(2025 - 03 - 10), Some((date!(2025 - 03 - 01), "granted")))];
    assert_eq!(
        report(2025, &bad, &[]).unwrap_err(),
        SummaryError { index: 1, received_on: date!(2025 - 03 - 10), decided_on: date!(2025 - 03 - 01) }
    );
}

#[test]
fn table_4_counts_matters_filed_in_the_year_by_result_at_the_cut_off() {
    let matter =
        |kind, filed_on, result| Matter { kind, case_id: None, filed_on, forum: "某县人民政府".into(), result };
    let matters = [
        matter(
            T4Group::Reconsideration,
            date!(2025 - 02 - 01),
            Some((MatterResult::Maintained, date!(2025 - 04 - 01))),
        ),
        // Decided after the cut-off: 尚未审结 in 2025.
        matter(T4Group::Reconsideration, date!(2025 - 11 - 01), Some((MatterResult::Corrected, date!(2026 - 01 - 20)))),
        matter(T4Group::LitigationDirect, date!(2025 - 05 - 01), None),
        // Filed in 2024: not counted in 2025.
        matter(T4Group::LitigationAfterReconsideration, date!(2024 - 12 - 30), None),
    ];
    for m in &matters {
        m.validate().unwrap();
    }
    let t = table4(2025, &matters);
    assert_eq!(t[T4Group::Reconsideration], [1, 0, 0, 1, 2]);
    assert_eq!(t[T4Group::LitigationDirect], [0, 0, 0, 1, 1]);
    assert_eq!(t[T4Group::LitigationAfterReconsideration], [0; 5]);
    assert_eq!(table4(2026, &matters), Default::default());
    let bad =
        matter(T4Group::Reconsideration, date!(2025 - 02 - 01), Some((MatterResult::Other, date!(2025 - 01 - 01))));
    assert!(bad.validate().is_err());
    assert!(Matter { forum: " ".into(), ..matters[0].clone() }.validate().is_err());
}

fn arb_case() -> impl Strategy<Value = CaseSummary> {
    let outcomes: Vec<Outcome> = Outcome::all().collect();
    (0usize..6, 0i64..(365 * 5), proptest::option::of((0i64..500, 0usize..outcomes.len()))).prop_map(
        move |(kind, received, decided)| CaseSummary {
            kind: ApplicantKind::ALL[kind],
            received_on: date!(2021 - 01 - 01) + Duration::days(received),
            decided: decided.map(|(after, o)| (date!(2021 - 01 - 01) + Duration::days(received + after), outcomes[o])),
        },
    )
}

fn arb_matter() -> impl Strategy<Value = Matter> {
    (0usize..3, 0i64..(365 * 5), proptest::option::of((0usize..3, 0i64..400))).prop_map(|(group, filed, result)| {
        let filed_on = date!(2021 - 01 - 01) + Duration::days(filed);
        Matter {
            kind: T4Group::ALL[group],
            case_id: None,
            filed_on,
            forum: "某市人民政府".into(),
            result: result.map(|(r, after)| (MatterResult::ALL[r], filed_on + Duration::days(after))),
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_cases_make_reports_that_pass_the_hard_checks_and_carry_over(
        cases in proptest::collection::vec(arb_case(), 0..120),
        matters in proptest::collection::vec(arb_matter(), 0..20),
        year in 2021i32..2026,
    ) {
        let previous = report(year - 1, &cases, &matters).unwrap();
        let current = report(year, &cases, &matters).unwrap();
        for r in [&previous, &current] {
            let errors: Vec<String> = check(r, &Context::default())
                .into_iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|f| format!("{} {}", f.check, f.message))
                .collect();
            prop_assert!(errors.is_empty(), "{} report: {:?}", r.year, errors);
        }
        let ctx = Context { previous: Some(&previous), ..Context::default() };
        let c1: Vec<String> = check(&current, &ctx)
            .into_iter()
            .filter(|f| f.check == CheckId::C1 || f.severity == Severity::Error)
            .map(|f| f.message)
            .collect();
        prop_assert!(c1.is_empty(), "{:?}", c1);
    }
}
