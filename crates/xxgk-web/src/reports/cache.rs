//! Caches of the views that span the agency tree (the supervisor dashboard,
//! the portal's year page of a subtree), and the derived numbers of a
//! version that the dashboard shows (findings, tables 三/四 as numbers).
//!
//! A view is kept per scope (agency, role, year, …) under the database's
//! change stamps for that scope ([`ViewStamps`]): a write moves the stamps of
//! the written agency and its ancestors only, so it invalidates only the
//! views that contain it, and several instances on one database agree.
//! Single flight: while a view is being computed, other requests for the
//! same scope and stamps wait for that one computation. One entry per scope,
//! a bounded number of scopes per kind of view (then the map starts over).
//!
//! Derived numbers are persisted in the store (`report_checks`), computed
//! from the report JSON only for versions that have none or whose version,
//! previous version or agency kind changed since.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;
use xxgk_domain::AgencyKind;
use xxgk_report::labels::T4Group;
use xxgk_report::{CheckId, Report, T3Col, T3Row, Template};
use xxgk_store::{ReportChecks, ReportVersion, ViewStamps};

use crate::error::WebError;

/// The cached views of one app.
pub struct ViewCaches {
    pub dashboards: Views<super::dashboard::DashScope, super::dashboard::Dashboard>,
    /// Year pages of subtrees, by (agency, year).
    pub year_pages: Views<(i64, i32), super::public::SubtreeYear>,
}

/// Dashboards kept: a province's is about 1 MB, so at most ~64 MB.
pub const MAX_DASHBOARDS: usize = 64;
/// Year pages kept: a province's is a few hundred KB, a county's a few KB.
pub const MAX_YEAR_PAGES: usize = 512;

impl Default for ViewCaches {
    fn default() -> Self {
        Self { dashboards: Views::with_capacity(MAX_DASHBOARDS), year_pages: Views::with_capacity(MAX_YEAR_PAGES) }
    }
}

type Slot<V> = (ViewStamps, Arc<OnceCell<Arc<V>>>);

/// Computed views of one kind, one per scope, single-flight.
pub struct Views<K, V> {
    slots: Mutex<HashMap<K, Slot<V>>>,
    /// Scopes kept before the map starts over.
    capacity: usize,
}

impl<K: Hash + Eq, V> Views<K, V> {
    /// Keeps at most `capacity` scopes (then starts over).
    pub fn with_capacity(capacity: usize) -> Self {
        Self { slots: Mutex::new(HashMap::new()), capacity: capacity.max(1) }
    }

    /// The view of `scope` under `stamps`: the kept one, the one another
    /// request is computing now (waited for), or computed by `compute`.
    pub async fn get<F, Fut>(&self, scope: K, stamps: ViewStamps, compute: F) -> Result<Arc<V>, WebError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, WebError>>,
    {
        let cell = {
            let mut slots = self.slots.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            match slots.get(&scope) {
                Some((at, cell)) if *at == stamps => cell.clone(),
                _ => {
                    if slots.len() >= self.capacity {
                        slots.clear();
                    }
                    let cell = Arc::new(OnceCell::new());
                    slots.insert(scope, (stamps, cell.clone()));
                    cell
                }
            }
        };
        cell.get_or_try_init(|| async { compute().await.map(Arc::new) }).await.cloned()
    }
}

/// The revision of the derived numbers: a new release may check differently.
const CHECKS_REVISION: &str = env!("CARGO_PKG_VERSION");

/// What derived numbers of a version depend on besides the version itself.
pub fn basis(previous: Option<&ReportVersion>, kind: AgencyKind) -> String {
    match previous {
        Some(p) => format!("{CHECKS_REVISION}|{}|{}:{}", kind.as_str(), p.id, p.updated_at_ms),
        None => format!("{CHECKS_REVISION}|{}|-", kind.as_str()),
    }
}

/// Derives the numbers of `v` (its report `report`, checked against
/// `previous` for an agency of `kind`).
pub fn derive(
    v: &ReportVersion,
    report: &Report,
    previous: Option<(&ReportVersion, &Report)>,
    kind: AgencyKind,
) -> ReportChecks {
    let facts = super::facts_of(v, report.format);
    let findings = super::review(report, previous.map(|p| p.1), kind, facts.as_ref());
    let (errors, warnings) = super::counts(&findings);
    ReportChecks {
        report_id: v.id,
        updated_at_ms: v.updated_at_ms,
        basis: basis(previous.map(|p| p.0), kind),
        errors: errors as i64,
        warnings: warnings as i64,
        carry_over: findings.iter().filter(|f| f.check == CheckId::C1).count() as i64,
        template: report.format.as_str().to_string(),
        received: report.table3[T3Row::NewReceived][T3Col::Total as usize],
        concluded: report.table3[T3Row::TotalProcessed][T3Col::Total as usize],
        table3: join(T3Row::of(report.format).iter().flat_map(|&row| report.table3[row])),
        table4: join(T4Group::ALL.into_iter().flat_map(|g| report.table4[g])),
    }
}

fn join(numbers: impl Iterator<Item = i64>) -> String {
    numbers.map(|n| n.to_string()).collect::<Vec<_>>().join(",")
}

/// Tables 三 and 四 of stored derived numbers, as a report of `year`
/// (nothing else filled), for the roll-up. `None` when they do not read back.
pub fn tables(c: &ReportChecks, year: i32) -> Option<Report> {
    let template = Template::from_json(&c.template)?;
    let mut report = Report::empty(template, year);
    let mut t3 = c.table3.split(',').map(|n| n.parse::<i64>());
    for &row in T3Row::of(template) {
        for cell in report.table3[row].iter_mut() {
            *cell = t3.next()?.ok()?;
        }
    }
    let mut t4 = c.table4.split(',').map(|n| n.parse::<i64>());
    for g in T4Group::ALL {
        for cell in report.table4[g].iter_mut() {
            *cell = t4.next()?.ok()?;
        }
    }
    (t3.next().is_none() && t4.next().is_none()).then_some(report)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use xxgk_report::sample::busy;

    use super::*;

    fn version(id: i64) -> ReportVersion {
        ReportVersion {
            id,
            agency_id: 1,
            year: 2024,
            version: 1,
            state: "published".into(),
            report_json: String::new(),
            source_name: String::new(),
            provenance_json: "[]".into(),
            created_at_ms: 1,
            updated_at_ms: 2,
            submitted_at_ms: None,
            approved_at_ms: None,
            published_at_ms: None,
            superseded_at_ms: None,
        }
    }

    #[test]
    fn tables_read_back_what_derive_wrote() {
        for template in [Template::V2021, Template::V2019] {
            let year = if template == Template::V2021 { 2024 } else { 2020 };
            let report = busy(template, year);
            let c = derive(&version(7), &report, None, AgencyKind::Government);
            let back = tables(&c, year).expect("reads back");
            assert_eq!(back.table3, report.table3);
            assert_eq!(back.table4, report.table4);
            assert_eq!(c.received, report.table3[T3Row::NewReceived][6]);
        }
    }

    #[test]
    fn damaged_numbers_are_refused_not_misread() {
        let c = derive(&version(7), &busy(Template::V2021, 2024), None, AgencyKind::Township);
        for bad in [
            ReportChecks { table3: "1,2".into(), ..c.clone() },
            ReportChecks { table4: c.table4.clone() + ",9", ..c.clone() },
            ReportChecks { template: "1999".into(), ..c.clone() },
            ReportChecks { table3: c.table3.replacen('0', "x", 1), ..c.clone() },
        ] {
            assert!(tables(&bad, 2024).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn basis_names_the_previous_version_and_kind() {
        let p = version(3);
        assert_ne!(basis(Some(&p), AgencyKind::Township), basis(None, AgencyKind::Township));
        assert_ne!(basis(None, AgencyKind::Township), basis(None, AgencyKind::Department));
        let mut changed = p.clone();
        changed.updated_at_ms += 1;
        assert_ne!(basis(Some(&p), AgencyKind::Township), basis(Some(&changed), AgencyKind::Township));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_requests_share_one_computation_and_new_stamps_recompute() {
        let views: Arc<Views<i64, usize>> = Arc::new(Views::with_capacity(8));
        let runs = Arc::new(AtomicUsize::new(0));
        let (gate_tx, gate_rx) = tokio::sync::watch::channel(false);
        let mut tasks = Vec::new();
        for _ in 0..32 {
            let (views, runs, mut gate) = (views.clone(), runs.clone(), gate_rx.clone());
            tasks.push(tokio::spawn(async move {
                views
                    .get(1, ViewStamps { tree: 1, subtree: 1 }, || async move {
                        runs.fetch_add(1, Ordering::SeqCst);
                        // Hold the computation until every request is waiting.
                        let _ = gate.wait_for(|open| *open).await;
                        Ok(42)
                    })
                    .await
            }));
        }
        tokio::task::yield_now().await;
        gate_tx.send(true).unwrap();
        for t in tasks {
            assert_eq!(*t.await.unwrap().unwrap(), 42);
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        let again = views.get(1, ViewStamps { tree: 1, subtree: 2 }, || async { Ok(43) }).await.unwrap();
        assert_eq!(*again, 43, "a moved stamp recomputes");
        let other = views.get(2, ViewStamps { tree: 1, subtree: 2 }, || async { Ok(44) }).await.unwrap();
        assert_eq!(*other, 44, "another scope is its own view");
        let kept = views.get(1, ViewStamps { tree: 1, subtree: 2 }, || async { Ok(0) }).await.unwrap();
        assert_eq!(*kept, 43, "same scope and stamps: kept");
    }
}
