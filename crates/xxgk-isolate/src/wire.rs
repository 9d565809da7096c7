//! What passes between the parent and the worker: the request frame on the
//! worker's stdin (file name, then the document) and the reply on its stdout
//! (one JSON object: the [`Imported`] report, or the importer's refusal).
//! The report travels as its canonical JSON and the facts in the form the
//! platform stores them, so nothing here restates the report model.

use serde_json::{Map, Value as Json, json};
use xxgk_import::{Imported, Source};
use xxgk_report::CellPath;

/// The worker's answer when it ran to the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    Imported(Box<Imported>),
    /// The importer refused the document; its one-line message.
    Rejected(String),
}

/// The request: a little-endian u32 length, the file name (UTF-8), the bytes.
pub fn encode_request(name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + name.len() + bytes.len());
    out.extend_from_slice(&(name.len() as u32).to_le_bytes());
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(bytes);
    out
}

/// Splits a request into (name, document); `None` if it is not one.
pub fn decode_request(frame: &[u8]) -> Option<(&str, &[u8])> {
    let (len, rest) = frame.split_first_chunk::<4>()?;
    let len = u32::from_le_bytes(*len) as usize;
    if rest.len() < len {
        return None;
    }
    let (name, bytes) = rest.split_at(len);
    Some((std::str::from_utf8(name).ok()?, bytes))
}

/// The reply as JSON text.
pub fn encode_reply(reply: &Reply) -> String {
    let value = match reply {
        Reply::Rejected(message) => json!({ "rejected": message }),
        Reply::Imported(imported) => json!({ "imported": imported_to_value(imported) }),
    };
    value.to_string()
}

/// Reads a reply; the error says what is wrong with it.
pub fn decode_reply(text: &str) -> Result<Reply, String> {
    let value: Json = serde_json::from_str(text).map_err(|e| format!("不是 JSON：{e}"))?;
    if let Some(message) = value.get("rejected") {
        return message.as_str().map(|m| Reply::Rejected(m.to_string())).ok_or_else(|| "rejected 不是文本".into());
    }
    let imported = value.get("imported").ok_or("既无 imported 也无 rejected")?;
    imported_from_value(imported).map(|i| Reply::Imported(Box::new(i)))
}

fn imported_to_value(imported: &Imported) -> Json {
    let provenance: Vec<Json> =
        imported.provenance.iter().map(|(path, source)| json!([path.to_string(), source_to_value(*source)])).collect();
    let mut obj = Map::new();
    obj.insert("report".into(), xxgk_report::to_value(&imported.report));
    obj.insert("facts".into(), xxgk_report::facts_to_value(&imported.facts));
    obj.insert("provenance".into(), Json::Array(provenance));
    Json::Object(obj)
}

fn imported_from_value(value: &Json) -> Result<Imported, String> {
    let report = xxgk_report::json::from_value(value.get("report").ok_or("缺少 report")?).map_err(|e| e.to_string())?;
    let facts =
        value.get("facts").and_then(|f| xxgk_report::facts_from_value(f, report.format)).ok_or("facts 格式错误")?;
    let provenance = value
        .get("provenance")
        .and_then(Json::as_array)
        .ok_or("缺少 provenance")?
        .iter()
        .map(|item| {
            let [path, source] = item.as_array()?.as_slice() else { return None };
            let path = CellPath::parse(path.as_str()?, report.format)?;
            Some((path, source_from_value(source)?))
        })
        .collect::<Option<Vec<_>>>()
        .ok_or("provenance 格式错误")?;
    Ok(Imported { report, facts, provenance })
}

fn source_to_value(source: Source) -> Json {
    match source {
        Source::Line { line } => json!({ "line": line }),
        Source::Cell { table, row, col } => json!({ "cell": [table, row, col] }),
        Source::RecoveredLine { line } => json!({ "line": line, "recovered": true }),
        Source::RecoveredCell { table, row, col } => json!({ "cell": [table, row, col], "recovered": true }),
    }
}

/// A place; `"recovered": true` marks a number recovered by arithmetic.
fn source_from_value(value: &Json) -> Option<Source> {
    let index = |v: &Json| v.as_u64().and_then(|n| usize::try_from(n).ok());
    let recovered = value.get("recovered").and_then(Json::as_bool).unwrap_or(false);
    let source = if let Some(line) = value.get("line") {
        Source::Line { line: index(line)? }
    } else {
        match value.get("cell")?.as_array()?.as_slice() {
            [table, row, col] => Source::Cell { table: index(table)?, row: index(row)?, col: index(col)? },
            _ => return None,
        }
    };
    Some(if recovered { source.recovered() } else { source })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_rejection_round_trips_and_garbage_is_named() {
        let reply = Reply::Rejected("文件为空".into());
        assert_eq!(decode_reply(&encode_reply(&reply)), Ok(reply));
        assert!(decode_reply("thread 'main' panicked").unwrap_err().contains("不是 JSON"));
        assert!(decode_reply("{}").unwrap_err().contains("imported"));
        assert!(decode_reply(r#"{"imported":{"report":{}}}"#).is_err());
    }

    #[test]
    fn every_kind_of_place_round_trips() {
        for source in [
            Source::Line { line: 3 },
            Source::Cell { table: 1, row: 2, col: 3 },
            Source::RecoveredLine { line: 7 },
            Source::RecoveredCell { table: 0, row: 5, col: 6 },
        ] {
            assert_eq!(source_from_value(&source_to_value(source)), Some(source));
        }
    }

    proptest! {
        #[test]
        fn requests_round_trip(name in ".{0,40}", bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let frame = encode_request(&name, &bytes);
            prop_assert_eq!(decode_request(&frame), Some((name.as_str(), bytes.as_slice())));
        }

        #[test]
        fn truncated_requests_are_refused(name in ".{1,40}", cut in 0usize..1000) {
            let frame = encode_request(&name, b"");
            let short = &frame[..cut % frame.len()];
            prop_assert_eq!(decode_request(short), None);
        }
    }
}
