//! A layout generator for tests: random reports of both templates rendered
//! into the layouts seen in the wild and damaged the way converters damage
//! them. The logical document ([`Item`]) holds tables with spans; the
//! renderers of [`render`] flatten it into each layout.

#![allow(dead_code)]

pub mod package;
pub mod render;

use rust_decimal::Decimal;
use xxgk_report::labels::{T2Field, TABLE3_COLUMNS, TABLE4_COLUMNS, ValueKind, table2_blocks};
use xxgk_report::{CellPath, Report, Section, T3Col, T3Row, T4Group, Template, Unfilled, Value};

/// splitmix64: small, deterministic, seedable.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Damages converters inflict (bit flags).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Damage(pub u16);

impl Damage {
    pub const WRAP: u16 = 1;
    pub const HALF_WIDTH: u16 = 1 << 1;
    pub const VARIANTS: u16 = 1 << 2;
    pub const BLANK_TOTALS: u16 = 1 << 3;
    pub const MARKS: u16 = 1 << 4;
    pub const SHIFT: u16 = 1 << 5;
    pub const GBK: u16 = 1 << 6;
    pub const YUAN: u16 = 1 << 7;
    pub const SPLIT_TITLE: u16 = 1 << 8;
    pub const COLLAPSE_OTHER: u16 = 1 << 9;
    pub const TRAPS: u16 = 1 << 10;
    pub const SPLIT_TABLE: u16 = 1 << 11;
    /// OCR: a look-alike, missing or extra character in table-三 labels.
    pub const OCR: u16 = 1 << 12;
    /// Crawled text: a row's number cells run together (`7000007`).
    pub const RUN_TOGETHER: u16 = 1 << 13;
    /// OCR: a stray space inside a number (`1 52`).
    pub const STRAY_SPACE: u16 = 1 << 14;
    /// Word's automatic numbering drops `1.` from the row labels.
    pub const NO_NUMBERING: u16 = 1 << 15;
    /// Damage that needs the template's identities to undo: the report is
    /// generated consistent (every identity of tables 三 and 四 holds).
    pub const NEEDS_IDENTITIES: u16 = Self::OCR | Self::RUN_TOGETHER | Self::STRAY_SPACE;

    pub fn has(self, flag: u16) -> bool {
        self.0 & flag != 0
    }
}

/// A logical cell: text and spans.
#[derive(Debug, Clone)]
pub struct LCell {
    pub text: String,
    pub rs: usize,
    pub cs: usize,
    pub value: bool,
}

pub fn cell(text: impl Into<String>) -> LCell {
    LCell { text: text.into(), rs: 1, cs: 1, value: false }
}
pub fn span(text: impl Into<String>, rs: usize, cs: usize) -> LCell {
    LCell { text: text.into(), rs, cs, value: false }
}
fn val(text: String, cs: usize) -> LCell {
    LCell { text, rs: 1, cs, value: true }
}

/// A logical document: paragraphs and tables.
#[derive(Debug, Clone)]
pub enum Item {
    Para(String),
    Table(Vec<Vec<LCell>>),
}

/// A generated case: the document and the report it must import as.
pub struct Case {
    pub items: Vec<Item>,
    pub expected: Report,
    /// The importer may refuse this case (information the layout loses).
    pub may_fail: bool,
    /// The importer must refuse this case.
    pub must_fail: bool,
    pub signed_on: (i32, u8, u8),
}

fn count(rng: &mut Rng) -> i64 {
    match rng.below(10) {
        0..=3 => 0,
        4..=7 => 1 + rng.below(99) as i64,
        8 => 100 + rng.below(4900) as i64,
        _ => 5000 + rng.below(20000) as i64,
    }
}

fn money(rng: &mut Rng, yuan: bool) -> Decimal {
    if yuan {
        // Whole 元 or 元 with 分: the 万元 value is exact.
        Decimal::new(rng.below(500_000_000) as i64, if rng.chance(50) { 2 } else { 0 })
    } else {
        Decimal::new(rng.below(50_000_000) as i64, rng.below(7) as u32)
    }
}

/// Applies label damage: variants, half-width punctuation.
pub fn label(rng: &mut Rng, damage: Damage, label: &'static str, variants: &[&'static str]) -> String {
    let mut text = if damage.has(Damage::VARIANTS) && !variants.is_empty() && rng.chance(60) {
        (*rng.pick(variants)).to_string()
    } else {
        label.to_string()
    };
    if damage.has(Damage::HALF_WIDTH) && rng.chance(70) {
        let numbered = text.starts_with(|c: char| c.is_ascii_digit());
        text = text.replace('（', "(").replace('）', ")").replace('：', ":").replace('，', ",");
        text = text.replace(['“', '”'], "\"");
        if numbered && rng.chance(50) {
            text = text.replacen('.', "、", 1).replacen("、", ". ", usize::from(rng.chance(30)));
        }
    }
    text
}

/// OCR damage to one label: a look-alike swap, a dropped or a doubled
/// character (never in the leading ordinal).
pub fn ocr(rng: &mut Rng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let swaps: Vec<usize> =
        (0..chars.len()).filter(|&i| xxgk_import::fuzzy::LOOKALIKES.iter().any(|&(a, _)| a == chars[i])).collect();
    let body = chars.iter().position(|c| !(c.is_ascii_digit() || matches!(c, '.' | '（' | '）' | '、'))).unwrap_or(0);
    if chars.len() < body + 4 {
        return text.to_string();
    }
    match rng.below(3) {
        0 if !swaps.is_empty() => {
            let i = *rng.pick(&swaps);
            let to = xxgk_import::fuzzy::LOOKALIKES.iter().find(|&&(a, _)| a == chars[i]).map_or(chars[i], |p| p.1);
            chars[i] = to;
        }
        1 => {
            chars.remove(body + 1 + rng.below((chars.len() - body - 2) as u64) as usize);
        }
        _ => {
            let i = body + 1 + rng.below((chars.len() - body - 2) as u64) as usize;
            chars.insert(i, chars[i]);
        }
    }
    chars.into_iter().collect()
}

/// Drops a leading `1.` (Word's automatic numbering).
fn unnumbered(text: &str) -> String {
    let bare = text.trim_start_matches(|c: char| c.is_ascii_digit());
    match bare.strip_prefix('.') {
        Some(rest) if bare.len() < text.len() => rest.to_string(),
        _ => text.to_string(),
    }
}

/// Makes tables 三 and 四 consistent: each row's 总计 is the sum of its
/// columns, （七）总计 the sum of the outcomes, 一 + 二 = （七） + 四, and
/// each table-四 group's 总计 the sum of its results.
fn make_consistent(report: &mut Report, rng: &mut Rng) {
    let rows = T3Row::of(report.format);
    let outcomes: Vec<T3Row> = rows.iter().copied().filter(|r| r.spec().outcome).collect();
    for c in 0..6 {
        let total: i64 = outcomes.iter().map(|&r| report.table3[r][c]).sum();
        report.table3[T3Row::TotalProcessed][c] = total;
        let carried = report.table3[T3Row::CarriedOver][c];
        let forward = rng.below(5) as i64;
        report.table3[T3Row::CarriedForward][c] = forward;
        report.table3[T3Row::NewReceived][c] = (total + forward - carried).max(0);
        report.table3[T3Row::CarriedOver][c] = total + forward - report.table3[T3Row::NewReceived][c];
    }
    for &row in rows {
        report.table3[row][6] = report.table3[row][..6].iter().sum();
    }
    for group in T4Group::ALL {
        report.table4[group][4] = report.table4[group][..4].iter().sum();
    }
}

/// Builds a random case.
pub fn case(seed: u64, damage: Damage) -> Case {
    let mut rng = Rng::new(seed);
    let template = if rng.chance(50) { Template::V2021 } else { Template::V2019 };
    let year = match template {
        Template::V2019 => 2019 + rng.below(2) as i32,
        Template::V2021 => 2021 + rng.below(5) as i32,
    };
    let mut report = Report::empty(template, year);
    let agency = format!("{}镇人民政府", rng.pick(&["平安", "东河", "清水", "石桥", "龙泉", "红星"]));
    report.agency = Some(agency.clone());
    let yuan = damage.has(Damage::YUAN);
    let marks = damage.has(Damage::MARKS);
    let mut items = Vec::new();
    let mut unfilled = Vec::new();

    let title = format!("{agency}{year}年政府信息公开工作年度报告");
    if damage.has(Damage::SPLIT_TITLE) {
        let cut = title.find("年度报告").unwrap_or(title.len());
        items.push(Item::Para(title[..cut].to_string()));
        items.push(Item::Para(title[cut..].to_string()));
    } else {
        items.push(Item::Para(title));
    }
    if damage.has(Damage::TRAPS) {
        for spec in &xxgk_report::labels::SECTIONS {
            items.push(Item::Para(spec.heading.to_string()));
        }
    }
    items.push(Item::Para(format!(
        "本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。如对本报告有疑问，请与{agency}办公室联系。"
    )));
    items.push(Item::Para(Section::Overview.spec().heading.to_string()));
    items.push(Item::Para(format!(
        "{year}年，我镇认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息{}条。",
        count(&mut rng)
    )));
    if damage.has(Damage::TRAPS) {
        items.push(Item::Para("一、建立健全工作机制和制度".into()));
        items.push(Item::Para("明确职责、程序、公开方式和时限要求。".into()));
        items.push(Item::Para("二、加强公开工作机构、人员配置".into()));
        items.push(Item::Para("三、严格执行保密审查制度".into()));
    }

    // Table 二.
    items.push(Item::Para(Section::ActiveDisclosure.spec().heading.to_string()));
    let mut t2 = Vec::new();
    for block in table2_blocks(template) {
        let nf = block.fields.len();
        t2.push(vec![span(block.item, 1, 4)]);
        let mut header = vec![cell(xxgk_report::labels::T2_CONTENT_HEADER)];
        for (k, f) in block.fields.iter().enumerate() {
            let mut text = label(&mut rng, damage, f.label, f.variants);
            if f.id == T2Field::Amount10kYuan && yuan {
                text = format!("{}（单位：元）", text.split(['（', '(']).next().unwrap_or(&text));
            }
            header.push(span(text, 1, if k + 1 == nf { 4 - nf } else { 1 }));
        }
        t2.push(header);
        for row in block.rows {
            let mut cells = vec![cell(label(&mut rng, damage, row.label, row.variants))];
            for (k, f) in block.fields.iter().enumerate() {
                let path = CellPath::Table2 { row: row.id, field: f.id };
                let cs = if k + 1 == nf { 4 - nf } else { 1 };
                if marks && rng.chance(8) {
                    let mark = rng.pick(&["/", "—", "无", "-"]).to_string();
                    unfilled.push(Unfilled { path, mark: mark.clone() });
                    cells.push(val(mark, cs));
                    continue;
                }
                let text = match f.id.kind() {
                    ValueKind::Money => {
                        let m = money(&mut rng, yuan);
                        let stored = if yuan { (m / Decimal::from(10_000)).normalize() } else { m };
                        report.table2.set(row.id, f.id, Value::Money(stored));
                        m.to_string()
                    }
                    ValueKind::Signed => {
                        let n = rng.below(201) as i64 - 100;
                        report.table2.set(row.id, f.id, Value::Count(n));
                        n.to_string()
                    }
                    ValueKind::Count => {
                        let n = count(&mut rng);
                        report.table2.set(row.id, f.id, Value::Count(n));
                        n.to_string()
                    }
                };
                cells.push(val(text, cs));
            }
            t2.push(cells);
        }
    }
    items.push(Item::Table(t2));

    // Table 三.
    items.push(Item::Para(Section::Requests.spec().heading.to_string()));
    let mut blanks = false;
    let rows = T3Row::of(template);
    for &row in rows {
        for col in T3Col::ALL {
            report.table3.set(row, col, count(&mut rng));
        }
    }
    // A short label without its number (`其他`) is guarded by the
    // identities too.
    let consistent = damage.0 & (Damage::NEEDS_IDENTITIES | Damage::NO_NUMBERING) != 0;
    if consistent {
        // Smaller numbers, as a township's table: cells ran together stay
        // splittable by a person too.
        for &row in rows {
            for col in T3Col::ALL {
                report.table3.set(row, col, (count(&mut rng) % 40).max(0));
            }
        }
    }
    let subrows = [T3Row::OtherNoCorrection, T3Row::OtherNoFee, T3Row::OtherMisc];
    let collapse = template == Template::V2021 && damage.has(Damage::COLLAPSE_OTHER);
    let collapse_zero = collapse && rng.chance(60);
    if collapse_zero {
        for r in subrows {
            report.table3[r] = [0; 7];
        }
    }
    if consistent {
        // Table 四 is drawn below; its groups are fixed up after.
        make_consistent(&mut report, &mut rng);
    }
    let must_fail = collapse && !collapse_zero && subrows.iter().any(|&r| report.table3[r].iter().any(|&v| v != 0));
    let mut t3 = Vec::new();
    t3.push(vec![span(xxgk_report::labels::T3_CORNER_NOTE, 3, 3), span(xxgk_report::labels::T3_APPLICANTS, 1, 7)]);
    let col_label = |rng: &mut Rng, c: T3Col| {
        let l = &TABLE3_COLUMNS[c as usize];
        label(rng, damage, l.label, l.variants)
    };
    t3.push(vec![
        span(col_label(&mut rng, T3Col::Natural), 2, 1),
        span(xxgk_report::labels::T3_LEGAL_PERSONS, 1, 5),
        span(col_label(&mut rng, T3Col::Total), 2, 1),
    ]);
    t3.push(T3Col::ALL[1..6].iter().map(|&c| cell(col_label(&mut rng, c))).collect());
    let results: Vec<T3Row> = rows.iter().copied().filter(|r| r.spec().in_results).collect();
    let mut k = 0;
    while k < rows.len() {
        let row = rows[k];
        let spec = row.spec();
        let mut cells = Vec::new();
        if collapse && row == T3Row::OtherNoCorrection {
            cells.push(span(label(&mut rng, damage, T3Row::Other.spec().label, &[]), 1, 2));
            let vals = report.table3[T3Row::OtherNoCorrection];
            let sum: Vec<i64> = (0..7).map(|c| subrows.iter().map(|&r| report.table3[r][c]).sum()).collect();
            let shown = if collapse_zero { vals.to_vec() } else { sum };
            cells.extend(shown.iter().map(|v| val(v.to_string(), 1)));
            t3.push(cells);
            k += 3;
            continue;
        }
        if results.first() == Some(&row) {
            let n = if collapse { results.len() - 2 } else { results.len() };
            cells.push(span(xxgk_report::labels::T3_RESULTS_GROUP, n, 1));
        }
        let mut own = label(&mut rng, damage, spec.label, spec.variants);
        if damage.has(Damage::NO_NUMBERING) {
            own = unnumbered(&own);
        }
        if damage.has(Damage::OCR) && rng.chance(25) {
            own = ocr(&mut rng, &own);
        }
        match spec.group {
            Some(group) => {
                if rows.iter().position(|r| r.spec().group == Some(group)) == Some(k) {
                    let n = rows.iter().filter(|r| r.spec().group == Some(group)).count();
                    cells.push(span(group, n, 1));
                }
                cells.push(cell(own));
            }
            None if spec.in_results => cells.push(span(own, 1, 2)),
            None => cells.push(span(own, 1, 3)),
        }
        for col in T3Col::ALL {
            let path = CellPath::t3(row, col);
            if col == T3Col::Total && damage.has(Damage::BLANK_TOTALS) && rng.chance(40) && row != T3Row::TotalProcessed
            {
                report.table3.set(row, col, 0);
                unfilled.push(Unfilled { path, mark: String::new() });
                cells.push(val(String::new(), 1));
                blanks = true;
            } else if marks && rng.chance(5) {
                let mark = rng.pick(&["/", "—", "无"]).to_string();
                report.table3.set(row, col, 0);
                unfilled.push(Unfilled { path, mark: mark.clone() });
                cells.push(val(mark, 1));
            } else {
                cells.push(val(report.table3.get(row, col).to_string(), 1));
            }
        }
        t3.push(cells);
        k += 1;
    }
    items.push(Item::Table(t3));

    // Table 四.
    items.push(Item::Para(Section::ReviewLitigation.spec().heading.to_string()));
    let mut t4 = vec![
        vec![span(xxgk_report::labels::T4_RECONSIDERATION, 1, 5), span(xxgk_report::labels::T4_LITIGATION, 1, 10)],
        TABLE4_COLUMNS
            .iter()
            .map(|c| span(*c, 2, 1))
            .chain([
                span(T4Group::LitigationDirect.label(), 1, 5),
                span(T4Group::LitigationAfterReconsideration.label(), 1, 5),
            ])
            .collect(),
        TABLE4_COLUMNS.iter().chain(TABLE4_COLUMNS.iter()).map(|c| cell(*c)).collect(),
    ];
    let mut values = Vec::new();
    for group in T4Group::ALL {
        for i in 0..5 {
            report.table4[group][i] = count(&mut rng) % 50;
        }
        if consistent {
            report.table4[group][4] = report.table4[group][..4].iter().sum();
        }
        for i in 0..5 {
            values.push(val(report.table4[group][i].to_string(), 1));
        }
    }
    t4.push(values);
    items.push(Item::Table(t4));

    items.push(Item::Para(Section::Problems.spec().heading.to_string()));
    items.push(Item::Para("一是公开内容不够全面；二是时效性有待提高。".into()));
    items.push(Item::Para(Section::OtherMatters.spec().heading.to_string()));
    items.push(Item::Para("本年度未收取信息处理费。".into()));
    items.push(Item::Para(agency.clone()));
    let signed_on = (year + 1, 1, 1 + rng.below(28) as u8);
    items.push(Item::Para(format!("{}年{}月{}日", signed_on.0, signed_on.1, signed_on.2)));

    // Unfilled in template order (the importer reports them so).
    let order = |p: &CellPath| -> usize {
        let t2: Vec<(xxgk_report::labels::T2Row, T2Field)> = xxgk_report::labels::table2_cells(template).collect();
        match *p {
            CellPath::Table2 { row, field } => t2.iter().position(|c| *c == (row, field)).unwrap_or(0),
            CellPath::Table3 { row, col } => 100 + rows.iter().position(|r| *r == row).unwrap_or(0) * 7 + col as usize,
            CellPath::Table4 { group, index } => 1000 + group as usize * 5 + index,
        }
    };
    unfilled.sort_by_key(|u| order(&u.path));
    report.unfilled = unfilled;
    let broken = damage.0 & (Damage::MARKS | Damage::BLANK_TOTALS) != 0;
    let may_fail = blanks
        || damage.0 & Damage::NEEDS_IDENTITIES != 0
        || (damage.has(Damage::NO_NUMBERING) && broken && template == Template::V2021);
    Case { items, expected: report, may_fail, must_fail, signed_on }
}
