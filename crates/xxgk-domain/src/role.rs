//! Staff roles and the permission rule. [`can`] is the single source of truth:
//! every route asks it, with the relation of the target agency to the actor's
//! own agency computed by the caller.

use serde::{Deserialize, Serialize};

use crate::validate::ValidationError;

/// A staff role. Each account holds one role at one agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 系统管理员: everything, everywhere.
    SystemAdmin,
    /// 机关管理员: agencies and accounts of its agency and the subtree below.
    AgencyAdmin,
    /// 拟稿人: drafts reports and disclosures of its agency.
    Editor,
    /// 审核人（保密审查）: reviews drafts of its agency.
    Reviewer,
    /// 承办人: handles disclosure requests of its agency.
    Handler,
    /// 负责人: approves (签发) for its agency.
    Approver,
    /// 监督人: reads everything in its agency's subtree, changes nothing.
    Supervisor,
}

impl Role {
    /// Every role, in display order.
    pub const ALL: [Role; 7] = [
        Role::SystemAdmin,
        Role::AgencyAdmin,
        Role::Editor,
        Role::Reviewer,
        Role::Handler,
        Role::Approver,
        Role::Supervisor,
    ];

    /// Stable machine name (database, API, CLI `--role`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::SystemAdmin => "system_admin",
            Role::AgencyAdmin => "agency_admin",
            Role::Editor => "editor",
            Role::Reviewer => "reviewer",
            Role::Handler => "handler",
            Role::Approver => "approver",
            Role::Supervisor => "supervisor",
        }
    }

    /// Chinese label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            Role::SystemAdmin => "系统管理员",
            Role::AgencyAdmin => "机关管理员",
            Role::Editor => "拟稿人",
            Role::Reviewer => "审核人（保密审查）",
            Role::Handler => "承办人",
            Role::Approver => "负责人（签发）",
            Role::Supervisor => "监督人",
        }
    }

    /// Parses the machine name.
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| ValidationError::new("role", format!("未知角色：{s}")))
    }
}

/// Where the target agency lies as seen from the actor's own agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// The actor's own agency.
    Same,
    /// Strictly below the actor's agency in the hierarchy.
    Below,
    /// Anywhere else (above, beside, or no agency at all).
    Outside,
}

/// Something a staff member may try to do to (or in) an agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Open the back office at all (dashboard, own password, own tokens).
    UseBackOffice,
    /// Read an agency's record in the back office.
    ViewAgency,
    /// Create an agency as a child of the target agency.
    CreateChildAgency,
    /// Create a top-level agency (no parent).
    CreateRootAgency,
    /// Edit the target agency's record and office details.
    EditAgency,
    /// List the accounts of the target agency.
    ViewUsers,
    /// Create, disable, re-role accounts of the target agency, revoke sessions.
    ManageUsers,
    /// Grant the system-admin role.
    GrantSystemAdmin,
    /// Read the audit log of the target agency.
    ViewAudit,
    /// Read the work (reports, requests) of the target agency.
    ReadWork,
    /// Draft reports and disclosures (拟稿).
    Draft,
    /// Review drafts, including the secrecy review (审核/保密审查).
    Review,
    /// Handle disclosure requests (承办).
    HandleRequest,
    /// Approve / sign off (签发).
    Approve,
}

/// The permission rule: may a holder of `role` do `action` on an agency that
/// stands in `relation` to the holder's own agency?
pub fn can(role: Role, action: Action, relation: Relation) -> bool {
    use Action as A;
    use Relation as R;
    let in_subtree = matches!(relation, R::Same | R::Below);
    match role {
        Role::SystemAdmin => true,
        Role::AgencyAdmin => match action {
            A::UseBackOffice | A::ViewAgency => true,
            A::CreateChildAgency | A::EditAgency | A::ViewUsers | A::ManageUsers | A::ViewAudit | A::ReadWork => {
                in_subtree
            }
            A::CreateRootAgency | A::GrantSystemAdmin => false,
            A::Draft | A::Review | A::HandleRequest | A::Approve => false,
        },
        Role::Supervisor => match action {
            A::UseBackOffice | A::ViewAgency => true,
            A::ViewUsers | A::ViewAudit | A::ReadWork => in_subtree,
            _ => false,
        },
        Role::Editor | Role::Reviewer | Role::Handler | Role::Approver => {
            let own = relation == R::Same;
            match action {
                A::UseBackOffice | A::ViewAgency => true,
                A::ReadWork => own,
                A::Draft => own && role == Role::Editor,
                A::Review => own && role == Role::Reviewer,
                A::HandleRequest => own && role == Role::Handler,
                A::Approve => own && role == Role::Approver,
                _ => false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()).ok(), Some(r));
        }
        assert!(Role::parse("root").is_err());
    }

    #[test]
    fn system_admin_can_everything() {
        assert!(can(Role::SystemAdmin, Action::CreateRootAgency, Relation::Outside));
        assert!(can(Role::SystemAdmin, Action::GrantSystemAdmin, Relation::Outside));
    }

    #[test]
    fn agency_admin_is_limited_to_subtree() {
        assert!(can(Role::AgencyAdmin, Action::ManageUsers, Relation::Below));
        assert!(can(Role::AgencyAdmin, Action::EditAgency, Relation::Same));
        assert!(!can(Role::AgencyAdmin, Action::ManageUsers, Relation::Outside));
        assert!(!can(Role::AgencyAdmin, Action::GrantSystemAdmin, Relation::Same));
        assert!(!can(Role::AgencyAdmin, Action::CreateRootAgency, Relation::Same));
    }

    #[test]
    fn supervisor_reads_subtree_changes_nothing() {
        assert!(can(Role::Supervisor, Action::ViewAudit, Relation::Below));
        assert!(can(Role::Supervisor, Action::ReadWork, Relation::Below));
        assert!(!can(Role::Supervisor, Action::ViewAudit, Relation::Outside));
        for a in [Action::EditAgency, Action::ManageUsers, Action::Draft, Action::Approve] {
            assert!(!can(Role::Supervisor, a, Relation::Same));
        }
    }

    #[test]
    fn workers_only_in_own_agency() {
        assert!(can(Role::Editor, Action::Draft, Relation::Same));
        assert!(!can(Role::Editor, Action::Draft, Relation::Below));
        assert!(!can(Role::Editor, Action::Review, Relation::Same));
        assert!(can(Role::Reviewer, Action::Review, Relation::Same));
        assert!(can(Role::Handler, Action::HandleRequest, Relation::Same));
        assert!(can(Role::Approver, Action::Approve, Relation::Same));
        assert!(!can(Role::Approver, Action::ViewAudit, Relation::Same));
        assert!(!can(Role::Editor, Action::ManageUsers, Relation::Same));
    }
}
