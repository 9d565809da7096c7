//! Who applied: the applicant kind (exactly the six columns of table 三) and
//! the applicant's personal data, which never prints unmasked — `Debug` and
//! `Display` show a masked name and hide every other detail, so a case that
//! lands in a log line or an error message leaks nothing. Letters read the
//! real values through the explicit accessors.

use std::fmt;

use xxgk_report::T3Col;

use crate::names::{NameError, Named};

/// The applicant kind: one table-三 column (never 总计).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ApplicantKind {
    Natural,
    Commercial,
    Research,
    Social,
    Legal,
    Other,
}

impl ApplicantKind {
    pub const ALL: [ApplicantKind; 6] = [
        ApplicantKind::Natural,
        ApplicantKind::Commercial,
        ApplicantKind::Research,
        ApplicantKind::Social,
        ApplicantKind::Legal,
        ApplicantKind::Other,
    ];

    /// The table-三 column the kind is counted in.
    pub fn column(self) -> T3Col {
        match self {
            ApplicantKind::Natural => T3Col::Natural,
            ApplicantKind::Commercial => T3Col::Commercial,
            ApplicantKind::Research => T3Col::Research,
            ApplicantKind::Social => T3Col::Social,
            ApplicantKind::Legal => T3Col::Legal,
            ApplicantKind::Other => T3Col::Other,
        }
    }
}

impl Named for ApplicantKind {
    const WHAT: &'static str = "申请人类型";
    fn all() -> &'static [Self] {
        &Self::ALL
    }
    fn name(self) -> &'static str {
        match self {
            ApplicantKind::Natural => "natural",
            ApplicantKind::Commercial => "commercial",
            ApplicantKind::Research => "research",
            ApplicantKind::Social => "social",
            ApplicantKind::Legal => "legal",
            ApplicantKind::Other => "other",
        }
    }
    /// The column label of table 三 (written once, in `xxgk_report::labels`).
    fn label(self) -> &'static str {
        self.column().label()
    }
}

/// 第二十九条: the applicant's name, proof of identity and contact details.
/// Personal data: masked in `Debug` and `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Applicant {
    kind: ApplicantKind,
    name: String,
    id_number: String,
    phone: String,
    email: String,
    address: String,
}

/// Why applicant details were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplicantError {
    #[error("申请人姓名或者名称不能为空（第二十九条）")]
    MissingName,
    #[error("申请人身份证明（身份证件号码或统一社会信用代码）不能为空（第二十九条）")]
    MissingIdentity,
    #[error("申请人联系方式（电话、电子邮箱或通信地址）至少填写一项（第二十九条）")]
    MissingContact,
    #[error(transparent)]
    Kind(#[from] NameError),
}

impl Applicant {
    /// Checks the 第二十九条 minimum: a name, a proof of identity and at least
    /// one way to reach the applicant. Surrounding white space is dropped.
    pub fn new(
        kind: ApplicantKind,
        name: &str,
        id_number: &str,
        phone: &str,
        email: &str,
        address: &str,
    ) -> Result<Applicant, ApplicantError> {
        let (name, id_number) = (name.trim(), id_number.trim());
        let (phone, email, address) = (phone.trim(), email.trim(), address.trim());
        if name.is_empty() {
            return Err(ApplicantError::MissingName);
        }
        if id_number.is_empty() {
            return Err(ApplicantError::MissingIdentity);
        }
        if phone.is_empty() && email.is_empty() && address.is_empty() {
            return Err(ApplicantError::MissingContact);
        }
        Ok(Applicant {
            kind,
            name: name.into(),
            id_number: id_number.into(),
            phone: phone.into(),
            email: email.into(),
            address: address.into(),
        })
    }

    pub fn kind(&self) -> ApplicantKind {
        self.kind
    }

    /// The full name, for the letter addressed to the applicant only.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The identity document number or 统一社会信用代码: the key of the
    /// monthly fee counter (`fees.md` §4). Never log it.
    pub fn id_number(&self) -> &str {
        &self.id_number
    }

    pub fn phone(&self) -> &str {
        &self.phone
    }

    pub fn email(&self) -> &str {
        &self.email
    }

    pub fn address(&self) -> &str {
        &self.address
    }

    /// The name as lists and logs may show it: the first character, the rest
    /// starred (`张**`, `某****公司` keeps no more than its first character).
    pub fn masked_name(&self) -> String {
        mask_name(&self.name)
    }
}

/// The first character kept, every other one replaced by `*`.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
        None => String::new(),
    }
}

const HIDDEN: &str = "（已隐藏）";

impl fmt::Debug for Applicant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Applicant")
            .field("kind", &self.kind)
            .field("name", &self.masked_name())
            .field("id_number", &HIDDEN)
            .field("phone", &HIDDEN)
            .field("email", &HIDDEN)
            .field("address", &HIDDEN)
            .finish()
    }
}

impl fmt::Display for Applicant {
    /// `张**（自然人）`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}（{}）", self.masked_name(), self.kind.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_personal_data() {
        let a = crate::sample::applicant();
        for shown in [format!("{a:?}"), format!("{a:#?}"), a.to_string()] {
            for secret in ["三丰", "110101199003070011", "13800138000", "zhang@example.cn", "某县某街"] {
                assert!(!shown.contains(secret), "{secret} leaked in {shown}");
            }
            assert!(shown.contains("张**"), "{shown}");
        }
        assert_eq!(a.to_string(), "张**（自然人）");
        assert_eq!(a.name(), "张三丰");
    }

    #[test]
    fn the_article_29_minimum_is_required() {
        let k = ApplicantKind::Commercial;
        assert_eq!(Applicant::new(k, " ", "x", "1", "", ""), Err(ApplicantError::MissingName));
        assert_eq!(Applicant::new(k, "某公司", "", "1", "", ""), Err(ApplicantError::MissingIdentity));
        assert_eq!(Applicant::new(k, "某公司", "91110000X", "", " ", ""), Err(ApplicantError::MissingContact));
        assert!(Applicant::new(k, "某公司", "91110000X", "", "", "某地").is_ok());
    }

    #[test]
    fn kinds_are_the_six_table_3_columns() {
        let labels: Vec<&str> = ApplicantKind::ALL.iter().map(|k| k.label()).collect();
        assert_eq!(labels, ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]);
        assert_eq!(ApplicantKind::from_name("legal"), Ok(ApplicantKind::Legal));
        assert!(ApplicantKind::from_name("total").is_err());
        assert_eq!(mask_name(""), "");
    }
}
