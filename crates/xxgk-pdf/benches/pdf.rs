//! PDF render time per report with a warm engine (fonts scanned once, as
//! the server keeps them): Typst source generation, layout and PDF export of
//! the pingtan-2025 fixture, and the font scan itself. Run briefly with
//! `cargo bench -p xxgk-pdf -- --warm-up-time 2 --measurement-time 10`.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use xxgk_pdf::{FontSearch, PdfEngine};
use xxgk_report::{Report, T3Col, T3Row};

fn fixture(name: &str) -> Report {
    let shared = std::env::var_os("XXGK_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let path = shared.join("fixtures/reports").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    xxgk_report::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn pdf(c: &mut Criterion) {
    let engine = PdfEngine::new(&FontSearch::default()).expect("fonts-noto-cjk");
    let mut group = c.benchmark_group("pdf");
    group.sample_size(20);
    group.throughput(Throughput::Elements(1));
    for name in ["pingtan-2025.json", "000_c334de6829cd204d.json"] {
        let mut report = fixture(name);
        // The same report again: typst's memo cache answers most of it.
        group.bench_function(format!("same/{name}"), |b| {
            b.iter(|| engine.compile(&xxgk_render::typst(black_box(&report)), &[]).expect("compiles"))
        });
        // A different number each time, as a server rendering many reports sees.
        let base = report.table3.get(T3Row::NewReceived, T3Col::Natural);
        let mut n = 0i64;
        group.bench_function(format!("changed/{name}"), |b| {
            b.iter(|| {
                n += 1;
                report.table3.set(T3Row::NewReceived, T3Col::Natural, base + n);
                engine.compile(&xxgk_render::typst(black_box(&report)), &[]).expect("compiles")
            })
        });
    }
    group.bench_function("font_scan", |b| b.iter(|| PdfEngine::new(&FontSearch::default()).expect("fonts")));
    group.finish();
}

criterion_group!(benches, pdf);
criterion_main!(benches);
