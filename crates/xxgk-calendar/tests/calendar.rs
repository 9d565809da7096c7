//! The calendar against the published arrangements: named cases around
//! holidays and 调休 days (expected dates worked out independently from the
//! CSV), properties over every date 2019–2027, and the built-in table kept
//! identical to the spec's copy.

use proptest::prelude::*;
use time::Date;
use time::macros::date;
use xxgk_calendar::{Arranged, DayKind, WorkCalendar};

fn cal() -> WorkCalendar {
    WorkCalendar::official()
}

#[test]
fn day_kinds() {
    let c = cal();
    assert_eq!(c.day_kind(date!(2024 - 10 - 01)), DayKind::Holiday, "国庆节");
    assert_eq!(c.day_kind(date!(2024 - 09 - 29)), DayKind::MakeUpWorkday, "a Sunday worked for 国庆节");
    assert_eq!(c.day_kind(date!(2024 - 09 - 28)), DayKind::Weekend);
    assert_eq!(c.day_kind(date!(2024 - 09 - 30)), DayKind::Weekday);
    // The 2020 Spring Festival extension turned the make-up Saturday into a day off.
    assert_eq!(c.day_kind(date!(2020 - 02 - 01)), DayKind::Holiday);
    assert_eq!(c.day_kind(date!(2020 - 01 - 19)), DayKind::MakeUpWorkday);
    assert_eq!(c.arrangement(date!(2026 - 02 - 14)), Some(&Arranged::Workday("春节".into())));
    assert!(DayKind::MakeUpWorkday.is_working() && !DayKind::Holiday.is_working());
    assert_eq!(DayKind::MakeUpWorkday.label(), "调休上班日");
}

#[test]
fn periods_across_holidays_and_make_up_days() {
    let c = cal();
    // (start, working days, due) — the start day is not counted.
    let cases = [
        (date!(2024 - 09 - 30), 1, date!(2024 - 10 - 08)),  // over 国庆节
        (date!(2024 - 09 - 27), 1, date!(2024 - 09 - 29)),  // a Sunday worked (调休)
        (date!(2024 - 09 - 30), 20, date!(2024 - 11 - 01)), // 20个工作日, 10月12日 (Sat) counted
        (date!(2020 - 01 - 20), 7, date!(2020 - 02 - 06)),  // the extended Spring Festival of 2020
        (date!(2026 - 02 - 13), 1, date!(2026 - 02 - 14)),  // 春节 2026: Saturday 2月14日 worked
        (date!(2026 - 02 - 13), 2, date!(2026 - 02 - 24)),  // … then nine days off
        (date!(2025 - 01 - 24), 20, date!(2025 - 02 - 27)),
        (date!(2023 - 12 - 29), 1, date!(2024 - 01 - 02)), // over 元旦
        (date!(2024 - 05 - 06), 0, date!(2024 - 05 - 06)),
    ];
    for (start, n, want) in cases {
        let due = c.add_working_days(start, n).unwrap();
        assert_eq!(due.date, want, "{start} + {n} working days");
        assert!(!due.provisional, "{start} + {n} stays in known years");
        assert_eq!(c.working_days_between(start, want), n, "{start} .. {want}");
    }
}

#[test]
fn a_period_into_an_unpublished_year_is_provisional() {
    let c = cal();
    let inside = c.add_working_days(date!(2026 - 11 - 23), 20).unwrap();
    assert_eq!((inside.date, inside.provisional), (date!(2026 - 12 - 21), false));
    let into_2027 = c.add_working_days(date!(2026 - 12 - 20), 20).unwrap();
    assert_eq!((into_2027.date, into_2027.provisional), (date!(2027 - 01 - 15), true));
    assert!(into_2027.to_string().starts_with("2027年1月15日（暂定"), "{into_2027}");
    assert_eq!(inside.to_string(), "2026年12月21日");
    // A newer table that covers 2027 makes it final.
    let newer = format!("{}2027-01-01,holiday,元旦\n", xxgk_calendar::OFFICIAL_CSV);
    let c = WorkCalendar::from_csv(&newer).unwrap();
    assert_eq!(c.covered_years(), 2019..=2027);
    let due = c.add_working_days(date!(2026 - 12 - 20), 20).unwrap();
    assert!(!due.provisional);
}

#[test]
fn limits_and_moving_off_a_day_off() {
    let c = cal();
    assert!(c.add_working_days(date!(2024 - 01 - 01), xxgk_calendar::MAX_PERIOD + 1).is_none());
    assert_eq!(c.working_days_between(date!(2024 - 10 - 08), date!(2024 - 09 - 30)), 0, "backwards is empty");
    assert_eq!(c.next_working_day_from(date!(2024 - 10 - 01)), Some(date!(2024 - 10 - 08)));
    assert_eq!(c.next_working_day_from(date!(2024 - 10 - 08)), Some(date!(2024 - 10 - 08)));
}

#[test]
fn built_in_table_is_the_spec_copy() {
    let shared = std::env::var_os("XXGK_SHARED_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let spec = shared.join("spec/cn-holidays.csv");
    match std::fs::read_to_string(&spec) {
        Ok(text) => {
            assert_eq!(text, xxgk_calendar::OFFICIAL_CSV, "data/cn-holidays.csv differs from {}", spec.display())
        }
        Err(_) if std::env::var_os("CI").is_none() => {
            eprintln!("note: {} not found; copy not compared", spec.display())
        }
        Err(e) => panic!("{}: {e}", spec.display()),
    }
}

fn any_date() -> impl Strategy<Value = Date> {
    (0i64..(9 * 366)).prop_map(|d| date!(2019 - 01 - 01) + time::Duration::days(d))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// A due date is a working day, exactly n working days after the start,
    /// and a longer period never ends earlier.
    #[test]
    fn due_dates_are_working_days_n_days_on(start in any_date(), n in 1u32..60) {
        let c = cal();
        let due = c.add_working_days(start, n).unwrap();
        prop_assert!(c.is_working_day(due.date));
        prop_assert!(due.date > start);
        prop_assert_eq!(c.working_days_between(start, due.date), n);
        let longer = c.add_working_days(start, n + 1).unwrap();
        prop_assert!(longer.date > due.date);
        // Splitting a period does not change its end (an extension is
        // counted on from the first due date).
        let k = n / 2;
        let first = c.add_working_days(start, k).unwrap();
        prop_assert_eq!(c.add_working_days(first.date, n - k).unwrap().date, due.date);
    }

    /// A week (Monday to Friday) has five working days unless the notices
    /// changed a day of it.
    #[test]
    fn plain_weeks_have_five_working_days(start in any_date()) {
        let c = cal();
        let sunday = start - time::Duration::days(i64::from(start.weekday().number_days_from_sunday()));
        let saturday = sunday + time::Duration::days(6);
        let week: Vec<Date> = (0..7).map(|i| sunday + time::Duration::days(i)).collect();
        let arranged = week.iter().any(|d| c.arrangement(*d).is_some());
        if !arranged {
            prop_assert_eq!(c.working_days_between(sunday, saturday), 5);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any text read as a holiday table gives a calendar or an error naming
    /// a line of it: never a panic.
    #[test]
    fn any_table_is_read_or_refused_by_line(
        text in "\\PC{0,200}",
        rows in prop::collection::vec("(20[0-9]{2}-[01][0-9]-[0-3][0-9]|[0-9a-z-]{0,12}),(holiday|workday|[a-z]{0,8}),[^\\n]{0,6}", 0..12),
    ) {
        if let Err(e) = WorkCalendar::from_csv(&text) {
            prop_assert!(e.line >= 1 && e.line <= text.lines().count().max(1));
        }
        let table = format!("date,kind,name\n{}", rows.join("\n"));
        match WorkCalendar::from_csv(&table) {
            Ok(c) => {
                let due = c.add_working_days(date!(2024 - 01 - 01), 5).unwrap();
                prop_assert!(c.is_working_day(due.date));
            }
            Err(e) => prop_assert!(e.line >= 2 && e.line <= rows.len() + 1, "{e}"),
        }
    }
}
