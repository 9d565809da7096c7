//! Sample records for tests, benches and demos: an applicant, and a valid
//! decision for any outcome (with the reasons, other-law citation, organ or
//! provision that outcome needs).

use time::Date;
use time::macros::date;
use xxgk_report::T3Row;

use crate::applicant::{Applicant, ApplicantKind};
use crate::citation::Citation;
use crate::decision::{Decision, DecisionDraft, InfoForm, Outcome, Provision, ResponsibleOrgan};
use crate::letter::CaseFacts;

/// The sample applicant (made-up personal data).
pub fn applicant() -> Applicant {
    Applicant::new(
        ApplicantKind::Natural,
        "张三丰",
        "110101199003070011",
        "13800138000",
        "zhang@example.cn",
        "某县某街1号",
    )
    .unwrap_or_else(|e| unreachable!("the sample applicant is valid: {e}"))
}

pub const RECEIVED_ON: Date = date!(2025 - 09 - 26);
pub const DECIDED_ON: Date = date!(2025 - 10 - 28);
pub const REQUEST: &str = "2024年某路段道路改造工程的立项批复文件";
pub const PARENT: &str = "某县人民政府";

/// The facts every letter of the sample case shares.
pub fn facts(applicant: &Applicant) -> CaseFacts<'_> {
    CaseFacts {
        agency: "某县交通运输局",
        reconsideration_body: PARENT,
        number: "某交依申请答复〔2025〕12号".into(),
        applicant,
        received_on: RECEIVED_ON,
        corrected_on: None,
        request: REQUEST,
        dated: DECIDED_ON,
    }
}

/// A valid decision with `outcome`.
pub fn decision(outcome: Outcome) -> Decision {
    let mut draft = DecisionDraft::new(outcome, DECIDED_ON);
    let row = outcome.row();
    if outcome.needs_reasons(false) {
        draft.reasons = "经审查，相关内容符合上述情形。".into();
    }
    if row == T3Row::PartiallyGranted {
        draft.articles = Some(vec![Citation::article(37), Citation::article(15), Citation::item(36, 3)]);
    }
    if matches!(row, T3Row::DeniedLawForbidden | T3Row::DeniedAdminQuery) {
        let mut articles = outcome.default_articles(false);
        articles.push(Citation::Other("《中华人民共和国统计法》第三十九条".into()));
        draft.articles = Some(articles);
    }
    if row == T3Row::OtherMisc {
        draft.articles = Some(vec![Citation::article(33)]);
    }
    if outcome.provides_information() {
        draft.provision =
            Some(Provision { form: InfoForm::Paper, how_and_when: "随本答复书邮寄".into(), form_note: None });
    }
    Decision::new(draft).unwrap_or_else(|e| unreachable!("the sample decision for {} is valid: {e}", outcome.key()))
}

/// A 36(5) decision naming the responsible organ.
pub fn not_this_organ() -> Decision {
    let draft = DecisionDraft {
        reasons: "该信息由某县自然资源局制作并保存。".into(),
        responsible_organ: Some(ResponsibleOrgan {
            name: "某县自然资源局".into(),
            contact: Some("0000-7654321".into()),
        }),
        ..DecisionDraft::new(Outcome::from_key("unable_not_held").unwrap_or_else(|e| unreachable!("{e}")), DECIDED_ON)
    };
    Decision::new(draft).unwrap_or_else(|e| unreachable!("{e}"))
}
