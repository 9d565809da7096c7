//! The statutory clock on named cases of the law — across 春节 and 国庆, a
//! 调休 Saturday, year ends and into 2027 (no published arrangement yet:
//! provisional) — every validation rule with a failing and a passing case,
//! and property tests: a pause of k working days moves the due date by
//! exactly k working days; no event moves it earlier except the restart
//! after 补正; the due date is always a working day.

use proptest::prelude::*;
use time::macros::date;
use time::{Date, Duration};
use xxgk_calendar::{Due, WorkCalendar};
use xxgk_casework::clock::{Approval, ClockSettings, Event, Pause, Urgency, evaluate};
use xxgk_casework::{CaseState, Channel, Clock, ClockError, DeliveryMethod, EventKind, Outcome, Party};

fn cal() -> WorkCalendar {
    WorkCalendar::official()
}

fn run(channel: Channel, events: &[Event]) -> Result<Clock, ClockError> {
    evaluate(&cal(), channel, events, ClockSettings::default())
}

fn ok(events: &[Event]) -> Clock {
    run(Channel::InPerson, events).unwrap_or_else(|e| panic!("{e}"))
}

fn err(events: &[Event]) -> String {
    run(Channel::InPerson, events).expect_err("the events must be refused").to_string()
}

fn due(clock: &Clock) -> Date {
    clock.due.expect("a running clock").date
}

fn head(approved_on: Date) -> Approval {
    Approval { approver: "王主任".into(), is_office_head: true, approved_on }
}

fn extend(on: Date, working_days: u32) -> Event {
    Event::Extended { on, working_days, reason: "需调取档案".into(), approval: head(on) }
}

fn outcome(key: &str) -> Outcome {
    Outcome::from_key(key).unwrap()
}

#[test]
fn the_casework_example_across_national_day_with_an_extension() {
    // casework.md §2: "20个工作日 from 2025-09-26（第三十三条）→ 2025-10-30;
    // extended 20 (负责人 批准 2025-10-20) → 2025-11-27". 2025-09-28 (Sunday)
    // and 2025-10-11 (Saturday) are 调休 working days; 10-01…10-08 are off.
    let received = [Event::Received { on: date!(2025 - 09 - 26) }];
    let clock = ok(&received);
    assert_eq!(due(&clock), date!(2025 - 10 - 30));
    assert_eq!(clock.state, CaseState::InProgress);
    assert!(clock.lines[0].text.contains("20个工作日（第三十三条第二款）→ 2025-10-30"), "{}", clock.lines[0].text);
    assert!(clock.lines[0].text.contains("当面提交之日（第三十一条第一项）"));
    let extended = ok(&[received[0].clone(), extend(date!(2025 - 10 - 20), 20)]);
    assert_eq!(due(&extended), date!(2025 - 11 - 27));
    assert_eq!(extended.state, CaseState::Extended);
    assert!(extended.lines[1].text.contains("负责人 王主任") && extended.lines[1].text.ends_with("→ 2025-11-27"));
    assert!(!extended.due.unwrap().provisional);
}

#[test]
fn spring_festival_correction_notice_and_restart() {
    // Received Monday 2025-01-20; 2025-01-26 (Sunday) is worked, 01-28…02-04 off.
    let received = Event::Received { on: date!(2025 - 01 - 20) };
    let clock = ok(std::slice::from_ref(&received));
    assert_eq!(clock.correction_notice_due.unwrap().date, date!(2025 - 02 - 05));
    assert_eq!(due(&clock), date!(2025 - 02 - 21));
    let asked = Event::CorrectionRequested {
        on: date!(2025 - 01 - 24),
        items: "请写明文件名称".into(),
        period_working_days: 15,
    };
    let waiting = ok(&[received.clone(), asked.clone()]);
    assert_eq!(waiting.state, CaseState::AwaitingCorrection);
    assert_eq!(waiting.due, None, "the clock stops while a correction is awaited");
    assert_eq!(waiting.correction_deadline.unwrap().date, date!(2025 - 02 - 20));
    // The corrected application restarts the 20 working days.
    let restarted = ok(&[received.clone(), asked.clone(), Event::CorrectionReceived { on: date!(2025 - 02 - 05) }]);
    assert_eq!(due(&restarted), date!(2025 - 03 - 04));
    assert_eq!(restarted.state, CaseState::InProgress);
    // Nothing in the period: may close as other_no_correction, and only then.
    let lapsed = [received.clone(), asked.clone(), Event::CorrectionLapsed { on: date!(2025 - 02 - 21) }];
    assert_eq!(ok(&lapsed).state, CaseState::CorrectionOverdue);
    let mut closed = lapsed.to_vec();
    closed.push(Event::Decided { on: date!(2025 - 02 - 24), outcome: outcome("other_no_correction") });
    assert_eq!(ok(&closed).state, CaseState::Decided);
    assert!(
        err(&[received.clone(), asked.clone(), Event::CorrectionLapsed { on: date!(2025 - 02 - 20) }])
            .contains("届满前")
    );
    let early_close =
        [received, asked, Event::Decided { on: date!(2025 - 02 - 03), outcome: outcome("other_no_correction") }];
    assert!(err(&early_close).contains("逾期不补正"));
}

#[test]
fn a_late_correction_notice_is_flagged_and_a_second_one_refused() {
    let received = Event::Received { on: date!(2025 - 01 - 20) };
    let late = Event::CorrectionRequested { on: date!(2025 - 02 - 06), items: "x".into(), period_working_days: 15 };
    assert!(ok(&[received.clone(), late]).lines[1].text.contains("晚于收到申请后7个工作日"));
    let on_time = Event::CorrectionRequested { on: date!(2025 - 02 - 05), items: "x".into(), period_working_days: 15 };
    assert!(!ok(&[received.clone(), on_time.clone()]).lines[1].text.contains("晚于"));
    let second = Event::CorrectionRequested { on: date!(2025 - 02 - 11), items: "y".into(), period_working_days: 15 };
    let again = [received.clone(), on_time, Event::CorrectionReceived { on: date!(2025 - 02 - 10) }, second];
    assert!(err(&again).contains("一次性告知"));
    let empty = Event::CorrectionRequested { on: date!(2025 - 01 - 21), items: " ".into(), period_working_days: 15 };
    assert!(err(&[received.clone(), empty]).contains("补正的事项"));
    assert!(err(&[received, Event::CorrectionReceived { on: date!(2025 - 01 - 22) }]).contains("未告知补正"));
}

#[test]
fn third_party_consultation_over_national_day_is_excluded() {
    let received = Event::Received { on: date!(2025 - 09 - 26) };
    let sent = Event::ConsultationSent { on: date!(2025 - 09 - 30), party: Party::ThirdParty };
    let paused = ok(&[received.clone(), sent.clone()]);
    assert_eq!(paused.state, CaseState::InConsultation);
    assert_eq!(
        paused.paused,
        [Pause::Consultation {
            party: Party::ThirdParty,
            since: date!(2025 - 09 - 30),
            window_ends: date!(2025 - 10 - 28)
        }]
    );
    assert_eq!(due(&paused), date!(2025 - 10 - 30), "not moved until the pause ends");
    assert!(!paused.is_overdue(date!(2025 - 11 - 03)), "a paused case is not overdue");
    // Answered 10-13: working days 10-09, 10-10, 10-11 (调休 Saturday), 10-13 → 4.
    let answered = Event::ConsultationAnswered { on: date!(2025 - 10 - 13), party: Party::ThirdParty };
    let clock = ok(&[received.clone(), sent.clone(), answered]);
    assert_eq!(due(&clock), date!(2025 - 11 - 05));
    assert!(clock.lines[2].text.contains("4个工作日（第三十三条第三款）→ 2025-11-05"), "{}", clock.lines[2].text);
    // No answer: the window's 15 working days count, no more.
    let silent = Event::ConsultationAnswered { on: date!(2025 - 11 - 20), party: Party::ThirdParty };
    let clock = ok(&[received.clone(), sent.clone(), silent]);
    assert_eq!(due(&clock), cal().add_working_days(date!(2025 - 10 - 30), 15).unwrap().date);
    assert!(clock.lines[2].text.contains("征求意见期限于 2025-10-28 届满"));
    // Deciding while the consultation is open is refused.
    let early = Event::Decided { on: date!(2025 - 10 - 09), outcome: outcome("granted") };
    assert!(err(&[received.clone(), sent.clone(), early]).contains("征求意见尚未结束"));
    assert!(
        err(&[received, Event::ConsultationAnswered { on: date!(2025 - 10 - 13), party: Party::Organ }])
            .contains("没有正在进行")
    );
}

#[test]
fn overlapping_consultations_count_each_working_day_once() {
    let events = [
        Event::Received { on: date!(2025 - 03 - 03) },
        Event::ConsultationSent { on: date!(2025 - 03 - 04), party: Party::ThirdParty },
        Event::ConsultationSent { on: date!(2025 - 03 - 05), party: Party::Organ },
        Event::ConsultationAnswered { on: date!(2025 - 03 - 07), party: Party::ThirdParty },
        Event::ConsultationAnswered { on: date!(2025 - 03 - 10), party: Party::Organ },
    ];
    // Union of (03-04, 03-07] and (03-05, 03-10]: 03-05, 06, 07, 10 → 4.
    let clock = ok(&events);
    assert_eq!(due(&clock), cal().add_working_days(date!(2025 - 03 - 31), 4).unwrap().date);
    let twice = [events[0].clone(), events[1].clone(), events[1].clone()];
    assert!(err(&twice).contains("尚未结束"));
}

#[test]
fn fees_pause_the_clock_until_paid_and_unpaid_closes() {
    let received = Event::Received { on: date!(2025 - 03 - 03) };
    let notice = Event::FeeNotified { on: date!(2025 - 03 - 10) };
    let pending = ok(&[received.clone(), notice.clone()]);
    assert_eq!(pending.state, CaseState::FeePending);
    assert_eq!(pending.paused, [Pause::Fee { since: date!(2025 - 03 - 10), payment_due: date!(2025 - 04 - 08) }]);
    let paid = ok(&[received.clone(), notice.clone(), Event::FeePaid { on: date!(2025 - 03 - 12) }]);
    assert_eq!(due(&paid), date!(2025 - 04 - 02), "03-31 moved on by 03-11 and 03-12");
    assert_eq!(paid.state, CaseState::InProgress);
    assert!(
        err(&[received.clone(), notice.clone(), Event::FeeUnpaid { on: date!(2025 - 04 - 08) }]).contains("届满前")
    );
    let unpaid = [received.clone(), notice.clone(), Event::FeeUnpaid { on: date!(2025 - 04 - 09) }];
    assert_eq!(ok(&unpaid).state, CaseState::FeeOverdue);
    let mut closed = unpaid.to_vec();
    closed.push(Event::Decided { on: date!(2025 - 04 - 09), outcome: outcome("other_no_fee") });
    assert_eq!(ok(&closed).outcome.map(|(_, o)| o.key()), Some("other_no_fee"));
    assert!(
        err(&[received.clone(), Event::Decided { on: date!(2025 - 03 - 20), outcome: outcome("other_no_fee") }])
            .contains("逾期未缴纳费用")
    );
    assert!(err(&[received.clone(), notice.clone(), notice.clone()]).contains("只能发出一次"));
    assert!(
        err(&[received.clone(), Event::FeeNotified { on: date!(2025 - 04 - 01) }])
            .contains("答复期限已于 2025-03-31 届满")
    );
    // With fee_wait_suspends = false the wait does not move the due date.
    let settings = ClockSettings { fee_wait_suspends: false };
    let flat = evaluate(
        &cal(),
        Channel::InPerson,
        &[received, notice, Event::FeePaid { on: date!(2025 - 03 - 12) }],
        settings,
    );
    assert_eq!(flat.unwrap().due.unwrap().date, date!(2025 - 03 - 31));
}

#[test]
fn extension_rules() {
    let received = Event::Received { on: date!(2025 - 09 - 26) };
    let on = date!(2025 - 10 - 20);
    assert!(err(&[received.clone(), extend(on, 21)]).contains("最长不得超过20个工作日"));
    assert!(err(&[received.clone(), extend(on, 0)]).contains("最长不得超过"));
    assert!(err(&[received.clone(), extend(on, 10), extend(on, 5)]).contains("只能延长一次"));
    let clerk = Event::Extended {
        on,
        working_days: 10,
        reason: "x".into(),
        approval: Approval { approver: "李科员".into(), is_office_head: false, approved_on: on },
    };
    assert!(err(&[received.clone(), clerk]).contains("负责人同意"));
    let no_reason = Event::Extended { on, working_days: 10, reason: "".into(), approval: head(on) };
    assert!(err(&[received.clone(), no_reason]).contains("说明理由"));
    assert!(err(&[received.clone(), extend(date!(2025 - 10 - 31), 10)]).contains("已于 2025-10-30 届满"));
    assert_eq!(due(&ok(&[received, extend(date!(2025 - 10 - 30), 1)])), date!(2025 - 10 - 31));
}

#[test]
fn article_35_later_deadline() {
    let received = Event::Received { on: date!(2025 - 03 - 03) };
    let later = Event::LaterDeadline { on: date!(2025 - 03 - 20), until: date!(2025 - 06 - 30) };
    let clock = ok(&[received.clone(), later]);
    assert_eq!(due(&clock), date!(2025 - 06 - 30));
    assert!(clock.lines[1].text.contains("第三十五条"));
    let earlier = Event::LaterDeadline { on: date!(2025 - 03 - 20), until: date!(2025 - 03 - 28) };
    assert!(err(&[received.clone(), earlier]).contains("应晚于现有答复期限"));
    let sunday = Event::LaterDeadline { on: date!(2025 - 03 - 20), until: date!(2025 - 06 - 29) };
    assert!(err(&[received, sunday]).contains("不是工作日"));
}

#[test]
fn a_year_end_into_2027_is_provisional() {
    let clock = ok(&[Event::Received { on: date!(2026 - 12 - 15) }]);
    assert_eq!(clock.due, Some(Due { date: date!(2027 - 01 - 12), provisional: true }));
    assert!(clock.lines[0].text.contains("→ 2027-01-12（暂定）"), "{}", clock.lines[0].text);
    // Within 2026 (New Year 2026 and its arrangement are published): final.
    let clock = ok(&[Event::Received { on: date!(2025 - 12 - 15) }]);
    assert_eq!(clock.due, Some(Due { date: date!(2026 - 01 - 13), provisional: false }));
    // Once provisional, an extension on top stays provisional.
    let clock = ok(&[Event::Received { on: date!(2026 - 12 - 15) }, extend(date!(2027 - 01 - 05), 5)]);
    assert!(clock.due.unwrap().provisional);
}

#[test]
fn order_and_receipt_rules() {
    // Online: no clock until the receipt is confirmed.
    let waiting = run(Channel::Online, &[]).unwrap();
    assert_eq!((waiting.state, waiting.due), (CaseState::AwaitingConfirmation, None));
    let confirmed = run(Channel::Online, &[Event::Received { on: date!(2025 - 09 - 26) }]).unwrap();
    assert!(confirmed.lines[0].text.contains("双方确认之日"));
    let e = err(&[Event::ConsultationSent { on: date!(2025 - 09 - 26), party: Party::Organ }]);
    assert!(e.starts_with("第 1 项事项（征求意见，2025-09-26）") && e.contains("第一项事项应为“收到申请”"), "{e}");
    let received = Event::Received { on: date!(2025 - 09 - 26) };
    assert!(err(&[received.clone(), received.clone()]).contains("不能重复记录"));
    let backwards = [received.clone(), Event::ConsultationSent { on: date!(2025 - 09 - 25), party: Party::Organ }];
    assert!(err(&backwards).contains("日期早于前一项事项"));
    let decided = Event::Decided { on: date!(2025 - 10 - 09), outcome: outcome("granted") };
    let delivered = Event::Delivered { on: date!(2025 - 10 - 10), method: DeliveryMethod::Post };
    assert!(err(&[received.clone(), delivered.clone()]).contains("尚未作出答复"));
    let done = ok(&[received.clone(), decided.clone(), delivered.clone(), Event::Closed { on: date!(2025 - 10 - 11) }]);
    assert_eq!(done.state, CaseState::Closed);
    assert!(err(&[received.clone(), decided.clone(), extend(date!(2025 - 10 - 10), 5)]).contains("已作出答复"));
    assert!(err(&[received.clone(), decided.clone(), delivered.clone(), delivered]).contains("不能重复送达"));
    // Overdue: the period ran out before the decision.
    let late = ok(&[received, Event::Decided { on: date!(2025 - 11 - 03), outcome: outcome("granted") }]);
    assert!(late.lines[1].text.contains("逾期 2 个工作日"), "{}", late.lines[1].text);
    let open = ok(&[Event::Received { on: date!(2025 - 09 - 26) }]);
    assert!(!open.is_overdue(date!(2025 - 10 - 30)) && open.is_overdue(date!(2025 - 10 - 31)));
    // Due 2025-10-30 (Thursday): 3 working days before is 10-27.
    let cal = cal();
    let urgency = |d| open.urgency(&cal, d);
    assert_eq!(urgency(date!(2025 - 10 - 24)), Urgency::Later);
    assert_eq!(urgency(date!(2025 - 10 - 27)), Urgency::DueSoon);
    assert_eq!(urgency(date!(2025 - 10 - 30)), Urgency::DueToday);
    assert_eq!(urgency(date!(2025 - 10 - 31)), Urgency::Overdue);
    assert_eq!(late.urgency(&cal, date!(2025 - 12 - 01)), Urgency::NotRunning, "decided");
}

/// A random action, tried on the case; refused actions are dropped.
fn candidate(kind: u8, on: Date, n: u32, last_outcome: u8) -> Event {
    let party = if n.is_multiple_of(2) { Party::ThirdParty } else { Party::Organ };
    match kind {
        0 => Event::CorrectionRequested { on, items: "事项".into(), period_working_days: 1 + n % 20 },
        1 => Event::CorrectionReceived { on },
        2 => Event::CorrectionLapsed { on },
        3 => Event::ConsultationSent { on, party },
        4 => Event::ConsultationAnswered { on, party },
        5 => Event::Extended { on, working_days: 1 + n % 20, reason: "r".into(), approval: head(on) },
        6 => Event::FeeNotified { on },
        7 => Event::FeePaid { on },
        8 => Event::FeeUnpaid { on },
        9 => Event::LaterDeadline { on, until: on + Duration::days(i64::from(n % 60)) },
        _ => Event::Decided { on, outcome: Outcome::all().nth(usize::from(last_outcome) % 21).unwrap() },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_pause_of_k_working_days_moves_the_due_date_by_k(
        received in 0i64..(365 * 8),
        sent_after in 0i64..28,
        answered_after in 0i64..40,
        third in any::<bool>(),
    ) {
        let cal = cal();
        let received = date!(2019 - 01 - 01) + Duration::days(received);
        let sent = received + Duration::days(sent_after);
        let answered = sent + Duration::days(answered_after);
        let party = if third { Party::ThirdParty } else { Party::Organ };
        let before = evaluate(&cal, Channel::InPerson, &[Event::Received { on: received }], ClockSettings::default()).unwrap();
        let events = [
            Event::Received { on: received },
            Event::ConsultationSent { on: sent, party },
            Event::ConsultationAnswered { on: answered, party },
        ];
        let Ok(after) = evaluate(&cal, Channel::InPerson, &events, ClockSettings::default()) else {
            // Only a consultation after the period is refused.
            prop_assert!(sent > before.due.unwrap().date);
            return Ok(());
        };
        let window = cal.add_working_days(sent, 15).unwrap().date;
        let k = cal.working_days_between(sent, answered.min(window));
        let (d0, d1) = (before.due.unwrap().date, after.due.unwrap().date);
        prop_assert_eq!(cal.working_days_between(d0, d1), k);
        prop_assert_eq!(Some(d1), cal.add_working_days(d0, k).map(|d| d.date));
    }

    #[test]
    fn no_event_moves_the_due_date_earlier_except_the_restart_after_correction(
        received in 0i64..(365 * 8),
        steps in proptest::collection::vec((0u8..12, 0i64..25, 0u32..100, any::<u8>()), 0..14),
    ) {
        let cal = cal();
        let mut events = vec![Event::Received { on: date!(2019 - 01 - 01) + Duration::days(received) }];
        for (kind, gap, n, o) in steps {
            let on = events.last().unwrap().on() + Duration::days(gap);
            let mut tried = events.clone();
            tried.push(candidate(kind, on, n, o));
            if evaluate(&cal, Channel::InPerson, &tried, ClockSettings::default()).is_ok() {
                events = tried;
            }
        }
        let clock = evaluate(&cal, Channel::InPerson, &events, ClockSettings::default()).unwrap();
        let mut last: Option<Due> = None;
        for line in &clock.lines {
            if let Some(due) = line.due_after {
                prop_assert!(cal.is_working_day(due.date), "{} is not a working day: {}", due.date, line.text);
                if let Some(prev) = last
                    && line.kind != EventKind::CorrectionReceived
                {
                    prop_assert!(due.date >= prev.date, "{} moved the due date earlier: {}", line.text, due.date);
                }
            }
            last = line.due_after.or(last);
        }
    }
}
