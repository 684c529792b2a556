//! The coupon quotas a partner holds (`list_quota_coupons`), in Huawei's shape; a distributor's
//! grants of quota to its resellers are in `quota_grants`.

use super::amounts::number;
use super::auth::authenticate;
use super::coupon_terms::{limit_infos, QuotaLimitInfo};
use super::doc::{ListedId, QuotaStatusCode};
use super::error::{ApiError, ErrorBody};
use super::fields::{
    id_list, json_body, json_integer, json_integers, optional_utc, paging, time_utc,
};
use super::funds::{CURRENCY, MEASURE_YUAN};
use super::reach::read_as;
use crate::core::permissions::Permission;
use crate::coupons::holdings::quota_view;
use crate::coupons::{store, CouponKind, QuotaView};
use crate::server::AppState;
use axum::extract::{Request, State};
use axum::Json;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// `QueryCouponQuotasReqExt`. Time ranges take their start inclusive and their end exclusive.
#[derive(Deserialize, Default, utoipa::ToSchema)]
pub struct QueryCouponQuotasReqExt {
    /// Empty or absent: any.
    #[schema(value_type = Option<Vec<ListedId>>, max_items = 100)]
    quota_ids: Option<Vec<String>>,
    /// 0 normal, 3 expired, 6 reclaimed (a reseller's quota its distributor took back); Huawei's
    /// 4 (being adjusted) and 5 (frozen) never hold here.
    #[serde(default, deserialize_with = "json_integers")]
    #[schema(value_type = Option<Vec<QuotaStatusCode>>, max_items = 10)]
    quota_status_list: Option<Vec<i64>>,
    /// 0 voucher quota (the default), 1 cash-coupon quota.
    #[serde(default, deserialize_with = "json_integer")]
    #[schema(minimum = 0, maximum = 1, default = 0)]
    quota_type: Option<i64>,
    create_time_begin: Option<String>,
    create_time_end: Option<String>,
    effective_time_begin: Option<String>,
    effective_time_end: Option<String>,
    expire_time_begin: Option<String>,
    expire_time_end: Option<String>,
    #[serde(default, deserialize_with = "json_integer")]
    #[schema(minimum = 0, maximum = 100_000_000, default = 0)]
    offset: Option<i64>,
    #[serde(default, deserialize_with = "json_integer")]
    #[schema(minimum = 1, maximum = 100, default = 10)]
    limit: Option<i64>,
    /// A tier-1 distributor reads one of its tier-2 resellers' quotas.
    #[schema(max_length = 64)]
    indirect_partner_id: Option<String>,
}

/// `CouponQuotaV2`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CouponQuotaV2 {
    quota_id: String,
    quota_type: i32,
    create_time: String,
    last_update_time: String,
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    quota_value: Decimal,
    quota_status: i32,
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    balance: Decimal,
    measure_id: i32,
    currency: &'static str,
    effective_time: String,
    expire_time: String,
    limit_infos: Vec<QuotaLimitInfo>,
}

impl From<&QuotaView> for CouponQuotaV2 {
    fn from(q: &QuotaView) -> Self {
        CouponQuotaV2 {
            quota_id: q.id.clone(),
            quota_type: q.kind.quota_type(),
            create_time: time_utc(q.created_at),
            last_update_time: time_utc(q.updated_at),
            quota_value: q.amount,
            quota_status: q.state.huawei(),
            balance: q.balance,
            measure_id: MEASURE_YUAN,
            currency: CURRENCY,
            effective_time: time_utc(q.valid_from),
            expire_time: time_utc(q.valid_until),
            limit_infos: limit_infos(&q.limits),
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct QuotaList {
    total_count: i64,
    quotas: Vec<CouponQuotaV2>,
}

/// A time range of a filter: from `.0` (inclusive) until `.1` (exclusive).
pub type Range = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

pub fn range(
    fields: (&str, &str),
    values: (Option<String>, Option<String>),
) -> Result<Range, ApiError> {
    Ok((
        optional_utc(fields.0, values.0)?,
        optional_utc(fields.1, values.1)?,
    ))
}

pub fn within(at: DateTime<Utc>, (from, until): Range) -> bool {
    from.is_none_or(|f| at >= f) && until.is_none_or(|u| at < u)
}

/// POST /v2/partners/coupon-quotas/query
#[utoipa::path(post, path = "/v2/partners/coupon-quotas/query", tag = "coupons",
    operation_id = "list_quota_coupons",
    description = "The coupon quotas the partner holds (a distributor: one of its resellers' with indirect_partner_id), \
                   newest first, of one quota_type. Permission item: sales.coupons.view.",
    request_body = QueryCouponQuotasReqExt,
    responses((status = 200, body = QuotaList), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 405, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn list_quota_coupons(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<QuotaList>, ApiError> {
    let signed = authenticate(&state, req).await?;
    let body: QueryCouponQuotasReqExt = json_body(&signed.body)?;
    let page = paging(body.offset, body.limit)?;
    let ids = match body.quota_ids.filter(|ids| !ids.is_empty()) {
        None => None,
        Some(ids) => Some(id_list("quota_ids", ids, 100)?),
    };
    let statuses = body.quota_status_list.filter(|s| !s.is_empty());
    if statuses
        .as_ref()
        .is_some_and(|s| s.len() > 10 || s.iter().any(|v| !(0..=6).contains(v)))
    {
        return Err(ApiError::parameter(
            "quota_status_list: at most 10 statuses, each from 0 to 6.",
        ));
    }
    let kind = CouponKind::from_quota_type(body.quota_type.unwrap_or(0))
        .ok_or_else(|| ApiError::parameter("quota_type: 0 (voucher) or 1 (cash coupon)."))?;
    let created = range(
        ("create_time_begin", "create_time_end"),
        (body.create_time_begin, body.create_time_end),
    )?;
    let effective = range(
        ("effective_time_begin", "effective_time_end"),
        (body.effective_time_begin, body.effective_time_end),
    )?;
    let expiring = range(
        ("expire_time_begin", "expire_time_end"),
        (body.expire_time_begin, body.expire_time_end),
    )?;
    let call = &signed.call;
    let holder = read_as(call, Permission::SalesCouponsView, body.indirect_partner_id).await?;
    let mut conn = call.pool().acquire().await?;
    let now = call.now();
    let matching: Vec<QuotaView> = store::quotas(&mut conn, Some(holder), None)
        .await?
        .into_iter()
        .map(|(q, _)| quota_view(q, None, now))
        .filter(|q| {
            q.kind == kind
                && ids
                    .as_ref()
                    .is_none_or(|ids| ids.iter().any(|i| i.eq_ignore_ascii_case(&q.id)))
                && statuses
                    .as_ref()
                    .is_none_or(|s| s.contains(&i64::from(q.state.huawei())))
                && within(q.created_at, created)
                && within(q.valid_from, effective)
                && within(q.valid_until, expiring)
        })
        .collect();
    Ok(Json(QuotaList {
        total_count: matching.len() as i64,
        quotas: matching
            .iter()
            .skip(page.offset as usize)
            .take(page.limit as usize)
            .map(CouponQuotaV2::from)
            .collect(),
    }))
}
