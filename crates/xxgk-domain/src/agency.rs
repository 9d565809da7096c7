//! Agencies (机关): the hierarchy node, its kind and its disclosure-office
//! details (条例 第二十条（二）: 机关职能、办公地址、办公时间、联系方式、负责人姓名).

use serde::{Deserialize, Serialize};

use crate::validate::{ValidationError, check_optional_text, check_required_text};

/// What kind of organ an agency is; decides e.g. its annual-report deadline
/// (条例 第四十九条: departments by 1月31日, the 本级政府 report by 3月31日).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    /// 本级人民政府 (province, city or county government).
    Government,
    /// 政府部门 (a department of a government).
    Department,
    /// 乡（镇）人民政府、街道办事处.
    Township,
    /// Any other organ (授权组织, 派出机构 …).
    Other,
}

impl AgencyKind {
    /// Every kind, in display order.
    pub const ALL: [AgencyKind; 4] =
        [AgencyKind::Government, AgencyKind::Department, AgencyKind::Township, AgencyKind::Other];

    /// Stable machine name (stored in the database and used in the API).
    pub fn as_str(self) -> &'static str {
        match self {
            AgencyKind::Government => "government",
            AgencyKind::Department => "department",
            AgencyKind::Township => "township",
            AgencyKind::Other => "other",
        }
    }

    /// Chinese label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            AgencyKind::Government => "本级人民政府",
            AgencyKind::Department => "政府部门",
            AgencyKind::Township => "乡镇（街道）",
            AgencyKind::Other => "其他机关",
        }
    }

    /// Default deadline (month, day) for publishing last year's annual report
    /// (条例 第四十九条): the 本级政府 report by 3月31日, departments by 1月31日.
    /// 第四十九条 names only 县级以上 bodies; township deadlines are set
    /// locally, most places ask for 1月31日, so that is the default here (and
    /// for other organs); callers may override it.
    pub fn default_report_deadline(self) -> (u8, u8) {
        match self {
            AgencyKind::Government => (3, 31),
            AgencyKind::Department | AgencyKind::Township | AgencyKind::Other => (1, 31),
        }
    }

    /// Parses the machine name.
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| ValidationError::new("kind", "机关类型无效"))
    }
}

/// The disclosure office (政府信息公开工作机构) details published per 第二十条（二）.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeDetails {
    /// 机构职能.
    pub functions: String,
    /// 办公地址.
    pub address: String,
    /// 办公时间.
    pub hours: String,
    /// 联系电话.
    pub phone: String,
    /// 负责人姓名.
    pub head: String,
}

/// A stored agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    pub kind: AgencyKind,
    pub office: OfficeDetails,
}

/// What a caller supplies to create or edit an agency; [`AgencyInput::validate`]
/// trims and checks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyInput {
    pub parent_id: Option<i64>,
    pub name: String,
    pub kind: AgencyKind,
    #[serde(default)]
    pub office: OfficeDetails,
}

impl AgencyInput {
    /// Trims every field and checks lengths; the error names the field.
    pub fn validate(mut self) -> Result<Self, ValidationError> {
        self.name = check_required_text("name", &self.name, 100)?;
        let o = &mut self.office;
        o.functions = check_optional_text("functions", &o.functions, 2000)?;
        o.address = check_optional_text("address", &o.address, 200)?;
        o.hours = check_optional_text("hours", &o.hours, 200)?;
        o.phone = check_optional_text("phone", &o.phone, 100)?;
        o.head = check_optional_text("head", &o.head, 50)?;
        Ok(self)
    }
}

/// Whether `descendant` lies strictly below `ancestor`, given a lookup of each
/// agency's parent. Cycles (which the store prevents) end the walk safely.
pub fn is_below(descendant: i64, ancestor: i64, parent_of: impl Fn(i64) -> Option<i64>) -> bool {
    let mut current = parent_of(descendant);
    let mut steps = 0usize;
    while let Some(p) = current {
        if p == ancestor {
            return true;
        }
        steps += 1;
        if steps > 10_000 {
            return false;
        }
        current = parent_of(p);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_round_trip() {
        for k in AgencyKind::ALL {
            assert_eq!(AgencyKind::parse(k.as_str()).ok(), Some(k));
        }
        assert_eq!(AgencyKind::parse("x").map_err(|e| e.field), Err("kind"));
    }

    #[test]
    fn report_deadlines() {
        assert_eq!(AgencyKind::Government.default_report_deadline(), (3, 31));
        assert_eq!(AgencyKind::Department.default_report_deadline(), (1, 31));
        assert_eq!(AgencyKind::Township.default_report_deadline(), (1, 31));
    }

    #[test]
    fn validate_names_field() {
        let input = AgencyInput {
            parent_id: None,
            name: "   ".into(),
            kind: AgencyKind::Government,
            office: OfficeDetails::default(),
        };
        assert_eq!(input.validate().map_err(|e| e.field), Err("name"));
    }

    #[test]
    fn below() {
        let parent = |id| match id {
            3 => Some(2),
            2 => Some(1),
            _ => None,
        };
        assert!(is_below(3, 1, parent));
        assert!(!is_below(1, 3, parent));
        assert!(!is_below(1, 1, parent));
    }
}
