//! The cost of the deadline arithmetic a casework list does per row.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use time::macros::date;
use xxgk_calendar::WorkCalendar;

fn bench(c: &mut Criterion) {
    let cal = WorkCalendar::official();
    c.bench_function("parse the built-in table", |b| {
        b.iter(|| WorkCalendar::from_csv(black_box(xxgk_calendar::OFFICIAL_CSV)))
    });
    c.bench_function("20 working days over 国庆节", |b| {
        b.iter(|| cal.add_working_days(black_box(date!(2024 - 09 - 30)), black_box(20)))
    });
    c.bench_function("working days used in a quarter", |b| {
        b.iter(|| cal.working_days_between(black_box(date!(2024 - 07 - 01)), black_box(date!(2024 - 09 - 30))))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
