//! The demo county: 示范县人民政府 under 示范市人民政府, with departments,
//! townships and one account for every role, random passwords returned once.
//! [`seed_demo`] is a library function so later work (e.g. demo annual
//! reports) can build on the agencies it returns.

use xxgk_domain::{AgencyInput, AgencyKind, OfficeDetails, Role};

use crate::password::{PasswordHasher, random_password};
use crate::{Actor, NewReportVersion, NewUser, Result, Store, StoreError};

/// One demo account and its (random, printed once) password.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub username: String,
    pub password: String,
    pub role: Role,
    pub agency_name: String,
}

/// What the demo created.
#[derive(Debug, Clone)]
pub struct DemoSeed {
    pub city_id: i64,
    pub county_id: i64,
    /// (agency id, name) of every demo agency.
    pub agencies: Vec<(i64, String)>,
    pub accounts: Vec<DemoAccount>,
}

fn office(name: &str, functions: &str, phone: &str, head: &str) -> OfficeDetails {
    OfficeDetails {
        functions: functions.to_string(),
        address: format!("示范县人民路 {} 号", 1 + name.chars().count()),
        hours: "工作日 上午 9:00—12:00，下午 13:30—17:30".to_string(),
        phone: phone.to_string(),
        head: head.to_string(),
    }
}

/// Loads the demo county into an empty database. Refuses (with a clear
/// error) if any agency exists already.
pub async fn seed_demo(store: &dyn Store, hasher: &PasswordHasher) -> Result<DemoSeed> {
    if !store.list_agencies().await?.is_empty() {
        return Err(StoreError::Conflict("数据库中已有机关数据，--demo 只能用于空数据库".into()));
    }
    let actor = Actor::system("system:demo");
    let mut agencies = Vec::new();
    let add = async |parent: Option<i64>, name: &str, kind: AgencyKind, o: OfficeDetails| {
        let a =
            store.create_agency(&actor, AgencyInput { parent_id: parent, name: name.into(), kind, office: o }).await?;
        Ok::<_, StoreError>((a.id, a.name))
    };

    let city = add(
        None,
        "示范市人民政府",
        AgencyKind::Government,
        office(
            "示范市人民政府办公室",
            "负责市人民政府政府信息公开日常工作，受理政府信息公开申请。",
            "0000-1234501",
            "王明",
        ),
    )
    .await?;
    let county = add(
        Some(city.0),
        "示范县人民政府",
        AgencyKind::Government,
        office(
            "示范县人民政府办公室",
            "县人民政府办公室为县政府信息公开工作机构，负责推进、指导、协调、监督全县政府信息公开工作。",
            "0000-5678001",
            "李华",
        ),
    )
    .await?;
    agencies.push(city.clone());
    agencies.push(county.clone());
    for (name, kind, functions, phone, head) in [
        (
            "示范县教育局",
            AgencyKind::Department,
            "负责本局政府信息公开工作，办理教育领域政府信息公开申请。",
            "0000-5678101",
            "张伟",
        ),
        (
            "示范县自然资源局",
            AgencyKind::Department,
            "负责本局政府信息公开工作，办理自然资源领域政府信息公开申请。",
            "0000-5678102",
            "刘洋",
        ),
        (
            "示范县卫生健康局",
            AgencyKind::Department,
            "负责本局政府信息公开工作，办理卫生健康领域政府信息公开申请。",
            "0000-5678103",
            "陈静",
        ),
        ("城关镇人民政府", AgencyKind::Township, "负责本镇政府信息公开工作。", "0000-5678201", "赵强"),
        ("东山乡人民政府", AgencyKind::Township, "负责本乡政府信息公开工作。", "0000-5678202", "孙丽"),
    ] {
        agencies.push(add(Some(county.0), name, kind, office(name, functions, phone, head)).await?);
    }

    let edu = agencies[2].clone();
    let plan: [(&str, Role, &(i64, String)); 8] = [
        ("admin", Role::SystemAdmin, &city),
        ("county-admin", Role::AgencyAdmin, &county),
        ("editor", Role::Editor, &county),
        ("reviewer", Role::Reviewer, &county),
        ("handler", Role::Handler, &county),
        ("approver", Role::Approver, &county),
        ("supervisor", Role::Supervisor, &city),
        ("edu-admin", Role::AgencyAdmin, &edu),
    ];
    let mut accounts = Vec::new();
    for (username, role, agency) in plan {
        let password = random_password();
        let hash = hasher.hash(password.clone()).await?;
        store
            .create_user(
                &actor,
                NewUser {
                    username: username.into(),
                    display_name: format!("演示{}", role.label()),
                    agency_id: agency.0,
                    role,
                    password_hash: hash,
                },
            )
            .await?;
        accounts.push(DemoAccount { username: username.into(), password, role, agency_name: agency.1.clone() });
    }
    Ok(DemoSeed { city_id: city.0, county_id: county.0, agencies, accounts })
}

/// The fixture reports shipped for the demo (public government reports, as
/// canonical JSON): `(file name, JSON)`.
pub const FIXTURE_REPORTS: [(&str, &str); 7] = [
    ("000_c334de6829cd204d.json", include_str!("../demo/000_c334de6829cd204d.json")),
    ("001_29593275bb59ad88.json", include_str!("../demo/001_29593275bb59ad88.json")),
    ("002_19e7a58c87b6c757.json", include_str!("../demo/002_19e7a58c87b6c757.json")),
    ("003_254fef836bd803ec.json", include_str!("../demo/003_254fef836bd803ec.json")),
    ("004_65023467b4397fcb.json", include_str!("../demo/004_65023467b4397fcb.json")),
    ("pingtan-2024.json", include_str!("../demo/pingtan-2024.json")),
    ("pingtan-2025.json", include_str!("../demo/pingtan-2025.json")),
];

/// One demo report placement: which fixture, which agency, which year, and
/// how far through the workflow it goes.
struct Placement {
    fixture: usize,
    agency: &'static str,
    year: i32,
    publish: bool,
    /// Add 1 to `table3.new_received[6]`, breaking the H-* sums.
    break_sum: bool,
}

const PLACEMENTS: [Placement; 7] = [
    // The county government: a 2024 / 2025 pair (C-1 checks the carry-over).
    Placement { fixture: 5, agency: "示范县人民政府", year: 2024, publish: true, break_sum: false },
    Placement { fixture: 6, agency: "示范县人民政府", year: 2025, publish: false, break_sum: false },
    // 城关镇: 2022 and 2023, both published (another C-1 pair).
    Placement { fixture: 0, agency: "城关镇人民政府", year: 2022, publish: true, break_sum: false },
    Placement { fixture: 3, agency: "城关镇人民政府", year: 2023, publish: true, break_sum: false },
    // 东山乡: a draft.
    Placement { fixture: 1, agency: "东山乡人民政府", year: 2022, publish: false, break_sum: false },
    // 自然资源局: a 2019-template report, published.
    Placement { fixture: 4, agency: "示范县自然资源局", year: 2020, publish: true, break_sum: false },
    // 卫生健康局: a draft with a real arithmetic error.
    Placement { fixture: 2, agency: "示范县卫生健康局", year: 2021, publish: false, break_sum: true },
];

/// The fixture's JSON with `agency` and `year` replaced (numbers kept, except
/// the one deliberately broken sum).
fn placed_json(p: &Placement) -> Result<String> {
    let (_, text) = FIXTURE_REPORTS[p.fixture];
    let mut value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| StoreError::Conflict(format!("演示报告 JSON 无效：{e}")))?;
    value["agency"] = serde_json::Value::String(p.agency.to_string());
    value["year"] = serde_json::Value::from(p.year);
    if p.break_sum
        && let Some(n) = value["table3"]["new_received"][6].as_i64()
    {
        value["table3"]["new_received"][6] = serde_json::Value::from(n + 1);
    }
    serde_json::to_string_pretty(&value).map_err(|e| StoreError::Conflict(e.to_string()))
}

/// Files the fixture reports into the demo county (after [`seed_demo`]):
/// some published (with publication dates before their deadlines), some
/// drafts, one with an arithmetic error. Returns the created version ids.
pub async fn seed_demo_reports(store: &dyn Store, seed: &DemoSeed) -> Result<Vec<i64>> {
    let actor = Actor::system("system:demo");
    let mut ids = Vec::new();
    for p in &PLACEMENTS {
        let Some((agency_id, _)) = seed.agencies.iter().find(|(_, n)| n == p.agency) else {
            return Err(StoreError::NotFound(format!("演示机关 {}", p.agency)));
        };
        let (name, _) = FIXTURE_REPORTS[p.fixture];
        let new = NewReportVersion {
            agency_id: *agency_id,
            year: p.year,
            report_json: placed_json(p)?,
            source_name: name.to_string(),
            provenance_json: "[]".into(),
        };
        // Created and published in January of the following year (on time).
        let jan = jan_15_ms(p.year + 1);
        let v = store.create_report_version(&actor, new, jan).await?;
        if p.publish {
            for (from, to, action) in [
                ("draft", "submitted", "submit"),
                ("submitted", "approved", "approve"),
                ("approved", "published", "publish"),
            ] {
                store.set_report_state(&actor, v.id, from, to, action, jan).await?;
            }
        }
        ids.push(v.id);
    }
    Ok(ids)
}

/// Unix ms of 15 January of `year`, 10:00 China Standard Time.
fn jan_15_ms(year: i32) -> i64 {
    let date = time::Date::from_calendar_date(year, time::Month::January, 15).unwrap_or(time::Date::MIN);
    let t = date.with_hms(10, 0, 0).unwrap_or(date.midnight()).assume_offset(time::macros::offset!(+8));
    (t.unix_timestamp_nanos() / 1_000_000) as i64
}
