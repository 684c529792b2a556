//! Coupons (优惠券): quotas (额度) granted by the operator or by a tier-1 distributor, vouchers and
//! cash coupons issued from them to resale customers (up to 100 in one action, previewed first),
//! recalls, expiry, operation records, and the customer's own Coupons page.
//!
//! For every quota, at all times: balance = Σ of its records' signed amounts (granted − issued +
//! recalled + returned on expiry − granted on to resellers + reclaimed from them).

mod batch;
#[cfg(feature = "ssr")]
pub mod expiry;
#[cfg(feature = "ssr")]
pub mod holdings;
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
mod views;

pub use batch::*;
pub use server::*;
pub use views::*;

use crate::core::i18n::Msg;
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

/// At most this many customers (or resellers) in one issue (or grant).
pub const ISSUE_LIMIT: usize = 100;
pub const PAGE_SIZE: u32 = 20;
/// Operations an operation-record filter may name.
pub const OPERATIONS: &[&str] = &["issue", "recall", "unbind_recall", "expiry"];
