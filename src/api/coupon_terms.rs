//! What quotas and coupons carry in Huawei's shapes: their limits (`limit_infos` of a quota,
//! `use_limits` of a coupon), the per-line outcome of a batch (`error_details`), and filters by
//! Huawei's coupon types and statuses.

use super::error::ApiError;
use super::query::integer;
use crate::core::error::Rule;
use crate::core::i18n::{Lang, Text};
use crate::coupons::{CouponKind, CouponStatus, IssueRefusal, Limits};
use serde::Serialize;

/// Limit keys, as Partner Centre names them (Huawei's own key list is not public in full):
/// service types and products (comma-separated in a coupon's `value1`, one value each in a
/// quota's `limit_values`), a minimum order amount in yuan, and "selected marketplace products
/// only" (严选, value "1").
pub const SERVICE_TYPES: &str = "serviceTypeList";
pub const PRODUCTS: &str = "productIdList";
pub const MIN_ORDER: &str = "minConsumeAmount";
pub const SELECTED_ONLY: &str = "onlySelectedProducts";

/// `LimitValue`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct LimitValue {
    value1: String,
    value2: Option<String>,
}

/// `QuotaLimitInfo`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct QuotaLimitInfo {
    limit_key: &'static str,
    limit_values: Vec<LimitValue>,
}

/// The limits as key and values, the keys a quota or coupon has, in one order.
fn keyed(limits: &Limits) -> Vec<(&'static str, Vec<String>)> {
    let mut keyed = Vec::new();
    if !limits.service_types.is_empty() {
        keyed.push((SERVICE_TYPES, limits.service_types.clone()));
    }
    if !limits.products.is_empty() {
        keyed.push((PRODUCTS, limits.products.clone()));
    }
    if let Some(min) = limits.min_order_amount {
        keyed.push((MIN_ORDER, vec![min.to_string()]));
    }
    if limits.selected_only {
        keyed.push((SELECTED_ONLY, vec!["1".to_string()]));
    }
    keyed
}

/// A quota's `limit_infos`.
pub fn limit_infos(limits: &Limits) -> Vec<QuotaLimitInfo> {
    keyed(limits)
        .into_iter()
        .map(|(limit_key, values)| QuotaLimitInfo {
            limit_key,
            limit_values: values
                .into_iter()
                .map(|value1| LimitValue {
                    value1,
                    value2: None,
                })
                .collect(),
        })
        .collect()
}

/// `ICouponUseLimitInfoV2` (`use_limiti_info_id` is Huawei's spelling).
#[derive(Serialize, utoipa::ToSchema)]
pub struct ICouponUseLimitInfoV2 {
    use_limiti_info_id: String,
    limit_key: &'static str,
    value1: String,
    value2: Option<String>,
    value_unit: Option<String>,
    limit_type: Option<String>,
}

/// A coupon's `use_limits`; each limit's id is the coupon's id and its key.
pub fn use_limits(coupon_id: &str, limits: &Limits) -> Vec<ICouponUseLimitInfoV2> {
    keyed(limits)
        .into_iter()
        .map(|(limit_key, values)| ICouponUseLimitInfoV2 {
            use_limiti_info_id: format!("{coupon_id}:{limit_key}"),
            limit_key,
            value1: values.join(","),
            value2: None,
            value_unit: (limit_key == MIN_ORDER).then(|| "CNY".to_string()),
            limit_type: None,
        })
        .collect()
}

/// `ErrorDetail`: one line of a batch that did nothing, and why.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    error_code: &'static str,
    error_msg: String,
    /// The customer, reseller or quota of the line.
    id: String,
}

impl ErrorDetail {
    /// The line of `id` refused for `why`, with the code the whole request would have had.
    pub fn refused(id: String, why: IssueRefusal) -> ErrorDetail {
        let error_code = match why {
            IssueRefusal::NotFound => "CBC.0100",
            IssueRefusal::NotResale => Rule::NotResale.code(),
            IssueRefusal::Quota => Rule::InsufficientQuota.code(),
        };
        ErrorDetail {
            error_code,
            error_msg: Text::new(why.label()).render(Lang::En),
            id,
        }
    }
}

/// A filter on a value of which Huawei has more kinds than Partner Centre: any, one of ours, or
/// one that no coupon here can have (a discount coupon, a status "not activated").
pub enum Pick<T> {
    Any,
    One(T),
    Unmatched,
}

impl<T: Copy> Pick<T> {
    fn of(value: Option<i64>, ours: impl Fn(i64) -> Option<T>) -> Pick<T> {
        match value {
            None => Pick::Any,
            Some(v) => ours(v).map_or(Pick::Unmatched, Pick::One),
        }
    }

    /// The filter as a search takes it, or `None` when nothing can match.
    pub fn search(&self) -> Option<Option<T>> {
        match self {
            Pick::Any => Some(None),
            Pick::One(v) => Some(Some(*v)),
            Pick::Unmatched => None,
        }
    }
}

/// `coupon_type`: 1 voucher, 4 cash coupon (2 discount and 3 product coupons exist at Huawei).
pub fn kind_filter(value: Option<String>) -> Result<Pick<CouponKind>, ApiError> {
    let value = integer("coupon_type", value)?;
    if value.is_some_and(|v| !(1..=4).contains(&v)) {
        return Err(ApiError::parameter("coupon_type: from 1 to 4."));
    }
    Ok(Pick::of(value, CouponKind::from_coupon_type))
}

/// `status`: 2 usable, 3 used, 4 expired, 5 recalled (1, not activated, never holds here).
pub fn status_filter(value: Option<String>) -> Result<Pick<CouponStatus>, ApiError> {
    let value = integer("status", value)?;
    if value.is_some_and(|v| !(1..=5).contains(&v)) {
        return Err(ApiError::parameter("status: from 1 to 5."));
    }
    Ok(Pick::of(value, CouponStatus::from_huawei))
}
