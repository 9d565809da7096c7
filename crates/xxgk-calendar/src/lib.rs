//! The working-day calendar behind every deadline of the 条例 (20个工作日 to
//! answer a request, 7 to ask for a correction, 15 for a third party, 20 to
//! publish proactively). A date is a working day when it is a 调休 make-up
//! day, or Monday–Friday and not a statutory day off (`cn-holidays.md`).
//! Periods do not count their first day: the n-th working day *after* the
//! start is the due date (`disclosure-regulation.md` §8).
//!
//! The State Council publishes each year's arrangement in November or
//! December, so a deadline may run into a year the data does not cover yet:
//! such a result is computed with plain weekdays and marked
//! [`Due::provisional`], never silently presented as final. The built-in
//! table ([`WorkCalendar::official`]) is a copy of `spec/cn-holidays.csv`; a
//! newer CSV in the same format can be loaded with [`WorkCalendar::from_csv`].

use std::collections::BTreeMap;
use std::fmt;

use time::{Date, Weekday};

/// The arrangements 2019–2026 as published (`spec/cn-holidays.csv`).
pub const OFFICIAL_CSV: &str = include_str!("../data/cn-holidays.csv");

/// The most working days one period may ask for (a safety bound: the longest
/// statutory period, extensions included, is far below it).
pub const MAX_PERIOD: u32 = 3_660;

/// What the State Council's notices made of one date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arranged {
    /// 放假: a day off (weekends inside the range included).
    Holiday(String),
    /// 调休上班: a Saturday or Sunday that is a working day.
    Workday(String),
}

/// What kind of day a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    /// An ordinary Monday–Friday.
    Weekday,
    /// An ordinary Saturday or Sunday.
    Weekend,
    /// A statutory day off.
    Holiday,
    /// A Saturday or Sunday worked in exchange for a holiday (调休).
    MakeUpWorkday,
}

impl DayKind {
    pub fn is_working(self) -> bool {
        matches!(self, DayKind::Weekday | DayKind::MakeUpWorkday)
    }

    /// The Chinese name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            DayKind::Weekday => "工作日",
            DayKind::Weekend => "周末",
            DayKind::Holiday => "法定节假日",
            DayKind::MakeUpWorkday => "调休上班日",
        }
    }
}

/// A due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    pub date: Date,
    /// The period ran through a year whose arrangement the calendar does not
    /// have: the date assumes plain weekdays there and may move once the
    /// notice is out.
    pub provisional: bool,
}

/// A line of a holiday CSV that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("节假日数据第 {line} 行：{message}")]
pub struct CsvError {
    pub line: usize,
    pub message: String,
}

/// The working-day calendar: weekends plus the published arrangements of the
/// years it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkCalendar {
    arranged: BTreeMap<Date, Arranged>,
    /// Years whose arrangement is known (a notice's range may begin in the
    /// December before, which does not make that year known).
    first_year: i32,
    last_year: i32,
}

impl WorkCalendar {
    /// The built-in arrangements (2019–2026).
    pub fn official() -> Self {
        // The embedded table is checked by the tests; should it ever fail to
        // parse, an empty calendar marks every result provisional.
        Self::from_csv(OFFICIAL_CSV).unwrap_or_else(|_| Self { arranged: BTreeMap::new(), first_year: 1, last_year: 0 })
    }

    /// Reads a CSV with the header `date,kind,name` (`kind` = `holiday` or
    /// `workday`). The years covered run from the first to the last year
    /// with a `holiday` row in January–June; a `workday` must be a Saturday
    /// or Sunday, and a date may appear once.
    pub fn from_csv(text: &str) -> Result<Self, CsvError> {
        let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim_start_matches('\u{feff}').trim()));
        match lines.next() {
            Some((_, header)) if header.replace(' ', "") == "date,kind,name" => {}
            Some((line, header)) => {
                return Err(CsvError { line, message: format!("表头应为 date,kind,name，实为 “{header}”") });
            }
            None => return Err(CsvError { line: 1, message: "文件为空".into() }),
        }
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let mut arranged = BTreeMap::new();
        let mut years: Option<(i32, i32)> = None;
        for (line, row) in lines {
            if row.is_empty() || row.starts_with('#') {
                continue;
            }
            let err = |message: String| CsvError { line, message };
            let mut cols = row.splitn(3, ',').map(str::trim);
            let (Some(date), Some(kind)) = (cols.next(), cols.next()) else {
                return Err(err(format!("应有 date,kind,name 三列：“{row}”")));
            };
            let name = cols.next().unwrap_or("").to_string();
            let date = Date::parse(date, format).map_err(|_| err(format!("日期无效：“{date}”（应为 YYYY-MM-DD）")))?;
            let entry = match kind {
                "holiday" => {
                    // Every notice has days off in January–June (元旦, 春节,
                    // 清明, 劳动节, 端午); a December day off belongs to
                    // the next year's 元旦 and does not make its year known.
                    if u8::from(date.month()) <= 6 {
                        years = Some(match years {
                            None => (date.year(), date.year()),
                            Some((a, b)) => (a.min(date.year()), b.max(date.year())),
                        });
                    }
                    Arranged::Holiday(name)
                }
                "workday" => {
                    if !is_weekend(date) {
                        return Err(err(format!("{date} 不是周六或周日，不能是调休上班日")));
                    }
                    Arranged::Workday(name)
                }
                other => return Err(err(format!("类别应为 holiday 或 workday，实为 “{other}”"))),
            };
            if arranged.insert(date, entry).is_some() {
                return Err(err(format!("{date} 重复出现")));
            }
        }
        let (first_year, last_year) = years.unwrap_or((1, 0));
        Ok(Self { arranged, first_year, last_year })
    }

    /// The years whose arrangement is known, e.g. `2019..=2026` (empty when none).
    pub fn covered_years(&self) -> std::ops::RangeInclusive<i32> {
        self.first_year..=self.last_year
    }

    /// Is `date` in a year whose arrangement is known?
    pub fn covers(&self, date: Date) -> bool {
        self.covered_years().contains(&date.year())
    }

    /// The notice's entry for a date, if any.
    pub fn arrangement(&self, date: Date) -> Option<&Arranged> {
        self.arranged.get(&date)
    }

    pub fn day_kind(&self, date: Date) -> DayKind {
        match self.arranged.get(&date) {
            Some(Arranged::Holiday(_)) => DayKind::Holiday,
            Some(Arranged::Workday(_)) => DayKind::MakeUpWorkday,
            None if is_weekend(date) => DayKind::Weekend,
            None => DayKind::Weekday,
        }
    }

    pub fn is_working_day(&self, date: Date) -> bool {
        self.day_kind(date).is_working()
    }

    /// The `n`-th working day after `start` (`start` itself not counted;
    /// `n = 0` gives `start`). `None` only past `MAX_PERIOD` or the end of
    /// the calendar type.
    pub fn add_working_days(&self, start: Date, n: u32) -> Option<Due> {
        if n > MAX_PERIOD {
            return None;
        }
        let mut date = start;
        let mut provisional = false;
        for _ in 0..n {
            loop {
                date = date.next_day()?;
                provisional |= !self.covers(date);
                if self.is_working_day(date) {
                    break;
                }
            }
        }
        Some(Due { date, provisional })
    }

    /// Working days after `from` up to and including `to` (0 when `to` is
    /// not after `from`): how much of a period has been used on `to`.
    pub fn working_days_between(&self, from: Date, to: Date) -> u32 {
        let mut count = 0;
        let mut date = from;
        while date < to {
            match date.next_day() {
                Some(next) => date = next,
                None => break,
            }
            if self.is_working_day(date) {
                count += 1;
            }
        }
        count
    }

    /// The first working day on or after `date` (a time limit that would
    /// end on a day off moves to the next working day).
    pub fn next_working_day_from(&self, date: Date) -> Option<Date> {
        let mut d = date;
        for _ in 0..=MAX_PERIOD {
            if self.is_working_day(d) {
                return Some(d);
            }
            d = d.next_day()?;
        }
        None
    }
}

fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

impl fmt::Display for Due {
    /// `2024年10月29日`, with `（暂定）` when provisional.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}年{}月{}日", self.date.year(), u8::from(self.date.month()), self.date.day())?;
        if self.provisional { write!(f, "（暂定：该年度放假安排尚未公布）") } else { Ok(()) }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn official_table_parses_and_covers_2019_to_2026() {
        let cal = WorkCalendar::from_csv(OFFICIAL_CSV).expect("the built-in table parses");
        assert_eq!(cal.covered_years(), 2019..=2026);
        assert_eq!(cal.arranged.len(), 285, "285 rows, as cn-holidays.md says");
        let workdays = cal.arranged.values().filter(|a| matches!(a, Arranged::Workday(_))).count();
        assert_eq!(workdays, 53);
        // The 2019 元旦 arrangement begins in December 2018, which does not
        // make 2018 a covered year.
        assert_eq!(cal.day_kind(date!(2018 - 12 - 29)), DayKind::MakeUpWorkday);
        assert!(!cal.covers(date!(2018 - 12 - 29)));
    }

    #[test]
    fn bad_csv_names_the_line() {
        let e = WorkCalendar::from_csv("date,kind,name\n2024-01-01,holiday,元旦\n2024-13-01,holiday,x\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.to_string().contains("第 3 行") && e.to_string().contains("日期无效"), "{e}");
        let e = WorkCalendar::from_csv("date,kind,name\n2024-02-05,workday,春节\n").unwrap_err();
        assert!(e.message.contains("不是周六或周日"), "{e}");
        let e = WorkCalendar::from_csv("date,kind,name\n2024-01-01,holiday,a\n2024-01-01,holiday,b\n").unwrap_err();
        assert!(e.message.contains("重复"), "{e}");
        let e = WorkCalendar::from_csv("when,what\n").unwrap_err();
        assert_eq!(e.line, 1);
        let e = WorkCalendar::from_csv("date,kind,name\n2024-01-01,off,x\n").unwrap_err();
        assert!(e.message.contains("holiday 或 workday"), "{e}");
        assert!(WorkCalendar::from_csv("").is_err());
    }
}
