//! Numbers that ran together (`7000007` for 7 0 0 0 0 0 7) or were broken
//! by a stray space (`1 52`): the ways to cut a row's digits into its cells
//! such that every group of cells ends with the sum of the others (a
//! table-三 row: 总计 = the six columns; table 四: each group's 总计).
//!
//! The search is exhaustive but bounded: any space may be a stray one and
//! any two digits may belong to two cells, so the true split is always
//! among those found; the caller accepts a split only when it is the only
//! one that satisfies every identity. (Preferring splits that keep the
//! spaces would not be sound: a wrong split keeping them can satisfy the
//! row while the true one needs a stray space.)

/// One printed piece of a row: a run of digits that may be cut, or a value
/// that stands as one cell (a mark such as `/`, a number with a separator).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Atom {
    Digits(String),
    Fixed(i64),
}

/// One cell of a split: its value and the atom it starts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    pub value: i64,
    pub atom: usize,
}

/// The splits found, or why the search gave up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Splits {
    /// Every split satisfying the identities (at most the requested limit).
    Found(Vec<Vec<Part>>),
    /// More splits than the limit, or a search too large to finish.
    TooMany,
}

/// Digits a cell may have (counts below ten million).
const MAX_DIGITS: usize = 7;
/// Steps of the search before it gives up (a few milliseconds).
const MAX_STEPS: usize = 200_000;

#[derive(Debug, Clone, Copy)]
enum El {
    Digit { d: u8, atom: usize },
    Fixed { value: i64, atom: usize },
}

/// The splits of `atoms` into groups of the given sizes, each group's last
/// cell being the sum of its others; at most `limit` of them.
pub fn splits(atoms: &[Atom], groups: &[usize], limit: usize) -> Splits {
    let mut els = Vec::new();
    for (k, atom) in atoms.iter().enumerate() {
        match atom {
            Atom::Digits(ds) => {
                for b in ds.bytes() {
                    if !b.is_ascii_digit() {
                        return Splits::Found(Vec::new());
                    }
                    els.push(El::Digit { d: b - b'0', atom: k });
                }
            }
            Atom::Fixed(value) => els.push(El::Fixed { value: *value, atom: k }),
        }
    }
    let cells: usize = groups.iter().sum();
    if els.len() < cells || els.len() > cells * MAX_DIGITS {
        return Splits::Found(Vec::new());
    }
    let mut search = Search { els: &els, groups, limit, steps: 0, found: Vec::new(), over: false };
    search.run(0, 0, 0, 0, &mut Vec::new());
    if search.over { Splits::TooMany } else { Splits::Found(search.found) }
}

struct Search<'a> {
    els: &'a [El],
    groups: &'a [usize],
    limit: usize,
    steps: usize,
    found: Vec<Vec<Part>>,
    over: bool,
}

impl Search<'_> {
    /// Extends `parts` from element `at`; `group`/`in_group` say which cell
    /// comes next, `sum` is the sum of the current group so far.
    fn run(&mut self, at: usize, group: usize, in_group: usize, sum: i64, parts: &mut Vec<Part>) {
        self.steps += 1;
        if self.over || self.steps > MAX_STEPS {
            self.over = true;
            return;
        }
        let Some(&size) = self.groups.get(group) else {
            if at == self.els.len() {
                if self.found.len() >= self.limit {
                    self.over = true;
                } else {
                    self.found.push(parts.clone());
                }
            }
            return;
        };
        let cells_left: usize = self.groups[group..].iter().sum::<usize>() - in_group;
        // The group's total is printed with at least as many digits as the
        // sum so far, and every other cell takes at least one element.
        let total_digits = if sum > 0 { sum.ilog10() as usize + 1 } else { 1 };
        let left = self.els.len() - at;
        if left < cells_left - 1 + total_digits || left > cells_left * MAX_DIGITS {
            return;
        }
        let last = in_group + 1 == size;
        if last {
            // The group's total: only the sum itself may stand here.
            if let Some((end, atom)) = self.matches_at(at, sum) {
                parts.push(Part { value: sum, atom });
                self.run(end, group + 1, 0, 0, parts);
                parts.pop();
            }
            return;
        }
        match self.els[at] {
            El::Fixed { value, atom } => {
                parts.push(Part { value, atom });
                self.run(at + 1, group, in_group + 1, sum + value, parts);
                parts.pop();
            }
            El::Digit { d, atom } => {
                // No leading zeros: a cell starting with 0 is 0.
                let longest = if d == 0 { 1 } else { MAX_DIGITS };
                let mut value = 0;
                for end in at..(at + longest).min(self.els.len()) {
                    let El::Digit { d, .. } = self.els[end] else { break };
                    value = value * 10 + i64::from(d);
                    parts.push(Part { value, atom });
                    self.run(end + 1, group, in_group + 1, sum + value, parts);
                    parts.pop();
                    if self.over {
                        return;
                    }
                }
            }
        }
    }

    /// Whether `value` is printed from element `at` on (a mark counts as
    /// 0): the element after it and the atom it starts in.
    fn matches_at(&self, at: usize, value: i64) -> Option<(usize, usize)> {
        match self.els[at] {
            El::Fixed { value: v, atom } => (v == value).then_some((at + 1, atom)),
            El::Digit { atom, .. } => {
                let digits = value.to_string();
                let end = at + digits.len();
                let printed = self.els.get(at..end)?;
                let same =
                    printed.iter().zip(digits.bytes()).all(|(e, b)| matches!(e, El::Digit { d, .. } if *d == b - b'0'));
                same.then_some((end, atom))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digits(parts: &[&str]) -> Vec<Atom> {
        parts.iter().map(|p| Atom::Digits(p.to_string())).collect()
    }

    fn values(s: &Splits) -> Vec<Vec<i64>> {
        match s {
            Splits::Found(f) => f.iter().map(|p| p.iter().map(|c| c.value).collect()).collect(),
            Splits::TooMany => vec![vec![-1]],
        }
    }

    #[test]
    fn a_row_that_ran_together_has_one_split() {
        assert_eq!(values(&splits(&digits(&["7000007"]), &[7], 8)), vec![vec![7, 0, 0, 0, 0, 0, 7]]);
        assert_eq!(values(&splits(&digits(&["12", "00001", "13"]), &[7], 8)), vec![vec![12, 0, 0, 0, 0, 1, 13]]);
    }

    #[test]
    fn ambiguous_and_impossible_rows() {
        // 1 1 0 0 0 0 2 is the only cut of `110000 2` whose total adds up.
        assert_eq!(values(&splits(&digits(&["110000", "2"]), &[7], 8)), vec![vec![1, 1, 0, 0, 0, 0, 2]]);
        assert_eq!(values(&splits(&digits(&["1210009"]), &[7], 8)), Vec::<Vec<i64>>::new());
        // `11112` in three cells: 1 11 12 and 11 1 12 both add up.
        assert_eq!(values(&splits(&digits(&["11112"]), &[3], 8)), vec![vec![1, 11, 12], vec![11, 1, 12]]);
        assert_eq!(values(&splits(&digits(&["11112"]), &[3], 1)), vec![vec![-1]]);
    }

    #[test]
    fn stray_spaces_are_joined() {
        // 152 printed as `1 52`: eight pieces for seven cells.
        let s = splits(&digits(&["1", "52", "0", "0", "0", "0", "0", "152"]), &[7], 8);
        assert_eq!(values(&s), vec![vec![152, 0, 0, 0, 0, 0, 152]]);
    }

    #[test]
    fn marks_stand_as_one_cell_and_groups_are_checked() {
        let atoms = vec![Atom::Fixed(0), Atom::Digits("1102".into()), Atom::Digits("0000000000".into())];
        assert_eq!(values(&splits(&atoms, &[5, 5, 5], 4)), vec![vec![0, 1, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]);
    }

    #[test]
    fn huge_inputs_give_up() {
        let atoms = digits(&["0".repeat(40).as_str()]);
        assert_eq!(values(&splits(&atoms, &[7], 8)), Vec::<Vec<i64>>::new());
        let atoms = digits(&["1".repeat(45).as_str()]);
        assert!(matches!(splits(&atoms, &[7], 8), Splits::Found(_) | Splits::TooMany));
    }
}
