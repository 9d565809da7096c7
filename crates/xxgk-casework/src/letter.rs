//! The letters of a case as a content model — 答复书/告知书 for the
//! decision, 补正告知书, 延期答复告知书, 征求意见书 and 收费通知书 — built from
//! the case's records; `xxgk-render` prints them as HTML and DOCX. A letter
//! is a title, a number, an addressee, paragraphs, the remedies (regulation
//! §10) and the signature; every legal sentence is written here once.
//!
//! Remedies name the concrete reconsideration body (the agency's parent
//! government, from the caller). For withholding in whole or in part
//! (（二）部分公开 and every （三）不予公开 row) reconsideration must come
//! first (行政复议法 第二十三条第一款第（四）项) and the letter must say so
//! (第二款); court follows within 15 days of the reconsideration decision
//! (行政诉讼法 第四十五条). Every other decision offers reconsideration within
//! 60 days (行政复议法 第二十条) or a lawsuit within 6 months (行政诉讼法
//! 第四十六条).

use time::Date;
use xxgk_calendar::Due;
use xxgk_report::T3Row;

use crate::applicant::Applicant;
use crate::citation::{Citation, chinese_number, cite_all};
use crate::decision::{Decision, FEE_RULES, Outcome};
use crate::fee::FeeDecision;
use crate::names::Named;
use crate::state::Party;

/// The five letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LetterKind {
    Decision,
    CorrectionNotice,
    ExtensionNotice,
    Consultation,
    FeeNotice,
}

impl LetterKind {
    pub const ALL: [LetterKind; 5] = [
        LetterKind::Decision,
        LetterKind::CorrectionNotice,
        LetterKind::ExtensionNotice,
        LetterKind::Consultation,
        LetterKind::FeeNotice,
    ];

    /// The word of the letter number, `…依申请答复〔2025〕12号`.
    pub fn number_word(self) -> &'static str {
        match self {
            LetterKind::Decision => "依申请答复",
            LetterKind::CorrectionNotice => "依申请补正",
            LetterKind::ExtensionNotice => "依申请延期",
            LetterKind::Consultation => "依申请征询",
            LetterKind::FeeNotice => "依申请收费",
        }
    }
}

impl Named for LetterKind {
    const WHAT: &'static str = "文书类型";
    fn all() -> &'static [Self] {
        &Self::ALL
    }
    fn name(self) -> &'static str {
        match self {
            LetterKind::Decision => "decision",
            LetterKind::CorrectionNotice => "correction_notice",
            LetterKind::ExtensionNotice => "extension_notice",
            LetterKind::Consultation => "consultation",
            LetterKind::FeeNotice => "fee_notice",
        }
    }
    /// The letter's title.
    fn label(self) -> &'static str {
        match self {
            LetterKind::Decision => "政府信息公开申请答复书",
            LetterKind::CorrectionNotice => "政府信息公开申请补正告知书",
            LetterKind::ExtensionNotice => "政府信息公开申请延期答复告知书",
            LetterKind::Consultation => "政府信息公开征求意见书",
            LetterKind::FeeNotice => "政府信息公开信息处理费收费通知书",
        }
    }
}

/// A letter number that cannot be formed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LetterError {
    #[error("letter_number：机关代字不能为空")]
    MissingPrefix,
    #[error("letter_number：文书序号应从 1 开始")]
    ZeroSequence,
    #[error("reconsideration_body：须写明行政复议机关（本机关的上一级人民政府）")]
    MissingReconsiderationBody,
}

/// `某府办依申请答复〔2025〕12号`: the agency's prefix, the kind, the year and
/// the sequence number the caller's per-agency, per-year counter gave.
pub fn letter_number(prefix: &str, kind: LetterKind, year: i32, seq: u32) -> Result<String, LetterError> {
    let prefix = prefix.trim();
    if prefix.is_empty() {
        return Err(LetterError::MissingPrefix);
    }
    if seq == 0 {
        return Err(LetterError::ZeroSequence);
    }
    Ok(format!("{prefix}{}〔{year}〕{seq}号", kind.number_word()))
}

/// A letter, ready to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub kind: LetterKind,
    pub title: &'static str,
    pub number: String,
    /// `张三：` — the person or body the letter is addressed to.
    pub addressee: String,
    pub paragraphs: Vec<String>,
    /// The remedies paragraph, when the letter is a decision on the application.
    pub remedies: Option<String>,
    /// The issuing agency, as signed.
    pub agency: String,
    pub dated: Date,
}

impl Letter {
    /// Every line of the letter in reading order (for text checks and plain output).
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![self.title.to_string(), self.number.clone(), format!("{}：", self.addressee)];
        lines.extend(self.paragraphs.iter().cloned());
        lines.extend(self.remedies.iter().cloned());
        lines.push(self.agency.clone());
        lines.push(chinese_date(self.dated));
        lines
    }
}

/// `2025年10月30日`.
pub fn chinese_date(date: Date) -> String {
    format!("{}年{}月{}日", date.year(), u8::from(date.month()), date.day())
}

fn chinese_due(due: Due) -> String {
    let date = chinese_date(due.date);
    if due.provisional {
        format!("{date}（该年度放假安排尚未公布，以实际安排为准）")
    } else {
        date
    }
}

/// What every letter of a case shares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts<'a> {
    /// The issuing agency (the office's organ).
    pub agency: &'a str,
    /// The agency's parent government, which hears reconsideration.
    pub reconsideration_body: &'a str,
    pub number: String,
    pub applicant: &'a Applicant,
    pub received_on: Date,
    pub corrected_on: Option<Date>,
    /// The request as the applicant described it.
    pub request: &'a str,
    pub dated: Date,
}

impl CaseFacts<'_> {
    fn letter(&self, kind: LetterKind, addressee: String, paragraphs: Vec<String>, remedies: Option<String>) -> Letter {
        Letter {
            kind,
            title: kind.label(),
            number: self.number.clone(),
            addressee,
            paragraphs,
            remedies,
            agency: self.agency.to_string(),
            dated: self.dated,
        }
    }

    fn check(&self) -> Result<(), LetterError> {
        if self.reconsideration_body.trim().is_empty() {
            return Err(LetterError::MissingReconsiderationBody);
        }
        Ok(())
    }

    /// `本机关于2025年9月26日收到您提出的政府信息公开申请（…收到补正后的申请），申请获取“…”。`
    fn receipt_sentence(&self) -> String {
        let corrected = match self.corrected_on {
            Some(on) => format!("，并于{}收到补正后的申请", chinese_date(on)),
            None => String::new(),
        };
        format!(
            "本机关于{}收到您提出的政府信息公开申请{corrected}，您申请获取：“{}”。",
            chinese_date(self.received_on),
            self.request.trim()
        )
    }
}

/// The remedies of regulation §10 for a letter called `what` (本答复书 …).
pub fn remedies(outcome_withholds: bool, body: &str, what: &str) -> String {
    let body = body.trim();
    if outcome_withholds {
        format!(
            "如对本{what}不服，根据《中华人民共和国行政复议法》第二十三条的规定，应当先向{body}申请行政复议，\
             可以自收到本{what}之日起六十日内提出；对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内\
             依法向人民法院提起行政诉讼。"
        )
    } else {
        format!(
            "如对本{what}不服，可以自收到本{what}之日起六十日内向{body}申请行政复议，\
             也可以自收到本{what}之日起六个月内依法向人民法院提起行政诉讼。"
        )
    }
}

/// The answer sentence of a decision (第三十六条 and the articles after it).
fn answer_sentence(outcome: Outcome, decision: &Decision) -> String {
    let denied = |what: &str| format!("经审查，您申请获取的政府信息{what}，本机关决定不予公开。");
    match outcome.row() {
        T3Row::Granted => "经审查，您申请获取的政府信息属于公开范围，本机关予以公开。".into(),
        T3Row::PartiallyGranted => "经审查，您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理，\
             本机关向您提供可以公开的部分，不予公开的部分说明理由如下。"
            .into(),
        T3Row::DeniedAdminQuery => "经审查，您申请获取的信息属于工商、不动产登记资料等行政查询事项，\
             有关法律、行政法规对信息的获取有特别规定，请依照有关规定办理。"
            .into(),
        T3Row::DeniedStateSecret => denied("属于国家秘密"),
        T3Row::DeniedLawForbidden => denied("属于法律、行政法规禁止公开的信息"),
        T3Row::DeniedThreeSafeties => denied("公开后可能危及国家安全、公共安全、经济安全、社会稳定"),
        T3Row::DeniedThirdParty => denied("公开后会损害第三方合法权益"),
        T3Row::DeniedInternalAffairs => denied("属于人事管理、后勤管理、内部工作流程等内部事务信息"),
        T3Row::DeniedProcessInfo => denied("属于讨论记录、过程稿、磋商信函、请示报告等过程性信息"),
        T3Row::DeniedEnforcementFiles => denied("属于行政执法案卷信息"),
        T3Row::UnableNotHeld if decision.not_this_organ() => {
            "经检索查找，您申请获取的政府信息不属于本机关负责公开。".into()
        }
        T3Row::UnableNotHeld => "经检索查找，本机关未制作或者获取您申请的政府信息，该政府信息不存在。".into(),
        T3Row::UnableNeedsCreation => "经审查，您申请获取的信息需要本机关对现有政府信息进行加工、分析，\
             本机关不予提供。"
            .into(),
        T3Row::UnableUnclear => "经补正后，您的申请内容仍不明确，本机关无法确定您申请获取的政府信息。".into(),
        T3Row::RejectedPetition => "您提出的申请实为信访、投诉、举报等诉求，不属于政府信息公开申请，\
             请通过相应渠道提出。"
            .into(),
        T3Row::RejectedDuplicate => "您的申请与本机关已经答复的申请内容相同，属于重复申请，本机关不再重复处理。".into(),
        T3Row::RejectedPublication => "您申请获取的信息属于公开出版物，请通过公开出版物的获取渠道查阅、获取。".into(),
        T3Row::RejectedExcessive => "您的申请数量、频次明显超过合理范围，经要求说明理由，所说明的理由不合理，\
             本机关不予处理。"
            .into(),
        T3Row::RejectedConfirmation => "您的申请系要求本机关确认或重新出具已获取的信息，不属于获取已制作或者获取的\
             政府信息的申请，本机关不予处理。"
            .into(),
        T3Row::OtherNoCorrection => "本机关已告知您补正申请，您无正当理由逾期未补正，视为放弃申请，\
             本机关不再处理该政府信息公开申请。"
            .into(),
        T3Row::OtherNoFee => "本机关已向您发出信息处理费收费通知，您逾期未按通知要求缴纳费用，视为放弃申请，\
             本机关不再处理该政府信息公开申请。"
            .into(),
        _ => "本机关对您的申请处理如下。".into(),
    }
}

/// The 答复书 of a decision.
pub fn decision_letter(facts: &CaseFacts<'_>, decision: &Decision) -> Result<Letter, LetterError> {
    facts.check()?;
    let outcome = decision.outcome();
    let mut paragraphs = vec![facts.receipt_sentence(), answer_sentence(outcome, decision)];
    if !decision.reasons().is_empty() {
        paragraphs.push(format!("理由：{}", decision.reasons()));
    }
    if let Some(organ) = decision.responsible_organ() {
        let contact = organ.contact.as_deref().map(|c| format!("，联系方式：{}", c.trim())).unwrap_or_default();
        paragraphs.push(format!("该政府信息由{}负责公开{contact}，请向该机关提出申请。", organ.name.trim()));
    }
    if let Some(p) = decision.provision() {
        let mut text = format!("提供形式和获取方式：以{}形式提供，{}", p.form.label(), p.how_and_when.trim());
        if let Some(note) = p.form_note.as_deref().filter(|n| !n.trim().is_empty()) {
            text.push_str(&format!("（第四十条：{}）", note.trim()));
        }
        if !text.ends_with('。') {
            text.push('。');
        }
        paragraphs.push(text);
    }
    paragraphs.push(format!("根据{}的规定，特此告知。", cite_all(decision.articles())));
    let remedies = remedies(outcome.is_withholding(), facts.reconsideration_body, "答复书");
    Ok(facts.letter(LetterKind::Decision, facts.applicant.name().to_string(), paragraphs, Some(remedies)))
}

/// The 补正告知书 (第三十条): what to correct, once and in full, and by when.
pub fn correction_notice(
    facts: &CaseFacts<'_>,
    items: &str,
    period_working_days: u32,
    deadline: Due,
) -> Result<Letter, LetterError> {
    facts.check()?;
    let paragraphs = vec![
        facts.receipt_sentence(),
        format!(
            "经审查，您的申请内容不明确。根据{}的规定，现一次性告知您需要补正的事项如下：{}",
            cite_all(&[Citation::article(30)]),
            items.trim()
        ),
        format!(
            "请于{}个工作日内（即{}前）补正。答复期限自本机关收到补正后的申请之日起重新计算；\
             无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
            period_working_days,
            chinese_due(deadline)
        ),
    ];
    Ok(facts.letter(LetterKind::CorrectionNotice, facts.applicant.name().to_string(), paragraphs, None))
}

/// The 延期答复告知书 (第三十三条第二款): the extension and the new date.
pub fn extension_notice(
    facts: &CaseFacts<'_>,
    working_days: u32,
    reason: &str,
    new_due: Due,
) -> Result<Letter, LetterError> {
    facts.check()?;
    let paragraphs = vec![
        facts.receipt_sentence(),
        format!("因{}，本机关不能在规定期限内作出答复。", reason.trim().trim_end_matches('。')),
        format!(
            "经本机关政府信息公开工作机构负责人同意，根据{}的规定，答复期限延长{}个工作日，本机关将于{}前作出答复。",
            cite_all(&[Citation::paragraph(33, 2)]),
            working_days,
            chinese_due(new_due)
        ),
    ];
    Ok(facts.letter(LetterKind::ExtensionNotice, facts.applicant.name().to_string(), paragraphs, None))
}

/// The 征求意见书 to a third party (第三十二条) or another organ (第三十四条).
/// It names the information, never the applicant.
pub fn consultation_letter(
    facts: &CaseFacts<'_>,
    party: Party,
    addressee: &str,
    answer_by: Due,
) -> Result<Letter, LetterError> {
    facts.check()?;
    let article = Citation::article(party.article());
    let (why, silence) = match party {
        Party::ThirdParty => (
            "本机关收到一项政府信息公开申请，所申请的政府信息公开后可能损害你方的合法权益",
            "逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。",
        ),
        Party::Organ => (
            "本机关收到一项政府信息公开申请，所申请的政府信息系本机关与你机关共同制作",
            "逾期未提出意见的，视为同意公开。",
        ),
    };
    let paragraphs = vec![
        format!("{why}。所申请的信息为：“{}”。", facts.request.trim()),
        format!(
            "根据{}的规定，现书面征求你方意见。请于收到本征求意见书之日起{}个工作日内（即{}前）书面提出意见并说明理由。{silence}",
            cite_all(&[article]),
            chinese_number(crate::clock::CONSULTATION_DAYS),
            chinese_due(answer_by)
        ),
    ];
    Ok(facts.letter(LetterKind::Consultation, addressee.trim().to_string(), paragraphs, None))
}

/// The 收费通知书 (`fees.md` §6): basis, standard, amount, way of payment and the deadline.
pub fn fee_notice(
    facts: &CaseFacts<'_>,
    fee: &FeeDecision,
    payment_way: &str,
    payment_due: Due,
    wait_suspends: bool,
) -> Result<Letter, LetterError> {
    facts.check()?;
    let bands: Vec<String> = fee
        .breakdown
        .bands
        .iter()
        .filter(|b| b.rate_yuan > 0)
        .map(|b| {
            format!(
                "第{}至{}{}，每{}{}元，计{}元",
                b.from,
                b.to,
                fee.breakdown.method.unit(),
                fee.breakdown.method.unit(),
                b.rate_yuan,
                b.subtotal_yuan()
            )
        })
        .collect();
    let mut paragraphs = vec![
        facts.receipt_sentence(),
        format!("收费依据：{}和{}。理由：{}", cite_all(&[Citation::article(42)]), FEE_RULES, fee.reason),
        format!("收费标准：{}，{}。", fee.breakdown.method.label(), bands.join("；")),
        format!("收费数额：{}元。缴纳方式：{}", fee.amount_yuan(), payment_way.trim()),
        format!(
            "请自收到本通知之日起20个工作日内（即{}前）缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
            chinese_due(payment_due)
        ),
    ];
    if wait_suspends {
        paragraphs.push("等待缴费期间不计算在答复期限内。".into());
    }
    let remedies = remedies(false, facts.reconsideration_body, "通知书");
    Ok(facts.letter(LetterKind::FeeNotice, facts.applicant.name().to_string(), paragraphs, Some(remedies)))
}
