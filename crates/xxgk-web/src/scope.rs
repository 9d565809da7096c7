//! The agency tree as seen by a request: ordering for display and the
//! relation of any agency to the actor's own (fed to `xxgk_domain::can`).

use std::collections::HashMap;

use xxgk_domain::agency::is_below;
use xxgk_domain::{Action, Agency, Relation, Role, can};

/// All agencies with parent links.
pub struct Tree {
    pub agencies: Vec<Agency>,
    index: HashMap<i64, usize>,
}

impl Tree {
    pub fn new(agencies: Vec<Agency>) -> Self {
        let index = agencies.iter().enumerate().map(|(i, a)| (a.id, i)).collect();
        Self { agencies, index }
    }

    pub fn get(&self, id: i64) -> Option<&Agency> {
        self.index.get(&id).map(|&i| &self.agencies[i])
    }

    pub fn name(&self, id: i64) -> String {
        self.get(id).map(|a| a.name.clone()).unwrap_or_else(|| format!("#{id}"))
    }

    fn parent(&self, id: i64) -> Option<i64> {
        self.get(id).and_then(|a| a.parent_id)
    }

    /// Where `target` lies from `home` (`None` target = no agency).
    pub fn relation(&self, home: i64, target: Option<i64>) -> Relation {
        match target {
            Some(t) if t == home => Relation::Same,
            Some(t) if is_below(t, home, |x| self.parent(x)) => Relation::Below,
            _ => Relation::Outside,
        }
    }

    /// May `role` at agency `home` do `action` on `target`?
    pub fn allows(&self, role: Role, home: i64, action: Action, target: Option<i64>) -> bool {
        can(role, action, self.relation(home, target))
    }

    /// Every agency id on which the action is allowed.
    pub fn allowed_ids(&self, role: Role, home: i64, action: Action) -> Vec<i64> {
        self.agencies.iter().filter(|a| self.allows(role, home, action, Some(a.id))).map(|a| a.id).collect()
    }

    /// Depth-first order with depths (roots first, children by id).
    pub fn ordered(&self) -> Vec<(usize, &Agency)> {
        let mut children: HashMap<Option<i64>, Vec<&Agency>> = HashMap::new();
        for a in &self.agencies {
            // A parent that does not exist makes the agency a root.
            let p = a.parent_id.filter(|p| self.index.contains_key(p));
            children.entry(p).or_default().push(a);
        }
        let mut out = Vec::with_capacity(self.agencies.len());
        let mut stack: Vec<(usize, &Agency)> =
            children.get(&None).map(|v| v.iter().rev().map(|a| (0, *a)).collect()).unwrap_or_default();
        while let Some((d, a)) = stack.pop() {
            out.push((d, a));
            if out.len() > self.agencies.len() {
                break;
            }
            if let Some(kids) = children.get(&Some(a.id)) {
                for k in kids.iter().rev() {
                    stack.push((d + 1, *k));
                }
            }
        }
        out
    }

    /// An agency and every agency below it.
    pub fn subtree(&self, id: i64) -> Vec<i64> {
        self.agencies
            .iter()
            .filter(|a| a.id == id || self.relation(id, Some(a.id)) == Relation::Below)
            .map(|a| a.id)
            .collect()
    }

    /// Direct children of an agency.
    pub fn children(&self, id: i64) -> Vec<&Agency> {
        self.agencies.iter().filter(|a| a.parent_id == Some(id)).collect()
    }
}
