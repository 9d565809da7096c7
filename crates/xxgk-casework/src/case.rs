//! The case record (casework.md §1): one application — its channel, the
//! applicant (第二十九条), what is asked for and in what form, the events,
//! and once decided the decision and any fee decision. Everything else — the
//! state, the due date, the table-三 summary — is derived from it.

use time::Date;
use xxgk_calendar::WorkCalendar;

use crate::applicant::Applicant;
use crate::channel::Channel;
use crate::clock::{Clock, ClockError, ClockSettings, Event, evaluate};
use crate::decision::{Decision, InfoForm};
use crate::fee::FeeDecision;
use crate::tables::CaseSummary;

/// One application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub channel: Channel,
    pub applicant: Applicant,
    /// The information asked for: its name, 文号 or another description (第二十九条).
    pub description: String,
    /// The form the applicant wants (第二十九条, 第四十条).
    pub wanted_form: InfoForm,
    pub events: Vec<Event>,
    pub decision: Option<Decision>,
    /// At most one per application: 按件 or 按量, never both (`fees.md` §3).
    pub fee: Option<FeeDecision>,
}

/// Why a case record does not hold together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    #[error("description：须写明所需政府信息的名称、文号或者便于查询的其他特征性描述（第二十九条）")]
    MissingDescription,
    #[error(transparent)]
    Clock(#[from] ClockError),
    #[error("decision：答复记录（{decision}，{decided_on}）与“作出答复”事项不一致")]
    DecisionMismatch { decision: &'static str, decided_on: Date },
    #[error("decision：已记录“作出答复”事项，但缺少答复内容")]
    MissingDecision,
    #[error("fee：有收费通知事项，但缺少收费决定（收费须有理由和审批，不能自动收费）")]
    MissingFeeDecision,
}

impl Case {
    /// Validates the record and folds its events into its clock.
    pub fn clock(&self, cal: &WorkCalendar, settings: ClockSettings) -> Result<Clock, CaseError> {
        if self.description.trim().is_empty() {
            return Err(CaseError::MissingDescription);
        }
        let clock = evaluate(cal, self.channel, &self.events, settings)?;
        match (&self.decision, clock.outcome) {
            (Some(d), Some((on, outcome))) if d.outcome() == outcome && d.decided_on() == on => {}
            (Some(d), _) => {
                return Err(CaseError::DecisionMismatch { decision: d.outcome().key(), decided_on: d.decided_on() });
            }
            (None, Some(_)) => return Err(CaseError::MissingDecision),
            (None, None) => {}
        }
        if self.fee.is_none() && self.events.iter().any(|e| matches!(e, Event::FeeNotified { .. })) {
            return Err(CaseError::MissingFeeDecision);
        }
        Ok(clock)
    }

    /// What table 三 counts of the case (`None` before the receipt).
    pub fn summary(&self, clock: &Clock) -> Option<CaseSummary> {
        Some(CaseSummary { kind: self.applicant.kind(), received_on: clock.received_on?, decided: clock.outcome })
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::decision::Outcome;
    use crate::sample;

    fn case(events: Vec<Event>, decision: Option<Decision>) -> Case {
        Case {
            channel: Channel::Online,
            applicant: sample::applicant(),
            description: sample::REQUEST.into(),
            wanted_form: InfoForm::Email,
            events,
            decision,
            fee: None,
        }
    }

    #[test]
    fn the_record_and_its_events_agree() {
        let cal = WorkCalendar::official();
        let settings = ClockSettings::default();
        let granted = Outcome::from_key("granted").unwrap();
        let decided = vec![
            Event::Received { on: sample::RECEIVED_ON },
            Event::Decided { on: sample::DECIDED_ON, outcome: granted },
        ];
        let ok = case(decided.clone(), Some(sample::decision(granted)));
        let clock = ok.clock(&cal, settings).unwrap();
        let summary = ok.summary(&clock).unwrap();
        assert_eq!((summary.received_on, summary.decided), (sample::RECEIVED_ON, Some((sample::DECIDED_ON, granted))));
        assert_eq!(case(decided.clone(), None).clock(&cal, settings), Err(CaseError::MissingDecision));
        let other = sample::decision(Outcome::from_key("rejected_duplicate").unwrap());
        assert!(matches!(case(decided, Some(other)).clock(&cal, settings), Err(CaseError::DecisionMismatch { .. })));
        let waiting = case(vec![], None);
        assert_eq!(waiting.summary(&waiting.clock(&cal, settings).unwrap()), None, "not received yet: not counted");
        let blank = Case { description: " ".into(), ..waiting.clone() };
        assert_eq!(blank.clock(&cal, settings), Err(CaseError::MissingDescription));
        let shown = format!("{ok:?}");
        for secret in ["三丰", "110101199003070011", "13800138000", "zhang@example.cn"] {
            assert!(!shown.contains(secret), "a logged case leaks {secret}");
        }
        let fee = vec![Event::Received { on: date!(2025 - 03 - 03) }, Event::FeeNotified { on: date!(2025 - 03 - 10) }];
        assert_eq!(case(fee, None).clock(&cal, settings), Err(CaseError::MissingFeeDecision));
    }
}
