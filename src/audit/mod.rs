//! The audit log (审计日志): every state change leaves one record, written in the change's own
//! transaction. Partners read theirs on the Audit page.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use crate::core::error::AppError;
use crate::core::i18n::Msg;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

macro_rules! audit_actions {
    ($($variant:ident => $code:literal, $label:ident),* $(,)?) => {
        /// What was done. The code is stored; the label is shown.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
        pub enum AuditAction { $($variant),* }

        impl AuditAction {
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$variant),*];

            pub fn code(self) -> &'static str {
                match self { $(AuditAction::$variant => $code),* }
            }

            pub fn from_code(code: &str) -> Option<AuditAction> {
                match code { $($code => Some(AuditAction::$variant),)* _ => None }
            }

            pub fn label(self) -> Msg {
                match self { $(AuditAction::$variant => Msg::$label),* }
            }
        }
    };
}

audit_actions! {
    SignIn => "auth.sign_in", ActSignIn,
    SignInFailed => "auth.sign_in_failed", ActSignInFailed,
    SignOut => "auth.sign_out", ActSignOut,
    CustomerSignUp => "customer.sign_up", ActCustomerSignUp,
    MemberCreate => "member.create", ActMemberCreate,
    MemberDisable => "member.disable", ActMemberDisable,
    MemberEnable => "member.enable", ActMemberEnable,
    MemberDelete => "member.delete", ActMemberDelete,
    MemberResetPassword => "member.reset_password", ActMemberResetPassword,
    MemberSetRoles => "member.set_roles", ActMemberSetRoles,
    RoleCreate => "role.create", ActRoleCreate,
    RoleDelete => "role.delete", ActRoleDelete,
    PartnerCreate => "partner.create", ActPartnerCreate,
    CustomerAssign => "customer.assign_manager", ActCustomerAssign,
    InvitationCreate => "invitation.create", ActInvitationCreate,
    InvitationRevoke => "invitation.revoke", ActInvitationRevoke,
    CustomerAssociate => "customer.associate", ActCustomerAssociate,
    DisassociationRequest => "disassociation.request", ActDisassociationRequest,
    DisassociationConfirm => "disassociation.confirm", ActDisassociationConfirm,
    DisassociationDecline => "disassociation.decline", ActDisassociationDecline,
    DisassociationWithdraw => "disassociation.withdraw", ActDisassociationWithdraw,
    AuthorizationRequest => "authorization.request", ActAuthorizationRequest,
    AuthorizationApprove => "authorization.approve", ActAuthorizationApprove,
    AuthorizationReject => "authorization.reject", ActAuthorizationReject,
    AuthorizationRevoke => "authorization.revoke", ActAuthorizationRevoke,
    AgreementPublish => "agreement.publish", ActAgreementPublish,
    AgreementSign => "agreement.sign", ActAgreementSign,
    KnowledgeCreate => "knowledge.create", ActKnowledgeCreate,
    KnowledgeDelete => "knowledge.delete", ActKnowledgeDelete,
    CustomerCreate => "customer.create", ActCustomerCreate,
    AccessKeyCreate => "access_key.create", ActAccessKeyCreate,
    AccessKeyDisable => "access_key.disable", ActAccessKeyDisable,
    AccessKeyEnable => "access_key.enable", ActAccessKeyEnable,
    AccessKeyDelete => "access_key.delete", ActAccessKeyDelete,
}

/// One row of the Audit page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor_name: String,
    pub actor_kind: String,
    pub action: String,
    pub target: String,
    pub success: bool,
    pub source: Option<String>,
}

/// Filters of the Audit page, as they arrive from its GET form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditFilter {
    /// `main`, a member id, or empty for everyone.
    pub actor: Option<String>,
    pub action: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActorOption {
    pub value: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
    /// The dates applied, `YYYY-MM-DD` in Beijing time (the defaults filled in).
    pub from: String,
    pub to: String,
    pub actors: Vec<ActorOption>,
}

pub const AUDIT_PAGE_SIZE: u32 = 20;

/// The partner's audit records: last 7 days by default, filtered by actor, action and dates.
#[server(endpoint = "list_audit")]
pub async fn list_audit(filter: AuditFilter) -> Result<AuditPage, AppError> {
    use crate::core::actor::current_actor;
    use crate::core::permissions::Permission;
    let ctx = crate::server::request_context().await?;
    let actor = current_actor(&ctx).await?;
    let partner = actor.require(Permission::AuditView)?;
    service::list_for_partner(&ctx.state.pool, partner, &filter).await
}
