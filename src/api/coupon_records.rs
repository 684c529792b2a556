//! The partner's coupon operation records (操作记录: issues, refused lines included, recalls,
//! recalls on disassociation, expiries), read through the portal's search.

use super::amounts::number;
use super::auth::authenticate;
use super::doc::{FilterId, OperationTypeCode};
use super::error::{ApiError, ErrorBody};
use super::fields::{id_filter, optional_text, paging, time_utc};
use super::query::{integer, list, params};
use super::quotas::range;
use super::reach::read_as;
use crate::core::i18n::{Lang, Text};
use crate::core::permissions::Permission;
use crate::coupons::store::OperationSearch;
use crate::coupons::{CouponKind, IssueRefusal, OperationRow};
use crate::server::AppState;
use axum::extract::{Request, State};
use axum::Json;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Huawei's operation types as numbers, and the operation records they name here (5–9 are
/// operations Partner Centre does not have).
const OPERATIONS: &[(&str, &str)] = &[
    ("1", "issue"),
    ("2", "recall"),
    ("3", "unbind_recall"),
    ("4", "expiry"),
];

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CouponRecordsQuery {
    /// 1 issue, 2 recall, 3 recall on disassociation, 4 expiry (5–9 match none); repeat the
    /// parameter for several.
    #[serde(default, deserialize_with = "list")]
    #[param(value_type = Option<Vec<OperationTypeCode>>, max_items = 9)]
    operation_types: Option<Vec<String>>,
    #[param(max_length = 64)]
    quota_id: Option<String>,
    /// 0 voucher quota, 1 cash-coupon quota.
    #[param(value_type = Option<i64>, minimum = 0, maximum = 1)]
    quota_type: Option<String>,
    /// Repeat the parameter for several.
    #[serde(default, deserialize_with = "list")]
    #[param(value_type = Option<Vec<FilterId>>, max_items = 100)]
    coupon_ids: Option<Vec<String>>,
    #[param(max_length = 64)]
    customer_id: Option<String>,
    operation_time_begin: Option<String>,
    operation_time_end: Option<String>,
    /// "0" succeeded, "-1" refused; anything else: both (as Huawei).
    #[param(max_length = 64)]
    result: Option<String>,
    #[param(value_type = Option<i64>, minimum = 0, maximum = 100_000_000)]
    offset: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    limit: Option<String>,
    /// A tier-1 distributor reads one of its tier-2 resellers' records.
    #[param(max_length = 64)]
    indirect_partner_id: Option<String>,
}

/// `CouponRecordV2`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CouponRecordV2 {
    id: String,
    operation_type: &'static str,
    quota_id: String,
    quota_type: i32,
    coupon_id: Option<String>,
    customer_id: Option<String>,
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    operation_amount: Decimal,
    operation_time: String,
    /// "0" succeeded, "-1" refused.
    result: &'static str,
    /// The issuer's remark; for a refused line, why.
    remark: String,
}

impl From<OperationRow> for CouponRecordV2 {
    fn from(r: OperationRow) -> Self {
        let refusal = [
            IssueRefusal::NotFound,
            IssueRefusal::NotResale,
            IssueRefusal::Quota,
        ]
        .into_iter()
        .find(|why| why.code() == r.reason);
        CouponRecordV2 {
            id: r.id.to_string(),
            operation_type: OPERATIONS
                .iter()
                .find(|(_, op)| *op == r.operation)
                .map_or("", |(number, _)| number),
            quota_id: r.quota_id,
            quota_type: r.quota_kind.quota_type(),
            coupon_id: r.coupon_id,
            customer_id: r.customer_id,
            operation_amount: r.amount,
            operation_time: time_utc(r.at),
            result: if r.success { "0" } else { "-1" },
            remark: match refusal {
                Some(why) if !r.success => Text::new(why.label()).render(Lang::En),
                _ => r.remark,
            },
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CouponRecords {
    total_count: i64,
    records: Vec<CouponRecordV2>,
}

/// GET /v2/promotions/benefits/partner-coupons/records/query
#[utoipa::path(get, path = "/v2/promotions/benefits/partner-coupons/records/query", tag = "coupons",
    operation_id = "list_partner_coupons_record",
    description = "The partner's coupon operation records, newest first, refused issue lines included (result -1). \
                   Permission item: sales.coupons.view; a customer manager's key sees its assigned customers' records only.",
    params(CouponRecordsQuery),
    responses((status = 200, body = CouponRecords), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 405, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn list_partner_coupons_record(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<CouponRecords>, ApiError> {
    let signed = authenticate(&state, req).await?;
    let q: CouponRecordsQuery = params(&signed.query)?;
    let page = paging(integer("offset", q.offset)?, integer("limit", q.limit)?)?;
    let operations = match q.operation_types {
        None => None,
        Some(types) if types.len() <= 9 => {
            let mut ops = Vec::new();
            for t in &types {
                if !matches!(t.as_bytes(), [b'1'..=b'9']) {
                    return Err(ApiError::parameter("operation_types: each from 1 to 9."));
                }
                ops.extend(
                    OPERATIONS
                        .iter()
                        .filter(|(n, _)| n == t)
                        .map(|(_, op)| op.to_string()),
                );
            }
            Some(ops)
        }
        Some(_) => return Err(ApiError::parameter("operation_types: at most 9.")),
    };
    let coupons = match q.coupon_ids {
        None => None,
        Some(ids) if ids.len() <= 100 => {
            let mut parsed = Vec::with_capacity(ids.len());
            for id in ids {
                parsed.extend(id_filter("coupon_ids", Some(id))?);
            }
            Some(parsed)
        }
        Some(_) => return Err(ApiError::parameter("coupon_ids: at most 100.")),
    };
    let quota_kind = match integer("quota_type", q.quota_type)? {
        None => None,
        Some(t) => Some(
            CouponKind::from_quota_type(t)
                .ok_or_else(|| ApiError::parameter("quota_type: 0 or 1."))?
                .code(),
        ),
    };
    let success = match optional_text("result", q.result)?.as_deref() {
        Some("0") => Some(true),
        Some("-1") => Some(false),
        _ => None,
    };
    let (from, until) = range(
        ("operation_time_begin", "operation_time_end"),
        (q.operation_time_begin, q.operation_time_end),
    )?;
    let quota = id_filter("quota_id", q.quota_id)?;
    let customer = id_filter("customer_id", q.customer_id)?;
    let call = &signed.call;
    let partner = read_as(call, Permission::SalesCouponsView, q.indirect_partner_id).await?;
    let search = OperationSearch {
        partner,
        operations,
        customer,
        coupons,
        quota,
        quota_kind,
        success,
        from,
        until,
        assigned_to: call.actor.assigned_to(),
        limit: page.limit,
        offset: page.offset,
    };
    let mut conn = call.pool().acquire().await?;
    let (rows, total_count) = crate::coupons::store::search_operations(&mut conn, &search).await?;
    Ok(Json(CouponRecords {
        total_count,
        records: rows.into_iter().map(Into::into).collect(),
    }))
}
