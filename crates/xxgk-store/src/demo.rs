//! The demo county: 示范县人民政府 under 示范市人民政府, with departments,
//! townships and one account for every role, random passwords returned once.
//! [`seed_demo`] is a library function so later work (e.g. demo annual
//! reports) can build on the agencies it returns.

use xxgk_domain::{AgencyInput, AgencyKind, OfficeDetails, Role};

use crate::password::{PasswordHasher, random_password};
use crate::{Actor, NewUser, Result, Store, StoreError};

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
