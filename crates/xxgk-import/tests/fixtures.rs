//! One test per document in `shared/fixtures/reports`: the imported report
//! must equal the `.json` beside it, cell for cell.
//!
//! The fixture JSONs carry no `unfilled` key (their documents print every
//! cell), so `unfilled` is compared only when the expected JSON has it; when
//! it has none, ours is removed before comparing (and, since the fixtures
//! print every cell, ours must then be empty anyway — checked too).

use std::path::{Path, PathBuf};

use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::Value;

fn shared_dir() -> PathBuf {
    match std::env::var_os("XXGK_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    }
}

fn diff(path: &str, expected: &Value, actual: &Value, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                match a.get(k) {
                    Some(av) => diff(&format!("{path}.{k}"), ev, av, out),
                    None => out.push(format!("{path}.{k}: missing (expected {ev})")),
                }
            }
            for k in a.keys().filter(|k| !e.contains_key(*k)) {
                out.push(format!("{path}.{k}: unexpected {}", a[k]));
            }
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                diff(&format!("{path}[{i}]"), ev, av, out);
            }
        }
        (Value::Number(e), Value::Number(a)) => {
            let norm = |n: &serde_json::Number| n.to_string().parse::<rust_decimal::Decimal>().map(|d| d.normalize());
            if norm(e).ok() != norm(a).ok() {
                out.push(format!("{path}: expected {e}, got {a}"));
            }
        }
        _ if expected != actual => out.push(format!("{path}: expected {expected}, got {actual}")),
        _ => {}
    }
}

fn check(doc: &Path, truth: &Path) -> Result<(), Failed> {
    let bytes = std::fs::read(doc).map_err(|e| format!("{}: {e}", doc.display()))?;
    let expected: Value = serde_json::from_slice(&std::fs::read(truth).map_err(|e| e.to_string())?)
        .map_err(|e| format!("{}: {e}", truth.display()))?;
    let name = doc.file_name().and_then(|n| n.to_str());
    let imported = xxgk_import::import(&bytes, name).map_err(|e| format!("import failed: {e}"))?;
    let mut actual = xxgk_report::json::to_value(&imported.report);
    let obj = actual.as_object_mut().ok_or("report JSON is not an object")?;
    if expected.get("unfilled").is_none()
        && let Some(u) = obj.remove("unfilled")
    {
        return Err(format!("document prints every cell, but unfilled = {u}").into());
    }
    obj.remove("narrative");
    let mut out = Vec::new();
    diff("", &expected, &actual, &mut out);
    if out.is_empty() { Ok(()) } else { Err(format!("{} cell(s) differ:\n  {}", out.len(), out.join("\n  ")).into()) }
}

fn main() {
    let args = Arguments::from_args();
    let dir = shared_dir().join("fixtures/reports");
    let mut trials = Vec::new();
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(&dir).map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    entries.sort();
    for doc in entries {
        let ext = doc.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext == "json" || ext == "md" || doc.file_name().is_some_and(|n| n == "README.md") {
            continue;
        }
        let truth = doc.with_extension("json");
        if !truth.exists() {
            continue;
        }
        let name = doc.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_string();
        trials.push(Trial::test(name, move || check(&doc, &truth)));
    }
    if trials.is_empty() {
        trials.push(Trial::test("fixtures_present", move || Err(format!("no fixtures in {}", dir.display()).into())));
    }
    libtest_mimic::run(&args, trials).exit();
}
