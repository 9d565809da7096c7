//! The clock of a case with 10 events (what a case page and each workbench
//! row recompute), and table 三 from 1,000,000 case summaries (an agency
//! subtree's year).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use time::macros::date;
use time::{Date, Duration};
use xxgk_calendar::WorkCalendar;
use xxgk_casework::clock::{Approval, ClockSettings, Event, evaluate};
use xxgk_casework::tables::{CaseSummary, report};
use xxgk_casework::{ApplicantKind, Channel, Outcome, Party};

fn ten_events() -> Vec<Event> {
    let head = Approval { approver: "王主任".into(), is_office_head: true, approved_on: date!(2025 - 10 - 20) };
    vec![
        Event::Received { on: date!(2025 - 09 - 26) },
        Event::ConsultationSent { on: date!(2025 - 09 - 30), party: Party::ThirdParty },
        Event::ConsultationSent { on: date!(2025 - 10 - 09), party: Party::Organ },
        Event::ConsultationAnswered { on: date!(2025 - 10 - 13), party: Party::ThirdParty },
        Event::ConsultationAnswered { on: date!(2025 - 10 - 16), party: Party::Organ },
        Event::Extended {
            on: date!(2025 - 10 - 20), working_days: 20, reason: "需调取档案".into(), approval: head
        },
        Event::FeeNotified { on: date!(2025 - 10 - 21) },
        Event::FeePaid { on: date!(2025 - 10 - 28) },
        Event::Decided { on: date!(2025 - 11 - 20), outcome: Outcome::from_key("granted").unwrap() },
        Event::Delivered { on: date!(2025 - 11 - 21), method: xxgk_casework::DeliveryMethod::Post },
    ]
}

/// A million cases over 2024–2025 with every kind and outcome.
fn million() -> Vec<CaseSummary> {
    let outcomes: Vec<Outcome> = Outcome::all().collect();
    let start: Date = date!(2024 - 01 - 01);
    (0..1_000_000u32)
        .map(|i| {
            let received_on = start + Duration::days(i64::from(i % 730));
            let decided = (i % 7 != 0)
                .then(|| (received_on + Duration::days(i64::from(i % 45)), outcomes[i as usize % outcomes.len()]));
            CaseSummary { kind: ApplicantKind::ALL[i as usize % 6], received_on, decided }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let cal = WorkCalendar::official();
    let events = ten_events();
    assert!(evaluate(&cal, Channel::InPerson, &events, ClockSettings::default()).is_ok());
    c.bench_function("clock of a case with 10 events", |b| {
        b.iter(|| evaluate(&cal, Channel::InPerson, black_box(&events), ClockSettings::default()))
    });
    let cases = million();
    let mut group = c.benchmark_group("tables");
    group.sample_size(10);
    group.bench_function("table 三 and 四 from 1,000,000 cases", |b| b.iter(|| report(2025, black_box(&cases), &[])));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
