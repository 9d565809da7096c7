//! The life of one report version: 草稿 → 已提交审核 → 已审核 → 已发布, and
//! 已被更正 when a later correction of the same report is published. A
//! published version never changes; a correction is a new version.

use xxgk_domain::Role;

/// The state of one version of an agency's report for a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportState {
    /// 草稿: editable by the agency's editors.
    Draft,
    /// 已提交审核: waiting for review and approval.
    Submitted,
    /// 已审核: approved by the agency's 负责人, ready to publish.
    Approved,
    /// 已发布: on the portal; immutable.
    Published,
    /// 已被更正: a later version was published; stays visible with its date.
    Superseded,
}

impl ReportState {
    pub const ALL: [ReportState; 5] = [
        ReportState::Draft,
        ReportState::Submitted,
        ReportState::Approved,
        ReportState::Published,
        ReportState::Superseded,
    ];

    /// Stable machine name (database, API).
    pub fn as_str(self) -> &'static str {
        match self {
            ReportState::Draft => "draft",
            ReportState::Submitted => "submitted",
            ReportState::Approved => "approved",
            ReportState::Published => "published",
            ReportState::Superseded => "superseded",
        }
    }

    pub fn parse(text: &str) -> Option<ReportState> {
        ReportState::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Chinese label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            ReportState::Draft => "草稿",
            ReportState::Submitted => "已提交审核",
            ReportState::Approved => "已审核待发布",
            ReportState::Published => "已发布",
            ReportState::Superseded => "已被更正",
        }
    }

    /// Whether the tables and text may still be changed.
    pub fn is_editable(self) -> bool {
        self == ReportState::Draft
    }
}

/// A step a person takes on a report version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Change tables or text (drafts only).
    Edit,
    /// 提交审核.
    Submit,
    /// 退回修改: back to draft, by the reviewer or approver.
    Return,
    /// 审核通过 (负责人).
    Approve,
    /// 发布 (负责人).
    Publish,
    /// 更正: start a new draft version from a published one.
    Correct,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Edit => "edit",
            Action::Submit => "submit",
            Action::Return => "return",
            Action::Approve => "approve",
            Action::Publish => "publish",
            Action::Correct => "correct",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Action::Edit => "编辑",
            Action::Submit => "提交审核",
            Action::Return => "退回修改",
            Action::Approve => "审核通过",
            Action::Publish => "发布",
            Action::Correct => "更正（新版本）",
        }
    }

    /// The roles of the report's own agency that may take this step. A
    /// system admin may take every step.
    pub fn allowed_roles(self) -> &'static [Role] {
        match self {
            Action::Edit | Action::Submit | Action::Correct => &[Role::Editor, Role::AgencyAdmin],
            Action::Return => &[Role::Reviewer, Role::Approver],
            Action::Approve | Action::Publish => &[Role::Approver],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("{role}不能执行“{action}”")]
    NotAllowed { role: &'static str, action: &'static str },
    #[error("报告处于“{state}”状态，不能执行“{action}”")]
    WrongState { state: &'static str, action: &'static str },
}

/// The state after `action`, or why it may not be taken. For
/// [`Action::Correct`] the result is the state of the *new* version (draft);
/// the published one becomes superseded only when the correction is published.
pub fn apply(state: ReportState, action: Action, role: Role) -> Result<ReportState, WorkflowError> {
    if role != Role::SystemAdmin && !action.allowed_roles().contains(&role) {
        return Err(WorkflowError::NotAllowed { role: role.label(), action: action.label() });
    }
    use ReportState as S;
    let next = match (state, action) {
        (S::Draft, Action::Edit) => S::Draft,
        (S::Draft, Action::Submit) => S::Submitted,
        (S::Submitted | S::Approved, Action::Return) => S::Draft,
        (S::Submitted, Action::Approve) => S::Approved,
        (S::Approved, Action::Publish) => S::Published,
        (S::Published, Action::Correct) => S::Draft,
        _ => return Err(WorkflowError::WrongState { state: state.label(), action: action.label() }),
    };
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_happy_path() {
        let s = apply(ReportState::Draft, Action::Edit, Role::Editor).unwrap();
        let s = apply(s, Action::Submit, Role::Editor).unwrap();
        let s = apply(s, Action::Approve, Role::Approver).unwrap();
        let s = apply(s, Action::Publish, Role::Approver).unwrap();
        assert_eq!(s, ReportState::Published);
        assert_eq!(apply(s, Action::Correct, Role::Editor), Ok(ReportState::Draft));
    }

    #[test]
    fn an_editor_cannot_approve_or_publish() {
        assert!(matches!(
            apply(ReportState::Submitted, Action::Approve, Role::Editor),
            Err(WorkflowError::NotAllowed { .. })
        ));
        assert!(apply(ReportState::Approved, Action::Publish, Role::Editor).is_err());
        assert!(apply(ReportState::Submitted, Action::Approve, Role::Supervisor).is_err());
        assert!(apply(ReportState::Draft, Action::Edit, Role::Supervisor).is_err());
    }

    #[test]
    fn a_published_report_cannot_be_edited() {
        for state in [ReportState::Published, ReportState::Superseded, ReportState::Submitted] {
            let err = apply(state, Action::Edit, Role::Editor).unwrap_err();
            assert!(matches!(err, WorkflowError::WrongState { .. }), "{state:?}");
            assert!(!state.is_editable());
        }
        assert!(apply(ReportState::Draft, Action::Publish, Role::Approver).is_err(), "approval comes first");
    }

    #[test]
    fn reviewers_return_drafts() {
        assert_eq!(apply(ReportState::Submitted, Action::Return, Role::Reviewer), Ok(ReportState::Draft));
        assert!(apply(ReportState::Submitted, Action::Approve, Role::Reviewer).is_err());
    }

    #[test]
    fn names_round_trip() {
        for s in ReportState::ALL {
            assert_eq!(ReportState::parse(s.as_str()), Some(s));
        }
    }
}
