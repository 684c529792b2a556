//! What the coupon pages and the API read: quotas with their records, issued coupons,
//! operation records, and a customer's own coupons.

use super::{CouponKind, CouponStatus, Limits, QuotaState};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

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
