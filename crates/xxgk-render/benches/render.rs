//! Renders the pingtan-2025 fixture (a real, fully filled 2021-template
//! report) in each format. Run briefly with
//! `cargo bench -p xxgk-render -- --warm-up-time 1 --measurement-time 3`.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use xxgk_report::Report;

fn fixture() -> Report {
    let shared = std::env::var_os("XXGK_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let path = shared.join("fixtures/reports/pingtan-2025.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    xxgk_report::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn render(c: &mut Criterion) {
    let report = fixture();
    let mut group = c.benchmark_group("render/pingtan-2025");
    group.throughput(Throughput::Elements(1));
    group.bench_function("html", |b| b.iter(|| xxgk_render::html(black_box(&report))));
    group.bench_function("markdown", |b| b.iter(|| xxgk_render::markdown(black_box(&report))));
    group.bench_function("text", |b| b.iter(|| xxgk_render::text(black_box(&report))));
    group.bench_function("docx", |b| b.iter(|| xxgk_render::docx(black_box(&report))));
    group.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
