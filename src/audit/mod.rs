//! The audit log (审计日志): every state change leaves one record, written in the change's own
//! transaction. Partners read theirs on the Audit page.

pub mod pages;
mod server;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;

pub use server::*;

use crate::core::i18n::Msg;
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
    RoleUpdate => "role.update", ActRoleUpdate,
    FundsTopUp => "funds.top_up", ActFundsTopUp,
    FundsAllocate => "funds.allocate", ActFundsAllocate,
    FundsReclaim => "funds.reclaim", ActFundsReclaim,
    FundsBatch => "funds.batch", ActFundsBatch,
    FundsResellerAllocate => "funds.reseller_allocate", ActFundsResellerAllocate,
    FundsResellerReclaim => "funds.reseller_reclaim", ActFundsResellerReclaim,
    FundsUnbindReturn => "funds.unbind_return", ActFundsUnbindReturn,
    CreditLimitSet => "customer.credit_limit", ActCreditLimitSet,
    QuotaGrant => "quota.grant", ActQuotaGrant,
    QuotaResellerGrant => "quota.reseller_grant", ActQuotaResellerGrant,
    QuotaResellerReclaim => "quota.reseller_reclaim", ActQuotaResellerReclaim,
    CouponIssue => "coupon.issue", ActCouponIssue,
    CouponRecall => "coupon.recall", ActCouponRecall,
    CouponUnbindRecall => "coupon.unbind_recall", ActCouponUnbindRecall,
    CouponExpire => "coupon.expire", ActCouponExpire,
    ConsumptionLoad => "consumption.load", ActConsumptionLoad,
    BillsMade => "bills.made", ActBillsMade,
    ExportStart => "export.start", ActExportStart,
    DataUnmask => "data.unmask", ActDataUnmask,
}

impl AuditAction {
    /// Whether the action changes who may do what (an account, its roles, a role's items, an
    /// access key): cached actors and keys must then be read again.
    pub fn changes_access(self) -> bool {
        use AuditAction::*;
        matches!(
            self,
            MemberCreate
                | MemberDisable
                | MemberEnable
                | MemberDelete
                | MemberResetPassword
                | MemberSetRoles
                | RoleCreate
                | RoleUpdate
                | RoleDelete
                | PartnerCreate
                | AccessKeyCreate
                | AccessKeyDisable
                | AccessKeyEnable
                | AccessKeyDelete
        )
    }
}

/// One thing done about a customer, as its activity lists show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor_name: String,
    pub action: String,
    pub target: String,
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
