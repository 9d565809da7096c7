//! 第二十六条: a 主动公开 item is published within 20 working days of the
//! day it was formed or changed (成文日期; a correction restarts from its own
//! date). The due date comes from `xxgk-calendar` (start day not counted;
//! marked provisional when it runs into a year whose holidays are not
//! published yet). Lateness feeds the agency's own list and its
//! supervisors' list of the whole subtree.

use std::collections::BTreeMap;

use time::Date;
use xxgk_calendar::{Due, WorkCalendar};

use crate::attribute::Disclosure;

/// 第二十六条's period, in working days.
pub const PUBLISH_WITHIN_WORKING_DAYS: u32 = 20;
/// An unpublished item this close to its due date is flagged.
pub const DUE_SOON_WORKING_DAYS: u32 = 3;

/// A due date that cannot be computed (a 成文日期 at the end of the date range).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("formed_on: 成文日期 {0} 无法计算发布期限")]
pub struct DueError(pub Date);

/// The publication due date of an item formed (or changed) on `formed_on`.
pub fn publish_due(calendar: &WorkCalendar, formed_on: Date) -> Result<Due, DueError> {
    calendar.add_working_days(formed_on, PUBLISH_WITHIN_WORKING_DAYS).ok_or(DueError(formed_on))
}

named_enum! {
    /// Where an item stands against its due date.
    pub enum Timeliness: "发布时效" {
        Overdue = "overdue", "已逾期未发布";
        DueSoon = "due_soon", "3个工作日内到期";
        Pending = "pending", "未到期";
        PublishedOnTime = "published_on_time", "按时发布";
        PublishedLate = "published_late", "逾期发布";
    }
}

impl Timeliness {
    /// Shown on the late lists.
    pub fn needs_attention(self) -> bool {
        matches!(self, Timeliness::Overdue | Timeliness::DueSoon)
    }
}

/// Lateness on `today` of an item due on `due`.
pub fn timeliness(calendar: &WorkCalendar, due: Date, published_on: Option<Date>, today: Date) -> Timeliness {
    match published_on {
        Some(p) if p <= due => Timeliness::PublishedOnTime,
        Some(_) => Timeliness::PublishedLate,
        None if today > due => Timeliness::Overdue,
        None if calendar.working_days_between(today, due) <= DUE_SOON_WORKING_DAYS => Timeliness::DueSoon,
        None => Timeliness::Pending,
    }
}

/// What the late lists need of an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItem {
    pub document_id: i64,
    pub agency_id: i64,
    /// When the clock starts: the 成文日期, or a correction's change date
    /// ([`crate::workflow::Version::clock_starts_on`]).
    pub formed_on: Date,
    pub published_on: Option<Date>,
    pub disclosure: Disclosure,
}

/// An item on a late list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flagged<'a> {
    pub item: &'a DueItem,
    pub due: Due,
    pub timeliness: Timeliness,
}

/// The overdue and nearly-due 主动公开 items of the agencies `in_scope`
/// accepts, most urgent first. The agency's view passes `|a| a == own`; a
/// supervisor's passes its subtree (`xxgk_domain::agency::is_below`).
/// 依申请公开/不予公开 items have no 第二十六条 clock and never appear.
pub fn late_list<'a>(
    calendar: &WorkCalendar,
    items: &'a [DueItem],
    today: Date,
    in_scope: impl Fn(i64) -> bool,
) -> Result<Vec<Flagged<'a>>, DueError> {
    let mut out = Vec::new();
    for item in items.iter().filter(|i| i.disclosure == Disclosure::Proactive && in_scope(i.agency_id)) {
        let due = publish_due(calendar, item.formed_on)?;
        let timeliness = timeliness(calendar, due.date, item.published_on, today);
        if timeliness.needs_attention() {
            out.push(Flagged { item, due, timeliness });
        }
    }
    out.sort_by_key(|f| (f.due.date, f.item.document_id));
    Ok(out)
}

/// Per agency, how many items stand at each [`Timeliness`] (for the
/// supervisor's overview table).
pub fn counts_by_agency(
    calendar: &WorkCalendar,
    items: &[DueItem],
    today: Date,
) -> Result<BTreeMap<i64, BTreeMap<Timeliness, u32>>, DueError> {
    let mut out: BTreeMap<i64, BTreeMap<Timeliness, u32>> = BTreeMap::new();
    for item in items.iter().filter(|i| i.disclosure == Disclosure::Proactive) {
        let due = publish_due(calendar, item.formed_on)?;
        *out.entry(item.agency_id)
            .or_default()
            .entry(timeliness(calendar, due.date, item.published_on, today))
            .or_default() += 1;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn cal() -> WorkCalendar {
        WorkCalendar::official()
    }

    #[test]
    fn twenty_working_days_over_a_holiday() {
        // 2025-09-26 (Fri): 国庆/中秋 1–8 Oct off, 28 Sep and 11 Oct worked.
        let due = publish_due(&cal(), date!(2025 - 09 - 26)).unwrap();
        // 28, 29, 30 Sep, 9, 10, 11 Oct … 20th working day: 30 Oct.
        assert_eq!(due, Due { date: date!(2025 - 10 - 30), provisional: false });
        let plain = publish_due(&cal(), date!(2025 - 03 - 10)).unwrap();
        assert_eq!(plain.date, date!(2025 - 04 - 08), "清明 4 Apr is a day off");
    }

    #[test]
    fn beyond_the_known_years_is_provisional() {
        let due = publish_due(&cal(), date!(2026 - 12 - 20)).unwrap();
        assert!(due.provisional);
        assert!(!publish_due(&cal(), date!(2026 - 06 - 01)).unwrap().provisional);
    }

    #[test]
    fn the_five_states() {
        let c = cal();
        let due = date!(2025 - 04 - 08);
        assert_eq!(timeliness(&c, due, Some(due), date!(2025 - 05 - 01)), Timeliness::PublishedOnTime);
        assert_eq!(timeliness(&c, due, Some(date!(2025 - 04 - 09)), date!(2025 - 05 - 01)), Timeliness::PublishedLate);
        assert_eq!(timeliness(&c, due, None, date!(2025 - 04 - 09)), Timeliness::Overdue);
        assert_eq!(timeliness(&c, due, None, due), Timeliness::DueSoon);
        // 2 Apr (Wed) → 8 Apr: 3 Apr, 7 Apr, 8 Apr are the working days left.
        assert_eq!(timeliness(&c, due, None, date!(2025 - 04 - 02)), Timeliness::DueSoon);
        assert_eq!(timeliness(&c, due, None, date!(2025 - 04 - 01)), Timeliness::Pending);
    }

    #[test]
    fn agency_and_supervisor_lists() {
        let item = |document_id, agency_id, formed_on, published_on, disclosure| DueItem {
            document_id,
            agency_id,
            formed_on,
            published_on,
            disclosure,
        };
        let items = [
            item(1, 10, date!(2025 - 01 - 02), None, Disclosure::Proactive),
            item(2, 11, date!(2025 - 01 - 02), None, Disclosure::Proactive),
            item(3, 10, date!(2025 - 01 - 02), Some(date!(2025 - 01 - 10)), Disclosure::Proactive),
            item(4, 10, date!(2025 - 01 - 02), None, Disclosure::OnRequest),
            item(5, 10, date!(2025 - 03 - 20), None, Disclosure::Proactive),
            item(6, 12, date!(2025 - 02 - 28), None, Disclosure::Proactive),
        ];
        let today = date!(2025 - 03 - 27);
        let own = late_list(&cal(), &items, today, |a| a == 10).unwrap();
        assert_eq!(
            own.iter().map(|f| (f.item.document_id, f.timeliness)).collect::<Vec<_>>(),
            [(1, Timeliness::Overdue)]
        );
        let parent = |a| (a == 11 || a == 12).then_some(10);
        let tree =
            late_list(&cal(), &items, today, |a| a == 10 || xxgk_domain::agency::is_below(a, 10, parent)).unwrap();
        assert_eq!(
            tree.iter().map(|f| (f.item.document_id, f.timeliness)).collect::<Vec<_>>(),
            [(1, Timeliness::Overdue), (2, Timeliness::Overdue), (6, Timeliness::DueSoon)]
        );
        let counts = counts_by_agency(&cal(), &items, today).unwrap();
        assert_eq!(counts[&10][&Timeliness::PublishedOnTime], 1);
        assert_eq!(counts[&10][&Timeliness::Pending], 1);
        assert!(!counts[&10].contains_key(&Timeliness::DueSoon));
    }

    proptest! {
        #[test]
        fn due_dates_are_working_days_after_the_formed_date(days in 0i64..(365 * 9)) {
            let c = cal();
            let formed = date!(2019 - 01 - 01) + time::Duration::days(days);
            let due = publish_due(&c, formed).unwrap();
            prop_assert!(due.date > formed);
            prop_assert!(c.is_working_day(due.date));
            prop_assert_eq!(c.working_days_between(formed, due.date), PUBLISH_WITHIN_WORKING_DAYS);
            prop_assert_eq!(timeliness(&c, due.date, Some(due.date), due.date), Timeliness::PublishedOnTime);
        }
    }
}
