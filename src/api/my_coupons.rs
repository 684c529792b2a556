//! A customer's own coupons (`list_sub_customer_coupons`, with the customer's own key), never
//! with the issuer's remark.

use super::amounts::number;
use super::auth::authenticate;
use super::coupon_terms::{kind_filter, status_filter, use_limits, ICouponUseLimitInfoV2};
use super::error::{ApiError, ErrorBody};
use super::fields::{id_filter, optional_text, paging, time_utc};
use super::funds::{CURRENCY, MEASURE_YUAN};
use super::query::{integer, params};
use super::quotas::range;
use crate::coupons::store::owned::{OwnedCoupon, OwnedSearch};
use crate::coupons::{CouponKind, CouponStatus};
use crate::server::AppState;
use axum::extract::{Request, State};
use axum::Json;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MyCouponsQuery {
    #[param(max_length = 64)]
    coupon_id: Option<String>,
    /// Coupons are not tied to orders here: an order id matches none.
    #[param(max_length = 64)]
    order_id: Option<String>,
    /// Partner coupons belong to no promotion plan: a plan id matches none.
    #[param(max_length = 64)]
    promotion_plan_id: Option<String>,
    /// 1 voucher, 4 cash coupon (2 and 3 match none).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 4)]
    coupon_type: Option<String>,
    /// 2 usable, 3 used, 4 expired, 5 recalled (1 matches none).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 5)]
    status: Option<String>,
    /// When the coupon became active (it was issued), from.
    active_start_time: Option<String>,
    /// …until (exclusive).
    active_end_time: Option<String>,
    #[param(value_type = Option<i64>, minimum = 0, maximum = 100_000_000)]
    offset: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    limit: Option<String>,
    /// The partner that issued the coupons.
    #[param(max_length = 64)]
    source_id: Option<String>,
    /// Not used with a customer's key (as Huawei ignores it there).
    #[param(max_length = 64)]
    indirect_partner_id: Option<String>,
}

/// `IQueryUserCouponsResultV2`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct IQueryUserCouponsResultV2 {
    coupon_id: String,
    status: i32,
    customer_id: String,
    coupon_type: i32,
    measure_id: i32,
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    face_value: Decimal,
    valid_time: String,
    expire_time: String,
    media_type: i32,
    fetch_method: i32,
    use_limits: Vec<ICouponUseLimitInfoV2>,
    active_time: String,
    reserve_time: Option<String>,
    create_time: String,
    /// 2: the new kind, used repeatedly until its balance is spent.
    coupon_version: i32,
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    balance: Decimal,
    is_frozen: &'static str,
    currency: &'static str,
    /// The partner that issued it.
    source_id: String,
}

impl IQueryUserCouponsResultV2 {
    fn of(customer: Uuid, c: OwnedCoupon) -> Self {
        let id = c.id.to_string();
        IQueryUserCouponsResultV2 {
            use_limits: use_limits(&id, &c.limits),
            coupon_id: id,
            status: c.status.huawei(),
            customer_id: customer.to_string(),
            coupon_type: c.kind.coupon_type(),
            measure_id: MEASURE_YUAN,
            face_value: c.face_value,
            valid_time: time_utc(c.valid_from),
            expire_time: time_utc(c.valid_until),
            media_type: 1,
            fetch_method: 3,
            active_time: time_utc(c.issued_at),
            reserve_time: c.last_used_at.map(time_utc),
            create_time: time_utc(c.issued_at),
            coupon_version: 2,
            balance: c.balance,
            is_frozen: "0",
            currency: CURRENCY,
            source_id: c.issuer.to_string(),
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct MyCouponList {
    count: i64,
    user_coupons: Vec<IQueryUserCouponsResultV2>,
}

/// GET /v2/promotions/benefits/coupons
#[utoipa::path(get, path = "/v2/promotions/benefits/coupons", tag = "coupons",
    operation_id = "list_sub_customer_coupons",
    description = "A customer's own coupons, newest first, with a customer's access key (partner users' keys are refused \
                   with 403: they list what they issued with list_issued_partner_coupons). The issuer's remark is never shown.",
    params(MyCouponsQuery),
    responses((status = 200, body = MyCouponList), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 405, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn list_sub_customer_coupons(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<MyCouponList>, ApiError> {
    let signed = authenticate(&state, req).await?;
    let q: MyCouponsQuery = params(&signed.query)?;
    let page = paging(integer("offset", q.offset)?, integer("limit", q.limit)?)?;
    let coupon = id_filter("coupon_id", q.coupon_id)?;
    let issuer = id_filter("source_id", q.source_id)?;
    let no_order = optional_text("order_id", q.order_id)?.is_none();
    let no_plan = optional_text("promotion_plan_id", q.promotion_plan_id)?.is_none();
    let kind = kind_filter(q.coupon_type)?;
    let status = status_filter(q.status)?;
    let issued = range(
        ("active_start_time", "active_end_time"),
        (q.active_start_time, q.active_end_time),
    )?;
    optional_text("indirect_partner_id", q.indirect_partner_id)?;
    let customer = signed.call.actor.require_customer()?;
    let (Some(kind), Some(status), true) = (kind.search(), status.search(), no_order && no_plan)
    else {
        return Ok(Json(MyCouponList {
            count: 0,
            user_coupons: vec![],
        }));
    };
    let search = OwnedSearch {
        customer,
        coupon,
        kind: kind.map(CouponKind::code),
        status: status.map(CouponStatus::code),
        issuer,
        issued,
        now: signed.call.now(),
        limit: page.limit,
        offset: page.offset,
    };
    let (coupons, count) = crate::coupons::records::my_coupon_page(&signed.call, search).await?;
    Ok(Json(MyCouponList {
        count,
        user_coupons: coupons
            .into_iter()
            .map(|c| IQueryUserCouponsResultV2::of(customer, c))
            .collect(),
    }))
}
