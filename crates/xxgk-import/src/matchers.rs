//! The template labels of `xxgk_report::labels` as look-up maps keyed by
//! their §5.1-normalised text (label and variants), and a scanner matching
//! consecutive text tokens against them (headers wrapped over cells).

use std::collections::HashMap;
use std::sync::OnceLock;

use xxgk_report::labels::{T2Field, T2Row, TABLE3_COLUMNS, TABLE3_ROWS, normalize_label, table2_blocks};
use xxgk_report::{T3Col, T3Row, Template};

use crate::tokens::{Kind, Tok};
use crate::values::{Unit, unit_in_text};

pub fn t3_rows() -> &'static HashMap<String, T3Row> {
    &t3_maps().0
}

/// Table-三 labels that are short once their number is dropped (`3.其他`
/// → `其他`): matched only as a whole label, and guarded by the identities.
pub fn t3_short_rows() -> &'static HashMap<String, T3Row> {
    &t3_maps().1
}

type RowMaps<T> = (HashMap<String, T>, HashMap<String, T>);

fn t3_maps() -> &'static RowMaps<T3Row> {
    static MAPS: OnceLock<RowMaps<T3Row>> = OnceLock::new();
    MAPS.get_or_init(|| {
        let mut map = HashMap::new();
        for spec in &TABLE3_ROWS {
            for text in std::iter::once(&spec.label).chain(spec.variants) {
                map.insert(normalize_label(text), spec.row);
            }
        }
        with_unnumbered(map)
    })
}

pub fn t2_rows() -> &'static HashMap<String, T2Row> {
    static MAP: OnceLock<HashMap<String, T2Row>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = HashMap::new();
        for t in [Template::V2019, Template::V2021] {
            for row in table2_blocks(t).iter().flat_map(|b| b.rows) {
                for text in std::iter::once(&row.label).chain(row.variants) {
                    map.insert(normalize_label(text), row.id);
                }
            }
        }
        with_unnumbered(map).0
    })
}

pub type FieldHit = (Template, T2Field, &'static str);

pub fn t2_fields() -> &'static HashMap<String, Vec<FieldHit>> {
    static MAP: OnceLock<HashMap<String, Vec<FieldHit>>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map: HashMap<String, Vec<FieldHit>> = HashMap::new();
        for t in [Template::V2019, Template::V2021] {
            for field in table2_blocks(t).iter().flat_map(|b| b.fields) {
                for text in std::iter::once(&field.label).chain(field.variants) {
                    let entry = map.entry(strip_unit(&normalize_label(text)).0).or_default();
                    let hit = (t, field.id, field.label);
                    if !entry.contains(&hit) {
                        entry.push(hit);
                    }
                }
            }
        }
        map
    })
}

pub fn t3_cols() -> &'static HashMap<String, T3Col> {
    static MAP: OnceLock<HashMap<String, T3Col>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = HashMap::new();
        for col in &TABLE3_COLUMNS {
            for text in std::iter::once(&col.label).chain(col.variants) {
                map.insert(normalize_label(text), col.id);
            }
        }
        map
    })
}

/// Adds each numbered label without its number (`1.属于国家秘密` →
/// `属于国家秘密`): Word's automatic numbering drops it from the text. Only
/// forms naming one row are added; short ones (`其他`, under
/// [`SHORT_LABEL`] characters) are returned apart.
fn with_unnumbered<T: Copy + PartialEq>(mut map: HashMap<String, T>) -> RowMaps<T> {
    let mut extra: HashMap<String, Option<T>> = HashMap::new();
    for (key, &row) in &map {
        let bare = key.trim_start_matches(|c: char| c.is_ascii_digit());
        let Some(bare) = bare.strip_prefix('.').filter(|_| bare.len() < key.len()) else { continue };
        if bare.chars().count() < 2 || map.contains_key(bare) {
            continue;
        }
        extra
            .entry(bare.to_string())
            .and_modify(|r| {
                if *r != Some(row) {
                    *r = None;
                }
            })
            .or_insert(Some(row));
    }
    let mut short = HashMap::new();
    for (key, row) in extra {
        let Some(row) = row else { continue };
        if key.chars().count() < SHORT_LABEL {
            short.insert(key, row);
        } else {
            map.insert(key, row);
        }
    }
    (map, short)
}

/// Labels shorter than this (in characters) name a row of table 三 only
/// when the table's identities then hold.
pub const SHORT_LABEL: usize = 4;

/// Splits a trailing `(单位:万元,…)`/`(元)` off a normalised header.
pub fn strip_unit(norm: &str) -> (String, Unit) {
    if norm.ends_with(')')
        && let Some(open) = norm.rfind('(')
    {
        let inner = &norm[open..];
        let unit = unit_in_text(inner);
        if unit != Unit::None {
            return (norm[..open].to_string(), unit);
        }
    }
    (norm.to_string(), Unit::None)
}

/// Greedy left-to-right matching of up to three consecutive text tokens
/// against a map; yields each hit with its printed text.
pub fn scan_text<'m, T>(
    toks: &[Tok],
    map: &'m HashMap<String, T>,
    key: impl Fn(&str) -> String,
) -> Vec<(&'m T, String, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let mut hit = None;
        for k in (1..=3).rev() {
            let Some(group) = toks.get(i..i + k) else { continue };
            if !group.iter().all(|t| matches!(t.kind, Kind::Text { .. })) {
                continue;
            }
            let joined: String = group.iter().map(Tok::norm).collect();
            if let Some(v) = map.get(&key(&joined)) {
                let raw: Vec<&str> = group.iter().map(Tok::raw).collect();
                hit = Some((v, raw.join(""), k));
                break;
            }
        }
        match hit {
            Some((v, raw, k)) => {
                out.push((v, raw, i));
                i += k;
            }
            None => i += 1,
        }
    }
    out
}
