//! An in-memory cache of parsed reports and of their check counts, keyed by
//! version id and last change time (`updated_at_ms`), so a changed draft is
//! never served stale and published versions (immutable) are parsed once.
//! Bounded: cleared when it grows past [`MAX_ENTRIES`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use xxgk_report::{CheckId, DocumentFacts, Report};
use xxgk_store::ReportVersion;

use super::dashboard::{DashKey, Dashboard};
use crate::AppState;
use crate::error::WebError;

/// Entries kept before the cache starts over.
pub const MAX_ENTRIES: usize = 50_000;
/// Dashboards kept (per user, year and change) before starting over.
pub const MAX_DASHBOARDS: usize = 256;

/// (version id, updated_at_ms).
type Key = (i64, i64);

/// Check counts of a version against a previous one: errors, warnings, C-1 findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub carry_over: usize,
}

/// The shared cache (one per app).
#[derive(Default)]
pub struct HubCache {
    reports: Mutex<HashMap<Key, Stored>>,
    dashboards: Mutex<HashMap<DashKey, Arc<Dashboard>>>,
    counts: Mutex<HashMap<(Key, Option<Key>), Counts>>,
}

fn key(v: &ReportVersion) -> Key {
    (v.id, v.updated_at_ms)
}

/// A parsed version: its report and the facts of its source document.
type Stored = (Arc<Report>, Option<Arc<DocumentFacts>>);

impl HubCache {
    /// The parsed report of a version; reads the JSON from the store when
    /// the version was listed without it.
    pub async fn report(&self, state: &AppState, v: &ReportVersion) -> Result<Arc<Report>, WebError> {
        Ok(self.stored(state, v).await?.0)
    }

    async fn stored(&self, state: &AppState, v: &ReportVersion) -> Result<Stored, WebError> {
        if let Some(r) = self.reports.lock().ok().and_then(|m| m.get(&key(v)).cloned()) {
            return Ok(r);
        }
        let full;
        let v = if v.report_json.is_empty() {
            full = state.store.get_report_version(v.id).await?.ok_or(WebError::NotFound)?;
            &full
        } else {
            v
        };
        let report = super::report_of(v)?;
        let facts = super::facts_of(v, report.format).map(Arc::new);
        let stored = (Arc::new(report), facts);
        if let Ok(mut m) = self.reports.lock() {
            if m.len() >= MAX_ENTRIES {
                m.clear();
            }
            m.insert(key(v), stored.clone());
        }
        Ok(stored)
    }

    /// A dashboard built under `key`, if any.
    pub fn dashboard(&self, key: &DashKey) -> Option<Arc<Dashboard>> {
        self.dashboards.lock().ok().and_then(|m| m.get(key).cloned())
    }

    /// Keeps a dashboard. Entries under older change ids can never be hit
    /// again, so the map is emptied when it grows past a few hundred.
    pub fn keep_dashboard(&self, key: DashKey, dash: Arc<Dashboard>) {
        if let Ok(mut m) = self.dashboards.lock() {
            if m.len() >= MAX_DASHBOARDS {
                m.clear();
            }
            m.insert(key, dash);
        }
    }

    /// Errors, warnings and C-1 findings of `v` (checked against `previous`).
    pub async fn counts(
        &self,
        state: &AppState,
        v: &ReportVersion,
        previous: Option<&ReportVersion>,
        kind: xxgk_domain::AgencyKind,
    ) -> Result<Counts, WebError> {
        let k = (key(v), previous.map(key));
        if let Some(c) = self.counts.lock().ok().and_then(|m| m.get(&k).copied()) {
            return Ok(c);
        }
        let (report, facts) = self.stored(state, v).await?;
        let prev = match previous {
            Some(p) => Some(self.report(state, p).await?),
            None => None,
        };
        let findings = super::review(&report, prev.as_deref(), kind, facts.as_deref());
        let (errors, warnings) = super::counts(&findings);
        let c = Counts { errors, warnings, carry_over: findings.iter().filter(|f| f.check == CheckId::C1).count() };
        if let Ok(mut m) = self.counts.lock() {
            if m.len() >= MAX_ENTRIES {
                m.clear();
            }
            m.insert(k, c);
        }
        Ok(c)
    }
}
