//! Import speed per input kind on real-sized reports: the five text
//! fixtures, the two saved web pages, a generated DOCX and (when LibreOffice
//! is installed) PDFs made from it and from the official layout of a
//! fixture, read by glyph position. For comparison, the same PDFs through
//! `pdf-extract` (the text-layer extractor used before; text only, no
//! report). Throughput is one report per iteration, so criterion's
//! `elem/s` is reports per second on one core.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

#[path = "../tests/layouts/mod.rs"]
mod layouts;

fn fixture_dir() -> PathBuf {
    match std::env::var_os("XXGK_SHARED_DIR") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    }
    .join("fixtures/reports")
}

fn read(ext: &str) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(fixture_dir())
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == ext))
                .filter_map(|p| Some((p.file_name()?.to_str()?.to_string(), std::fs::read(&p).ok()?)))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn bench_kind(c: &mut Criterion, kind: &str, docs: &[(String, Vec<u8>)]) {
    let mut group = c.benchmark_group(kind);
    group.throughput(Throughput::Elements(1));
    for (name, bytes) in docs {
        group.bench_function(name.as_str(), |b| b.iter(|| xxgk_import::import(black_box(bytes), None).is_ok()));
    }
    group.finish();
}

fn generated_docx(seed: u64) -> Vec<u8> {
    let case = layouts::case(seed, layouts::Damage(0));
    let mut rng = layouts::Rng::new(seed);
    layouts::render::docx_package(&layouts::render::document_xml(&case.items, layouts::Damage(0), &mut rng))
}

fn official_docx() -> Option<Vec<u8>> {
    let json = std::fs::read_to_string(fixture_dir().join("pingtan-2024.json")).ok()?;
    xxgk_render::docx(&xxgk_report::from_json(&json).ok()?).ok()
}

fn pdf_from(docx: &[u8]) -> Option<Vec<u8>> {
    let dir = tempfile::tempdir().ok()?;
    let path = dir.path().join("bench.docx");
    std::fs::write(&path, docx).ok()?;
    let ok = Command::new("soffice")
        .args(["--headless", "--norestore", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&path)
        .env("HOME", dir.path())
        .output()
        .ok()?
        .status
        .success();
    if !ok {
        return None;
    }
    std::fs::read(path.with_extension("pdf")).ok()
}

fn benches(c: &mut Criterion) {
    bench_kind(c, "text", &read("txt"));
    bench_kind(c, "html", &read("html"));
    let docx = generated_docx(3);
    bench_kind(c, "docx", &[("generated-2021.docx".to_string(), docx.clone())]);
    let pdfs: Vec<(String, Vec<u8>)> =
        [("generated-2021.pdf", Some(docx)), ("official-pingtan-2024.pdf", official_docx())]
            .into_iter()
            .filter_map(|(name, docx)| Some((name.to_string(), pdf_from(&docx?)?)))
            .collect();
    if pdfs.is_empty() {
        eprintln!("note: LibreOffice not found, PDF benchmark skipped");
        return;
    }
    for (name, pdf) in &pdfs {
        assert!(xxgk_import::import(pdf, None).is_ok(), "{name} imports");
        // For profiling (`examples/repeat.rs` under callgrind): keep the PDFs.
        if let Some(dir) = std::env::var_os("XXGK_BENCH_PDF_DIR") {
            std::fs::write(Path::new(&dir).join(name), pdf).expect("write the benchmark PDF");
        }
    }
    bench_kind(c, "pdf", &pdfs);
    let mut group = c.benchmark_group("pdf-extract-text-only");
    group.throughput(Throughput::Elements(1));
    for (name, bytes) in &pdfs {
        group
            .bench_function(name.as_str(), |b| b.iter(|| pdf_extract::extract_text_from_mem(black_box(bytes)).is_ok()));
    }
    group.finish();
}

criterion_group! {
    name = import;
    config = Criterion::default().sample_size(30).warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = benches
}
criterion_main!(import);
