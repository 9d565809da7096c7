//! The statutory clock (casework.md §2, regulation §4.4–§5, §8): a case's
//! due date is a pure function of its channel and its event list. The event
//! list is validated as it is folded (dates in order, nothing before the
//! receipt, one 补正 notice, one extension of at most 20 working days by the
//! 负责人, pauses that start and end…), and every change of the due date
//! becomes an explanation line with its legal basis.
//!
//! Pauses (consultation, 第三十二、三十四条; awaiting a fee, `fees.md` §6)
//! move the due date on by the working days d with `start < d ≤ end`; a
//! working day inside two overlapping pauses counts once. While a pause is
//! open the due date is not yet moved and [`Clock::paused`] says why.

use std::collections::BTreeSet;

use time::Date;
use xxgk_calendar::{Due, WorkCalendar};
use xxgk_report::T3Row;

use crate::channel::Channel;
use crate::decision::Outcome;
use crate::names::Named;
use crate::state::{CaseState, DeliveryMethod, EventKind, Party};

/// 第三十三条第二款: the reply period.
pub const REPLY_DAYS: u32 = 20;
/// 第三十条: the correction notice is due within 7 working days of receipt.
pub const CORRECTION_NOTICE_DAYS: u32 = 7;
/// The correction period when the office does not choose one [I] (no statutory number).
pub const DEFAULT_CORRECTION_PERIOD: u32 = 15;
/// 第三十二条、第三十四条: the consulted party answers within 15 working days.
pub const CONSULTATION_DAYS: u32 = 15;
/// 第三十三条第二款: an extension is at most 20 working days.
pub const MAX_EXTENSION: u32 = 20;
/// `fees.md` §6: the applicant pays within 20 working days of the notice.
pub const PAYMENT_DAYS: u32 = 20;

/// Settings of the office that change the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockSettings {
    /// `fees.md` §6 `fee_wait_suspends_deadline` (default true).
    pub fee_wait_suspends: bool,
}

impl Default for ClockSettings {
    fn default() -> Self {
        ClockSettings { fee_wait_suspends: true }
    }
}

/// Who approved an extension: the caller says who and whether that person is
/// the 负责人 of the 政府信息公开工作机构 (the only one who may, 第三十三条).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    pub approver: String,
    pub is_office_head: bool,
    pub approved_on: Date,
}

/// One thing that happened to a case, with its date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Received {
        on: Date,
    },
    CorrectionRequested {
        on: Date,
        items: String,
        period_working_days: u32,
    },
    CorrectionReceived {
        on: Date,
    },
    CorrectionLapsed {
        on: Date,
    },
    ConsultationSent {
        on: Date,
        party: Party,
    },
    /// The answer came, or the 15-working-day window ended (`on` past the
    /// window counts only up to its last day).
    ConsultationAnswered {
        on: Date,
        party: Party,
    },
    Extended {
        on: Date,
        working_days: u32,
        reason: String,
        approval: Approval,
    },
    FeeNotified {
        on: Date,
    },
    FeePaid {
        on: Date,
    },
    FeeUnpaid {
        on: Date,
    },
    /// 第三十五条: a reasonable later deadline, notified on `on`.
    LaterDeadline {
        on: Date,
        until: Date,
    },
    Decided {
        on: Date,
        outcome: Outcome,
    },
    Delivered {
        on: Date,
        method: DeliveryMethod,
    },
    Closed {
        on: Date,
    },
}

impl Event {
    pub fn kind(&self) -> EventKind {
        match self {
            Event::Received { .. } => EventKind::Received,
            Event::CorrectionRequested { .. } => EventKind::CorrectionRequested,
            Event::CorrectionReceived { .. } => EventKind::CorrectionReceived,
            Event::CorrectionLapsed { .. } => EventKind::CorrectionLapsed,
            Event::ConsultationSent { .. } => EventKind::ConsultationSent,
            Event::ConsultationAnswered { .. } => EventKind::ConsultationAnswered,
            Event::Extended { .. } => EventKind::Extended,
            Event::FeeNotified { .. } => EventKind::FeeNotified,
            Event::FeePaid { .. } => EventKind::FeePaid,
            Event::FeeUnpaid { .. } => EventKind::FeeUnpaid,
            Event::LaterDeadline { .. } => EventKind::LaterDeadline,
            Event::Decided { .. } => EventKind::Decided,
            Event::Delivered { .. } => EventKind::Delivered,
            Event::Closed { .. } => EventKind::Closed,
        }
    }

    pub fn on(&self) -> Date {
        match self {
            Event::Received { on }
            | Event::CorrectionRequested { on, .. }
            | Event::CorrectionReceived { on }
            | Event::CorrectionLapsed { on }
            | Event::ConsultationSent { on, .. }
            | Event::ConsultationAnswered { on, .. }
            | Event::Extended { on, .. }
            | Event::FeeNotified { on }
            | Event::FeePaid { on }
            | Event::FeeUnpaid { on }
            | Event::LaterDeadline { on, .. }
            | Event::Decided { on, .. }
            | Event::Delivered { on, .. }
            | Event::Closed { on } => *on,
        }
    }
}

/// An event the clock refused: which one (1-based, as the case page lists
/// them), what it is, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("第 {index} 项事项（{label}，{on}）：{message}")]
pub struct ClockError {
    pub index: usize,
    pub label: &'static str,
    pub on: Date,
    pub message: String,
}

/// A pause that has not ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pause {
    Consultation { party: Party, since: Date, window_ends: Date },
    Fee { since: Date, payment_due: Date },
}

/// One line of the case page's explanation of its date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockLine {
    pub on: Date,
    pub kind: EventKind,
    /// In Chinese, with the legal basis, ending in `→ 2025-10-30` when the due date changed.
    pub text: String,
    /// The due date after this event (`None` while the clock is stopped).
    pub due_after: Option<Due>,
}

/// What the events make of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    pub state: CaseState,
    pub received_on: Option<Date>,
    /// The reply deadline (`None` before receipt and while a 补正 is awaited).
    pub due: Option<Due>,
    /// 第三十条: the 补正 notice is due by this day.
    pub correction_notice_due: Option<Due>,
    /// The end of the correction period, while one is running.
    pub correction_deadline: Option<Due>,
    pub paused: Vec<Pause>,
    pub extended: bool,
    pub outcome: Option<(Date, Outcome)>,
    pub lines: Vec<ClockLine>,
}

/// How pressing a case is on a given day (the workbench's 今日到期 /
/// 3 日内到期 / 已逾期).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Urgency {
    Overdue,
    DueToday,
    /// Due within the next 3 working days.
    DueSoon,
    Later,
    /// Not running: awaiting confirmation, a correction or a fee, paused, or decided.
    NotRunning,
}

impl Urgency {
    pub fn label(self) -> &'static str {
        match self {
            Urgency::Overdue => "已逾期",
            Urgency::DueToday => "今日到期",
            Urgency::DueSoon => "3 日内到期",
            Urgency::Later => "未到期",
            Urgency::NotRunning => "暂停或未计时",
        }
    }
}

impl Clock {
    /// Overdue on `today`: the period runs and its last day has passed.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.running_due().is_some_and(|due| due.date < today)
    }

    /// The due date while the period runs (not stopped, paused or decided).
    pub fn running_due(&self) -> Option<Due> {
        self.due.filter(|_| self.state.clock_runs() && self.paused.is_empty())
    }

    /// The urgency on `today` (3 working days, by `cal`).
    pub fn urgency(&self, cal: &WorkCalendar, today: Date) -> Urgency {
        let Some(due) = self.running_due() else {
            return Urgency::NotRunning;
        };
        if due.date < today {
            Urgency::Overdue
        } else if due.date == today {
            Urgency::DueToday
        } else if cal.working_days_between(today, due.date) <= 3 {
            Urgency::DueSoon
        } else {
            Urgency::Later
        }
    }
}

/// `2025-10-30`, with `（暂定）` for a provisional date.
pub fn show_due(due: Due) -> String {
    if due.provisional { format!("{}（暂定）", due.date) } else { due.date.to_string() }
}

/// Folds a case's events into its clock, refusing the first event that the
/// law or the order of things does not allow.
pub fn evaluate(
    cal: &WorkCalendar,
    channel: Channel,
    events: &[Event],
    settings: ClockSettings,
) -> Result<Clock, ClockError> {
    let mut fold = Fold {
        cal,
        settings,
        channel,
        clock: Clock {
            state: CaseState::AwaitingConfirmation,
            received_on: None,
            due: None,
            correction_notice_due: None,
            correction_deadline: None,
            paused: Vec::new(),
            extended: false,
            outcome: None,
            lines: Vec::new(),
        },
        credited: BTreeSet::new(),
        correction: Correction::None,
        fee: FeeStage::None,
        delivered: false,
        closed: false,
        last_on: None,
    };
    for (i, event) in events.iter().enumerate() {
        let fail = |message: String| ClockError { index: i + 1, label: event.kind().label(), on: event.on(), message };
        if let Some(last) = fold.last_on
            && event.on() < last
        {
            return Err(fail(format!("日期早于前一项事项（{last}），事项应按日期顺序记录")));
        }
        let text = fold.apply(event).map_err(fail)?;
        fold.last_on = Some(event.on());
        fold.clock.lines.push(ClockLine { on: event.on(), kind: event.kind(), text, due_after: fold.clock.due });
    }
    fold.clock.state = fold.state();
    Ok(fold.clock)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Correction {
    None,
    Requested { deadline: Date },
    Lapsed,
    Received,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FeeStage {
    None,
    Notified { payment_due: Date },
    Paid,
    Unpaid,
}

struct Fold<'a> {
    cal: &'a WorkCalendar,
    settings: ClockSettings,
    channel: Channel,
    clock: Clock,
    /// Working days already credited to a pause (overlaps count once).
    credited: BTreeSet<Date>,
    correction: Correction,
    fee: FeeStage,
    delivered: bool,
    closed: bool,
    last_on: Option<Date>,
}

impl Fold<'_> {
    fn add(&self, start: Date, days: u32) -> Result<Due, String> {
        self.cal.add_working_days(start, days).ok_or_else(|| format!("{start} 后 {days} 个工作日超出可计算的范围"))
    }

    /// The due date moved on by `days` working days (provisional stays provisional).
    fn shift_due(&mut self, days: u32) -> Result<Due, String> {
        let due = self.running_due()?;
        let moved = self.add(due.date, days)?;
        let moved = Due { date: moved.date, provisional: moved.provisional || due.provisional };
        self.clock.due = Some(moved);
        Ok(moved)
    }

    fn running_due(&self) -> Result<Due, String> {
        self.clock.due.ok_or_else(|| "答复期限未在计算（尚未收到申请或正在补正）".to_string())
    }

    /// Credits the working days d with `start < d ≤ end` not yet credited;
    /// returns how many.
    fn credit_pause(&mut self, start: Date, end: Date) -> u32 {
        let mut days = 0;
        let mut d = start;
        while d < end {
            let Some(next) = d.next_day() else { break };
            d = next;
            if self.cal.is_working_day(d) && self.credited.insert(d) {
                days += 1;
            }
        }
        days
    }

    fn state(&self) -> CaseState {
        if self.closed {
            CaseState::Closed
        } else if self.delivered {
            CaseState::Delivered
        } else if self.clock.outcome.is_some() {
            CaseState::Decided
        } else if self.clock.received_on.is_none() {
            CaseState::AwaitingConfirmation
        } else if matches!(self.correction, Correction::Requested { .. }) {
            CaseState::AwaitingCorrection
        } else if self.correction == Correction::Lapsed {
            CaseState::CorrectionOverdue
        } else if self.fee == FeeStage::Unpaid {
            CaseState::FeeOverdue
        } else if self.clock.paused.iter().any(|p| matches!(p, Pause::Fee { .. })) {
            CaseState::FeePending
        } else if !self.clock.paused.is_empty() {
            CaseState::InConsultation
        } else if self.clock.extended {
            CaseState::Extended
        } else {
            CaseState::InProgress
        }
    }

    /// The pause-starting and deadline-moving events happen inside the
    /// period: after it, there is nothing left to pause or extend.
    fn within_period(&self, on: Date, what: &str) -> Result<(), String> {
        let due = self.running_due()?;
        if on > due.date {
            return Err(format!("答复期限已于 {} 届满，不能再{what}", due.date));
        }
        Ok(())
    }

    /// Applies one event; returns its explanation line.
    fn apply(&mut self, event: &Event) -> Result<String, String> {
        let state = self.state();
        if self.closed {
            return Err("案件已归档，不能再记录事项".into());
        }
        match event {
            Event::Delivered { .. } if state != CaseState::Decided => {
                return Err(if self.delivered {
                    "答复已送达，不能重复送达".into()
                } else {
                    "尚未作出答复，不能送达".into()
                });
            }
            Event::Closed { .. } if !state.is_decided() => return Err("尚未作出答复，不能归档".into()),
            Event::Delivered { .. } | Event::Closed { .. } => {}
            _ if state.is_decided() => return Err("案件已作出答复，不能再记录办理事项".into()),
            Event::Received { .. } => {}
            _ if self.clock.received_on.is_none() => {
                return Err(format!("尚未收到申请（{}），第一项事项应为“收到申请”", self.channel.receipt_rule()));
            }
            Event::CorrectionReceived { .. } | Event::CorrectionLapsed { .. } | Event::Decided { .. } => {}
            _ if matches!(self.correction, Correction::Requested { .. } | Correction::Lapsed) => {
                return Err("正在等待补正，答复期限停止计算，只能记录收到补正、补正期限届满或作出答复".into());
            }
            _ => {}
        }
        match event {
            Event::Received { on } => {
                if self.clock.received_on.is_some() {
                    return Err("已记录收到申请，不能重复记录".into());
                }
                let due = self.add(*on, REPLY_DAYS)?;
                let notice = self.add(*on, CORRECTION_NOTICE_DAYS)?;
                self.clock.received_on = Some(*on);
                self.clock.due = Some(due);
                self.clock.correction_notice_due = Some(notice);
                Ok(format!(
                    "收到申请（{}，{}）：{REPLY_DAYS}个工作日（第三十三条第二款）→ {}；如需补正，至迟 {} 一次性告知（第三十条）",
                    self.channel.label(),
                    self.channel.receipt_rule(),
                    show_due(due),
                    show_due(notice)
                ))
            }
            Event::CorrectionRequested { on, items, period_working_days } => {
                if self.correction != Correction::None {
                    return Err("补正应一次性告知（第三十条），本案已告知过补正".into());
                }
                if items.trim().is_empty() {
                    return Err("补正告知须写明需要补正的事项".into());
                }
                if *period_working_days == 0 {
                    return Err("补正期限应为合理的工作日数，不能为 0".into());
                }
                if !self.clock.paused.is_empty() {
                    return Err("征求意见或等待缴费期间不能告知补正".into());
                }
                let deadline = self.add(*on, *period_working_days)?;
                let late = self.clock.correction_notice_due.is_some_and(|n| *on > n.date);
                self.correction = Correction::Requested { deadline: deadline.date };
                self.clock.correction_deadline = Some(deadline);
                self.clock.due = None;
                Ok(format!(
                    "告知补正（第三十条），补正期限{period_working_days}个工作日至 {}：答复期限停止计算，收到补正后重新计算{}",
                    show_due(deadline),
                    if late { "；注意：补正告知晚于收到申请后7个工作日的法定期限" } else { "" }
                ))
            }
            Event::CorrectionReceived { on } => {
                if !matches!(self.correction, Correction::Requested { .. } | Correction::Lapsed) {
                    return Err("未告知补正，不能记录收到补正".into());
                }
                let due = self.add(*on, REPLY_DAYS)?;
                self.correction = Correction::Received;
                self.clock.correction_deadline = None;
                self.clock.due = Some(due);
                // Pauses before the restart no longer matter.
                self.credited.clear();
                Ok(format!(
                    "收到补正后的申请：重新计算{REPLY_DAYS}个工作日（第三十条、第三十三条第二款）→ {}",
                    show_due(due)
                ))
            }
            Event::CorrectionLapsed { on } => {
                let Correction::Requested { deadline } = self.correction else {
                    return Err("没有正在进行的补正期限".into());
                };
                if *on <= deadline {
                    return Err(format!("补正期限至 {deadline} 止，届满前不能记为逾期未补正"));
                }
                self.correction = Correction::Lapsed;
                Ok("补正期限届满未收到补正：视为放弃申请，可按“逾期不补正”终止办理（第三十条）".into())
            }
            Event::ConsultationSent { on, party } => {
                self.within_period(*on, "征求意见")?;
                if self.clock.paused.iter().any(|p| matches!(p, Pause::Consultation { party: q, .. } if q == party)) {
                    return Err(format!("向{}征求意见尚未结束", party.label()));
                }
                let window = self.add(*on, CONSULTATION_DAYS)?;
                self.clock.paused.push(Pause::Consultation { party: *party, since: *on, window_ends: window.date });
                Ok(format!(
                    "书面征求{}意见（第{}条），答复期限{CONSULTATION_DAYS}个工作日至 {}：所需时间不计算在答复期限内（第三十三条第三款）",
                    party.label(),
                    crate::citation::chinese_number(u32::from(party.article())),
                    show_due(window)
                ))
            }
            Event::ConsultationAnswered { on, party } => {
                let Some(pos) = self
                    .clock
                    .paused
                    .iter()
                    .position(|p| matches!(p, Pause::Consultation { party: q, .. } if q == party))
                else {
                    return Err(format!("没有正在进行的向{}征求意见", party.label()));
                };
                let Pause::Consultation { since, window_ends, .. } = self.clock.paused.remove(pos) else {
                    return Err("内部错误：暂停类型不符".into());
                };
                let end = (*on).min(window_ends);
                let days = self.credit_pause(since, end);
                let due = self.shift_due(days)?;
                let how = if *on > window_ends {
                    format!("征求意见期限于 {window_ends} 届满")
                } else {
                    "收到意见".into()
                };
                Ok(format!("{how}：扣除征求意见所需时间{days}个工作日（第三十三条第三款）→ {}", show_due(due)))
            }
            Event::Extended { on, working_days, reason, approval } => {
                if self.clock.extended {
                    return Err("答复期限只能延长一次（第三十三条第二款）".into());
                }
                if *working_days == 0 || *working_days > MAX_EXTENSION {
                    return Err(format!(
                        "延长期限最长不得超过{MAX_EXTENSION}个工作日（第三十三条第二款），所填为 {working_days}"
                    ));
                }
                if !approval.is_office_head || approval.approver.trim().is_empty() {
                    return Err("延期须经政府信息公开工作机构负责人同意（第三十三条第二款）".into());
                }
                if reason.trim().is_empty() {
                    return Err("延期须说明理由".into());
                }
                if approval.approved_on > *on {
                    return Err(format!("批准日期 {} 晚于告知申请人的日期", approval.approved_on));
                }
                self.within_period(approval.approved_on, "延期")?;
                let due = self.shift_due(*working_days)?;
                self.clock.extended = true;
                Ok(format!(
                    "延长答复期限{working_days}个工作日（负责人 {} 于 {} 同意并告知申请人，第三十三条第二款）→ {}",
                    approval.approver.trim(),
                    approval.approved_on,
                    show_due(due)
                ))
            }
            Event::FeeNotified { on } => {
                if self.fee != FeeStage::None {
                    return Err("同一申请只能发出一次收费通知".into());
                }
                self.within_period(*on, "发出收费通知（收费通知应在答复期限内发出）")?;
                let payment_due = self.add(*on, PAYMENT_DAYS)?;
                self.fee = FeeStage::Notified { payment_due: payment_due.date };
                if self.settings.fee_wait_suspends {
                    self.clock.paused.push(Pause::Fee { since: *on, payment_due: payment_due.date });
                }
                Ok(format!(
                    "发出收费通知（第四十二条，{}）：申请人应于 {} 前缴费{}",
                    crate::decision::FEE_RULES,
                    show_due(payment_due),
                    if self.settings.fee_wait_suspends { "，等待缴费期间答复期限暂停计算" } else { "" }
                ))
            }
            Event::FeePaid { on } => {
                let FeeStage::Notified { payment_due } = self.fee else {
                    return Err("没有待缴的收费通知".into());
                };
                if *on > payment_due {
                    return Err(format!("缴费期限已于 {payment_due} 届满"));
                }
                self.fee = FeeStage::Paid;
                let Some(pos) = self.clock.paused.iter().position(|p| matches!(p, Pause::Fee { .. })) else {
                    return Ok("申请人缴纳信息处理费（等待缴费期间不暂停计算）".into());
                };
                let Pause::Fee { since, .. } = self.clock.paused.remove(pos) else {
                    return Err("内部错误：暂停类型不符".into());
                };
                let days = self.credit_pause(since, *on);
                let due = self.shift_due(days)?;
                Ok(format!("申请人缴纳信息处理费：扣除等待缴费{days}个工作日 → {}", show_due(due)))
            }
            Event::FeeUnpaid { on } => {
                let FeeStage::Notified { payment_due } = self.fee else {
                    return Err("没有待缴的收费通知".into());
                };
                if *on <= payment_due {
                    return Err(format!("缴费期限至 {payment_due} 止，届满前不能记为逾期未缴费"));
                }
                self.fee = FeeStage::Unpaid;
                Ok("逾期未缴纳信息处理费：视为放弃申请，可按“逾期未缴纳费用”终止办理".into())
            }
            Event::LaterDeadline { on, until } => {
                self.within_period(*on, "另行确定答复期限")?;
                let due = self.running_due()?;
                if *until <= due.date {
                    return Err(format!("另行确定的期限 {until} 应晚于现有答复期限 {}", due.date));
                }
                if !self.cal.is_working_day(*until) {
                    return Err(format!("另行确定的期限 {until} 不是工作日"));
                }
                let later = Due { date: *until, provisional: !self.cal.covers(*until) };
                self.clock.due = Some(later);
                Ok(format!(
                    "申请数量、频次明显超过合理范围，另行确定合理期限并告知申请人（第三十五条）→ {}",
                    show_due(later)
                ))
            }
            Event::Decided { on, outcome } => {
                match outcome.row() {
                    T3Row::OtherNoCorrection if self.correction != Correction::Lapsed => {
                        return Err("只有补正期限届满未补正，才能按“逾期不补正”终止办理".into());
                    }
                    T3Row::OtherNoFee if self.fee != FeeStage::Unpaid => {
                        return Err("只有缴费期限届满未缴费，才能按“逾期未缴纳费用”终止办理".into());
                    }
                    _ => {}
                }
                if let Some(Pause::Consultation { party, .. }) =
                    self.clock.paused.iter().find(|p| matches!(p, Pause::Consultation { .. }))
                {
                    return Err(format!("向{}征求意见尚未结束，请先记录收到意见或期限届满", party.label()));
                }
                self.clock.outcome = Some((*on, *outcome));
                let timing = match self.clock.due {
                    Some(due) if *on > due.date => {
                        format!("，逾期 {} 个工作日", self.cal.working_days_between(due.date, *on))
                    }
                    _ => String::new(),
                };
                Ok(format!("作出答复：{}{timing}", outcome.display()))
            }
            Event::Delivered { method, .. } => {
                self.delivered = true;
                Ok(format!("答复已{}，救济期限自收到之日起算", method.label()))
            }
            Event::Closed { .. } => {
                self.closed = true;
                Ok("归档（第四十五条）".into())
            }
        }
    }
}
