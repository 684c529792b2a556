//! Coupons (优惠券): quotas (额度) granted by the operator or by a tier-1 distributor, vouchers and
//! cash coupons issued from them to resale customers (up to 100 in one action, previewed first),
//! recalls, expiry, operation records, and the customer's own Coupons page.
//!
//! For every quota, at all times: balance = Σ of its records' signed amounts (granted − issued +
//! recalled + returned on expiry − granted on to resellers + reclaimed from them).

#[cfg(feature = "ssr")]
pub mod expiry;
#[cfg(feature = "ssr")]
pub mod issue;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod quotas;
#[cfg(feature = "ssr")]
pub mod records;
pub mod rules;
mod server;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;

pub use server::*;

use crate::core::i18n::Msg;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Voucher (代金券: one per order, keeps its balance until expiry) or cash coupon (现金券: several
/// stack on one order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CouponKind {
    Voucher,
    Cash,
}

impl CouponKind {
    pub const ALL: &'static [CouponKind] = &[CouponKind::Voucher, CouponKind::Cash];

    pub fn code(self) -> &'static str {
        match self {
            CouponKind::Voucher => "voucher",
            CouponKind::Cash => "cash",
        }
    }

    pub fn from_code(code: &str) -> Option<CouponKind> {
        CouponKind::ALL.iter().copied().find(|k| k.code() == code)
    }

    /// Huawei's `coupon_type`: 1 voucher, 4 cash coupon.
    pub fn coupon_type(self) -> i32 {
        match self {
            CouponKind::Voucher => 1,
            CouponKind::Cash => 4,
        }
    }

    pub fn from_coupon_type(value: i64) -> Option<CouponKind> {
        CouponKind::ALL
            .iter()
            .copied()
            .find(|k| i64::from(k.coupon_type()) == value)
    }

    /// Huawei's `quota_type`: 0 voucher quota, 1 cash-coupon quota.
    pub fn quota_type(self) -> i32 {
        match self {
            CouponKind::Voucher => 0,
            CouponKind::Cash => 1,
        }
    }

    pub fn from_quota_type(value: i64) -> Option<CouponKind> {
        CouponKind::ALL
            .iter()
            .copied()
            .find(|k| i64::from(k.quota_type()) == value)
    }

    pub fn label(self) -> Msg {
        match self {
            CouponKind::Voucher => Msg::Voucher,
            CouponKind::Cash => Msg::CashCoupon,
        }
    }

    pub fn quota_label(self) -> Msg {
        match self {
            CouponKind::Voucher => Msg::VoucherQuota,
            CouponKind::Cash => Msg::CashCouponQuota,
        }
    }
}

/// A coupon's status; Huawei's numbers are 2 usable, 3 used, 4 expired, 5 recalled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CouponStatus {
    Usable,
    Used,
    Expired,
    Recalled,
}

impl CouponStatus {
    pub const ALL: &'static [CouponStatus] = &[
        CouponStatus::Usable,
        CouponStatus::Used,
        CouponStatus::Expired,
        CouponStatus::Recalled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CouponStatus::Usable => "usable",
            CouponStatus::Used => "used",
            CouponStatus::Expired => "expired",
            CouponStatus::Recalled => "recalled",
        }
    }

    pub fn from_code(code: &str) -> Option<CouponStatus> {
        CouponStatus::ALL.iter().copied().find(|s| s.code() == code)
    }

    pub fn huawei(self) -> i32 {
        match self {
            CouponStatus::Usable => 2,
            CouponStatus::Used => 3,
            CouponStatus::Expired => 4,
            CouponStatus::Recalled => 5,
        }
    }

    pub fn from_huawei(value: i64) -> Option<CouponStatus> {
        CouponStatus::ALL
            .iter()
            .copied()
            .find(|s| i64::from(s.huawei()) == value)
    }

    pub fn label(self) -> Msg {
        match self {
            CouponStatus::Usable => Msg::StatusUsable,
            CouponStatus::Used => Msg::StatusUsed,
            CouponStatus::Expired => Msg::StatusExpired,
            CouponStatus::Recalled => Msg::StatusRecalled,
        }
    }
}

/// A quota's state as read now: normal (issuable), expired (past its end) or reclaimed (its
/// distributor took it back). Huawei's `quota_status`: 0, 3, 6.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuotaState {
    Normal,
    Expired,
    Reclaimed,
}

impl QuotaState {
    pub fn huawei(self) -> i32 {
        match self {
            QuotaState::Normal => 0,
            QuotaState::Expired => 3,
            QuotaState::Reclaimed => 6,
        }
    }

    pub fn label(self) -> Msg {
        match self {
            QuotaState::Normal => Msg::QuotaNormal,
            QuotaState::Expired => Msg::StatusExpired,
            QuotaState::Reclaimed => Msg::StatusRecalled,
        }
    }
}

/// What a coupon or quota may be spent on: service types and products (at most 10 each; empty:
/// anything), a minimum order amount, and "selected marketplace products only" (严选).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    pub service_types: Vec<String>,
    pub products: Vec<String>,
    pub min_order_amount: Option<Decimal>,
    pub selected_only: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuotaView {
    pub id: String,
    pub kind: CouponKind,
    pub amount: Decimal,
    pub balance: Decimal,
    pub state: QuotaState,
    pub valid_from: DateTime<Utc>,
    pub valid_until: DateTime<Utc>,
    pub limits: Limits,
    /// The distributor's quota this one was granted from.
    pub parent_id: Option<String>,
    /// For a distributor's view of quotas it granted: the reseller holding it.
    pub holder: Option<String>,
    pub remark: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One change of a quota's balance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuotaRecordRow {
    pub id: i64,
    pub quota_id: String,
    pub kind: String,
    /// Signed: what the record did to the quota's balance.
    pub change: Decimal,
    pub balance_after: Decimal,
    pub coupon_id: Option<String>,
    pub customer_account: Option<String>,
    pub reseller_account: Option<String>,
    pub reseller_id: Option<String>,
    pub reseller_name: Option<String>,
    pub other_quota_id: Option<String>,
    pub remark: String,
    pub actor_name: String,
    pub at: DateTime<Utc>,
}

/// A quota with its records (its page).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuotaDetail {
    pub quota: QuotaView,
    pub records: Vec<QuotaRecordRow>,
    pub issued_count: i64,
    pub can_issue: bool,
}

/// The Coupons page: the partner's quotas, and (for a distributor) what it granted resellers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuotaOverview {
    pub quotas: Vec<QuotaView>,
    pub granted: Vec<QuotaView>,
    /// A distributor's resellers (id, account name), for granting.
    pub resellers: Vec<(String, String)>,
    pub can_issue: bool,
    pub can_grant: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CouponRow {
    pub id: String,
    pub quota_id: String,
    pub customer_id: String,
    pub customer_account: String,
    pub kind: CouponKind,
    pub face_value: Decimal,
    pub balance: Decimal,
    pub status: CouponStatus,
    pub valid_from: DateTime<Utc>,
    pub valid_until: DateTime<Utc>,
    pub limits: Limits,
    pub remark: String,
    pub issued_at: DateTime<Utc>,
    pub issued_by: String,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// Filters of the issued coupons, as their GET form sends them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CouponFilter {
    /// A customer's id or account name.
    pub customer: Option<String>,
    pub coupon: Option<String>,
    pub quota: Option<String>,
    pub kind: Option<String>,
    pub status: Option<String>,
    pub page: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CouponPage {
    pub rows: Vec<CouponRow>,
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
    pub can_recall: bool,
}

/// One operation record (操作记录).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OperationRow {
    pub id: i64,
    pub operation: String,
    pub quota_id: String,
    pub quota_kind: CouponKind,
    pub coupon_id: Option<String>,
    pub customer_id: Option<String>,
    pub customer_account: Option<String>,
    pub amount: Decimal,
    pub success: bool,
    pub reason: String,
    pub remark: String,
    pub actor_name: String,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OperationFilter {
    pub operation: Option<String>,
    pub customer: Option<String>,
    pub coupon: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OperationPage {
    pub rows: Vec<OperationRow>,
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
}

/// Why one customer of an issue, or one reseller of a quota grant, got nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum IssueRefusal {
    NotFound,
    NotResale,
    /// The quota runs out before this one.
    Quota,
}

impl IssueRefusal {
    pub fn code(self) -> &'static str {
        match self {
            IssueRefusal::NotFound => "not_found",
            IssueRefusal::NotResale => "not_resale",
            IssueRefusal::Quota => "quota",
        }
    }

    pub fn from_code(code: &str) -> Option<IssueRefusal> {
        [
            IssueRefusal::NotFound,
            IssueRefusal::NotResale,
            IssueRefusal::Quota,
        ]
        .into_iter()
        .find(|r| r.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            IssueRefusal::NotFound => Msg::RefusalNotFound,
            IssueRefusal::NotResale => Msg::RefusalNotResale,
            IssueRefusal::Quota => Msg::RefusalQuota,
        }
    }
}

/// One line of an issue (or a grant to resellers): before, what would happen; after, what did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IssueLine {
    /// The customer (or reseller).
    pub id: String,
    pub account_name: String,
    pub refusal: Option<IssueRefusal>,
    /// The coupon (or the reseller's new quota), once made.
    pub made_id: Option<String>,
}

/// An issue of coupons, or a grant of quota to resellers, previewed or applied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IssueBatch {
    pub quota_id: String,
    pub kind: CouponKind,
    pub face_value: Decimal,
    pub lines: Vec<IssueLine>,
    pub total: Decimal,
    pub quota_balance_before: Decimal,
    pub quota_balance_after: Decimal,
    pub valid_from: DateTime<Utc>,
    pub valid_until: DateTime<Utc>,
    pub id: Option<String>,
    pub at: Option<DateTime<Utc>>,
}

/// One reseller quota of a reclaim: what returned to the distributor's quota, or why nothing did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReclaimLine {
    pub quota_id: String,
    pub reseller_account: String,
    pub reclaimed: Decimal,
    pub refusal: Option<IssueRefusal>,
}

/// A customer's coupon on its own Coupons page (never the issuer's remark).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyCoupon {
    pub id: String,
    pub kind: CouponKind,
    pub face_value: Decimal,
    pub balance: Decimal,
    pub status: CouponStatus,
    pub valid_from: DateTime<Utc>,
    pub valid_until: DateTime<Utc>,
    pub limits: Limits,
    pub issuer: String,
    pub history: Vec<CouponEvent>,
}

/// Something that happened to a coupon, for its owner.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CouponEvent {
    pub at: DateTime<Utc>,
    /// issue, use, recall, unbind_recall or expiry.
    pub what: String,
    pub amount: Decimal,
    pub balance_after: Option<Decimal>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyCoupons {
    pub vouchers: Vec<MyCoupon>,
    pub cash: Vec<MyCoupon>,
}

/// At most this many customers (or resellers) in one issue (or grant).
pub const ISSUE_LIMIT: usize = 100;
pub const PAGE_SIZE: u32 = 20;
/// Operations an operation-record filter may name.
pub const OPERATIONS: &[&str] = &["issue", "recall", "unbind_recall", "expiry"];
