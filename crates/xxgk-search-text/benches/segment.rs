//! Indexing throughput (bytes/s, criterion prints MB/s) of `index_terms` on
//! ordinary 公文 prose, and query/snippet cost per search hit.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use xxgk_search_text::Segmenter;

fn bench(c: &mut Criterion) {
    let seg = Segmenter::new();
    let para = "根据《中华人民共和国政府信息公开条例》第二十条规定，现将本机关2026年主动公开政府信息情况报告如下。\
                本年度共发布规范性文件12件，涉及城乡建设、社会救助、教育卫生等领域，并按规定开展保密审查。\n";
    let text = para.repeat((256 * 1024) / para.len() + 1);
    let mut group = c.benchmark_group("segment");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("index_terms", |b| b.iter(|| seg.index_terms(black_box(&text))));
    group.finish();
    let terms = seg.query_terms("政府信息公开 保密审查");
    c.bench_function("snippet_2kb", |b| b.iter(|| seg.snippet(black_box(&para.repeat(10)), &terms, 120)));
    c.bench_function("query_terms", |b| b.iter(|| seg.query_terms(black_box("政府信息公开年度报告"))));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
