//! Seeds a large county for the load figure (ignored by default): a city,
//! a county government and 199 departments / townships under it (200
//! reporting agencies), each with five published years of a real fixture
//! report (2020–2024), and a supervisor session whose cookie is printed.
//!
//! ```text
//! XXGK_LOAD_DB=/tmp/xxgk-load.db cargo nextest run -p xxgk-web --test load_seed --run-ignored only
//! xxgk serve --database-url sqlite:/tmp/xxgk-load.db --listen 127.0.0.1:18080   # release build
//! wrk -t2 -c64 -d10s --latency -H "Cookie: xxgk_session=…" 'http://127.0.0.1:18080/admin/hub?year=2024'
//! wrk -t2 -c64 -d10s --latency http://127.0.0.1:18080/reports/<id>
//! ```

use xxgk_domain::{AgencyInput, AgencyKind, Role};
use xxgk_store::password::token_hash;
use xxgk_store::{Actor, NewReportVersion, NewUser, SqliteStore};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "seeds the load-test database; run with --run-ignored only and XXGK_LOAD_DB"]
async fn seed_load_county() {
    let path = std::env::var("XXGK_LOAD_DB").unwrap_or_else(|_| "/tmp/xxgk-load.db".into());
    let _ = std::fs::remove_file(&path);
    let store = SqliteStore::open_file(std::path::Path::new(&path)).await.unwrap();
    let store: &dyn xxgk_store::Store = &store;
    let actor = Actor::system("system:load");
    let add = async |parent: Option<i64>, name: String, kind: AgencyKind| {
        store
            .create_agency(&actor, AgencyInput { parent_id: parent, name, kind, office: Default::default() })
            .await
            .unwrap()
            .id
    };
    let city = add(None, "负载市人民政府".into(), AgencyKind::Government).await;
    let county = add(Some(city), "负载县人民政府".into(), AgencyKind::Government).await;
    let mut agencies = vec![(county, "负载县人民政府".to_string())];
    for i in 1..200 {
        let (name, kind) = if i % 4 == 0 {
            (format!("负载县第{i}镇人民政府"), AgencyKind::Township)
        } else {
            (format!("负载县第{i}局"), AgencyKind::Department)
        };
        agencies.push((add(Some(county), name.clone(), kind).await, name));
    }
    let fixture = include_str!("../../xxgk-store/demo/003_254fef836bd803ec.json");
    let mut last = 0;
    for (id, name) in &agencies {
        for year in 2020..=2024 {
            let mut report = xxgk_report::from_json(fixture).unwrap();
            report.agency = Some(name.clone());
            report.year = year;
            if report.format != xxgk_report::Template::for_year(year) {
                report.format = xxgk_report::Template::for_year(year);
                report.table2 = xxgk_report::Table2::empty(report.format);
            }
            let v = store
                .create_report_version(
                    &actor,
                    NewReportVersion {
                        agency_id: *id,
                        year,
                        report_json: xxgk_report::to_json_pretty(&report),
                        source_name: String::new(),
                        provenance_json: "[]".into(),
                    },
                    0,
                )
                .await
                .unwrap();
            for (from, to, action) in [
                ("draft", "submitted", "submit"),
                ("submitted", "approved", "approve"),
                ("approved", "published", "publish"),
            ] {
                store.set_report_state(&actor, v.id, from, to, action, 1_706_000_000_000).await.unwrap();
            }
            last = v.id;
        }
    }
    let user = store
        .create_user(
            &actor,
            NewUser {
                username: "load-supervisor".into(),
                display_name: "负载监督".into(),
                agency_id: city,
                role: Role::Supervisor,
                password_hash: "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g".into(),
            },
        )
        .await
        .unwrap();
    let token = "load-test-session-token-0123456789abcdef";
    let now = xxgk_store::now_ms();
    store.create_session(user.id, &token_hash(token), "csrf", now, now + 24 * 3_600_000).await.unwrap();
    println!("LOAD_DB={path}\nCOOKIE=xxgk_session={token}\nREPORT_ID={last}\nAGENCIES={}", agencies.len());
}
