//! Publication deadlines and lateness (条例 第四十九条): departments publish by
//! 1月31日, the 本级政府 report is due 3月31日, townships follow local rules
//! (default 1月31日). Every date is configurable per kind of body.

use time::{Date, Month};
use xxgk_domain::AgencyKind;

use crate::workflow::ReportState;

/// The month and day (of the year after the report year) a report is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueDay {
    pub month: Month,
    pub day: u8,
}

/// Deadline per kind of body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeadlinePolicy {
    pub government: DueDay,
    pub department: DueDay,
    pub township: DueDay,
    pub other: DueDay,
}

impl DueDay {
    /// Parses `MM-DD` (e.g. `03-31`); `None` when the month or day is out of range.
    pub fn parse(text: &str) -> Option<DueDay> {
        let (m, d) = text.trim().split_once('-')?;
        let month = Month::try_from(m.trim().parse::<u8>().ok()?).ok()?;
        let day: u8 = d.trim().parse().ok()?;
        (1..=31).contains(&day).then_some(DueDay { month, day })
    }
}

const JAN_31: DueDay = DueDay { month: Month::January, day: 31 };
const MAR_31: DueDay = DueDay { month: Month::March, day: 31 };

impl Default for DeadlinePolicy {
    fn default() -> Self {
        DeadlinePolicy { government: MAR_31, department: JAN_31, township: JAN_31, other: JAN_31 }
    }
}

impl DeadlinePolicy {
    /// The last day to publish the report on `year`.
    pub fn deadline(&self, kind: AgencyKind, year: i32) -> Date {
        let due = match kind {
            AgencyKind::Government => self.government,
            AgencyKind::Department => self.department,
            AgencyKind::Township => self.township,
            AgencyKind::Other => self.other,
        };
        // A configured 2月30日 falls back to the month's last day.
        let last = due.month.length(year + 1);
        Date::from_calendar_date(year + 1, due.month, due.day.min(last)).unwrap_or(Date::MIN)
    }
}

/// Where a report stands against its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timeliness {
    /// Published on or before the deadline.
    OnTime,
    /// Published, but `days` after the deadline.
    PublishedLate { days: i64 },
    /// Not published; the deadline is still ahead (or today).
    Pending { days_left: i64 },
    /// Not published and the deadline has passed `days` ago.
    Overdue { days: i64 },
}

impl Timeliness {
    pub fn is_late(self) -> bool {
        matches!(self, Timeliness::PublishedLate { .. } | Timeliness::Overdue { .. })
    }

    /// Chinese label for the dashboard.
    pub fn label(self) -> String {
        match self {
            Timeliness::OnTime => "按时".to_string(),
            Timeliness::PublishedLate { days } => format!("逾期 {days} 天发布"),
            Timeliness::Pending { days_left } => format!("距期限 {days_left} 天"),
            Timeliness::Overdue { days } => format!("已逾期 {days} 天未发布"),
        }
    }
}

/// Judges a report's timeliness from its first publication date.
pub fn timeliness(first_published: Option<Date>, deadline: Date, today: Date) -> Timeliness {
    match first_published {
        Some(on) if on <= deadline => Timeliness::OnTime,
        Some(on) => Timeliness::PublishedLate { days: (on - deadline).whole_days() },
        None if today <= deadline => Timeliness::Pending { days_left: (deadline - today).whole_days() },
        None => Timeliness::Overdue { days: (today - deadline).whole_days() },
    }
}

/// The dashboard's status of an agency for a year: its most advanced
/// version's state, or 未开始 when it has none.
pub fn status_label(state: Option<ReportState>) -> &'static str {
    match state {
        None => "未开始",
        Some(state) => state.label(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn statutory_defaults() {
        let p = DeadlinePolicy::default();
        assert_eq!(p.deadline(AgencyKind::Department, 2024), date!(2025 - 01 - 31));
        assert_eq!(p.deadline(AgencyKind::Township, 2024), date!(2025 - 01 - 31));
        assert_eq!(p.deadline(AgencyKind::Government, 2024), date!(2025 - 03 - 31));
    }

    #[test]
    fn due_days_parse() {
        assert_eq!(DueDay::parse("03-31"), Some(MAR_31));
        assert_eq!(DueDay::parse(" 1-31 "), Some(JAN_31));
        assert_eq!(DueDay::parse("13-01"), None);
        assert_eq!(DueDay::parse("02-32"), None);
        assert_eq!(DueDay::parse("0331"), None);
    }

    #[test]
    fn configured_day_is_clamped_to_the_month() {
        let p = DeadlinePolicy { township: DueDay { month: Month::February, day: 30 }, ..DeadlinePolicy::default() };
        assert_eq!(p.deadline(AgencyKind::Township, 2023), date!(2024 - 02 - 29));
        assert_eq!(p.deadline(AgencyKind::Township, 2024), date!(2025 - 02 - 28));
    }

    #[test]
    fn lateness_around_the_deadline() {
        let due = date!(2025 - 01 - 31);
        assert_eq!(timeliness(Some(date!(2025 - 01 - 31)), due, date!(2025 - 06 - 01)), Timeliness::OnTime);
        assert_eq!(
            timeliness(Some(date!(2025 - 02 - 03)), due, date!(2025 - 06 - 01)),
            Timeliness::PublishedLate { days: 3 }
        );
        assert_eq!(timeliness(None, due, date!(2025 - 01 - 31)), Timeliness::Pending { days_left: 0 });
        assert_eq!(timeliness(None, due, date!(2025 - 02 - 01)), Timeliness::Overdue { days: 1 });
        assert!(timeliness(None, due, date!(2025 - 02 - 01)).is_late());
        assert!(!timeliness(None, due, date!(2025 - 01 - 01)).is_late());
    }
}
