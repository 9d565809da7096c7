//! The case's states and the events that move it between them — each name
//! and Chinese label written once, here. The state is never stored on its
//! own: it is what the validated event list ([`crate::clock`]) leads to.

use crate::names::Named;

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseState {
    /// Online, fax or ordinary letter: the receipt is not confirmed yet (no clock).
    AwaitingConfirmation,
    InProgress,
    /// A 补正 notice went out; the clock is stopped.
    AwaitingCorrection,
    /// The correction period ended with nothing received: may close as `other_no_correction`.
    CorrectionOverdue,
    /// A third party or another organ is being consulted; the clock is paused.
    InConsultation,
    /// In progress on the extended period (第三十三条).
    Extended,
    /// A fee notice is out; the clock waits for payment.
    FeePending,
    /// Unpaid after 20 working days: may close as `other_no_fee`.
    FeeOverdue,
    Decided,
    Delivered,
    /// Archived (第四十五条 归档).
    Closed,
}

impl CaseState {
    pub const ALL: [CaseState; 11] = [
        CaseState::AwaitingConfirmation,
        CaseState::InProgress,
        CaseState::AwaitingCorrection,
        CaseState::CorrectionOverdue,
        CaseState::InConsultation,
        CaseState::Extended,
        CaseState::FeePending,
        CaseState::FeeOverdue,
        CaseState::Decided,
        CaseState::Delivered,
        CaseState::Closed,
    ];

    /// The reply period is running (a due date can be overdue).
    pub fn clock_runs(self) -> bool {
        matches!(self, CaseState::InProgress | CaseState::Extended)
    }

    /// Decided, delivered or closed.
    pub fn is_decided(self) -> bool {
        matches!(self, CaseState::Decided | CaseState::Delivered | CaseState::Closed)
    }
}

impl Named for CaseState {
    const WHAT: &'static str = "案件状态";
    fn all() -> &'static [Self] {
        &Self::ALL
    }
    fn name(self) -> &'static str {
        match self {
            CaseState::AwaitingConfirmation => "awaiting_confirmation",
            CaseState::InProgress => "in_progress",
            CaseState::AwaitingCorrection => "awaiting_correction",
            CaseState::CorrectionOverdue => "correction_overdue",
            CaseState::InConsultation => "in_consultation",
            CaseState::Extended => "extended",
            CaseState::FeePending => "fee_pending",
            CaseState::FeeOverdue => "fee_overdue",
            CaseState::Decided => "decided",
            CaseState::Delivered => "delivered",
            CaseState::Closed => "closed",
        }
    }
    fn label(self) -> &'static str {
        match self {
            CaseState::AwaitingConfirmation => "待确认收到",
            CaseState::InProgress => "办理中",
            CaseState::AwaitingCorrection => "待补正",
            CaseState::CorrectionOverdue => "逾期未补正",
            CaseState::InConsultation => "征求意见中",
            CaseState::Extended => "延期办理中",
            CaseState::FeePending => "待缴费",
            CaseState::FeeOverdue => "逾期未缴费",
            CaseState::Decided => "已答复",
            CaseState::Delivered => "已送达",
            CaseState::Closed => "已归档",
        }
    }
}

/// The kinds of event (the transitions; the API's action names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// Received (in person, oral, signed post) or the receipt confirmed (the others).
    Received,
    CorrectionRequested,
    CorrectionReceived,
    CorrectionLapsed,
    ConsultationSent,
    ConsultationAnswered,
    Extended,
    FeeNotified,
    FeePaid,
    FeeUnpaid,
    LaterDeadline,
    Decided,
    Delivered,
    Closed,
}

impl EventKind {
    pub const ALL: [EventKind; 14] = [
        EventKind::Received,
        EventKind::CorrectionRequested,
        EventKind::CorrectionReceived,
        EventKind::CorrectionLapsed,
        EventKind::ConsultationSent,
        EventKind::ConsultationAnswered,
        EventKind::Extended,
        EventKind::FeeNotified,
        EventKind::FeePaid,
        EventKind::FeeUnpaid,
        EventKind::LaterDeadline,
        EventKind::Decided,
        EventKind::Delivered,
        EventKind::Closed,
    ];
}

impl Named for EventKind {
    const WHAT: &'static str = "办理事项";
    fn all() -> &'static [Self] {
        &Self::ALL
    }
    fn name(self) -> &'static str {
        match self {
            EventKind::Received => "confirm_receipt",
            EventKind::CorrectionRequested => "request_correction",
            EventKind::CorrectionReceived => "receive_correction",
            EventKind::CorrectionLapsed => "correction_lapsed",
            EventKind::ConsultationSent => "consult",
            EventKind::ConsultationAnswered => "consultation_answered",
            EventKind::Extended => "extend",
            EventKind::FeeNotified => "notify_fee",
            EventKind::FeePaid => "fee_paid",
            EventKind::FeeUnpaid => "fee_unpaid",
            EventKind::LaterDeadline => "set_later_deadline",
            EventKind::Decided => "decide",
            EventKind::Delivered => "deliver",
            EventKind::Closed => "close",
        }
    }
    fn label(self) -> &'static str {
        match self {
            EventKind::Received => "收到申请",
            EventKind::CorrectionRequested => "告知补正",
            EventKind::CorrectionReceived => "收到补正",
            EventKind::CorrectionLapsed => "补正期限届满",
            EventKind::ConsultationSent => "征求意见",
            EventKind::ConsultationAnswered => "征求意见结束",
            EventKind::Extended => "延期答复",
            EventKind::FeeNotified => "收费通知",
            EventKind::FeePaid => "缴纳费用",
            EventKind::FeeUnpaid => "逾期未缴费",
            EventKind::LaterDeadline => "另行确定答复期限",
            EventKind::Decided => "作出答复",
            EventKind::Delivered => "送达",
            EventKind::Closed => "归档",
        }
    }
}

/// Whom a consultation letter goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Party {
    /// 第三十二条: a third party whose lawful rights may be harmed.
    ThirdParty,
    /// 第三十四条: another organ that made the information jointly.
    Organ,
}

impl Party {
    pub const ALL: [Party; 2] = [Party::ThirdParty, Party::Organ];

    pub fn article(self) -> u8 {
        match self {
            Party::ThirdParty => 32,
            Party::Organ => 34,
        }
    }
}

impl Named for Party {
    const WHAT: &'static str = "征求意见对象";
    fn all() -> &'static [Self] {
        &Self::ALL
    }
    fn name(self) -> &'static str {
        match self {
            Party::ThirdParty => "third_party",
            Party::Organ => "organ",
        }
    }
    fn label(self) -> &'static str {
        match self {
            Party::ThirdParty => "第三方",
            Party::Organ => "其他机关",
        }
    }
}

/// How a letter reached the applicant (the delivery date starts the remedy periods).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryMethod {
    InPerson,
    Post,
    Email,
    Online,
    Fax,
}

impl DeliveryMethod {
    pub const ALL: [DeliveryMethod; 5] = [
        DeliveryMethod::InPerson,
        DeliveryMethod::Post,
        DeliveryMethod::Email,
        DeliveryMethod::Online,
        DeliveryMethod::Fax,
    ];
}

impl Named for DeliveryMethod {
    const WHAT: &'static str = "送达方式";
    fn all() -> &'static [Self] {
        &Self::ALL
    }
    fn name(self) -> &'static str {
        match self {
            DeliveryMethod::InPerson => "in_person",
            DeliveryMethod::Post => "post",
            DeliveryMethod::Email => "email",
            DeliveryMethod::Online => "online",
            DeliveryMethod::Fax => "fax",
        }
    }
    fn label(self) -> &'static str {
        match self {
            DeliveryMethod::InPerson => "当面送达",
            DeliveryMethod::Post => "邮寄送达",
            DeliveryMethod::Email => "电子邮件送达",
            DeliveryMethod::Online => "网上送达",
            DeliveryMethod::Fax => "传真送达",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every name parses back to its value, names and labels are unique, and
    /// an unknown name is an error that lists the known ones.
    fn round_trip<T: Named + std::fmt::Debug>() {
        let mut names = std::collections::HashSet::new();
        let mut labels = std::collections::HashSet::new();
        for &v in T::all() {
            assert_eq!(T::from_name(v.name()), Ok(v));
            assert!(names.insert(v.name()), "duplicate name {}", v.name());
            assert!(labels.insert(v.label()), "duplicate label {}", v.label());
        }
        let err = T::from_name("no_such_name").unwrap_err();
        assert!(err.to_string().contains(T::WHAT) && err.to_string().contains(T::all()[0].name()), "{err}");
    }

    #[test]
    fn names_round_trip_and_unknown_names_are_errors() {
        round_trip::<CaseState>();
        round_trip::<EventKind>();
        round_trip::<Party>();
        round_trip::<DeliveryMethod>();
        round_trip::<crate::Channel>();
        round_trip::<crate::ApplicantKind>();
        round_trip::<crate::InfoForm>();
        assert!(CaseState::from_name("").is_err());
        assert!(CaseState::from_name("Decided").is_err(), "names are exact");
    }
}
