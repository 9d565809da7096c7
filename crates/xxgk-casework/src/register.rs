//! The 行政复议/行政诉讼 register (casework.md §4): matters linked to their
//! case, with forum, dates and result — what table 四 counts.

use time::Date;
use xxgk_report::T4Group;

use crate::names::Named;

/// The result of a matter (a table-四 column); none yet = 尚未审结.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatterResult {
    Maintained,
    Corrected,
    Other,
}

impl MatterResult {
    pub const ALL: [MatterResult; 3] = [MatterResult::Maintained, MatterResult::Corrected, MatterResult::Other];

    /// The table-四 column index (结果维持 0, 结果纠正 1, 其他结果 2; 尚未审结 is 3).
    pub fn column(self) -> usize {
        self as usize
    }
}

impl Named for MatterResult {
    const WHAT: &'static str = "复议诉讼结果";
    fn all() -> &'static [Self] {
        &Self::ALL
    }
    fn name(self) -> &'static str {
        match self {
            MatterResult::Maintained => "maintained",
            MatterResult::Corrected => "corrected",
            MatterResult::Other => "other",
        }
    }
    /// The table-四 column label (written once, in `xxgk_report::labels`).
    fn label(self) -> &'static str {
        xxgk_report::labels::TABLE4_COLUMNS[self.column()]
    }
}

/// One reconsideration or lawsuit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matter {
    /// 行政复议, 未经复议直接起诉 or 复议后起诉 (the table-四 group).
    pub kind: T4Group,
    /// The case it concerns, when known (the store's id).
    pub case_id: Option<i64>,
    pub filed_on: Date,
    /// The reconsideration body or the court.
    pub forum: String,
    /// The result and the day it was given.
    pub result: Option<(MatterResult, Date)>,
}

/// Why a matter was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MatterError {
    #[error("forum：须填写复议机关或人民法院")]
    MissingForum,
    #[error("result：结果日期 {result_on} 早于立案（申请）日期 {filed_on}")]
    ResultBeforeFiling { filed_on: Date, result_on: Date },
}

impl Matter {
    pub fn validate(&self) -> Result<(), MatterError> {
        if self.forum.trim().is_empty() {
            return Err(MatterError::MissingForum);
        }
        if let Some((_, on)) = self.result
            && on < self.filed_on
        {
            return Err(MatterError::ResultBeforeFiling { filed_on: self.filed_on, result_on: on });
        }
        Ok(())
    }

    /// The table-四 column on `cut_off`: the result if given by then, else 尚未审结.
    pub fn column_on(&self, cut_off: Date) -> usize {
        match self.result {
            Some((result, on)) if on <= cut_off => result.column(),
            _ => 3,
        }
    }
}
