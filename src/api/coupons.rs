//! Issuing coupons to up to 100 resale customers and recalling one, through the services the
//! portal's Coupons pages call; the coupons issued are listed in `issued_coupons`.

use super::amounts::money;
use super::auth::authenticate;
use super::coupon_terms::ErrorDetail;
use super::doc::{LimitItem, ListedId};
use super::error::{ApiError, ErrorBody};
use super::fields::{id_list, id_text, json_body, optional_utc, remark, rename_fields};
use super::reach::act_as_self;
use crate::coupons::issue::IssueTerms;
use crate::coupons::{IssueRefusal, Limits};
use crate::server::AppState;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::Json;
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
