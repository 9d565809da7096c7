//! Every fixture JSON in `shared/fixtures/reports/` parses, checks, and writes
//! back to an equal value: one test per file, naming the differing keys.

use std::path::{Path, PathBuf};

use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::Value;

fn shared_dir() -> PathBuf {
    std::env::var_os("XXGK_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

/// Lists the paths at which two JSON values differ.
fn differences(path: &str, want: &Value, got: &Value, out: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))) {
                let (x, y) = (a.get(key).unwrap_or(&Value::Null), b.get(key).unwrap_or(&Value::Null));
                differences(&format!("{path}.{key}"), x, y, out);
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                differences(&format!("{path}[{i}]"), x, y, out);
            }
        }
        _ if want != got => out.push(format!("{path}: expected {want}, got {got}")),
        _ => {}
    }
}

fn round_trip(path: &Path) -> Result<(), Failed> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let report = xxgk_report::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let want: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let got = xxgk_report::to_value(&report);
    let mut diffs = Vec::new();
    differences("", &want, &got, &mut diffs);
    if !diffs.is_empty() {
        return Err(diffs.join("\n").into());
    }
    // Written text parses again to the same report.
    let again = xxgk_report::from_json(&xxgk_report::to_json_pretty(&report)).map_err(|e| e.to_string())?;
    if again != report {
        return Err("second round trip differs".into());
    }
    // Fixtures record real reports without identity breaks (README): no errors.
    let findings = xxgk_report::check(&report, &xxgk_report::Context::default());
    if let Some(error) = findings.iter().find(|f| f.severity == xxgk_report::Severity::Error) {
        return Err(format!("unexpected {} at {}: {}", error.check, error.location, error.message).into());
    }
    Ok(())
}

fn main() {
    let args = Arguments::from_args();
    let dir = shared_dir().join("fixtures/reports");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("fixtures not found at {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 7, "expected the fixture reports in {}", dir.display());
    let trials = files
        .into_iter()
        .map(|path| {
            let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            Trial::test(format!("json_round_trip::{name}"), move || round_trip(&path))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
