//! The coupons a partner issued (`list_issued_partner_coupons`), read through the search the
//! portal's Coupons page uses, with each coupon's status as of now.

use super::amounts::number;
use super::auth::authenticate;
use super::coupon_terms::{kind_filter, status_filter, use_limits, ICouponUseLimitInfoV2};
use super::error::{ApiError, ErrorBody};
use super::fields::{id_filter, optional_text, paging, time_utc};
use super::funds::MEASURE_YUAN;
use super::query::{integer, params};
use super::quotas::range;
use super::reach::read_as;
use crate::core::permissions::Permission;
use crate::coupons::store::CouponSearch;
use crate::coupons::{CouponKind, CouponRow, CouponStatus};
use crate::server::AppState;
use axum::extract::{Request, State};
use axum::Json;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

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
            measure_id: MEASURE_YUAN,
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
