//! Screening throughput (bytes/s, so criterion prints MB/s) on two kinds of
//! text: a 公示 list, dense with IDs, mobiles and cards, and ordinary
//! prose with few digits; plus `mask` on the list. Both about 1 MB.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use time::macros::date;
use xxgk_screen::{Policy, mask, screen_text};

fn list(bytes: usize) -> String {
    let mut out =
        String::from("2026年度低保补助发放名单公示\n序号\t姓名\t身份证号码\t联系电话\t银行卡号\t金额（元）\n");
    let mut n = 0u64;
    while out.len() < bytes {
        n += 1;
        out.push_str(&format!(
            "{n}\t张某{n}\t11010519491231002X\t138{:08}\t6222021234567890128\t{}.00\n",
            n % 100_000_000,
            600 + n % 400
        ));
    }
    out
}

fn prose(bytes: usize) -> String {
    let para = "根据《中华人民共和国政府信息公开条例》第二十条规定，现将本机关2026年主动公开政府信息情况报告如下。\
                本年度共发布规范性文件12件，文号为某政发〔2026〕3号，索引号11350100-2026-00012，\
                咨询电话0591-87654321，电子邮箱xxgk@example.gov.cn。\n";
    para.repeat(bytes / para.len() + 1)
}

fn bench(c: &mut Criterion) {
    let policy = Policy::new(date!(2026 - 12 - 01)).with_agency_emails(["xxgk@example.gov.cn"]);
    let mut group = c.benchmark_group("screen");
    for (name, text) in [("list", list(1 << 20)), ("prose", prose(1 << 20))] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| b.iter(|| screen_text(black_box(&text), &policy)));
    }
    let text = list(1 << 20);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("mask_list", |b| b.iter(|| mask(black_box(&text), &policy)));
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
