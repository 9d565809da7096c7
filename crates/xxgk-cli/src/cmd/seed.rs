//! `xxgk admin seed`: fills an empty database with the synthetic province of
//! `xxgk_hub::seed` — agencies level by level (parents first, so each level
//! knows its parents' ids), then the report versions in chunks of agencies,
//! each chunk one transaction. Prints one JSON line.

use anyhow::bail;
use clap::Args;
use rayon::prelude::*;
use xxgk_domain::OfficeDetails;
use xxgk_hub::seed::{PlannedAgency, province, versions};
use xxgk_store::{Actor, DynStore, SeedAgency, SeedVersion};

use crate::cmd::Outcome;
use crate::config::{self, ConfigArgs, ServeOverrides};

/// Agencies whose reports go into one transaction.
const AGENCIES_PER_CHUNK: usize = 250;

#[derive(Debug, Args)]
pub struct SeedArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Number of agencies in the province (the province itself included).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub agencies: u32,
    /// Complete years of annual reports, ending with last year.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=10))]
    pub years: u32,
    /// Cases (依申请公开) per agency: accepted; nothing is seeded until casework exists.
    #[arg(long, default_value_t = 0)]
    pub cases_per_agency: u32,
    /// Proactively disclosed documents per agency: accepted; nothing is seeded until they exist.
    #[arg(long, default_value_t = 0)]
    pub documents_per_agency: u32,
}

fn office(a: &PlannedAgency, index: usize) -> OfficeDetails {
    OfficeDetails {
        functions: format!("负责{}政府信息公开日常工作，受理政府信息公开申请。", a.name),
        address: format!("示范省示范路 {} 号", index + 1),
        hours: "工作日 上午 9:00—12:00，下午 13:30—17:30".into(),
        phone: format!("0000-{:07}", 1_000_000 + index),
        head: String::new(),
    }
}

pub async fn run(a: SeedArgs) -> anyhow::Result<Outcome> {
    if a.cases_per_agency > 0 || a.documents_per_agency > 0 {
        eprintln!(
            "提示：本版本尚无依申请公开案件和主动公开文件功能，--cases-per-agency / --documents-per-agency 暂不生成数据。"
        );
    }
    let settings = config::load(&a.config, &ServeOverrides::default())?;
    let store = config::open_store(&settings).await?;
    let result = seed(&store, a.agencies as usize, a.years as i32).await;
    store.close().await;
    let summary = result?;
    println!("{summary}");
    Ok(Outcome::Clean)
}

async fn seed(store: &DynStore, n: usize, years: i32) -> anyhow::Result<serde_json::Value> {
    if !store.list_agencies().await?.is_empty() {
        bail!("数据库中已有机关数据：admin seed 只能用于空数据库（请换一个新的数据库或数据目录）");
    }
    let started = std::time::Instant::now();
    let actor = Actor::system("system:seed");
    let plan = province(n);
    let mut ids = vec![0i64; plan.len()];
    let deepest = plan.iter().map(|p| p.level).max().unwrap_or(0);
    for level in 0..=deepest {
        let at_level: Vec<usize> = (0..plan.len()).filter(|&i| plan[i].level == level).collect();
        let rows = at_level
            .iter()
            .map(|&i| SeedAgency {
                parent_id: plan[i].parent.map(|p| ids[p]),
                name: plan[i].name.clone(),
                kind: plan[i].kind,
                office: office(&plan[i], i),
            })
            .collect();
        let created: std::collections::HashMap<String, i64> =
            store.seed_agencies(&actor, rows).await?.into_iter().map(|(id, name)| (name, id)).collect();
        for &i in &at_level {
            ids[i] = *created.get(&plan[i].name).ok_or_else(|| anyhow::anyhow!("机关“{}”未写入", plan[i].name))?;
        }
    }
    let latest = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+8)).year() - 1;
    let year_list: Vec<i32> = (latest - years + 1..=latest).collect();
    let mut written = 0u64;
    for chunk in (0..plan.len()).collect::<Vec<_>>().chunks(AGENCIES_PER_CHUNK) {
        let rows: Vec<SeedVersion> = chunk
            .par_iter()
            .flat_map_iter(|&i| {
                let (a, id) = (&plan[i], ids[i]);
                year_list.iter().flat_map(move |&y| {
                    versions(i, a.level, &a.name, y, latest).into_iter().map(move |v| SeedVersion {
                        agency_id: id,
                        year: v.year,
                        version: v.version,
                        state: v.state.as_str().to_string(),
                        report_json: xxgk_report::to_value(&v.report).to_string(),
                        created_at_ms: v.created_at_ms,
                        submitted_at_ms: v.submitted_at_ms,
                        approved_at_ms: v.approved_at_ms,
                        published_at_ms: v.published_at_ms,
                        superseded_at_ms: v.superseded_at_ms,
                    })
                })
            })
            .collect();
        written += store.seed_reports(&actor, rows).await?;
    }
    eprintln!(
        "已生成 {} 个机关、{written} 个年度报告版本（{}—{} 年），用时 {:.1} 秒",
        plan.len(),
        year_list[0],
        latest,
        started.elapsed().as_secs_f64()
    );
    Ok(serde_json::json!({
        "root_agency_id": ids[0],
        "root_agency": plan[0].name,
        "agencies": plan.len(),
        "years": year_list,
    }))
}
