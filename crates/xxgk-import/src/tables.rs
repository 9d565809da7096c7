//! Tables 二, 三 and 四 read from their regions (the blocks between their
//! section heading and the next one): rows matched by the template labels
//! of `xxgk_report::labels` (with variants and §5.1 normalisation), the
//! template decided from the labels and columns found (the year only when
//! the tables say nothing), numbers placed by [`resolve`].

use std::collections::HashMap;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use xxgk_report::identity;
use xxgk_report::labels::{T2Field, T2Row, ValueKind, normalize_label, table2_blocks};
use xxgk_report::{
    CellPath, DocumentFacts, Report, Section, T3Col, T3Row, T4Group, Template, Unfilled, Value, VariantUse,
};

use crate::doc::{Block, Document};
use crate::error::ImportError;
use crate::fuzzy::{self, Loose};
use crate::matchers::{FieldHit, scan_text, strip_unit, t2_fields, t2_rows, t3_cols, t3_rows, t3_short_rows};
use crate::recover::{self, RecoveredCell};
use crate::sections;
use crate::tokens::{Kind, Segment, Tok, match_suffix, resolve, segments, tokenize};
use crate::values::{CellValue, Unit};
use crate::{Imported, Source};

const T2: &str = "表二";
const T3: &str = "表三";
const T4: &str = "表四";

/// Everything gathered besides the numbers.
#[derive(Default)]
struct Acc {
    unfilled: Vec<Unfilled>,
    provenance: Vec<(CellPath, Source)>,
    variants: Vec<VariantUse>,
    money_in_yuan: Vec<CellPath>,
    money_unit_assumed: Vec<CellPath>,
}

impl Acc {
    fn variant(&mut self, label: &'static str, printed: &str) {
        if normalize_label(printed) == normalize_label(label) {
            return;
        }
        let printed = printed.split_whitespace().collect::<Vec<_>>().join(" ");
        if !self.variants.iter().any(|v| v.label == label && v.variant == printed) {
            self.variants.push(VariantUse { label: label.to_string(), variant: printed });
        }
    }
}

struct Region {
    toks: Vec<Tok>,
    segs: Vec<Segment>,
}

/// A segment matched to a row: (row, printed label, segment index).
/// `match_rows` also returns the rows matched loosely (a damaged label, a
/// short label from `short`), which the identities must then confirm.
type Hits<R> = Vec<(R, String, usize)>;

fn match_rows<R: Copy + PartialEq>(
    region: &Region,
    map: &HashMap<String, R>,
    short: Option<&HashMap<String, R>>,
    table: &'static str,
) -> Result<(Hits<R>, Vec<R>), ImportError> {
    let mut hits = Vec::new();
    let mut loose = Vec::new();
    for (k, seg) in region.segs.iter().enumerate() {
        match match_suffix(&region.toks, &seg.label, map) {
            Some((row, raw, _)) => hits.push((row, raw, k)),
            None => {
                if let Some(&v) = seg.values.iter().find(|&&v| !region.toks[v].is_blank()) {
                    let short =
                        seg.label.last().map(|&l| &region.toks[l]).and_then(|t| Some((short?.get(t.norm())?, t)));
                    if let Some((&row, tok)) = short {
                        loose.push(row);
                        hits.push((row, tok.raw().to_string(), k));
                        continue;
                    }
                    if loose.len() >= MAX_LOOSE {
                        let text = seg.label.last().map_or(String::new(), |&l| region.toks[l].raw().to_string());
                        let why = format!("与模板不完全一致的行标签超过 {MAX_LOOSE} 个");
                        return Err(ImportError::DamagedLabel { place: region.toks[v].src, table, text, why });
                    }
                    match loose_label(region, seg, map, table)? {
                        Some((row, raw)) => {
                            loose.push(row);
                            hits.push((row, raw, k));
                        }
                        None => {
                            let context = seg.label.last().map_or(String::new(), |&l| region.toks[l].raw().to_string());
                            let context: String = context.chars().take(40).collect();
                            return Err(ImportError::Unplaced { place: region.toks[v].src, table, context });
                        }
                    }
                }
            }
        }
    }
    Ok((hits, loose))
}

/// Rows of one table read from damaged labels before the table is refused
/// (a table has at most 26 rows; this bounds the work on hostile input).
const MAX_LOOSE: usize = 64;

/// The row a segment's damaged label names (OCR): the last one to three
/// text parts compared loosely with every label; ambiguity is refused.
fn loose_label<R: Copy + PartialEq>(
    region: &Region,
    seg: &Segment,
    map: &HashMap<String, R>,
    table: &'static str,
) -> Result<Option<(R, String)>, ImportError> {
    let mut norm = String::new();
    for k in 1..=seg.label.len().min(3) {
        let tok = &region.toks[seg.label[seg.label.len() - k]];
        norm.insert_str(0, tok.norm());
        let raw = || seg.label[seg.label.len() - k..].iter().map(|&i| region.toks[i].raw()).collect::<Vec<_>>();
        match fuzzy::loose_match(&norm, map) {
            Loose::Row(row, _) => return Ok(Some((row, raw().join(" ")))),
            Loose::Ambiguous(why) => {
                return Err(ImportError::DamagedLabel { place: tok.src, table, text: raw().join(""), why });
            }
            Loose::None => {}
        }
    }
    Ok(None)
}

/// The values of the one row matched as `row`, checked for consistent
/// duplicates. `None` when the row is absent.
fn row_values<R: PartialEq + Copy>(
    region: &Region,
    hits: &Hits<R>,
    row: R,
    n: usize,
    cols_for: &dyn Fn(&Segment) -> Option<Vec<Vec<usize>>>,
    table: &'static str,
    label: &str,
) -> Result<Option<(Vec<usize>, String)>, ImportError> {
    let mut found: Option<(Vec<usize>, String)> = None;
    for (r, raw, k) in hits {
        if *r != row {
            continue;
        }
        let seg = &region.segs[*k];
        let cols = cols_for(seg);
        let cells = resolve(&region.toks, seg, n, cols.as_deref(), table, label)?;
        match &found {
            None => found = Some((cells, raw.clone())),
            Some((first, _)) => {
                let same =
                    first.iter().zip(&cells).all(|(a, b)| cell_value(&region.toks[*a]) == cell_value(&region.toks[*b]));
                if !same {
                    return Err(ImportError::Duplicate {
                        place: region.toks[cells[0]].src,
                        table,
                        label: label.to_string(),
                    });
                }
            }
        }
    }
    Ok(found)
}

fn cell_value(tok: &Tok) -> Option<&CellValue> {
    match &tok.kind {
        Kind::Value { value, .. } => Some(value),
        Kind::Text { .. } => None,
    }
}

/// Reads a number for a cell: `Ok(None)` for an unfilled mark.
fn number(
    tok: &Tok,
    table: &'static str,
    label: &str,
    kind: ValueKind,
) -> Result<Option<(Decimal, Unit)>, ImportError> {
    let bad = |reason| ImportError::BadValue {
        place: tok.src,
        table,
        label: label.to_string(),
        text: tok.raw().to_string(),
        reason,
    };
    match cell_value(tok) {
        Some(CellValue::Mark(_)) => Ok(None),
        Some(CellValue::Number { value, unit }) => {
            if kind != ValueKind::Money && (!value.fract().is_zero() || *unit != Unit::None) {
                return Err(bad("应为整数"));
            }
            if kind == ValueKind::Count && value.is_sign_negative() && !value.is_zero() {
                return Err(bad("件数不能为负"));
            }
            Ok(Some((*value, *unit)))
        }
        Some(CellValue::RunTogether) => Err(ImportError::RunTogether { place: tok.src, text: tok.raw().to_string() }),
        None => Err(bad("不是数字")),
    }
}

fn count(
    tok: &Tok,
    table: &'static str,
    label: &str,
    kind: ValueKind,
    path: CellPath,
    acc: &mut Acc,
) -> Result<i64, ImportError> {
    acc.provenance.push((path, tok.src));
    match number(tok, table, label, kind)? {
        None => {
            acc.unfilled.push(Unfilled { path, mark: tok.raw().to_string() });
            Ok(0)
        }
        Some((value, _)) => value.to_i64().ok_or_else(|| ImportError::BadValue {
            place: tok.src,
            table,
            label: label.to_string(),
            text: tok.raw().to_string(),
            reason: "数值过大",
        }),
    }
}

/// Table 四 from a row whose digits ran together: the one split under which
/// every group's 总计 is the sum of its results. `Err(None)`: no split was
/// tried (keep the original error).
fn recover_table4(g: &Region, seg: &Segment, report: &mut Report, acc: &mut Acc) -> Result<(), Option<String>> {
    let mut cands = recover::candidates(&g.toks, seg, &[5, 5, 5]).map_err(Some)?;
    if cands.len() > 1 {
        return Err(Some("有不止一种拆分使各组总计等于各项之和".into()));
    }
    let cells = cands.pop().ok_or(None)?;
    for (k, cell) in cells.into_iter().enumerate() {
        let group = T4Group::ALL[k / 5];
        let path = CellPath::Table4 { group, index: k % 5 };
        report.table4[group][k % 5] = cell.value;
        acc.provenance.push((path, cell.src));
        if let Some(mark) = cell.mark {
            acc.unfilled.push(Unfilled { path, mark });
        }
    }
    Ok(())
}

/// Reads the whole report from a document.
pub fn read_report(doc: &Document) -> Result<Imported, ImportError> {
    let found = sections::locate(doc);
    let region_of = |s: Section| {
        let (start, _) = found[s as usize].as_ref()?;
        let end = found.iter().flatten().map(|(i, _)| *i).filter(|i| i > start).min().unwrap_or(doc.blocks.len());
        Some(start + 1..end)
    };
    let heading = |s: Section| s.spec().heading;
    let r3 = region_of(Section::Requests)
        .ok_or_else(|| ImportError::Table3NotFound(format!("正文中没有「{}」标题", heading(Section::Requests))))?;
    let r2 = region_of(Section::ActiveDisclosure).ok_or_else(|| ImportError::TableNotFound {
        table: T2,
        reason: format!("正文中没有「{}」标题", heading(Section::ActiveDisclosure)),
    })?;
    let r4 = region_of(Section::ReviewLitigation).ok_or_else(|| ImportError::TableNotFound {
        table: T4,
        reason: format!("正文中没有「{}」标题", heading(Section::ReviewLitigation)),
    })?;
    let region = |r: std::ops::Range<usize>| {
        let toks = tokenize(doc, r);
        let segs = segments(&toks);
        Region { toks, segs }
    };
    let (g2, g3, g4) = (region(r2), region(r3), region(r4));
    if g3.toks.iter().all(|t| matches!(t.kind, Kind::Text { .. })) {
        return Err(ImportError::Table3NotFound("「三、收到和处理政府信息公开申请情况」之后没有数字".into()));
    }

    let all_text: String = doc.blocks.iter().filter_map(Block::para_text).collect::<Vec<_>>().join("\n");
    let first_heading = found.iter().flatten().map(|(i, _)| *i).min().unwrap_or(doc.blocks.len());
    let title = sections::title(doc, first_heading);
    let period = xxgk_report::text::stated_period(&all_text);
    let year = sections::year(title.as_deref(), period).ok_or(ImportError::NoYear)?;

    // Template: table 二 columns, then rows only one template has, then the year.
    let (hits2, loose2) = match_rows(&g2, t2_rows(), None, T2)?;
    let (hits3, loose3) = match_rows(&g3, t3_rows(), Some(t3_short_rows()), T3)?;
    // Table 二 has no identities: a loosely matched row is accepted only
    // when it is that row's one appearance (the row is otherwise missing).
    if let Some(&row) = loose2.iter().find(|&&r| hits2.iter().filter(|h| h.0 == r).count() > 1) {
        let (_, raw, k) = hits2.iter().find(|h| h.0 == row).cloned().unwrap_or((row, String::new(), 0));
        return Err(ImportError::DamagedLabel {
            place: g2.segs.get(k).and_then(|s| s.values.first()).map_or(Source::Line { line: 0 }, |&v| g2.toks[v].src),
            table: T2,
            text: raw,
            why: "该行在表中已另有出现".into(),
        });
    }
    let fields = scan_text(&g2.toks, t2_fields(), |n| strip_unit(n).0);
    let mut by_fields: Vec<Template> = fields.iter().flat_map(|(hits, _, _)| hits.iter().map(|h| h.0)).collect();
    by_fields.dedup();
    by_fields.sort();
    by_fields.dedup();
    if by_fields.len() > 1 {
        return Err(ImportError::TemplateConflict("表二的列标题同时出现 2019 年和 2021 年模板的栏目".into()));
    }
    let by_t2_rows =
        hits2.iter().any(|h| matches!(h.0, T2Row::OtherServices | T2Row::Procurement)).then_some(Template::V2019);
    let has = |row: T3Row| hits3.iter().any(|h| h.0 == row);
    let by_t3 = if has(T3Row::OtherNoCorrection) || has(T3Row::OtherNoFee) || has(T3Row::OtherMisc) {
        Some(Template::V2021)
    } else if has(T3Row::Other) {
        Some(Template::V2019)
    } else {
        None
    };
    let template = by_fields.first().copied().or(by_t2_rows).or(by_t3).unwrap_or(Template::for_year(year));

    let mut report = Report::empty(template, year);
    report.agency = title.as_deref().and_then(|t| sections::agency(t, &all_text));
    let mut acc = Acc::default();

    read_table2(&g2, &hits2, &fields, template, &mut report, &mut acc)?;
    read_table3(&g3, &hits3, template, &mut report, &mut acc)?;
    if let Some(&row) = loose3.first()
        && !identity::t3_all_hold(&report.table3, template)
    {
        let (_, raw, k) = hits3.iter().find(|h| h.0 == row).cloned().unwrap_or((row, String::new(), 0));
        return Err(ImportError::DamagedLabel {
            place: g3.segs.get(k).and_then(|s| s.values.first()).map_or(Source::Line { line: 0 }, |&v| g3.toks[v].src),
            table: T3,
            text: raw,
            why: format!("按「{}」读出的数不满足表三的勾稽关系", row.spec().label),
        });
    }
    read_table4(&g4, &mut report, &mut acc)?;

    for (col, raw, _) in scan_text(&g3.toks, t3_cols(), str::to_string) {
        acc.variant(col.label(), &raw);
    }
    for (_, h) in found.iter().flatten() {
        if let Some(v) = &h.variant {
            acc.variant(h.section.spec().heading, v);
        }
    }
    let signed_from = found.iter().flatten().map(|(i, _)| *i).max().unwrap_or(0);
    report.unfilled = acc.unfilled;
    let facts = DocumentFacts {
        title,
        sections: sections::bodies(doc, &found),
        stated_period: period,
        signed_on: sections::signed_on(doc, signed_from, sections::article_scope(doc, &found)),
        published_on: None,
        label_variants: acc.variants,
        money_in_yuan: acc.money_in_yuan,
        money_unit_assumed: acc.money_unit_assumed,
    };
    Ok(Imported { report, facts, provenance: acc.provenance })
}

fn read_table2(
    g: &Region,
    hits: &Hits<T2Row>,
    fields: &[(&Vec<FieldHit>, String, usize)],
    template: Template,
    report: &mut Report,
    acc: &mut Acc,
) -> Result<(), ImportError> {
    let mut header_unit = Unit::None;
    for (hit, raw, _) in fields {
        for &(t, field, label) in hit.iter() {
            if t == template {
                acc.variant(label, raw);
                if field == T2Field::Amount10kYuan {
                    header_unit = strip_unit(&normalize_label(raw)).1;
                }
            }
        }
    }
    let mut missing = Vec::new();
    for block in table2_blocks(template) {
        for row in block.rows {
            let cols_for = |seg: &Segment| -> Option<Vec<Vec<usize>>> {
                let first = *seg.values.first()?;
                block
                    .fields
                    .iter()
                    .map(|f| {
                        let is_f = |hit: &Vec<FieldHit>| hit.iter().any(|h| h.0 == template && h.1 == f.id);
                        let (_, _, last) = fields.iter().rev().find(|(hit, _, at)| *at < first && is_f(hit))?;
                        let header_row = g.toks[*last].row;
                        let cols: Vec<usize> = fields
                            .iter()
                            .filter(|(hit, _, at)| g.toks[*at].row == header_row && is_f(hit))
                            .filter_map(|(_, _, at)| g.toks[*at].col)
                            .collect();
                        (!cols.is_empty()).then_some(cols)
                    })
                    .collect()
            };
            let Some((cells, raw)) = row_values(g, hits, row.id, block.fields.len(), &cols_for, T2, row.label)? else {
                missing.push(row.label);
                continue;
            };
            acc.variant(row.label, &raw);
            for (field, &cell) in block.fields.iter().zip(&cells) {
                let tok = &g.toks[cell];
                let path = CellPath::Table2 { row: row.id, field: field.id };
                let value = if field.id.kind() == ValueKind::Money {
                    acc.provenance.push((path, tok.src));
                    match number(tok, T2, row.label, ValueKind::Money)? {
                        None => {
                            acc.unfilled.push(Unfilled { path, mark: tok.raw().to_string() });
                            Value::Money(Decimal::ZERO)
                        }
                        Some((amount, unit)) => {
                            let unit = if unit == Unit::None { header_unit } else { unit };
                            if unit == Unit::Yuan {
                                acc.money_in_yuan.push(path);
                                Value::Money((amount / Decimal::from(10_000)).normalize())
                            } else {
                                // No unit in the cell or its header: 万元 is
                                // assumed (spec §3.2) and W-4 says so.
                                if unit == Unit::None && !amount.is_zero() {
                                    acc.money_unit_assumed.push(path);
                                }
                                Value::Money(amount)
                            }
                        }
                    }
                } else {
                    Value::Count(count(tok, T2, row.label, field.id.kind(), path, acc)?)
                };
                report.table2.set(row.id, field.id, value);
            }
        }
    }
    if !missing.is_empty() {
        return Err(ImportError::MissingRows { table: T2, rows: missing.join("、") });
    }
    Ok(())
}

fn read_table3(
    g: &Region,
    hits: &Hits<T3Row>,
    template: Template,
    report: &mut Report,
    acc: &mut Acc,
) -> Result<(), ImportError> {
    let subrows = [T3Row::OtherNoCorrection, T3Row::OtherNoFee, T3Row::OtherMisc];
    let has = |row: T3Row| hits.iter().any(|h| h.0 == row);
    let collapsed = template == Template::V2021 && !subrows.iter().any(|&r| has(r)) && has(T3Row::Other);
    if template == Template::V2019 && !has(T3Row::Other) && subrows.iter().any(|&r| has(r)) {
        return Err(ImportError::TemplateConflict("表二为 2019 年模板，表三却是 2021 年模板的三行「其他处理」".into()));
    }
    let mut col_at: [Option<usize>; 7] = [None; 7];
    for (col, _, at) in scan_text(&g.toks, t3_cols(), str::to_string) {
        if col_at[*col as usize].is_none() {
            col_at[*col as usize] = g.toks[at].col;
        }
    }
    let cols: Option<Vec<Vec<usize>>> = col_at.iter().map(|c| c.map(|c| vec![c])).collect();
    let cols_for = |_: &Segment| cols.clone();
    let mut missing = Vec::new();
    let mut pending: Vec<Pending> = Vec::new();
    for &row in T3Row::of(template) {
        let spec = row.spec();
        let source_row = if collapsed && subrows.contains(&row) { T3Row::Other } else { row };
        let found = match row_values(g, hits, source_row, 7, &cols_for, T3, source_row.spec().label) {
            Err(e @ (ImportError::WrongCount { .. } | ImportError::RunTogether { .. })) if !collapsed => {
                let seg = single_segment(g, hits, row).ok_or(e)?;
                let place = seg.values.first().map_or(Source::Line { line: 0 }, |&v| g.toks[v].src);
                let unsplit = |why| ImportError::Unsplittable {
                    place,
                    table: T3,
                    label: spec.label.to_string(),
                    text: recover::printed(&g.toks, seg),
                    why,
                };
                let cands = recover::candidates(&g.toks, seg, &[7]).map_err(unsplit)?;
                pending.push(Pending { row, cands, at: acc.provenance.len(), place, required: true });
                for col in T3Col::ALL {
                    acc.provenance.push((CellPath::t3(row, col), place.recovered()));
                }
                continue;
            }
            other => other?,
        };
        let Some((cells, raw)) = found else {
            missing.push(row.display());
            continue;
        };
        if collapsed && source_row == T3Row::Other {
            let all_zero = cells.iter().all(|&c| match cell_value(&g.toks[c]) {
                Some(CellValue::Number { value, .. }) => value.is_zero(),
                Some(CellValue::Mark(_)) => true,
                _ => false,
            });
            if !all_zero {
                return Err(ImportError::CollapsedOther { place: g.toks[cells[0]].src });
            }
            for (col, &cell) in T3Col::ALL.iter().zip(&cells) {
                acc.provenance.push((CellPath::t3(row, *col), g.toks[cell].src));
            }
            continue;
        }
        acc.variant(spec.label, &raw);
        for (col, &cell) in T3Col::ALL.iter().zip(&cells) {
            let path = CellPath::t3(row, *col);
            let v = count(&g.toks[cell], T3, spec.label, ValueKind::Count, path, acc)?;
            report.table3.set(row, *col, v);
        }
    }
    if !missing.is_empty() {
        return Err(ImportError::MissingRows { table: T3, rows: missing.join("、") });
    }
    resplit_broken_rows(g, hits, template, report, acc, &mut pending);
    if !pending.is_empty() {
        settle_recovered(g, &pending, template, report, acc)?;
    }
    Ok(())
}

/// A table-三 row whose digits must be split: its candidate values, where
/// its provenance entries start, and the place of its first value.
struct Pending {
    row: T3Row,
    cands: Vec<Vec<RecoveredCell>>,
    at: usize,
    place: Source,
    /// The row could not be read as printed (else it was read, but its
    /// total does not hold and a split might explain why).
    required: bool,
}

/// Combinations of candidate rows tried before giving up.
const MAX_COMBINATIONS: usize = 4096;

/// Chooses the one combination of the pending rows' candidates under which
/// every identity of table 三 holds, and writes it; refuses when there is
/// none or more than one.
fn settle_recovered(
    g: &Region,
    pending: &[Pending],
    template: Template,
    report: &mut Report,
    acc: &mut Acc,
) -> Result<(), ImportError> {
    let Some(first) = pending.iter().find(|p| p.required) else {
        // Only rows read as printed whose totals fail: recovered when one
        // split makes the whole table add up, else kept as printed (the
        // checks then report the publication's arithmetic).
        if let Combination::One(pick) = unique_combination(pending, template, report) {
            apply_recovered(pending, &pick, report, acc);
        }
        return Ok(());
    };
    let refuse = |why: String| ImportError::Unsplittable {
        place: first.place,
        table: T3,
        label: first.row.spec().label.to_string(),
        text: g.toks.iter().find(|t| t.src == first.place).map_or(String::new(), |t| t.raw().to_string()),
        why,
    };
    let pick = match unique_combination(pending, template, report) {
        Combination::One(pick) => pick,
        Combination::TooMany => return Err(refuse(format!("可能的拆分组合超过 {MAX_COMBINATIONS} 种"))),
        Combination::Several => return Err(refuse("有不止一种拆分满足表三的勾稽关系".into())),
        Combination::None => return Err(refuse("没有一种拆分能使表三的勾稽关系全部成立".into())),
    };
    apply_recovered(pending, &pick, report, acc);
    Ok(())
}

/// What the search over the pending rows' combinations found.
enum Combination {
    One(Vec<usize>),
    Several,
    None,
    TooMany,
}

/// The combination of candidates under which every identity of table 三
/// holds, if it is the only one.
fn unique_combination(pending: &[Pending], template: Template, report: &Report) -> Combination {
    let combos =
        pending.iter().try_fold(1usize, |n, p| n.checked_mul(p.cands.len()).filter(|&n| n <= MAX_COMBINATIONS));
    let Some(combos) = combos else { return Combination::TooMany };
    let mut table = report.table3.clone();
    let mut chosen = None;
    for k in 0..combos {
        let pick = combination(pending, k);
        for (p, &i) in pending.iter().zip(&pick) {
            for (col, cell) in T3Col::ALL.iter().zip(&p.cands[i]) {
                table.set(p.row, *col, cell.value);
            }
        }
        if identity::t3_all_hold(&table, template) {
            if chosen.is_some() {
                return Combination::Several;
            }
            chosen = Some(pick);
        }
    }
    chosen.map_or(Combination::None, Combination::One)
}

/// The `k`-th combination of the pending rows' candidates.
fn combination(pending: &[Pending], mut k: usize) -> Vec<usize> {
    pending
        .iter()
        .map(|p| {
            let i = k % p.cands.len();
            k /= p.cands.len();
            i
        })
        .collect()
}

/// Writes the chosen candidates into the report, their provenance marked
/// recovered and their unfilled marks replacing the rows' old ones.
fn apply_recovered(pending: &[Pending], pick: &[usize], report: &mut Report, acc: &mut Acc) {
    for (p, &i) in pending.iter().zip(pick) {
        acc.unfilled.retain(|u| !matches!(u.path, CellPath::Table3 { row, .. } if row == p.row));
        for (k, (col, cell)) in T3Col::ALL.iter().zip(&p.cands[i]).enumerate() {
            let path = CellPath::t3(p.row, *col);
            report.table3.set(p.row, *col, cell.value);
            acc.provenance[p.at + k] = (path, cell.src);
            if let Some(mark) = &cell.mark {
                acc.unfilled.push(Unfilled { path, mark: mark.clone() });
            }
        }
    }
    sort_unfilled(acc);
}

/// Damage may leave a text row with the right number of numbers but the
/// wrong cuts (`1 20 3` for 12 0 3, a stray space and a missing one): such
/// a row breaks its own total, and its splits join the candidates. Rows of
/// real cells, and rows whose total holds, are kept as read.
fn resplit_broken_rows(
    g: &Region,
    hits: &Hits<T3Row>,
    template: Template,
    report: &Report,
    acc: &mut Acc,
    pending: &mut Vec<Pending>,
) {
    let broken: Vec<T3Row> = T3Row::of(template)
        .iter()
        .copied()
        .filter(|&row| !pending.iter().any(|p| p.row == row) && !identity::t3_row_total_holds(&report.table3[row]))
        .collect();
    // Many rows that do not add up are the publication's arithmetic, not
    // damage (and would make the search explode): they are kept as read.
    if broken.len() > MAX_RESPLIT {
        return;
    }
    for row in broken {
        let Some(seg) = single_segment(g, hits, row) else { continue };
        if seg.values.iter().any(|&v| g.toks[v].exact) {
            continue;
        }
        let first = CellPath::t3(row, T3Col::Natural);
        let Some(at) = acc.provenance.iter().position(|(p, _)| *p == first) else { continue };
        let Ok(cands) = recover::candidates(&g.toks, seg, &[7]) else { continue };
        let place = acc.provenance[at].1;
        pending.push(Pending { row, cands, at, place, required: false });
    }
}

/// Rows read as printed but not adding up that are tried as damaged.
const MAX_RESPLIT: usize = 4;

/// The one segment matched as `row`, if it is matched exactly once.
fn single_segment<'r>(g: &'r Region, hits: &Hits<T3Row>, row: T3Row) -> Option<&'r Segment> {
    let mut segs = hits.iter().filter(|h| h.0 == row).map(|h| &g.segs[h.2]);
    let seg = segs.next()?;
    segs.next().is_none().then_some(seg)
}

/// Puts the unfilled marks back in template order after recovered rows
/// added theirs at the end.
fn sort_unfilled(acc: &mut Acc) {
    let order: Vec<CellPath> = acc.provenance.iter().map(|(p, _)| *p).collect();
    acc.unfilled.sort_by_key(|u| order.iter().position(|p| *p == u.path).unwrap_or(usize::MAX));
}

fn read_table4(g: &Region, report: &mut Report, acc: &mut Acc) -> Result<(), ImportError> {
    let values: Vec<usize> = (0..g.toks.len()).filter(|&i| matches!(g.toks[i].kind, Kind::Value { .. })).collect();
    let first = values.first().copied().unwrap_or(0);
    let label: Vec<usize> =
        (0..first).rev().find(|&i| matches!(g.toks[i].kind, Kind::Text { .. })).into_iter().collect();
    let seg = Segment { label, values };
    if !seg.values.iter().any(|&v| !g.toks[v].is_blank()) {
        return Err(ImportError::TableNotFound {
            table: T4,
            reason: "「四、政府信息公开行政复议、行政诉讼情况」之后没有数字".into(),
        });
    }
    let cells = match resolve(&g.toks, &seg, 15, None, T4, "行政复议、行政诉讼") {
        Err(e @ (ImportError::WrongCount { .. } | ImportError::RunTogether { .. })) => {
            return recover_table4(g, &seg, report, acc).map_err(|why| match why {
                Some(why) => ImportError::Unsplittable {
                    place: seg.values.first().map_or(Source::Line { line: 0 }, |&v| g.toks[v].src),
                    table: T4,
                    label: "行政复议、行政诉讼".into(),
                    text: recover::printed(&g.toks, &seg),
                    why,
                },
                None => e,
            });
        }
        other => other?,
    };
    // Read from text but a group does not add up: the one split under which
    // every group adds up, if there is exactly one (a stray space and a
    // missing one keep the count: `4 6 49` for 46 4 9); else as printed,
    // and the checks report the arithmetic.
    let printed: Vec<i64> = cells
        .iter()
        .map(|&c| match cell_value(&g.toks[c]) {
            Some(CellValue::Number { value, .. }) => value.to_i64().unwrap_or(-1),
            _ => 0,
        })
        .collect();
    let adds_up = printed.chunks(5).all(|gr| <[i64; 5]>::try_from(gr).is_ok_and(|gr| identity::t4_group_holds(&gr)));
    if !adds_up && cells.iter().all(|&c| !g.toks[c].exact) && recover_table4(g, &seg, report, acc).is_ok() {
        return Ok(());
    }
    for (k, &cell) in cells.iter().enumerate() {
        let group = T4Group::ALL[k / 5];
        let path = CellPath::Table4 { group, index: k % 5 };
        let label = format!("{} {}", group.display(), xxgk_report::labels::TABLE4_COLUMNS[k % 5]);
        report.table4[group][k % 5] = count(&g.toks[cell], T4, &label, ValueKind::Count, path, acc)?;
    }
    Ok(())
}
