//! Coupon endpoints: issuing coupons to up to 100 resale customers, the coupons issued, and
//! recalling one, through the services the portal's Coupons pages call.

use super::amounts::{money, number};
use super::auth::authenticate;
use super::coupon_terms::{use_limits, ErrorDetail, ICouponUseLimitInfoV2};
use super::doc::{LimitItem, ListedId};
use super::error::{ApiError, ErrorBody};
use super::fields::{
    id_filter, id_list, id_text, json_body, optional_text, optional_utc, paging, remark,
    rename_fields, time_utc,
};
use super::query::{integer, params};
use super::quotas::range;
use super::reach::{act_as_self, read_as};
use crate::core::permissions::Permission;
use crate::coupons::issue::IssueTerms;
use crate::coupons::store::CouponSearch;
use crate::coupons::{CouponKind, CouponRow, CouponStatus, IssueRefusal, Limits};
use crate::server::AppState;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::Json;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// `CreatePartnerCouponsReq`.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct CreatePartnerCouponsReq {
    /// The caller's quota to issue from.
    #[schema(max_length = 64)]
    quota_id: String,
    /// Up to 100 resale customers of the caller's; each gets one coupon while the quota lasts.
    #[schema(value_type = Vec<ListedId>, min_items = 1, max_items = 100)]
    customer_ids: Vec<String>,
    /// Yuan, more than 0 with at most 2 decimal places.
    #[serde(default)]
    #[schema(value_type = f64, required = true, exclusive_minimum = 0,
             maximum = 10_000_000_000_f64, multiple_of = 0.01)]
    face_value: Option<Box<RawValue>>,
    /// UTC; absent: the quota's start (or now, if later). Within the quota's validity.
    valid_time: Option<String>,
    /// UTC; absent: the quota's end.
    expire_time: Option<String>,
    /// Absent: the quota's; otherwise within the quota's.
    #[schema(value_type = Option<Vec<LimitItem>>, max_items = 10)]
    cloud_service_types: Option<Vec<String>>,
    #[schema(value_type = Option<Vec<LimitItem>>, max_items = 10)]
    product_ids: Option<Vec<String>>,
    /// The issuer's remark: never shown to the customer.
    #[schema(max_length = 256)]
    memo: Option<String>,
    /// Only the caller's own partner id: a distributor does not issue for its resellers.
    #[schema(max_length = 64)]
    indirect_partner_id: Option<String>,
}

/// `CouponSimpleInfo`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CouponSimpleInfo {
    id: String,
    coupon_id: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct IssuedCoupons {
    error_details: Vec<ErrorDetail>,
    coupon_infos: Vec<CouponSimpleInfo>,
}

/// Service types or products a coupon is limited to: each as the document's pattern states.
fn limit_items(field: &str, items: Option<Vec<String>>) -> Result<Vec<String>, ApiError> {
    let items = items.unwrap_or_default();
    let shaped = |i: &String| {
        (1..=64).contains(&i.len())
            && i.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".:_-".contains(&b))
    };
    if items.len() > 10 || !items.iter().all(shaped) {
        return Err(ApiError::parameter(format!(
            "{field}: at most 10 codes of letters, digits and . _ : - (up to 64 each)."
        )));
    }
    crate::coupons::rules::check_items(&items).map_err(|t| {
        ApiError::parameter(format!(
            "{field}: {}",
            t.render(crate::core::i18n::Lang::En)
        ))
    })
}

/// POST /v2/promotions/benefits/partner-coupons
#[utoipa::path(post, path = "/v2/promotions/benefits/partner-coupons", tag = "coupons",
    operation_id = "create_partner_coupons",
    description = "Issues a coupon of face_value from a quota to each of up to 100 resale customers, in order while the \
                   quota lasts, in one transaction; customers that got none are in error_details (CBC.0100 not yours, \
                   CBC.5021 consulting, CBC.99005003 quota spent). Permission item: sales.coupons.issue; a customer \
                   manager's key issues to its assigned customers only. A retry with the same X-Client-Token is applied once.",
    request_body = CreatePartnerCouponsReq,
    responses((status = 200, body = IssuedCoupons), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 405, body = ErrorBody),
              (status = 429, body = ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn create_partner_coupons(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<IssuedCoupons>, ApiError> {
    let signed = authenticate(&state, req).await?;
    let body: CreatePartnerCouponsReq = json_body(&signed.body)?;
    let terms = IssueTerms {
        quota: id_text("quota_id", body.quota_id)?,
        customers: id_list("customer_ids", body.customer_ids, 100)?,
        face_value: money("face_value", body.face_value.as_deref())?,
        valid_from: optional_utc("valid_time", body.valid_time)?,
        valid_until: optional_utc("expire_time", body.expire_time)?,
        limits: Limits {
            service_types: limit_items("cloud_service_types", body.cloud_service_types)?,
            products: limit_items("product_ids", body.product_ids)?,
            ..Limits::default()
        },
        remark: remark("memo", body.memo)?,
    };
    act_as_self(&signed.call, body.indirect_partner_id)?;
    let batch = crate::coupons::issue::apply(&signed.call, &terms)
        .await
        .map_err(|e| {
            rename_fields(
                e,
                &[
                    ("customers", "customer_ids"),
                    ("valid_from", "valid_time"),
                    ("valid_until", "expire_time"),
                    ("service_types", "cloud_service_types"),
                    ("products", "product_ids"),
                    ("remark", "memo"),
                ],
            )
        })?;
    let mut answer = IssuedCoupons {
        error_details: vec![],
        coupon_infos: vec![],
    };
    for line in batch.lines {
        match (line.refusal, line.made_id) {
            (None, Some(coupon_id)) => answer.coupon_infos.push(CouponSimpleInfo {
                id: line.id,
                coupon_id,
            }),
            (why, _) => answer.error_details.push(ErrorDetail::refused(
                line.id,
                why.unwrap_or(IssueRefusal::NotFound),
            )),
        }
    }
    Ok(Json(answer))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IssuedCouponsQuery {
    #[param(max_length = 64)]
    coupon_id: Option<String>,
    #[param(max_length = 64)]
    customer_id: Option<String>,
    /// Coupons are not tied to orders here: an order id matches none.
    #[param(max_length = 64)]
    order_id: Option<String>,
    /// 1 voucher, 4 cash coupon.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 4)]
    coupon_type: Option<String>,
    /// 2 usable, 3 used, 4 expired, 5 recalled (1, not activated, matches none: coupons need no
    /// activation).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 5)]
    status: Option<String>,
    create_time_begin: Option<String>,
    create_time_end: Option<String>,
    effective_time_begin: Option<String>,
    effective_time_end: Option<String>,
    expire_time_begin: Option<String>,
    expire_time_end: Option<String>,
    #[param(value_type = Option<i64>, minimum = 0, maximum = 100_000_000)]
    offset: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    limit: Option<String>,
    /// A tier-1 distributor reads the coupons one of its tier-2 resellers issued.
    #[param(max_length = 64)]
    indirect_partner_id: Option<String>,
}

/// `IQueryUserPartnerCouponsResultV2`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct IQueryUserPartnerCouponsResultV2 {
    coupon_id: String,
    status: i32,
    customer_id: String,
    coupon_type: i32,
    measure_id: i32,
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    face_value: Decimal,
    effective_time: String,
    expire_time: String,
    /// 1: electronic.
    media_type: i32,
    /// 3: issued online.
    fetch_method: i32,
    use_limits: Vec<ICouponUseLimitInfoV2>,
    active_time: String,
    last_used_time: Option<String>,
    create_time: String,
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    balance: Decimal,
    is_frozen: &'static str,
}

impl From<CouponRow> for IQueryUserPartnerCouponsResultV2 {
    fn from(c: CouponRow) -> Self {
        IQueryUserPartnerCouponsResultV2 {
            use_limits: use_limits(&c.id, &c.limits),
            coupon_id: c.id,
            status: c.status.huawei(),
            customer_id: c.customer_id,
            coupon_type: c.kind.coupon_type(),
            measure_id: super::funds::MEASURE_YUAN,
            face_value: c.face_value,
            effective_time: time_utc(c.valid_from),
            expire_time: time_utc(c.valid_until),
            media_type: 1,
            fetch_method: 3,
            active_time: time_utc(c.issued_at),
            last_used_time: c.last_used_at.map(time_utc),
            create_time: time_utc(c.issued_at),
            balance: c.balance,
            is_frozen: "0",
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct IssuedCouponList {
    total_count: i64,
    user_coupons: Vec<IQueryUserPartnerCouponsResultV2>,
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

/// GET /v2/promotions/benefits/partner-coupons
#[utoipa::path(get, path = "/v2/promotions/benefits/partner-coupons", tag = "coupons",
    operation_id = "list_issued_partner_coupons",
    description = "The coupons the partner issued, newest first; status as of now. Permission item: sales.coupons.view; \
                   a customer manager's key sees its assigned customers' coupons only. Time ranges take their start \
                   inclusive and their end exclusive.",
    params(IssuedCouponsQuery),
    responses((status = 200, body = IssuedCouponList), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 405, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn list_issued_partner_coupons(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<IssuedCouponList>, ApiError> {
    let signed = authenticate(&state, req).await?;
    let q: IssuedCouponsQuery = params(&signed.query)?;
    let page = paging(integer("offset", q.offset)?, integer("limit", q.limit)?)?;
    let coupon = id_filter("coupon_id", q.coupon_id)?;
    let customer = id_filter("customer_id", q.customer_id)?;
    let no_order = optional_text("order_id", q.order_id)?.is_none();
    let kind = kind_filter(q.coupon_type)?;
    let status = status_filter(q.status)?;
    let issued = range(
        ("create_time_begin", "create_time_end"),
        (q.create_time_begin, q.create_time_end),
    )?;
    let valid_from = range(
        ("effective_time_begin", "effective_time_end"),
        (q.effective_time_begin, q.effective_time_end),
    )?;
    let valid_until = range(
        ("expire_time_begin", "expire_time_end"),
        (q.expire_time_begin, q.expire_time_end),
    )?;
    let call = &signed.call;
    let partner = read_as(call, Permission::SalesCouponsView, q.indirect_partner_id).await?;
    let (Some(kind), Some(status), true) = (kind.search(), status.search(), no_order) else {
        return Ok(Json(IssuedCouponList {
            total_count: 0,
            user_coupons: vec![],
        }));
    };
    let search = CouponSearch {
        partner,
        customer,
        coupon,
        quota: None,
        kind: kind.map(CouponKind::code),
        status: status.map(CouponStatus::code),
        issued,
        valid_from,
        valid_until,
        assigned_to: call.actor.assigned_to(),
        now: call.now(),
        limit: page.limit,
        offset: page.offset,
    };
    let mut conn = call.pool().acquire().await?;
    let (rows, total_count) = crate::coupons::store::search_coupons(&mut conn, &search).await?;
    Ok(Json(IssuedCouponList {
        total_count,
        user_coupons: rows.into_iter().map(Into::into).collect(),
    }))
}

/// `ReclaimPartnerCouponsReq`.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct ReclaimPartnerCouponsReq {
    #[schema(max_length = 64)]
    coupon_id: String,
    /// Only the caller's own partner id: a distributor does not recall its resellers' coupons.
    #[schema(max_length = 64)]
    indirect_partner_id: Option<String>,
}

/// POST /v2/promotions/benefits/partner-coupons/reclaim
#[utoipa::path(post, path = "/v2/promotions/benefits/partner-coupons/reclaim", tag = "coupons",
    operation_id = "reclaim_partner_coupons",
    description = "Recalls one usable coupon the partner issued: its whole balance returns to its quota. A used, expired \
                   or recalled coupon is refused with CBC.99007004. Permission item: sales.coupons.recall; a customer \
                   manager's key recalls its assigned customers' coupons only.",
    request_body = ReclaimPartnerCouponsReq,
    responses((status = 204, description = "Recalled."), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 405, body = ErrorBody),
              (status = 429, body = ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn reclaim_partner_coupons(
    State(state): State<AppState>,
    req: Request,
) -> Result<StatusCode, ApiError> {
    let signed = authenticate(&state, req).await?;
    let body: ReclaimPartnerCouponsReq = json_body(&signed.body)?;
    let coupon = id_text("coupon_id", body.coupon_id)?;
    act_as_self(&signed.call, body.indirect_partner_id)?;
    crate::coupons::service::recall(&signed.call, &coupon).await?;
    Ok(StatusCode::NO_CONTENT)
}
