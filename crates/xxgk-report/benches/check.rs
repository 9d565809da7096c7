//! Throughput of the checks and the JSON reader/writer on a busy,
//! real-shaped report (every outcome row filled, both templates).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use xxgk_report::{Context, Template, check, from_json, sample::busy, to_json_pretty};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("report");
    group.throughput(Throughput::Elements(1));
    for (template, year) in [(Template::V2019, 2020), (Template::V2021, 2024)] {
        let report = busy(template, year);
        let mut prev = busy(template, year - 1);
        prev.table3[xxgk_report::T3Row::CarriedForward][0] += 1;
        group
            .bench_function(format!("check/{template}"), |b| b.iter(|| check(black_box(&report), &Context::default())));
        group.bench_function(format!("check_with_previous/{template}"), |b| {
            let ctx = Context { previous: Some(&prev), ..Context::default() };
            b.iter(|| check(black_box(&report), &ctx))
        });
        let text = to_json_pretty(&report);
        group.bench_function(format!("json_parse/{template}"), |b| b.iter(|| from_json(black_box(&text))));
        group.bench_function(format!("json_write/{template}"), |b| b.iter(|| to_json_pretty(black_box(&report))));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
