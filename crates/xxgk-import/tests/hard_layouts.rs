//! The guards of the tolerant readings (issue 14): numbers recovered by
//! arithmetic are marked as such and must satisfy every identity; damaged
//! labels are accepted only when the identities confirm them; table 二,
//! which has no identity, refuses numbers that ran together or broke.

mod layouts;

use layouts::render::{Layout, render};
use layouts::{Damage, Rng, case};
use xxgk_import::{ImportError, RECOVERED_NOTE, import};

/// A generated report rendered in one layout, as text.
fn rendered(seed: u64, damage: u16, layout: Layout) -> (String, xxgk_report::Report) {
    let case = case(seed, Damage(damage));
    let mut rng = Rng::new(seed ^ 0x5EED);
    let bytes = render(&case.items, layout, Damage(damage), &mut rng);
    (String::from_utf8(bytes).expect("utf-8"), case.expected)
}

/// Replaces the numbers of the tab row starting with `label` by `f(cells)`.
fn edit_row(text: &str, label: &str, f: impl Fn(&[&str]) -> Option<String>) -> Option<String> {
    let mut done = false;
    let mut edited = true;
    let out: Vec<String> = text
        .lines()
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let at = cells.iter().position(|c| c.trim() == label);
            match at {
                Some(at) if !done => {
                    done = true;
                    let values: Vec<&str> = cells[at + 1..].iter().copied().filter(|c| !c.is_empty()).collect();
                    match f(&values) {
                        Some(row) => format!("{}\t{}", cells[..=at].join("\t"), row),
                        None => {
                            edited = false;
                            line.to_string()
                        }
                    }
                }
                _ => line.to_string(),
            }
        })
        .collect();
    (done && edited).then(|| out.join("\n"))
}

#[test]
fn a_row_that_ran_together_is_recovered_and_marked() {
    // Consistent reports (this damage flag asks for them), tab rows.
    let mut recovered = 0;
    for seed in 0..20 {
        let (text, expected) = rendered(seed, Damage::NO_NUMBERING, Layout::Tabbed);
        let Some(joined) = edit_row(&text, "（一）予以公开", |v| Some(v.concat())) else { continue };
        match import(joined.as_bytes(), None) {
            Ok(imported) => {
                assert_eq!(imported.report, expected, "seed {seed}: a recovered row must be exact");
                let marked: Vec<String> = imported
                    .provenance
                    .iter()
                    .filter(|(_, s)| s.is_recovered())
                    .map(|(p, s)| format!("{p} {s}"))
                    .collect();
                assert!(marked.iter().any(|m| m.contains("granted") && m.contains(RECOVERED_NOTE)), "{marked:?}");
                recovered += 1;
            }
            Err(e) => assert!(matches!(e, ImportError::Unsplittable { .. }), "seed {seed}: {e}"),
        }
    }
    assert!(recovered >= 10, "only {recovered} of 20 rows recovered");
}

#[test]
fn a_recovered_row_must_keep_every_identity() {
    let (text, _) = rendered(3, Damage::NO_NUMBERING, Layout::Tabbed);
    let joined = edit_row(&text, "（一）予以公开", |v| Some(v.concat())).expect("row");
    // Another row's number changed: the columns no longer add up, so no
    // split of the ran-together row can be confirmed.
    let broken = edit_row(&joined, "二、上年结转政府信息公开申请数量", |v| {
        let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
        let n: i64 = v[0].parse().unwrap_or(0);
        v[0] = (n + 1).to_string();
        let total: i64 = v[6].parse().unwrap_or(0);
        v[6] = (total + 1).to_string();
        Some(v.join("\t"))
    })
    .expect("row");
    let err = import(broken.as_bytes(), None).expect_err("must refuse");
    assert!(matches!(err, ImportError::Unsplittable { .. }), "{err}");
    assert!(err.to_string().contains("（一）予以公开"), "names the row: {err}");
}

#[test]
fn table2_numbers_broken_by_a_space_are_refused() {
    let mut refused = 0;
    for seed in 0..20 {
        let (text, _) = rendered(seed, 0, Layout::Tabbed);
        let Some(broken) = edit_row(&text, "规章", |v| {
            let first = v.first().filter(|f| f.len() >= 2)?;
            Some(format!("{} {}\t{}", &first[..1], &first[1..], v[1..].join("\t")))
        }) else {
            continue;
        };
        let err = import(broken.as_bytes(), None).expect_err("table 二 has no identity to join by");
        let line = text.lines().position(|l| l.starts_with("规章\t")).map_or(0, |i| i + 1);
        assert!(err.to_string().contains(&format!("第 {line} 行")), "names the line {line}: {err}");
        refused += 1;
    }
    assert!(refused > 0);
}

#[test]
fn a_damaged_label_is_accepted_only_when_the_identities_hold() {
    // Consistent report: 「（一）予公开」 (a character lost) names its row.
    let (text, expected) = rendered(5, Damage::NO_NUMBERING, Layout::Markdown);
    let damaged = text.replacen("（一）予以公开", "（一）予公开", 1);
    assert_ne!(damaged, text);
    let imported = import(damaged.as_bytes(), Some("a.md")).expect("consistent report");
    assert_eq!(imported.report, expected);
    assert!(imported.facts.label_variants.iter().any(|v| v.variant == "（一）予公开"), "shown as a variant");
    // Random (inconsistent) numbers: the same damage is refused, naming it.
    let (text, _) = rendered(5, 0, Layout::Markdown);
    let damaged = text.replacen("（一）予以公开", "（一）予公开", 1);
    let err = import(damaged.as_bytes(), Some("a.md")).expect_err("identities fail");
    assert!(matches!(err, ImportError::DamagedLabel { .. }), "{err}");
    assert!(err.to_string().contains("予公开"), "{err}");
}

#[test]
fn a_label_close_to_no_row_is_unplaced() {
    let (text, _) = rendered(5, Damage::NO_NUMBERING, Layout::Markdown);
    let damaged = text.replacen("（一）予以公开", "（一）完全不同", 1);
    let err = import(damaged.as_bytes(), Some("a.md")).expect_err("no row");
    assert!(matches!(err, ImportError::Unplaced { .. }), "{err}");
}
