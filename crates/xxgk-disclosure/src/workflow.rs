//! The review workflow (`proactive-disclosure.md` §4): 拟稿 → 保密审查 →
//! 签发 → 发布, as a typed state machine over recorded events. "先审查、后
//! 公开": the 保密审查 is done by someone other than the drafter, who may
//! refer the question to the 保密行政管理部门 and must have its answer before
//! passing; a rejection returns the item with reasons; publication needs a
//! 主动公开 attribute and a personal-data screen with no unresolved error
//! finding. Published items can be withdrawn (who, when, why), expire
//! (失效/废止, still listed) or be corrected — a correction is a new
//! [`Version`] going through the same review, the earlier one stays reachable.

use time::{Date, OffsetDateTime};
use xxgk_domain::{Named, ValidationError};

use xxgk_calendar::{Due, WorkCalendar};

use crate::attribute::Disclosure;
use crate::due::{DueError, publish_due};
use crate::index::IndexNumber;
use crate::metadata::{DocumentMeta, Validity, ValidityEnd};
use crate::table2::DocumentFacts;

/// A staff member, as the caller's user id.
pub type ActorId = i64;

named_enum! {
    /// Where one version of an item stands.
    pub enum DocState: "文件状态" {
        Draft = "draft", "拟稿";
        InReview = "in_review", "保密审查";
        AwaitingApproval = "awaiting_approval", "待签发";
        Approved = "approved", "已签发";
        Published = "published", "已发布";
        Withdrawn = "withdrawn", "已撤回";
    }
}

named_enum! {
    /// The transitions (the API's action names).
    pub enum ActionKind: "操作" {
        Submit = "submit", "送审";
        Refer = "refer", "提请保密行政管理部门确定";
        ReferralAnswered = "referral_answered", "登记保密部门答复";
        ReviewPass = "review_pass", "审查通过";
        ReviewReject = "review_reject", "审查退回";
        Approve = "approve", "签发";
        Publish = "publish", "发布";
        Withdraw = "withdraw", "撤回";
        Expire = "expire", "标记失效或废止";
    }
}

/// A reviewer's override of one error-level personal-data finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenOverride {
    /// The finding as the screen names it (masked excerpt and place).
    pub finding: String,
    pub reason: String,
    pub by: ActorId,
}

/// What the personal-data screen says at publication time, supplied by the
/// caller (so this crate does not depend on the screen): error findings
/// neither masked nor overridden, and the overrides with their reasons.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScreenGate {
    pub unresolved_errors: u32,
    pub overrides: Vec<ScreenOverride>,
}

/// A transition with its data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Submit,
    /// To the 保密行政管理部门 (or another competent department), 第十七条.
    Refer {
        to: String,
        question: String,
    },
    ReferralAnswered {
        answer: String,
    },
    ReviewPass {
        basis: String,
    },
    ReviewReject {
        reasons: String,
    },
    Approve,
    Publish {
        screen: ScreenGate,
    },
    Withdraw {
        reason: String,
    },
    Expire {
        how: ValidityEnd,
        on: Date,
    },
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Submit => ActionKind::Submit,
            Action::Refer { .. } => ActionKind::Refer,
            Action::ReferralAnswered { .. } => ActionKind::ReferralAnswered,
            Action::ReviewPass { .. } => ActionKind::ReviewPass,
            Action::ReviewReject { .. } => ActionKind::ReviewReject,
            Action::Approve => ActionKind::Approve,
            Action::Publish { .. } => ActionKind::Publish,
            Action::Withdraw { .. } => ActionKind::Withdraw,
            Action::Expire { .. } => ActionKind::Expire,
        }
    }
}

/// A recorded transition: what, by whom, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub action: Action,
    pub by: ActorId,
    pub at: OffsetDateTime,
}

/// A refused transition.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("“{}”状态下不能{}", .state.label(), .action.label())]
    NotNow { state: DocState, action: ActionKind },
    #[error("保密审查须由拟稿人以外的人员进行")]
    ReviewerIsDrafter,
    #[error("已提请保密行政管理部门确定，须登记其答复后才能审查通过")]
    ReferralOpen,
    #[error("没有待答复的提请")]
    NoReferral,
    #[error("{} 的信息不主动发布", .0.describe())]
    NotProactive(Disclosure),
    #[error("个人信息筛查尚有 {0} 处错误级发现未处理（须脱敏或由审查人说明理由后放行）")]
    ScreenBlocked(u32),
    #[error("只有规章和行政规范性文件才有有效性")]
    NoValidity,
    #[error("该文件已{}", .0.label())]
    AlreadyEnded(ValidityEnd),
    #[error("事件时间早于上一事件")]
    OutOfOrder,
    #[error(transparent)]
    Field(#[from] ValidationError),
}

/// A correction that cannot start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CorrectionError {
    #[error("“{}”的文件不能更正：只有已发布或已撤回的文件可以更正", .0.label())]
    NotPublished(DocState),
    #[error("changed_on: 变更日期早于成文日期")]
    ChangedBeforeFormed,
    #[error("文件没有任何版本")]
    NoVersions,
    #[error("第 {0} 版的编号或变更日期与版本顺序不符")]
    BadVersion(u32),
}

/// The reviewer must differ from the drafter ("谁公开谁审查" by someone
/// other than the author).
pub fn check_reviewer(drafter: ActorId, reviewer: ActorId) -> Result<(), WorkflowError> {
    if drafter == reviewer { Err(WorkflowError::ReviewerIsDrafter) } else { Ok(()) }
}

fn required(field: &'static str, text: &str) -> Result<String, ValidationError> {
    xxgk_domain::validate::check_required_text(field, text, 2000)
}

/// One version of an item: its metadata, its drafter and its events; the
/// state is what the events lead to and is never set directly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    number: u32,
    drafted_by: ActorId,
    meta: DocumentMeta,
    events: Vec<Event>,
    /// For a correction: the day the information changed, which restarts
    /// the 第二十六条 clock ("形成或者变更之日").
    changed_on: Option<Date>,
    state: DocState,
    open_referral: bool,
}

impl Version {
    /// A new draft.
    pub fn draft(number: u32, meta: DocumentMeta, drafted_by: ActorId) -> Self {
        Self {
            number,
            drafted_by,
            meta,
            events: Vec::new(),
            changed_on: None,
            state: DocState::Draft,
            open_referral: false,
        }
    }

    /// Rebuilds a version from what the store keeps (`changed_on` for a
    /// correction), refusing any event the rules would not have allowed:
    /// the error carries the event's position.
    pub fn replay(
        number: u32,
        meta: DocumentMeta,
        drafted_by: ActorId,
        changed_on: Option<Date>,
        events: Vec<Event>,
    ) -> Result<Self, (usize, WorkflowError)> {
        let mut v = Self::draft(number, meta, drafted_by);
        v.changed_on = changed_on;
        for (i, e) in events.into_iter().enumerate() {
            v.apply(e).map_err(|err| (i, err))?;
        }
        Ok(v)
    }

    pub fn number(&self) -> u32 {
        self.number
    }
    pub fn drafted_by(&self) -> ActorId {
        self.drafted_by
    }
    pub fn meta(&self) -> &DocumentMeta {
        &self.meta
    }
    pub fn events(&self) -> &[Event] {
        &self.events
    }
    pub fn state(&self) -> DocState {
        self.state
    }

    /// When the 第二十六条 clock starts: the change date of a correction,
    /// else the 成文日期.
    pub fn clock_starts_on(&self) -> Date {
        self.changed_on.unwrap_or(self.meta.formed_on)
    }

    /// The 第二十六条 due date of this version.
    pub fn publish_due(&self, calendar: &WorkCalendar) -> Result<Due, DueError> {
        publish_due(calendar, self.clock_starts_on())
    }

    /// The day it went public (发布日期).
    pub fn published_on(&self) -> Option<Date> {
        self.events.iter().find(|e| e.action.kind() == ActionKind::Publish).map(|e| e.at.date())
    }

    /// Published and not withdrawn (an expired 规范性文件 stays listed with
    /// its 有效性). Whether the portal shows it as current or as an earlier
    /// version is [`Document`]'s call.
    pub fn is_listed(&self) -> bool {
        self.state == DocState::Published
    }

    /// Applies a transition, or says why it is refused (the version is then unchanged).
    pub fn apply(&mut self, event: Event) -> Result<(), WorkflowError> {
        use DocState::*;
        if self.events.last().is_some_and(|last| event.at < last.at) {
            return Err(WorkflowError::OutOfOrder);
        }
        let not_now = || WorkflowError::NotNow { state: self.state, action: event.action.kind() };
        let (next, referral) = match &event.action {
            Action::Submit if self.state == Draft => (InReview, false),
            Action::Refer { to, question } if self.state == InReview => {
                check_reviewer(self.drafted_by, event.by)?;
                if self.open_referral {
                    return Err(WorkflowError::ReferralOpen);
                }
                required("to", to)?;
                required("question", question)?;
                (InReview, true)
            }
            Action::ReferralAnswered { answer } if self.state == InReview => {
                if !self.open_referral {
                    return Err(WorkflowError::NoReferral);
                }
                required("answer", answer)?;
                (InReview, false)
            }
            Action::ReviewPass { basis } if self.state == InReview => {
                check_reviewer(self.drafted_by, event.by)?;
                if self.open_referral {
                    return Err(WorkflowError::ReferralOpen);
                }
                required("basis", basis)?;
                (AwaitingApproval, false)
            }
            Action::ReviewReject { reasons } if self.state == InReview => {
                check_reviewer(self.drafted_by, event.by)?;
                required("reasons", reasons)?;
                (Draft, false)
            }
            Action::Approve if self.state == AwaitingApproval => (Approved, false),
            Action::Publish { screen } if self.state == Approved => {
                if self.meta.disclosure != Disclosure::Proactive {
                    return Err(WorkflowError::NotProactive(self.meta.disclosure));
                }
                if screen.unresolved_errors > 0 {
                    return Err(WorkflowError::ScreenBlocked(screen.unresolved_errors));
                }
                for o in &screen.overrides {
                    required("override_reason", &o.reason)?;
                    check_reviewer(self.drafted_by, o.by)?;
                }
                if event.at.date() < self.meta.formed_on {
                    return Err(ValidationError::new("published_on", "发布日期早于成文日期").into());
                }
                (Published, false)
            }
            Action::Withdraw { reason } if self.state == Published => {
                required("reason", reason)?;
                (Withdrawn, false)
            }
            Action::Expire { how, on } if self.state == Published => {
                match self.meta.validity {
                    None => return Err(WorkflowError::NoValidity),
                    Some(Validity::Ended { how, .. }) => return Err(WorkflowError::AlreadyEnded(how)),
                    Some(Validity::InForce) => {}
                }
                if *on < self.meta.formed_on {
                    return Err(ValidationError::new("on", format!("{}日期早于成文日期", how.label())).into());
                }
                self.meta.validity = Some(Validity::Ended { how: *how, on: *on });
                (Published, false)
            }
            _ => return Err(not_now()),
        };
        self.state = next;
        self.open_referral =
            referral || (self.open_referral && next == InReview && event.action.kind() != ActionKind::ReferralAnswered);
        self.events.push(event);
        Ok(())
    }
}

/// An item: its permanent 索引号 and its versions, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    index_number: IndexNumber,
    versions: Vec<Version>,
}

impl Document {
    pub fn new(index_number: IndexNumber, meta: DocumentMeta, drafted_by: ActorId) -> Self {
        Self { index_number, versions: vec![Version::draft(1, meta, drafted_by)] }
    }

    /// Rebuilds a document from its replayed versions: numbered 1, 2, 3 …,
    /// every version but the newest published or withdrawn before the next
    /// began (as [`Document::start_correction`] requires), and only
    /// corrections carrying a change date.
    pub fn from_versions(index_number: IndexNumber, versions: Vec<Version>) -> Result<Self, CorrectionError> {
        if versions.is_empty() {
            return Err(CorrectionError::NoVersions);
        }
        for (i, v) in versions.iter().enumerate() {
            if v.number as usize != i + 1 || (i == 0) != v.changed_on.is_none() {
                return Err(CorrectionError::BadVersion(v.number));
            }
            if i + 1 < versions.len() && !matches!(v.state, DocState::Published | DocState::Withdrawn) {
                return Err(CorrectionError::NotPublished(v.state));
            }
        }
        Ok(Self { index_number, versions })
    }

    pub fn index_number(&self) -> &IndexNumber {
        &self.index_number
    }

    pub fn versions(&self) -> &[Version] {
        &self.versions
    }

    /// The newest version (the one being worked on).
    pub fn latest(&self) -> &Version {
        // `versions` is never empty: `new` creates the first.
        &self.versions[self.versions.len() - 1]
    }

    pub fn apply(&mut self, event: Event) -> Result<(), WorkflowError> {
        let last = self.versions.len() - 1;
        self.versions[last].apply(event)
    }

    /// The version the portal shows: the newest listed one.
    pub fn current(&self) -> Option<&Version> {
        self.versions.iter().rev().find(|v| v.is_listed())
    }

    /// Earlier published versions, reachable from the current one with
    /// their dates. A withdrawn version is never reachable (it may be the
    /// one with the personal data).
    pub fn superseded(&self) -> Vec<&Version> {
        let current = self.current().map(Version::number);
        self.versions.iter().filter(|v| v.is_listed() && Some(v.number()) != current).collect()
    }

    /// What table 二 counts of this item (`None` unless it is a 规章 or
    /// 行政规范性文件): the first 成文日期, the first publication if a
    /// version is still listed, and the current 有效性's end.
    pub fn table2_facts(&self) -> Option<DocumentFacts> {
        let first = &self.versions[0];
        let now = self.current().unwrap_or(self.latest());
        if !now.meta.kind.has_validity() {
            return None;
        }
        Some(DocumentFacts {
            kind: now.meta.kind,
            formed_on: first.meta.formed_on,
            published_on: self.current().and_then(|_| self.versions.iter().find_map(Version::published_on)),
            ended_on: now.meta.validity.and_then(Validity::ended_on),
        })
    }

    /// Starts a correction (更正) of a published or withdrawn item: a new
    /// version drafted from new metadata, changed on `changed_on`; a
    /// published version stays on the portal until the correction is
    /// published in its turn.
    pub fn start_correction(
        &mut self,
        meta: DocumentMeta,
        drafted_by: ActorId,
        changed_on: Date,
    ) -> Result<(), CorrectionError> {
        let latest = self.latest();
        if !matches!(latest.state(), DocState::Published | DocState::Withdrawn) {
            return Err(CorrectionError::NotPublished(latest.state()));
        }
        if changed_on < meta.formed_on {
            return Err(CorrectionError::ChangedBeforeFormed);
        }
        let number = latest.number() + 1;
        let mut version = Version::draft(number, meta, drafted_by);
        version.changed_on = Some(changed_on);
        self.versions.push(version);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attribute::Exemption;
    use crate::index::{IndexPattern, Serial};
    use crate::metadata::tests::{context, draft};
    use proptest::prelude::*;
    use time::macros::{date, datetime};

    const DRAFTER: ActorId = 1;
    const REVIEWER: ActorId = 2;
    const APPROVER: ActorId = 3;

    fn meta() -> DocumentMeta {
        let (c, s) = context();
        draft().validate(&c, &s, date!(2025 - 06 - 01)).unwrap()
    }

    fn doc() -> Document {
        let n = IndexPattern::new("{seq:05}").unwrap().format("", 2025, Serial(1)).unwrap();
        Document::new(n, meta(), DRAFTER)
    }

    fn ev(action: Action, by: ActorId) -> Event {
        Event { action, by, at: datetime!(2025-03-20 10:00 UTC) }
    }

    fn pass() -> Action {
        Action::ReviewPass { basis: "不涉及国家秘密".into() }
    }

    fn publish() -> Action {
        Action::Publish { screen: ScreenGate::default() }
    }

    fn published() -> Document {
        let mut d = doc();
        for (a, by) in
            [(Action::Submit, DRAFTER), (pass(), REVIEWER), (Action::Approve, APPROVER), (publish(), APPROVER)]
        {
            d.apply(ev(a, by)).unwrap();
        }
        d
    }

    #[test]
    fn the_happy_path_publishes() {
        let d = published();
        assert_eq!(d.latest().state(), DocState::Published);
        assert_eq!(d.latest().published_on(), Some(date!(2025 - 03 - 20)));
        assert!(d.current().is_some());
    }

    #[test]
    fn the_drafter_cannot_review_or_refer() {
        let mut d = doc();
        d.apply(ev(Action::Submit, DRAFTER)).unwrap();
        assert_eq!(d.apply(ev(pass(), DRAFTER)), Err(WorkflowError::ReviewerIsDrafter));
        let reject = Action::ReviewReject { reasons: "x".into() };
        assert_eq!(d.apply(ev(reject, DRAFTER)), Err(WorkflowError::ReviewerIsDrafter));
        let refer = Action::Refer { to: "县保密局".into(), question: "是否涉密".into() };
        assert_eq!(d.apply(ev(refer, DRAFTER)), Err(WorkflowError::ReviewerIsDrafter));
        assert_eq!(d.latest().state(), DocState::InReview);
        assert!(check_reviewer(1, 2).is_ok());
    }

    #[test]
    fn steps_cannot_be_skipped() {
        let mut d = doc();
        let err = d.apply(ev(publish(), APPROVER)).unwrap_err();
        assert_eq!(err.to_string(), "“拟稿”状态下不能发布");
        assert!(d.apply(ev(Action::Approve, APPROVER)).is_err());
        assert!(d.apply(ev(pass(), REVIEWER)).is_err());
        assert!(d.apply(ev(Action::Withdraw { reason: "x".into() }, APPROVER)).is_err());
    }

    #[test]
    fn rejection_returns_with_reasons() {
        let mut d = doc();
        d.apply(ev(Action::Submit, DRAFTER)).unwrap();
        let blank = Action::ReviewReject { reasons: " ".into() };
        assert!(matches!(d.apply(ev(blank, REVIEWER)), Err(WorkflowError::Field(e)) if e.field == "reasons"));
        d.apply(ev(Action::ReviewReject { reasons: "附件含内部讨论记录".into() }, REVIEWER)).unwrap();
        assert_eq!(d.latest().state(), DocState::Draft);
        d.apply(ev(Action::Submit, DRAFTER)).unwrap();
        assert_eq!(d.latest().state(), DocState::InReview);
    }

    #[test]
    fn a_referral_must_be_answered_before_passing() {
        let mut d = doc();
        d.apply(ev(Action::Submit, DRAFTER)).unwrap();
        assert_eq!(
            d.apply(ev(Action::ReferralAnswered { answer: "x".into() }, REVIEWER)),
            Err(WorkflowError::NoReferral)
        );
        d.apply(ev(Action::Refer { to: "县保密局".into(), question: "附件三是否涉密".into() }, REVIEWER)).unwrap();
        assert_eq!(d.apply(ev(pass(), REVIEWER)), Err(WorkflowError::ReferralOpen));
        let again = Action::Refer { to: "县保密局".into(), question: "再问".into() };
        assert_eq!(d.apply(ev(again, REVIEWER)), Err(WorkflowError::ReferralOpen));
        d.apply(ev(Action::ReferralAnswered { answer: "不属于国家秘密".into() }, REVIEWER)).unwrap();
        d.apply(ev(pass(), REVIEWER)).unwrap();
        assert_eq!(d.latest().state(), DocState::AwaitingApproval);
    }

    #[test]
    fn publication_waits_for_the_screen_and_needs_proactive() {
        let mut d = doc();
        for (a, by) in [(Action::Submit, DRAFTER), (pass(), REVIEWER), (Action::Approve, APPROVER)] {
            d.apply(ev(a, by)).unwrap();
        }
        let blocked = Action::Publish { screen: ScreenGate { unresolved_errors: 2, overrides: vec![] } };
        assert_eq!(d.apply(ev(blocked, APPROVER)), Err(WorkflowError::ScreenBlocked(2)));
        let own = ScreenOverride {
            finding: "第 3 行 手机号码 138****5678".into(),
            reason: "单位公开电话".into(),
            by: DRAFTER,
        };
        let by_drafter = Action::Publish { screen: ScreenGate { unresolved_errors: 0, overrides: vec![own.clone()] } };
        assert_eq!(d.apply(ev(by_drafter, APPROVER)), Err(WorkflowError::ReviewerIsDrafter));
        let no_reason = ScreenOverride { reason: "".into(), by: REVIEWER, ..own.clone() };
        let blank = Action::Publish { screen: ScreenGate { unresolved_errors: 0, overrides: vec![no_reason] } };
        assert!(matches!(d.apply(ev(blank, APPROVER)), Err(WorkflowError::Field(e)) if e.field == "override_reason"));
        let ok = ScreenOverride { by: REVIEWER, ..own };
        d.apply(ev(Action::Publish { screen: ScreenGate { unresolved_errors: 0, overrides: vec![ok] } }, APPROVER))
            .unwrap();

        let mut m = meta();
        m.disclosure = Disclosure::Withheld(Exemption::ProcessInformation);
        let mut w = Document::new(d.index_number().clone(), m, DRAFTER);
        for (a, by) in [(Action::Submit, DRAFTER), (pass(), REVIEWER), (Action::Approve, APPROVER)] {
            w.apply(ev(a, by)).unwrap();
        }
        assert!(matches!(w.apply(ev(publish(), APPROVER)), Err(WorkflowError::NotProactive(_))));
    }

    #[test]
    fn withdrawal_takes_it_off_and_keeps_why() {
        let mut d = published();
        assert!(d.apply(ev(Action::Withdraw { reason: "".into() }, APPROVER)).is_err());
        d.apply(ev(Action::Withdraw { reason: "公示名单含身份证号码".into() }, APPROVER)).unwrap();
        assert_eq!(d.latest().state(), DocState::Withdrawn);
        assert!(d.current().is_none());
        assert_eq!(d.table2_facts().unwrap().published_on, None, "no longer published");
        let last = d.latest().events().last().unwrap();
        assert_eq!((last.by, last.at), (APPROVER, datetime!(2025-03-20 10:00 UTC)));
    }

    #[test]
    fn an_expired_normative_document_stays_listed() {
        let mut d = published();
        let facts = d.table2_facts().unwrap();
        assert_eq!((facts.published_on, facts.ended_on), (Some(date!(2025 - 03 - 20)), None));
        let before = Action::Expire { how: ValidityEnd::Repealed, on: date!(2024 - 01 - 01) };
        assert!(matches!(d.apply(ev(before, APPROVER)), Err(WorkflowError::Field(e)) if e.field == "on"));
        d.apply(ev(Action::Expire { how: ValidityEnd::Repealed, on: date!(2025 - 12 - 01) }, APPROVER)).unwrap();
        assert!(d.current().is_some());
        assert_eq!(d.latest().meta().validity.unwrap().label(), "废止");
        assert_eq!(d.table2_facts().unwrap().ended_on, Some(date!(2025 - 12 - 01)));
        let again = Action::Expire { how: ValidityEnd::Lapsed, on: date!(2025 - 12 - 02) };
        assert_eq!(d.apply(ev(again, APPROVER)), Err(WorkflowError::AlreadyEnded(ValidityEnd::Repealed)));

        let mut m = meta();
        m.kind = crate::metadata::DocumentKind::Other;
        m.validity = None;
        let mut o = Document::new(d.index_number().clone(), m, DRAFTER);
        for (a, by) in
            [(Action::Submit, DRAFTER), (pass(), REVIEWER), (Action::Approve, APPROVER), (publish(), APPROVER)]
        {
            o.apply(ev(a, by)).unwrap();
        }
        let expire = Action::Expire { how: ValidityEnd::Lapsed, on: date!(2025 - 12 - 02) };
        assert_eq!(o.apply(ev(expire, APPROVER)), Err(WorkflowError::NoValidity));
        assert_eq!(o.table2_facts(), None);
    }

    #[test]
    fn a_correction_keeps_the_earlier_version_reachable() {
        let mut d = published();
        assert_eq!(
            doc().start_correction(meta(), DRAFTER, date!(2025 - 04 - 01)),
            Err(CorrectionError::NotPublished(DocState::Draft))
        );
        assert_eq!(
            d.clone().start_correction(meta(), DRAFTER, date!(2025 - 01 - 01)),
            Err(CorrectionError::ChangedBeforeFormed)
        );
        let mut corrected = meta();
        corrected.title.push_str("（更正）");
        d.start_correction(corrected, DRAFTER, date!(2025 - 04 - 01)).unwrap();
        let cal = WorkCalendar::official();
        assert_eq!(d.versions()[0].publish_due(&cal).unwrap().date, date!(2025 - 04 - 08));
        assert_eq!(d.latest().clock_starts_on(), date!(2025 - 04 - 01), "a change restarts the 第二十六条 clock");
        assert_eq!(d.current().unwrap().number(), 1, "the old version stays up until the correction is published");
        for (a, by) in
            [(Action::Submit, DRAFTER), (pass(), REVIEWER), (Action::Approve, APPROVER), (publish(), APPROVER)]
        {
            d.apply(ev(a, by)).unwrap();
        }
        assert_eq!(d.current().unwrap().number(), 2);
        assert_eq!(d.superseded().iter().map(|v| v.number()).collect::<Vec<_>>(), [1]);
        assert_eq!(d.versions()[0].published_on(), Some(date!(2025 - 03 - 20)));
    }

    #[test]
    fn a_withdrawn_version_is_never_reachable_after_its_correction() {
        let mut d = published();
        d.apply(ev(Action::Withdraw { reason: "公示名单含身份证号码".into() }, APPROVER)).unwrap();
        d.start_correction(meta(), DRAFTER, date!(2025 - 03 - 21)).unwrap();
        assert!(d.current().is_none() && d.superseded().is_empty());
        let at = datetime!(2025-03-21 09:00 UTC);
        for (a, by) in
            [(Action::Submit, DRAFTER), (pass(), REVIEWER), (Action::Approve, APPROVER), (publish(), APPROVER)]
        {
            d.apply(Event { action: a, by, at }).unwrap();
        }
        assert_eq!(d.current().unwrap().number(), 2);
        assert!(d.superseded().is_empty(), "the withdrawn first version stays off the portal");
        assert_eq!(d.versions()[0].state(), DocState::Withdrawn);
    }

    #[test]
    fn replay_refuses_what_the_rules_refuse() {
        let events = vec![ev(Action::Submit, DRAFTER), ev(pass(), DRAFTER)];
        assert_eq!(
            Version::replay(1, meta(), DRAFTER, None, events).unwrap_err(),
            (1, WorkflowError::ReviewerIsDrafter)
        );
        let late = Event { at: datetime!(2025-03-19 10:00 UTC), ..ev(pass(), REVIEWER) };
        let events = vec![ev(Action::Submit, DRAFTER), late];
        assert_eq!(Version::replay(1, meta(), DRAFTER, None, events).unwrap_err(), (1, WorkflowError::OutOfOrder));
    }

    #[test]
    fn a_stored_document_round_trips_through_replay() {
        let mut d = published();
        d.start_correction(meta(), DRAFTER, date!(2025 - 04 - 01)).unwrap();
        d.apply(ev(Action::Submit, DRAFTER)).unwrap();
        let stored: Vec<Version> = d
            .versions()
            .iter()
            .map(|v| {
                Version::replay(v.number(), v.meta().clone(), v.drafted_by(), v.changed_on, v.events().to_vec())
                    .unwrap()
            })
            .collect();
        assert_eq!(Document::from_versions(d.index_number().clone(), stored.clone()), Ok(d.clone()));
        let idx = d.index_number().clone();
        assert_eq!(Document::from_versions(idx.clone(), vec![]), Err(CorrectionError::NoVersions));
        assert_eq!(Document::from_versions(idx.clone(), stored[1..].to_vec()), Err(CorrectionError::BadVersion(2)));
        let draft_first = vec![Version::draft(1, meta(), DRAFTER), stored[1].clone()];
        assert_eq!(Document::from_versions(idx, draft_first), Err(CorrectionError::NotPublished(DocState::Draft)));
    }

    fn actions() -> impl Strategy<Value = Action> {
        prop_oneof![
            Just(Action::Submit),
            Just(Action::Refer { to: "县保密局".into(), question: "q".into() }),
            Just(Action::ReferralAnswered { answer: "a".into() }),
            Just(pass()),
            Just(Action::ReviewReject { reasons: "r".into() }),
            Just(Action::Approve),
            (0u32..2).prop_map(|n| Action::Publish { screen: ScreenGate { unresolved_errors: n, overrides: vec![] } }),
            Just(Action::Withdraw { reason: "w".into() }),
        ]
    }

    proptest! {
        /// The straight path publishes exactly when the reviewer is not the drafter.
        #[test]
        fn the_straight_path_publishes_iff_the_reviewer_differs(reviewer in 1i64..5, approver in 1i64..5) {
            let mut d = doc();
            let results: Vec<bool> = [(Action::Submit, DRAFTER), (pass(), reviewer), (Action::Approve, approver), (publish(), approver)]
                .into_iter()
                .map(|(a, by)| d.apply(ev(a, by)).is_ok())
                .collect();
            prop_assert_eq!(d.latest().state() == DocState::Published, reviewer != DRAFTER);
            prop_assert_eq!(results[1], reviewer != DRAFTER);
        }

        /// Whatever is tried by whomever, a published version had, after its
        /// last submission, a passed review by someone other than the drafter
        /// and no open referral.
        #[test]
        fn no_path_publishes_without_an_independent_review(
            steps in prop::collection::vec((actions(), 1i64..4), 0..40),
        ) {
            let mut d = doc();
            for (action, by) in steps {
                let _refused_or_applied = d.apply(ev(action, by));
                let v = d.latest();
                if v.state() == DocState::Published {
                    let events = v.events();
                    let last_submit = events.iter().rposition(|e| e.action == Action::Submit).unwrap();
                    let reviewed = events[last_submit..]
                        .iter()
                        .any(|e| e.action.kind() == ActionKind::ReviewPass && e.by != DRAFTER);
                    prop_assert!(reviewed);
                    let refs = events[last_submit..].iter().filter(|e| e.action.kind() == ActionKind::Refer).count();
                    let answers = events[last_submit..].iter().filter(|e| e.action.kind() == ActionKind::ReferralAnswered).count();
                    prop_assert_eq!(refs, answers);
                }
            }
        }
    }
}
