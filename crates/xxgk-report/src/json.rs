//! The canonical interchange JSON of `report-json.md`: a strict reader whose
//! errors name the line/column or the JSON path, and a writer with the spec's
//! key order. Money goes through `serde_json`'s arbitrary-precision numbers, so
//! `4166.241619` stays exactly that; no float is ever involved.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::{Map, Number, Value as Json};

use time::Date;

use crate::check::{DocumentFacts, VariantUse};
use crate::labels::{Section, T3Row, T4Group, ValueKind, table2_rows};
use crate::path::CellPath;
use crate::report::{Narrative, Report, Table2, Table3, Table4, Unfilled, Value};
use crate::template::Template;

/// Why a JSON document is not a valid report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsonError {
    #[error("文件为空，不是 JSON 报告")]
    Empty,
    #[error("第 {line} 行第 {column} 列：JSON 语法错误（{message}）")]
    Syntax { line: usize, column: usize, message: String },
    #[error("{path}：{problem}")]
    Invalid { path: String, problem: String },
}

fn invalid(path: impl Into<String>, problem: impl Into<String>) -> JsonError {
    JsonError::Invalid { path: path.into(), problem: problem.into() }
}

/// Parses a report from canonical JSON text.
pub fn from_json(text: &str) -> Result<Report, JsonError> {
    if text.trim().is_empty() {
        return Err(JsonError::Empty);
    }
    let value: Json = serde_json::from_str(text).map_err(|e| JsonError::Syntax {
        line: e.line(),
        column: e.column(),
        message: syntax_message(&e),
    })?;
    from_value(&value)
}

fn syntax_message(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => "文件在 JSON 结束前中断".to_string(),
        _ => {
            // serde_json appends " at line L column C"; the position is printed already.
            let text = e.to_string();
            match text.rfind(" at line ") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    }
}

/// Parses a report from an already parsed JSON value.
pub fn from_value(value: &Json) -> Result<Report, JsonError> {
    let obj = value.as_object().ok_or_else(|| invalid("（顶层）", "应为 JSON 对象"))?;
    let allowed = ["format", "year", "agency", "table2", "table3", "table4", "unfilled", "narrative"];
    reject_unknown(obj, "", &allowed)?;

    let format_text =
        required(obj, "", "format")?.as_str().ok_or_else(|| invalid("format", "应为字符串 \"2019\" 或 \"2021\""))?;
    let format = Template::from_json(format_text)
        .ok_or_else(|| invalid("format", format!("未知模板 \"{format_text}\"，应为 \"2019\" 或 \"2021\"")))?;
    let year = required(obj, "", "year")?
        .as_i64()
        .and_then(|y| i32::try_from(y).ok())
        .filter(|y| (1900..=9999).contains(y))
        .ok_or_else(|| invalid("year", "应为四位整数年份"))?;
    let agency = match obj.get("agency") {
        None | Some(Json::Null) => None,
        Some(Json::String(s)) => Some(s.clone()),
        Some(_) => return Err(invalid("agency", "应为字符串或 null")),
    };

    let mut report = Report::empty(format, year);
    report.agency = agency;
    read_table2(required(obj, "", "table2")?, &mut report.table2)?;
    report.table3 = read_table3(required(obj, "", "table3")?, format)?;
    report.table4 = read_table4(required(obj, "", "table4")?)?;
    if let Some(unfilled) = obj.get("unfilled") {
        report.unfilled = read_unfilled(unfilled, format)?;
    }
    if let Some(narrative) = obj.get("narrative") {
        report.narrative = read_narrative(narrative)?;
    }
    Ok(report)
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() { key.to_string() } else { format!("{parent}.{key}") }
}

fn required<'a>(obj: &'a Map<String, Json>, parent: &str, key: &str) -> Result<&'a Json, JsonError> {
    obj.get(key).ok_or_else(|| invalid(join(parent, key), "缺少此项"))
}

fn reject_unknown(obj: &Map<String, Json>, parent: &str, allowed: &[&str]) -> Result<(), JsonError> {
    match obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(key) => Err(invalid(join(parent, key), "未知的键")),
        None => Ok(()),
    }
}

fn as_object<'a>(value: &'a Json, path: &str) -> Result<&'a Map<String, Json>, JsonError> {
    value.as_object().ok_or_else(|| invalid(path, "应为 JSON 对象"))
}

/// A whole number. Sign is not checked here: a negative count is a finding
/// (H-5), not a parse error, so `check` can name the cell.
fn read_count(value: &Json, path: &str) -> Result<i64, JsonError> {
    match value {
        Json::Number(n) => n.as_i64().ok_or_else(|| invalid(path, format!("应为整数，实为 {n}"))),
        other => Err(invalid(path, format!("应为整数，实为 {}", kind_name(other)))),
    }
}

fn read_money(value: &Json, path: &str) -> Result<Decimal, JsonError> {
    match value {
        Json::Number(n) => {
            let text = n.to_string();
            Decimal::from_str(&text)
                .or_else(|_| Decimal::from_scientific(&text))
                .map_err(|_| invalid(path, format!("金额 {text} 无法精确表示")))
        }
        other => Err(invalid(path, format!("应为数字（万元），实为 {}", kind_name(other)))),
    }
}

fn kind_name(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "布尔值",
        Json::Number(_) => "数字",
        Json::String(_) => "字符串",
        Json::Array(_) => "数组",
        Json::Object(_) => "对象",
    }
}

fn read_table2(value: &Json, table: &mut Table2) -> Result<(), JsonError> {
    let template = table.template();
    let obj = as_object(value, "table2")?;
    let other_template = match template {
        Template::V2019 => Template::V2021,
        Template::V2021 => Template::V2019,
    };
    for key in obj.keys() {
        if !table2_rows(template).any(|r| r.id.key() == key) {
            let problem = if table2_rows(other_template).any(|r| r.id.key() == key) {
                format!("属于 {other_template} 年版模板，与 format \"{template}\" 不符")
            } else {
                "未知的行".to_string()
            };
            return Err(invalid(join("table2", key), problem));
        }
    }
    for block in crate::labels::table2_blocks(template) {
        for row in block.rows {
            let row_path = join("table2", row.id.key());
            let row_obj = as_object(required(obj, "table2", row.id.key())?, &row_path)?;
            let fields: Vec<&str> = block.fields.iter().map(|f| f.id.key()).collect();
            reject_unknown(row_obj, &row_path, &fields)?;
            for field in block.fields {
                let path = join(&row_path, field.id.key());
                let cell = required(row_obj, &row_path, field.id.key())?;
                let value = match field.id.kind() {
                    ValueKind::Money => Value::Money(read_money(cell, &path)?),
                    ValueKind::Count | ValueKind::Signed => Value::Count(read_count(cell, &path)?),
                };
                table.set(row.id, field.id, value);
            }
        }
    }
    Ok(())
}

fn read_table3(value: &Json, template: Template) -> Result<Table3, JsonError> {
    let obj = as_object(value, "table3")?;
    for key in obj.keys() {
        let problem = match T3Row::from_key(key) {
            None => "未知的行".to_string(),
            Some(row) if !row.spec().templates.contains(template) => {
                format!("此行不属于 {template} 年版模板（format 与表三的行不符）")
            }
            Some(_) => continue,
        };
        return Err(invalid(join("table3", key), problem));
    }
    let mut table = Table3::default();
    for &row in T3Row::of(template) {
        let path = join("table3", row.key());
        let cells =
            required(obj, "table3", row.key())?.as_array().ok_or_else(|| invalid(&path, "应为 7 个数字的数组"))?;
        if cells.len() != 7 {
            return Err(invalid(&path, format!("应有 7 个数字（自然人…总计），实有 {} 个", cells.len())));
        }
        for (i, cell) in cells.iter().enumerate() {
            table[row][i] = read_count(cell, &format!("{path}[{i}]"))?;
        }
    }
    Ok(table)
}

fn read_table4(value: &Json) -> Result<Table4, JsonError> {
    let obj = as_object(value, "table4")?;
    let keys: Vec<&str> = T4Group::ALL.iter().map(|g| g.key()).collect();
    reject_unknown(obj, "table4", &keys)?;
    let mut table = Table4::default();
    for group in T4Group::ALL {
        let path = join("table4", group.key());
        let cells =
            required(obj, "table4", group.key())?.as_array().ok_or_else(|| invalid(&path, "应为 5 个数字的数组"))?;
        if cells.len() != 5 {
            return Err(invalid(&path, format!("应有 5 个数字（结果维持…总计），实有 {} 个", cells.len())));
        }
        for (i, cell) in cells.iter().enumerate() {
            table[group][i] = read_count(cell, &format!("{path}[{i}]"))?;
        }
    }
    Ok(table)
}

fn read_unfilled(value: &Json, template: Template) -> Result<Vec<Unfilled>, JsonError> {
    let items = value.as_array().ok_or_else(|| invalid("unfilled", "应为数组"))?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let at = format!("unfilled[{i}]");
            let obj = as_object(item, &at)?;
            reject_unknown(obj, &at, &["path", "mark"])?;
            let path_text =
                required(obj, &at, "path")?.as_str().ok_or_else(|| invalid(join(&at, "path"), "应为字符串"))?;
            let path = CellPath::parse(path_text, template)
                .ok_or_else(|| invalid(join(&at, "path"), format!("\"{path_text}\" 不是本模板的单元格")))?;
            let mark = required(obj, &at, "mark")?
                .as_str()
                .ok_or_else(|| invalid(join(&at, "mark"), "应为字符串"))?
                .to_string();
            Ok(Unfilled { path, mark })
        })
        .collect()
}

fn read_narrative(value: &Json) -> Result<Narrative, JsonError> {
    let obj = as_object(value, "narrative")?;
    reject_unknown(obj, "narrative", &["overview", "problems", "other_matters"])?;
    let text = |key: &str| -> Result<Option<String>, JsonError> {
        match obj.get(key) {
            None | Some(Json::Null) => Ok(None),
            Some(Json::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(invalid(join("narrative", key), "应为字符串")),
        }
    };
    Ok(Narrative { overview: text("overview")?, problems: text("problems")?, other_matters: text("other_matters")? })
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

/// The report as a canonical JSON value (keys in the spec's order).
pub fn to_value(report: &Report) -> Json {
    let mut obj = Map::new();
    obj.insert("format".into(), Json::String(report.format.as_str().into()));
    obj.insert("year".into(), Json::from(report.year));
    obj.insert("agency".into(), report.agency.clone().map_or(Json::Null, Json::String));

    let mut t2 = Map::new();
    for block in crate::labels::table2_blocks(report.format) {
        for row in block.rows {
            let mut fields = Map::new();
            for field in block.fields {
                fields.insert(field.id.key().into(), value_json(report.table2.get(row.id, field.id)));
            }
            t2.insert(row.id.key().into(), Json::Object(fields));
        }
    }
    obj.insert("table2".into(), Json::Object(t2));

    let mut t3 = Map::new();
    for &row in T3Row::of(report.format) {
        t3.insert(row.key().into(), Json::from(report.table3[row].to_vec()));
    }
    obj.insert("table3".into(), Json::Object(t3));

    let mut t4 = Map::new();
    for group in T4Group::ALL {
        t4.insert(group.key().into(), Json::from(report.table4[group].to_vec()));
    }
    obj.insert("table4".into(), Json::Object(t4));

    if !report.unfilled.is_empty() {
        let items = report
            .unfilled
            .iter()
            .map(|u| {
                let mut item = Map::new();
                item.insert("path".into(), Json::String(u.path.to_string()));
                item.insert("mark".into(), Json::String(u.mark.clone()));
                Json::Object(item)
            })
            .collect();
        obj.insert("unfilled".into(), Json::Array(items));
    }
    if !report.narrative.is_empty() {
        let mut n = Map::new();
        let n_fields = [
            ("overview", &report.narrative.overview),
            ("problems", &report.narrative.problems),
            ("other_matters", &report.narrative.other_matters),
        ];
        for (key, text) in n_fields {
            if let Some(text) = text {
                n.insert(key.into(), Json::String(text.clone()));
            }
        }
        obj.insert("narrative".into(), Json::Object(n));
    }
    Json::Object(obj)
}

fn value_json(value: Option<Value>) -> Json {
    match value {
        Some(Value::Count(n)) => Json::from(n),
        Some(Value::Money(d)) => money_json(d),
        // Unreachable for cells listed by the template's own blocks.
        None => Json::Null,
    }
}

/// An exact decimal as a JSON number, digits as written (`12.50` stays `12.50`).
pub fn money_json(amount: Decimal) -> Json {
    Number::from_str(&amount.to_string()).map_or(Json::Null, Json::Number)
}

/// A finding as JSON, in the one shape every interface uses (the CLI's
/// `--json`, import summaries, the web API): `code`, `severity`, `path`,
/// `message`.
pub fn finding_to_value(finding: &crate::check::Finding) -> Json {
    let mut obj = Map::new();
    obj.insert("code".into(), Json::String(finding.check.as_str().into()));
    obj.insert("severity".into(), Json::String(finding.severity.as_str().into()));
    obj.insert("path".into(), Json::String(finding.location.to_string()));
    obj.insert("message".into(), Json::String(finding.message.clone()));
    Json::Object(obj)
}

/// What a document said beyond its numbers, as JSON, so that a platform can
/// keep it with the report and run the text checks later. Sections are keyed
/// by their numeral (`一` … `六`), dates are `YYYY-MM-DD`.
pub fn facts_to_value(facts: &DocumentFacts) -> Json {
    let date = |d: Option<Date>| d.map_or(Json::Null, |d| Json::String(d.to_string()));
    let paths = |ps: &[CellPath]| Json::Array(ps.iter().map(|p| Json::String(p.to_string())).collect());
    let mut obj = Map::new();
    obj.insert("title".into(), facts.title.clone().map_or(Json::Null, Json::String));
    let sections = facts
        .sections
        .iter()
        .map(|(s, text)| Json::Array(vec![Json::String(s.spec().numeral.into()), Json::String(text.clone())]))
        .collect();
    obj.insert("sections".into(), Json::Array(sections));
    let period = facts.stated_period.map_or(Json::Null, |(a, b)| Json::Array(vec![date(Some(a)), date(Some(b))]));
    obj.insert("stated_period".into(), period);
    obj.insert("signed_on".into(), date(facts.signed_on));
    obj.insert("published_on".into(), date(facts.published_on));
    let variants = facts
        .label_variants
        .iter()
        .map(|v| Json::Array(vec![Json::String(v.label.clone()), Json::String(v.variant.clone())]))
        .collect();
    obj.insert("label_variants".into(), Json::Array(variants));
    obj.insert("money_in_yuan".into(), paths(&facts.money_in_yuan));
    obj.insert("money_unit_assumed".into(), paths(&facts.money_unit_assumed));
    Json::Object(obj)
}

/// Reads [`facts_to_value`]'s JSON back; `None` when it is not that shape
/// (facts are auxiliary: a platform then checks without them).
pub fn facts_from_value(value: &Json, template: Template) -> Option<DocumentFacts> {
    let obj = value.as_object()?;
    let text = |v: &Json| v.as_str().map(str::to_string);
    let date = |v: &Json| v.as_str().and_then(|s| Date::parse(s, DATE_FORMAT).ok());
    let pair = |v: &Json| -> Option<(Json, Json)> {
        match v.as_array()?.as_slice() {
            [a, b] => Some((a.clone(), b.clone())),
            _ => None,
        }
    };
    let paths = |key: &str| -> Option<Vec<CellPath>> {
        obj.get(key)?.as_array()?.iter().map(|p| CellPath::parse(p.as_str()?, template)).collect()
    };
    let sections = obj
        .get("sections")?
        .as_array()?
        .iter()
        .map(|item| {
            let (numeral, body) = pair(item)?;
            let section = Section::ALL.into_iter().find(|s| Some(s.spec().numeral) == numeral.as_str())?;
            Some((section, text(&body)?))
        })
        .collect::<Option<Vec<_>>>()?;
    let stated_period = match obj.get("stated_period") {
        None | Some(Json::Null) => None,
        Some(v) => {
            let (a, b) = pair(v)?;
            Some((date(&a)?, date(&b)?))
        }
    };
    let label_variants = obj
        .get("label_variants")?
        .as_array()?
        .iter()
        .map(|item| {
            let (label, variant) = pair(item)?;
            Some(VariantUse { label: text(&label)?, variant: text(&variant)? })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(DocumentFacts {
        title: obj.get("title").and_then(text),
        sections,
        stated_period,
        signed_on: obj.get("signed_on").and_then(date),
        published_on: obj.get("published_on").and_then(date),
        label_variants,
        money_in_yuan: paths("money_in_yuan")?,
        money_unit_assumed: paths("money_unit_assumed")?,
    })
}

const DATE_FORMAT: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

/// The report as pretty-printed canonical JSON text.
pub fn to_json_pretty(report: &Report) -> String {
    // Serialising a `Value` cannot fail.
    serde_json::to_string_pretty(&to_value(report)).unwrap_or_default()
}
