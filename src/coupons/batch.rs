//! Issues of coupons and grants of quota, line by line: what would happen (a preview) and what
//! did (a result), and a reclaim's lines.

use super::CouponKind;
use crate::core::i18n::Msg;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

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
