//! A synthetic province for load tests and demos at scale (`xxgk admin
//! seed`): the tree province → cities → counties → departments and
//! townships with realistic names, and for every agency and year report
//! versions in every workflow state, built with `xxgk_report::sample` so
//! they are valid canonical reports — some with a deliberate arithmetic
//! error (H-1), some published late, some corrected. Deterministic: the same
//! size gives the same province. Pure: the caller writes it.

use time::{Date, Month, PrimitiveDateTime, Time, UtcOffset};
use xxgk_domain::AgencyKind;
use xxgk_report::sample::{Counts, balanced};
use xxgk_report::{Report, T3Col, T3Row, Template};

use crate::ReportState;

/// Per mille of reports given a deliberate H-1 error.
const ERROR_PER_MILLE: u64 = 60;

/// One agency of the planned tree; `parent` indexes an earlier agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedAgency {
    pub parent: Option<usize>,
    pub name: String,
    pub kind: AgencyKind,
    /// 0 for the province, 1 below it, and so on.
    pub level: usize,
}

/// One report version to write as it is.
#[derive(Debug, Clone)]
pub struct PlannedVersion {
    pub year: i32,
    pub version: i64,
    pub state: ReportState,
    pub report: Report,
    pub created_at_ms: i64,
    pub submitted_at_ms: Option<i64>,
    pub approved_at_ms: Option<i64>,
    pub published_at_ms: Option<i64>,
    pub superseded_at_ms: Option<i64>,
}

const DEPARTMENTS: [&str; 30] = [
    "发展和改革委员会",
    "教育局",
    "科学技术局",
    "工业和信息化局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康委员会",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "林业局",
    "体育局",
    "信访局",
    "城市管理局",
    "数据资源管理局",
    "行政审批服务局",
];

const FIRST: [char; 24] = [
    '青', '临', '安', '平', '东', '西', '南', '北', '清', '永', '宁', '丰', '长', '新', '江', '云', '金', '玉', '兴',
    '福', '华', '龙', '石', '白',
];
const SECOND: [char; 24] = [
    '山', '阳', '川', '原', '宁', '江', '城', '安', '丰', '河', '泉', '林', '溪', '水', '和', '德', '康', '源', '桥',
    '湖', '岭', '坪', '口', '台',
];
const THIRD: [char; 14] = ['前', '后', '上', '下', '中', '新', '旧', '大', '小', '东', '西', '南', '北', '里'];

/// A place name, distinct for every `i` below 24 × 24 × 15.
fn place_name(i: usize) -> String {
    let mut s = String::new();
    if i >= FIRST.len() * SECOND.len() {
        s.push(THIRD[(i / (FIRST.len() * SECOND.len()) - 1) % THIRD.len()]);
    }
    s.push(FIRST[i % FIRST.len()]);
    s.push(SECOND[(i / FIRST.len()) % SECOND.len()]);
    s
}

/// How many of each kind of child a level has, sized for `n` agencies.
struct Shape {
    province_departments: usize,
    cities: usize,
    city_departments: usize,
    counties_per_city: usize,
    county_departments: usize,
    townships_per_county: usize,
}

impl Shape {
    fn for_size(n: usize) -> Shape {
        let mut s = Shape {
            province_departments: (n / 100).min(DEPARTMENTS.len()),
            cities: 1,
            city_departments: (n / 150).min(20),
            counties_per_city: 8,
            county_departments: (n / 170).min(18),
            townships_per_county: 12,
        };
        let per_city =
            1 + s.city_departments + s.counties_per_city * (1 + s.county_departments + s.townships_per_county);
        s.cities = n.saturating_sub(1 + s.province_departments).div_ceil(per_city).max(1);
        s
    }
}

/// The agencies of a province of exactly `n` agencies (n ≥ 1), parents
/// before children (breadth first: the deepest level is the one cut short).
pub fn province(n: usize) -> Vec<PlannedAgency> {
    let shape = Shape::for_size(n);
    let mut out =
        vec![PlannedAgency {
            parent: None, name: "示范省人民政府".into(), kind: AgencyKind::Government, level: 0
        }];
    let mut names = 0usize;
    let mut next_name = || {
        names += 1;
        place_name(names - 1)
    };
    // Breadth first: each entry is (index, children still to make).
    let mut head = 0;
    while out.len() < n && head < out.len() {
        let parent = out[head].clone();
        let children: Vec<(String, AgencyKind)> = match (parent.level, parent.kind) {
            (0, _) => {
                let mut c: Vec<_> =
                    (0..shape.cities).map(|_| (format!("{}市人民政府", next_name()), AgencyKind::Government)).collect();
                c.extend(
                    DEPARTMENTS[..shape.province_departments]
                        .iter()
                        .map(|d| (format!("示范省{}", d.replace('局', "厅")), AgencyKind::Department)),
                );
                c
            }
            (1, AgencyKind::Government) => {
                let city = parent.name.trim_end_matches("人民政府").to_string();
                let mut c: Vec<_> = (0..shape.counties_per_city)
                    .map(|_| (format!("{}县人民政府", next_name()), AgencyKind::Government))
                    .collect();
                c.extend(
                    DEPARTMENTS[..shape.city_departments]
                        .iter()
                        .map(|d| (format!("{city}{d}"), AgencyKind::Department)),
                );
                c
            }
            (2, AgencyKind::Government) => {
                let county = parent.name.trim_end_matches("人民政府").to_string();
                let mut c: Vec<_> = (0..shape.townships_per_county)
                    .map(|i| {
                        let suffix = if i % 3 == 2 { "乡" } else { "镇" };
                        (format!("{}{suffix}人民政府", next_name()), AgencyKind::Township)
                    })
                    .collect();
                c.extend(
                    DEPARTMENTS[..shape.county_departments]
                        .iter()
                        .map(|d| (format!("{county}{d}"), AgencyKind::Department)),
                );
                c
            }
            _ => Vec::new(),
        };
        for (name, kind) in children {
            if out.len() >= n {
                break;
            }
            out.push(PlannedAgency { parent: Some(head), name, kind, level: parent.level + 1 });
        }
        head += 1;
    }
    out
}

/// SplitMix64: a well-mixed number from a seed, so the plan is repeatable
/// without a random-number crate.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn roll(agency: usize, year: i32, salt: u64) -> u64 {
    mix((agency as u64) << 20 ^ (year as u64) << 4 ^ salt)
}

/// 10:00 Beijing time on `day_of_year` (1-based) of `year`, in Unix ms.
fn ms_on(year: i32, day_of_year: u16) -> i64 {
    let date = Date::from_ordinal_date(year, day_of_year.clamp(1, 365))
        .unwrap_or_else(|_| Date::from_calendar_date(year, Month::January, 1).unwrap_or(Date::MIN));
    let offset = UtcOffset::from_hms(8, 0, 0).unwrap_or(UtcOffset::UTC);
    let at = PrimitiveDateTime::new(date, Time::from_hms(10, 0, 0).unwrap_or(Time::MIDNIGHT)).assume_offset(offset);
    (at.unix_timestamp_nanos() / 1_000_000) as i64
}

/// Table-三 carry-forward of an agency's report for `year` (so next year's
/// carry-over usually matches it: C-1 holds unless the report caps it).
fn carried_forward(agency: usize, year: i32) -> [i64; 6] {
    let r = roll(agency, year, 7);
    [(r % 9) as i64, (r >> 8) as i64 % 3, 0, (r >> 16) as i64 % 2, 0, (r >> 24) as i64 % 2]
}

/// The report of an agency for a year: balanced, sized by the agency's
/// level, with a deliberate H-1 error for about one report in seventeen.
pub fn report(agency: usize, level: usize, name: &str, year: i32) -> Report {
    let template = Template::for_year(year);
    let scale = match level {
        0 => 40,
        1 => 12,
        2 => 5,
        _ => 2,
    };
    let rows = T3Row::of(template).iter().filter(|r| r.spec().outcome).count();
    let outcomes = (0..rows)
        .map(|i| {
            let r = roll(agency, year, 100 + i as u64);
            let first = if i < 3 { scale * (1 + (r % 5) as i64) } else { (r % 3) as i64 };
            [first, (r >> 8) as i64 % 2, 0, (r >> 12) as i64 % 2, 0, (r >> 16) as i64 % 2]
        })
        .collect();
    let r = roll(agency, year, 3);
    let counts = Counts {
        outcomes,
        carried_over: carried_forward(agency, year - 1),
        carried_forward: carried_forward(agency, year),
        table4: [
            [(r % 4) as i64, (r >> 4) as i64 % 2, (r >> 6) as i64 % 2, (r >> 8) as i64 % 2],
            [(r >> 10) as i64 % 3, (r >> 12) as i64 % 2, 0, (r >> 14) as i64 % 2],
            [(r >> 16) as i64 % 2, 0, (r >> 18) as i64 % 2, 0],
        ],
        table2: (0..30).map(|i| (roll(agency, year, 200 + i) % 40) as i64).collect(),
    };
    let mut report = balanced(template, year, &counts);
    report.agency = Some(name.to_string());
    if roll(agency, year, 11) % 1000 < ERROR_PER_MILLE {
        report.table3[T3Row::TotalProcessed][T3Col::Total as usize] += 1;
    }
    report
}

/// The versions of an agency's report for `year`; `latest` is the most
/// recent complete year, whose reports are spread over every workflow state
/// (earlier years are published, some corrected, a few never filed).
pub fn versions(agency: usize, level: usize, name: &str, year: i32, latest: i32) -> Vec<PlannedVersion> {
    let r = roll(agency, year, 1) % 100;
    let draft = |day: u16| PlannedVersion {
        year,
        version: 1,
        state: ReportState::Draft,
        report: report(agency, level, name, year),
        created_at_ms: ms_on(year + 1, day),
        submitted_at_ms: None,
        approved_at_ms: None,
        published_at_ms: None,
        superseded_at_ms: None,
    };
    // Published on day 5 … 70 of the next year: some after 1月31日 (late).
    let day = 5 + (roll(agency, year, 2) % 66) as u16;
    let published = |v: PlannedVersion| PlannedVersion {
        state: ReportState::Published,
        submitted_at_ms: Some(v.created_at_ms + 3_600_000),
        approved_at_ms: Some(v.created_at_ms + 7_200_000),
        published_at_ms: Some(ms_on(year + 1, day)),
        ..v
    };
    let state_plan: &[ReportState] = if year == latest {
        match r {
            0..15 => &[],
            15..30 => &[ReportState::Draft],
            30..40 => &[ReportState::Submitted],
            40..50 => &[ReportState::Approved],
            50..95 => &[ReportState::Published],
            _ => &[ReportState::Superseded, ReportState::Published],
        }
    } else {
        match r {
            0..3 => &[],
            3..11 => &[ReportState::Superseded, ReportState::Published],
            _ => &[ReportState::Published],
        }
    };
    let mut out = Vec::new();
    for state in state_plan {
        let base = draft(day.saturating_sub(3).max(1));
        let v = match state {
            ReportState::Draft => base,
            ReportState::Submitted => {
                PlannedVersion { state: *state, submitted_at_ms: Some(base.created_at_ms + 3_600_000), ..base }
            }
            ReportState::Approved => PlannedVersion {
                state: *state,
                submitted_at_ms: Some(base.created_at_ms + 3_600_000),
                approved_at_ms: Some(base.created_at_ms + 7_200_000),
                ..base
            },
            ReportState::Published => published(base),
            ReportState::Superseded => {
                let p = published(base);
                PlannedVersion { state: *state, superseded_at_ms: p.published_at_ms.map(|t| t + 86_400_000 * 20), ..p }
            }
        };
        out.push(v);
    }
    // A correction: version 2 is published twenty days after version 1.
    if let [first, second] = out.as_mut_slice() {
        second.version = 2;
        let at = first.superseded_at_ms.unwrap_or(first.created_at_ms);
        second.created_at_ms = at - 3_600_000;
        second.submitted_at_ms = Some(at - 2_400_000);
        second.approved_at_ms = Some(at - 1_200_000);
        second.published_at_ms = Some(at);
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use xxgk_report::{Context, Severity, check};

    use super::*;

    #[test]
    fn province_has_exactly_n_agencies_with_unique_names_and_parents_first() {
        for n in [1, 2, 10, 40, 300, 3000] {
            let p = province(n);
            assert_eq!(p.len(), n, "n = {n}");
            let names: HashSet<_> = p.iter().map(|a| a.name.as_str()).collect();
            assert_eq!(names.len(), n, "names must be unique (n = {n})");
            for (i, a) in p.iter().enumerate() {
                assert!(a.parent.is_none_or(|parent| parent < i), "parent after child at {i}");
                assert_eq!(a.parent.is_none(), i == 0);
            }
        }
    }

    #[test]
    fn a_small_province_reaches_townships() {
        let p = province(40);
        let township = p.iter().find(|a| a.kind == AgencyKind::Township).expect("a township");
        assert_eq!(township.level, 3);
        assert!(township.name.ends_with("人民政府"));
    }

    #[test]
    fn a_large_province_has_departments_at_every_level() {
        let p = province(3000);
        for level in 1..=3 {
            assert!(p.iter().any(|a| a.level == level && a.kind == AgencyKind::Department), "level {level}");
        }
        assert!(p.iter().filter(|a| a.level == 1 && a.kind == AgencyKind::Government).count() >= 10);
    }

    #[test]
    fn reports_are_balanced_except_the_deliberate_errors() {
        let (mut errors, mut clean) = (0, 0);
        for agency in 0..400 {
            let r = report(agency, 3, "某镇人民政府", 2024);
            let hard = check(&r, &Context::default()).iter().any(|f| f.severity == Severity::Error);
            if hard { errors += 1 } else { clean += 1 }
        }
        assert!(errors > 0 && errors < 60, "{errors} reports with errors");
        assert!(clean > 300);
    }

    #[test]
    fn the_latest_year_spreads_over_every_state_and_older_years_are_public() {
        let mut seen = HashSet::new();
        for agency in 0..300 {
            for v in versions(agency, 2, "某县人民政府", 2025, 2025) {
                seen.insert(v.state);
            }
            let older = versions(agency, 2, "某县人民政府", 2023, 2025);
            assert!(older.iter().all(|v| matches!(v.state, ReportState::Published | ReportState::Superseded)));
            if let [a, b] = older.as_slice() {
                assert_eq!((a.version, b.version), (1, 2));
                assert!(a.superseded_at_ms.is_some() && b.published_at_ms.is_some());
            }
        }
        assert_eq!(seen.len(), 5, "{seen:?}");
    }
}
