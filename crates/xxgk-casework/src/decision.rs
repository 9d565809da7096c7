//! The decision on an application (第三十六条 to 第四十条): its outcome is one
//! outcome row of the 2021 table 三 (so the annual report counts exactly
//! what was decided), the articles cited default from the regulation's §9
//! table, reasons are required where the law requires them, and granted
//! information says in what form and how it is provided (第四十条).
//! Which remedy wording a letter carries follows from the outcome too.

use time::Date;
use xxgk_report::{T3Row, Template};

use crate::citation::Citation;
use crate::names::Named;

/// One outcome row of table 三 (2021 template; `granted` … `other_misc`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Outcome(T3Row);

/// Why an outcome key was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "“{0}”不是 2021 年版表三的办理结果（应为 granted、partially_granted、denied_*、unable_*、rejected_*、other_no_correction、other_no_fee 或 other_misc）"
)]
pub struct OutcomeError(pub String);

impl Outcome {
    /// Every outcome, in the order of table 三.
    pub fn all() -> impl Iterator<Item = Outcome> {
        T3Row::of(Template::V2021).iter().copied().filter_map(|row| Outcome::try_from(row).ok())
    }

    /// By JSON key (`denied_state_secret`).
    pub fn from_key(key: &str) -> Result<Outcome, OutcomeError> {
        T3Row::from_key(key).and_then(|row| Outcome::try_from(row).ok()).ok_or_else(|| OutcomeError(key.to_string()))
    }

    pub fn row(self) -> T3Row {
        self.0
    }

    /// The row of `template`'s table 三 the outcome is counted in: the three
    /// 2021 其他处理 rows are one row (`other`) in the 2019 template.
    pub fn row_in(self, template: Template) -> T3Row {
        match (template, self.0) {
            (Template::V2019, T3Row::OtherNoCorrection | T3Row::OtherNoFee | T3Row::OtherMisc) => T3Row::Other,
            (_, row) => row,
        }
    }

    pub fn key(self) -> &'static str {
        self.0.key()
    }

    /// The row's name as the template prints it, e.g. `（三）不予公开 1.属于国家秘密`.
    pub fn display(self) -> String {
        self.0.display()
    }

    /// Withholding in whole or in part (（二）部分公开 and every row of
    /// （三）不予公开): 行政复议法 第二十三条第一款第（四）项 makes
    /// reconsideration come first, and 第二款 makes the letter say so.
    pub fn is_withholding(self) -> bool {
        self.0 == T3Row::PartiallyGranted || self.0.spec().group == Some("（三）不予公开")
    }

    /// Information is (wholly or partly) provided.
    pub fn provides_information(self) -> bool {
        matches!(self.0, T3Row::Granted | T3Row::PartiallyGranted)
    }

    /// The articles of `disclosure-regulation.md` §9 for this outcome. For
    /// `unable_not_held`, `not_this_organ` picks 36(5) over 36(4).
    pub fn default_articles(self, not_this_organ: bool) -> Vec<Citation> {
        use Citation as C;
        let refuse = C::item(36, 3);
        match self.0 {
            T3Row::Granted => vec![C::item(36, 2)],
            T3Row::PartiallyGranted => vec![C::article(37), refuse],
            T3Row::DeniedStateSecret | T3Row::DeniedLawForbidden | T3Row::DeniedThreeSafeties => {
                vec![C::article(14), refuse]
            }
            T3Row::DeniedThirdParty => vec![C::article(15), refuse],
            T3Row::DeniedInternalAffairs => vec![C::paragraph(16, 1), refuse],
            T3Row::DeniedProcessInfo | T3Row::DeniedEnforcementFiles => vec![C::paragraph(16, 2), refuse],
            T3Row::DeniedAdminQuery => vec![C::item(36, 7)],
            T3Row::UnableNotHeld if not_this_organ => vec![C::item(36, 5)],
            T3Row::UnableNotHeld => vec![C::item(36, 4)],
            T3Row::UnableNeedsCreation => vec![C::article(38)],
            T3Row::UnableUnclear => vec![C::article(30), C::article(29)],
            T3Row::RejectedPetition => vec![C::paragraph(39, 1)],
            T3Row::RejectedDuplicate => vec![C::item(36, 6)],
            T3Row::RejectedPublication => vec![C::paragraph(39, 2)],
            T3Row::RejectedExcessive => vec![C::article(35)],
            T3Row::RejectedConfirmation => vec![C::article(2), C::article(27), C::article(38)],
            T3Row::OtherNoCorrection => vec![C::article(30)],
            T3Row::OtherNoFee => vec![C::article(42), C::Other(FEE_RULES.into())],
            _ => Vec::new(),
        }
    }

    /// Reasons are required: every refusal (36(3)), partial disclosure (37),
    /// information that is another organ's (36(5)), and 其他 (the letter
    /// must say what happened).
    pub fn needs_reasons(self, not_this_organ: bool) -> bool {
        self.is_withholding() || (self.0 == T3Row::UnableNotHeld && not_this_organ) || self.0 == T3Row::OtherMisc
    }
}

/// The fee rules (国办函〔2020〕109号).
pub const FEE_RULES: &str = "《政府信息公开信息处理费管理办法》";

impl TryFrom<T3Row> for Outcome {
    type Error = OutcomeError;
    fn try_from(row: T3Row) -> Result<Outcome, OutcomeError> {
        let spec = row.spec();
        if spec.outcome && spec.templates.contains(Template::V2021) {
            Ok(Outcome(row))
        } else {
            Err(OutcomeError(row.key().to_string()))
        }
    }
}

/// The form of the information provided (第四十条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InfoForm {
    Paper,
    ElectronicData,
    Email,
    OnSiteReading,
}

impl InfoForm {
    pub const ALL: [InfoForm; 4] =
        [InfoForm::Paper, InfoForm::ElectronicData, InfoForm::Email, InfoForm::OnSiteReading];
}

impl Named for InfoForm {
    const WHAT: &'static str = "信息提供形式";
    fn all() -> &'static [Self] {
        &Self::ALL
    }
    fn name(self) -> &'static str {
        match self {
            InfoForm::Paper => "paper",
            InfoForm::ElectronicData => "electronic_data",
            InfoForm::Email => "email",
            InfoForm::OnSiteReading => "on_site_reading",
        }
    }
    fn label(self) -> &'static str {
        match self {
            InfoForm::Paper => "纸质文本",
            InfoForm::ElectronicData => "电子数据",
            InfoForm::Email => "电子邮件",
            InfoForm::OnSiteReading => "现场查阅、抄录",
        }
    }
}

/// How, where and when granted information is obtained (36(1)(2), 第四十条).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provision {
    pub form: InfoForm,
    /// E.g. `随本答复书邮寄` or `请于2025年11月3日至7日工作时间到本机关政务服务中心领取`.
    pub how_and_when: String,
    /// Why the form differs from the one asked for (第四十条), if it does.
    pub form_note: Option<String>,
}

/// The organ that holds the information, for 36(5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponsibleOrgan {
    pub name: String,
    pub contact: Option<String>,
}

/// A decision, validated by [`Decision::new`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    outcome: Outcome,
    decided_on: Date,
    articles: Vec<Citation>,
    reasons: String,
    not_this_organ: bool,
    responsible_organ: Option<ResponsibleOrgan>,
    provision: Option<Provision>,
}

/// What a decision draft gives; `articles: None` takes the defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionDraft {
    pub outcome: Outcome,
    pub decided_on: Date,
    pub articles: Option<Vec<Citation>>,
    pub reasons: String,
    /// 36(5): the information is not this organ's to disclose (only with `unable_not_held`).
    pub not_this_organ: bool,
    /// 第三十二条: a consulted third party objected (`denied_third_party` then also cites 32).
    pub third_party_objected: bool,
    pub responsible_organ: Option<ResponsibleOrgan>,
    pub provision: Option<Provision>,
}

impl DecisionDraft {
    /// A draft with default articles and nothing else.
    pub fn new(outcome: Outcome, decided_on: Date) -> DecisionDraft {
        DecisionDraft {
            outcome,
            decided_on,
            articles: None,
            reasons: String::new(),
            not_this_organ: false,
            third_party_objected: false,
            responsible_organ: None,
            provision: None,
        }
    }
}

/// Why a decision was refused; each names the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error("reasons：{0}须说明理由")]
    MissingReasons(&'static str),
    #[error("articles：部分公开须引用不予公开部分的依据（第十四条、第十五条或第十六条）")]
    MissingExemption,
    #[error("articles：{0}须引用其他法律、行政法规的具体条款")]
    MissingOtherLaw(&'static str),
    #[error("articles：须至少引用一项法律依据")]
    NoArticles,
    #[error("provision：予以公开或部分公开须写明提供信息的形式和获取方式、时间（第四十条）")]
    MissingProvision,
    #[error(
        "responsible_organ：只有“本机关不掌握相关政府信息”且属于其他机关负责公开的（第三十六条第（五）项）才能填写负责公开的机关"
    )]
    OrganWithoutNotThisOrgan,
    #[error("responsible_organ：负责公开的机关名称不能为空")]
    EmptyOrganName,
}

impl Decision {
    pub fn new(draft: DecisionDraft) -> Result<Decision, DecisionError> {
        let DecisionDraft {
            outcome,
            decided_on,
            articles,
            reasons,
            not_this_organ,
            third_party_objected,
            responsible_organ,
            provision,
        } = draft;
        let reasons = reasons.trim().to_string();
        let row = outcome.row();
        if (not_this_organ || responsible_organ.is_some()) && row != T3Row::UnableNotHeld {
            return Err(DecisionError::OrganWithoutNotThisOrgan);
        }
        if responsible_organ.as_ref().is_some_and(|o| o.name.trim().is_empty()) {
            return Err(DecisionError::EmptyOrganName);
        }
        let not_this_organ = not_this_organ || responsible_organ.is_some();
        if outcome.needs_reasons(not_this_organ) && reasons.is_empty() {
            let what = if not_this_organ {
                "不属于本机关负责公开的（第三十六条第（五）项）"
            } else {
                "不予公开、部分公开或其他处理"
            };
            return Err(DecisionError::MissingReasons(what));
        }
        let articles = articles.unwrap_or_else(|| {
            let mut defaults = outcome.default_articles(not_this_organ);
            if third_party_objected && row == T3Row::DeniedThirdParty {
                defaults.insert(1, Citation::article(32));
            }
            defaults
        });
        if articles.is_empty() {
            return Err(DecisionError::NoArticles);
        }
        if row == T3Row::PartiallyGranted && !articles.iter().any(|c| matches!(c.article_number(), Some(14..=16))) {
            return Err(DecisionError::MissingExemption);
        }
        let other_law_needed = match row {
            T3Row::DeniedLawForbidden => Some("“其他法律行政法规禁止公开”"),
            T3Row::DeniedAdminQuery => Some("“属于行政查询事项”（特别规定）"),
            _ => None,
        };
        if let Some(what) = other_law_needed
            && !articles.iter().any(|c| matches!(c, Citation::Other(_)))
        {
            return Err(DecisionError::MissingOtherLaw(what));
        }
        if outcome.provides_information() && provision.as_ref().is_none_or(|p| p.how_and_when.trim().is_empty()) {
            return Err(DecisionError::MissingProvision);
        }
        Ok(Decision { outcome, decided_on, articles, reasons, not_this_organ, responsible_organ, provision })
    }

    pub fn outcome(&self) -> Outcome {
        self.outcome
    }
    pub fn decided_on(&self) -> Date {
        self.decided_on
    }
    pub fn articles(&self) -> &[Citation] {
        &self.articles
    }
    pub fn reasons(&self) -> &str {
        &self.reasons
    }
    pub fn not_this_organ(&self) -> bool {
        self.not_this_organ
    }
    pub fn responsible_organ(&self) -> Option<&ResponsibleOrgan> {
        self.responsible_organ.as_ref()
    }
    pub fn provision(&self) -> Option<&Provision> {
        self.provision.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    const DAY: Date = date!(2025 - 10 - 30);

    fn outcome(key: &str) -> Outcome {
        Outcome::from_key(key).unwrap()
    }

    #[test]
    fn outcomes_are_the_21_outcome_rows_of_2021() {
        assert_eq!(Outcome::all().count(), 21);
        assert!(Outcome::from_key("other").is_err(), "2019 only");
        assert!(Outcome::from_key("total_processed").is_err());
        assert!(Outcome::from_key("new_received").is_err());
        assert!(Outcome::from_key("granted").is_ok());
        assert_eq!(outcome("other_no_fee").row_in(Template::V2019), T3Row::Other);
    }

    #[test]
    fn withholding_is_partial_and_every_denied_row() {
        let withholding: Vec<&str> = Outcome::all().filter(|o| o.is_withholding()).map(|o| o.key()).collect();
        assert_eq!(withholding.len(), 9);
        assert!(withholding.contains(&"partially_granted") && withholding.contains(&"denied_admin_query"));
        assert!(!outcome("unable_not_held").is_withholding());
        assert!(!outcome("granted").is_withholding());
    }

    #[test]
    fn every_outcome_but_misc_has_default_articles() {
        for o in Outcome::all() {
            assert_eq!(o.default_articles(false).is_empty(), o.key() == "other_misc", "{}", o.key());
        }
    }

    #[test]
    fn a_refusal_needs_reasons() {
        let draft = DecisionDraft::new(outcome("denied_state_secret"), DAY);
        assert_eq!(Decision::new(draft.clone()), Err(DecisionError::MissingReasons("不予公开、部分公开或其他处理")));
        let ok = Decision::new(DecisionDraft { reasons: "经审查属于国家秘密".into(), ..draft }).unwrap();
        assert_eq!(ok.articles(), [Citation::article(14), Citation::item(36, 3)]);
    }

    #[test]
    fn partial_disclosure_needs_the_exemption_article_and_the_provision() {
        let draft = DecisionDraft {
            reasons: "涉及个人隐私".into(),
            ..DecisionDraft::new(outcome("partially_granted"), DAY)
        };
        assert_eq!(Decision::new(draft.clone()), Err(DecisionError::MissingExemption));
        let with_article = DecisionDraft {
            articles: Some(vec![Citation::article(37), Citation::article(15), Citation::item(36, 3)]),
            ..draft
        };
        assert_eq!(Decision::new(with_article.clone()), Err(DecisionError::MissingProvision));
        let provision =
            Provision { form: InfoForm::Paper, how_and_when: "随本告知书邮寄".into(), form_note: None };
        assert!(Decision::new(DecisionDraft { provision: Some(provision), ..with_article }).is_ok());
    }

    #[test]
    fn not_this_organ_needs_reasons_and_cites_36_5() {
        let organ = ResponsibleOrgan { name: "某县自然资源局".into(), contact: Some("0000-1234567".into()) };
        let draft =
            DecisionDraft { responsible_organ: Some(organ), ..DecisionDraft::new(outcome("unable_not_held"), DAY) };
        assert!(matches!(Decision::new(draft.clone()), Err(DecisionError::MissingReasons(_))));
        let ok = Decision::new(DecisionDraft { reasons: "该信息由某县自然资源局制作".into(), ..draft }).unwrap();
        assert_eq!(ok.articles(), [Citation::item(36, 5)]);
        let plain = Decision::new(DecisionDraft::new(outcome("unable_not_held"), DAY)).unwrap();
        assert_eq!(plain.articles(), [Citation::item(36, 4)]);
        let wrong = DecisionDraft { not_this_organ: true, ..DecisionDraft::new(outcome("granted"), DAY) };
        assert_eq!(Decision::new(wrong), Err(DecisionError::OrganWithoutNotThisOrgan));
    }

    #[test]
    fn a_third_party_objection_adds_article_32() {
        let draft = DecisionDraft {
            reasons: "第三方不同意公开".into(),
            ..DecisionDraft::new(outcome("denied_third_party"), DAY)
        };
        assert_eq!(Decision::new(draft.clone()).unwrap().articles(), [Citation::article(15), Citation::item(36, 3)]);
        let objected = Decision::new(DecisionDraft { third_party_objected: true, ..draft }).unwrap();
        assert_eq!(objected.articles(), [Citation::article(15), Citation::article(32), Citation::item(36, 3)]);
    }

    #[test]
    fn law_forbidden_names_the_other_law() {
        let draft = DecisionDraft {
            reasons: "法律禁止".into(),
            ..DecisionDraft::new(outcome("denied_law_forbidden"), DAY)
        };
        assert!(matches!(Decision::new(draft.clone()), Err(DecisionError::MissingOtherLaw(_))));
        let mut articles = outcome("denied_law_forbidden").default_articles(false);
        articles.push(Citation::Other("《中华人民共和国统计法》第三十九条".into()));
        assert!(Decision::new(DecisionDraft { articles: Some(articles), ..draft }).is_ok());
        let none = DecisionDraft { articles: Some(vec![]), ..DecisionDraft::new(outcome("rejected_duplicate"), DAY) };
        assert_eq!(Decision::new(none), Err(DecisionError::NoArticles));
    }
}
