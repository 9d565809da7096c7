//! 公开属性, decided when a document is drafted and travelling with it:
//! 主动公开, 依申请公开, or 不予公开 with the exemption of 第十四、十五、十六条;
//! and the 第十八条 re-assessment of what was not made public.

use time::Date;
use xxgk_domain::{Named, ValidationError};

named_enum! {
    /// The ground for 不予公开 (`disclosure-regulation.md` §2).
    pub enum Exemption: "不予公开理由" {
        StateSecret = "state_secret", "国家秘密";
        ProhibitedByLaw = "prohibited_by_law", "法律、行政法规禁止公开";
        Security = "security", "危及国家安全、公共安全、经济安全、社会稳定";
        ThirdPartyRights = "third_party_rights", "商业秘密、个人隐私等损害第三方合法权益";
        InternalAffairs = "internal_affairs", "内部事务信息";
        ProcessInformation = "process_information", "过程性信息";
        EnforcementFile = "enforcement_file", "行政执法案卷信息";
    }
}

impl Exemption {
    /// The article as cited.
    pub fn article(self) -> &'static str {
        match self {
            Exemption::StateSecret | Exemption::ProhibitedByLaw | Exemption::Security => "第十四条",
            Exemption::ThirdPartyRights => "第十五条",
            Exemption::InternalAffairs => "第十六条第一款",
            Exemption::ProcessInformation | Exemption::EnforcementFile => "第十六条第二款",
        }
    }

    /// 第十四条 and 第十五条 say 不予公开/不得公开; 第十六条 says 可以不予公开.
    pub fn is_mandatory(self) -> bool {
        !matches!(self, Exemption::InternalAffairs | Exemption::ProcessInformation | Exemption::EnforcementFile)
    }
}

named_enum! {
    /// The attribute's kind (the API's `disclosure` values).
    pub enum DisclosureKind: "公开属性" {
        Proactive = "proactive", "主动公开";
        OnRequest = "on_request", "依申请公开";
        Withheld = "withheld", "不予公开";
    }
}

/// 公开属性.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disclosure {
    Proactive,
    OnRequest,
    Withheld(Exemption),
}

impl Disclosure {
    pub fn kind(self) -> DisclosureKind {
        match self {
            Disclosure::Proactive => DisclosureKind::Proactive,
            Disclosure::OnRequest => DisclosureKind::OnRequest,
            Disclosure::Withheld(_) => DisclosureKind::Withheld,
        }
    }

    /// From the API's `disclosure` and `exemption` names: an exemption is
    /// required with `withheld` and refused with the others.
    pub fn from_names(disclosure: &str, exemption: Option<&str>) -> Result<Self, ValidationError> {
        let kind =
            DisclosureKind::from_name(disclosure).map_err(|e| ValidationError::new("disclosure", e.to_string()))?;
        match (kind, exemption.map(str::trim).filter(|e| !e.is_empty())) {
            (DisclosureKind::Withheld, Some(e)) => Exemption::from_name(e)
                .map(Disclosure::Withheld)
                .map_err(|e| ValidationError::new("exemption", e.to_string())),
            (DisclosureKind::Withheld, None) => {
                Err(ValidationError::new("exemption", "不予公开须写明依据（第十四、十五、十六条）"))
            }
            (_, Some(_)) => Err(ValidationError::new("exemption", "只有不予公开的信息才有不予公开理由")),
            (DisclosureKind::Proactive, None) => Ok(Disclosure::Proactive),
            (DisclosureKind::OnRequest, None) => Ok(Disclosure::OnRequest),
        }
    }

    /// The printed attribute, e.g. `不予公开（第十四条：国家秘密）`.
    pub fn describe(self) -> String {
        match self {
            Disclosure::Withheld(e) => format!("{}（{}：{}）", self.kind().label(), e.article(), e.label()),
            _ => self.kind().label().to_string(),
        }
    }

    /// Only 主动公开 items are published; the others are re-assessed (第十八条).
    pub fn is_reassessed(self) -> bool {
        self != Disclosure::Proactive
    }
}

/// Default period between 第十八条 re-assessments: one year, so each
/// re-assessment falls before the next annual report (our decision).
pub const DEFAULT_REASSESSMENT_MONTHS: u32 = 12;

/// The next re-assessment date of a 依申请公开/不予公开 item: `months` after
/// the last decision (clamped to the month's end, 31 Jan + 1 month = 28/29
/// Feb); `None` for a 主动公开 item or a date beyond the calendar.
pub fn next_reassessment(disclosure: Disclosure, decided_on: Date, months: u32) -> Option<Date> {
    if !disclosure.is_reassessed() || months == 0 {
        return None;
    }
    let total = decided_on.year() as i64 * 12 + (decided_on.month() as i64 - 1) + months as i64;
    let year = i32::try_from(total.div_euclid(12)).ok()?;
    let month = time::Month::try_from(u8::try_from(total.rem_euclid(12) + 1).ok()?).ok()?;
    let day = decided_on.day().min(time::util::days_in_month(month, year));
    Date::from_calendar_date(year, month, day).ok()
}

/// A 依申请公开/不予公开 item as the 第十八条 list needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithheldItem {
    pub document_id: i64,
    pub disclosure: Disclosure,
    /// The attribute was last decided or re-assessed on this day.
    pub assessed_on: Date,
}

/// The items whose re-assessment falls on or before `today`, oldest first,
/// each with the date it was due.
pub fn due_for_reassessment(items: &[WithheldItem], today: Date, months: u32) -> Vec<(&WithheldItem, Date)> {
    let mut out: Vec<(&WithheldItem, Date)> = items
        .iter()
        .filter_map(|i| next_reassessment(i.disclosure, i.assessed_on, months).map(|d| (i, d)))
        .filter(|(_, d)| *d <= today)
        .collect();
    out.sort_by_key(|(i, d)| (*d, i.document_id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn attribute_from_api_names() {
        assert_eq!(Disclosure::from_names("proactive", None), Ok(Disclosure::Proactive));
        assert_eq!(Disclosure::from_names("on_request", Some(" ")), Ok(Disclosure::OnRequest));
        let w = Disclosure::from_names("withheld", Some("state_secret")).unwrap();
        assert_eq!(w.describe(), "不予公开（第十四条：国家秘密）");
        assert_eq!(Disclosure::from_names("withheld", None).unwrap_err().field, "exemption");
        assert_eq!(Disclosure::from_names("withheld", Some("secret")).unwrap_err().field, "exemption");
        assert_eq!(Disclosure::from_names("proactive", Some("state_secret")).unwrap_err().field, "exemption");
        assert_eq!(Disclosure::from_names("public", None).unwrap_err().field, "disclosure");
    }

    #[test]
    fn exemption_articles() {
        assert_eq!(Exemption::ThirdPartyRights.article(), "第十五条");
        assert_eq!(Exemption::EnforcementFile.article(), "第十六条第二款");
        assert!(Exemption::Security.is_mandatory());
        assert!(!Exemption::InternalAffairs.is_mandatory());
    }

    #[test]
    fn reassessment_dates() {
        let w = Disclosure::Withheld(Exemption::ProcessInformation);
        assert_eq!(next_reassessment(w, date!(2025 - 03 - 10), 12), Some(date!(2026 - 03 - 10)));
        assert_eq!(next_reassessment(w, date!(2024 - 02 - 29), 12), Some(date!(2025 - 02 - 28)));
        assert_eq!(next_reassessment(Disclosure::OnRequest, date!(2025 - 01 - 31), 1), Some(date!(2025 - 02 - 28)));
        assert_eq!(next_reassessment(Disclosure::Proactive, date!(2025 - 03 - 10), 12), None);
    }

    #[test]
    fn the_reassessment_list() {
        let item = |document_id, disclosure, assessed_on| WithheldItem { document_id, disclosure, assessed_on };
        let items = [
            item(1, Disclosure::OnRequest, date!(2024 - 06 - 01)),
            item(2, Disclosure::Withheld(Exemption::InternalAffairs), date!(2024 - 01 - 15)),
            item(3, Disclosure::OnRequest, date!(2024 - 12 - 01)),
            item(4, Disclosure::Proactive, date!(2020 - 01 - 01)),
        ];
        let due = due_for_reassessment(&items, date!(2025 - 06 - 01), DEFAULT_REASSESSMENT_MONTHS);
        let got: Vec<(i64, Date)> = due.iter().map(|(i, d)| (i.document_id, *d)).collect();
        assert_eq!(got, [(2, date!(2025 - 01 - 15)), (1, date!(2025 - 06 - 01))]);
    }
}
