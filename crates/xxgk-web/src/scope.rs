//! The agency tree as seen by a request: ordering for display and the
//! relation of any agency to the actor's own (fed to `xxgk_domain::can`).
//! Built once per change of the agency table (see `AppState::tree`) with the
//! depth-first order precomputed, so a subtree is a contiguous run of that
//! order and "is X below Y" is two comparisons, whatever the tree's size.

use std::collections::HashMap;

use xxgk_domain::agency::is_below;
use xxgk_domain::{Action, Agency, Relation, Role, can};

/// Position of an agency that no root reaches (only a corrupt parent cycle).
const UNREACHED: usize = usize::MAX;

/// All agencies with parent links.
pub struct Tree {
    pub agencies: Vec<Agency>,
    index: HashMap<i64, usize>,
    /// Depth-first order: (depth, index into `agencies`).
    order: Vec<(usize, usize)>,
    /// Per agency (same index as `agencies`): its place in `order` …
    pos: Vec<usize>,
    /// … and one past the place of its last descendant.
    end: Vec<usize>,
    /// Children of each agency (indexes), by id.
    children: HashMap<i64, Vec<usize>>,
}

impl Tree {
    pub fn new(agencies: Vec<Agency>) -> Self {
        let index: HashMap<i64, usize> = agencies.iter().enumerate().map(|(i, a)| (a.id, i)).collect();
        let mut children: HashMap<i64, Vec<usize>> = HashMap::new();
        let mut roots = Vec::new();
        // A parent that does not exist makes the agency a root.
        for (i, a) in agencies.iter().enumerate() {
            match a.parent_id.filter(|p| index.contains_key(p)) {
                Some(p) => children.entry(p).or_default().push(i),
                None => roots.push(i),
            }
        }
        for kids in children.values_mut() {
            kids.sort_by_key(|&i| agencies[i].id);
        }
        roots.sort_by_key(|&i| agencies[i].id);
        let mut order = Vec::with_capacity(agencies.len());
        let mut stack: Vec<(usize, usize)> = roots.iter().rev().map(|&i| (0, i)).collect();
        let mut pos = vec![UNREACHED; agencies.len()];
        while let Some((d, i)) = stack.pop() {
            if pos[i] != UNREACHED {
                continue;
            }
            pos[i] = order.len();
            order.push((d, i));
            if let Some(kids) = children.get(&agencies[i].id) {
                stack.extend(kids.iter().rev().map(|&k| (d + 1, k)));
            }
        }
        let mut end = vec![UNREACHED; agencies.len()];
        let mut open: Vec<(usize, usize)> = Vec::new();
        for (p, &(d, i)) in order.iter().enumerate() {
            while let Some(&(od, oi)) = open.last() {
                if od < d {
                    break;
                }
                end[oi] = p;
                open.pop();
            }
            open.push((d, i));
        }
        for (_, oi) in open {
            end[oi] = order.len();
        }
        Self { agencies, index, order, pos, end, children }
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
        let Some(t) = target else { return Relation::Outside };
        if t == home {
            return Relation::Same;
        }
        let (Some(&h), Some(&ti)) = (self.index.get(&home), self.index.get(&t)) else {
            return Relation::Outside;
        };
        let below = if self.pos[h] == UNREACHED || self.pos[ti] == UNREACHED {
            is_below(t, home, |x| self.parent(x))
        } else {
            self.pos[h] < self.pos[ti] && self.pos[ti] < self.end[h]
        };
        if below { Relation::Below } else { Relation::Outside }
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
        self.order.iter().map(|&(d, i)| (d, &self.agencies[i])).collect()
    }

    /// An agency and every agency below it, depth first, with depths below
    /// it (the agency itself at 0). Empty for an unknown agency.
    pub fn subtree_ordered(&self, id: i64) -> impl ExactSizeIterator<Item = (usize, &Agency)> + Clone + '_ {
        let (range, base) = match self.index.get(&id) {
            Some(&i) if self.pos[i] != UNREACHED => (self.pos[i]..self.end[i], self.order[self.pos[i]].0),
            _ => (0..0, 0),
        };
        self.order[range].iter().map(move |&(d, i)| (d - base, &self.agencies[i]))
    }

    /// An agency and every agency below it (depth first).
    pub fn subtree(&self, id: i64) -> Vec<i64> {
        self.subtree_ordered(id).map(|(_, a)| a.id).collect()
    }

    /// Agencies without a parent (the tops of the tree).
    pub fn roots(&self) -> Vec<i64> {
        self.order.iter().filter(|(d, _)| *d == 0).map(|&(_, i)| self.agencies[i].id).collect()
    }

    /// Direct children of an agency.
    pub fn children(&self, id: i64) -> Vec<&Agency> {
        self.children.get(&id).map(|k| k.iter().map(|&i| &self.agencies[i]).collect()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use xxgk_domain::{AgencyKind, OfficeDetails};

    use super::*;

    fn agency(id: i64, parent_id: Option<i64>) -> Agency {
        Agency { id, parent_id, name: format!("机关{id}"), kind: AgencyKind::Other, office: OfficeDetails::default() }
    }

    proptest! {
        /// The precomputed order answers exactly what walking the parents answers.
        #[test]
        fn relation_and_subtree_match_the_parent_walk(parents in prop::collection::vec(prop::option::of(0usize..40), 1..40)) {
            // Agency i+1 has parent p+1 only when p < i: a forest without cycles.
            let agencies: Vec<Agency> = parents
                .iter()
                .enumerate()
                .map(|(i, p)| agency(i as i64 + 1, p.filter(|p| *p < i).map(|p| p as i64 + 1)))
                .collect();
            let tree = Tree::new(agencies.clone());
            prop_assert_eq!(tree.ordered().len(), agencies.len());
            for home in &agencies {
                let mut expected: Vec<i64> = agencies
                    .iter()
                    .filter(|t| t.id == home.id || is_below(t.id, home.id, |x| tree.parent(x)))
                    .map(|t| t.id)
                    .collect();
                let mut got = tree.subtree(home.id);
                prop_assert_eq!(got[0], home.id);
                got.sort_unstable();
                expected.sort_unstable();
                prop_assert_eq!(got, expected);
                for t in &agencies {
                    let walk = t.id != home.id && is_below(t.id, home.id, |x| tree.parent(x));
                    prop_assert_eq!(tree.relation(home.id, Some(t.id)) == Relation::Below, walk);
                }
            }
        }
    }

    #[test]
    fn depths_are_relative_to_the_subtree_top_and_unknown_ids_are_empty() {
        let tree = Tree::new(vec![agency(1, None), agency(2, Some(1)), agency(3, Some(2)), agency(4, Some(1))]);
        let sub: Vec<(usize, i64)> = tree.subtree_ordered(2).map(|(d, a)| (d, a.id)).collect();
        assert_eq!(sub, vec![(0, 2), (1, 3)]);
        assert_eq!(tree.subtree_ordered(99).len(), 0);
        assert_eq!(tree.roots(), vec![1]);
        assert_eq!(tree.children(1).iter().map(|a| a.id).collect::<Vec<_>>(), vec![2, 4]);
        assert_eq!(tree.relation(1, None), Relation::Outside);
        assert_eq!(tree.relation(4, Some(3)), Relation::Outside);
    }
}
