//! A tier-1 distributor grants voucher quota to its tier-2 resellers (up to 100 at once) and
//! reclaims it, through the services the portal's Coupons pages call; what it granted, and the
//! records, are in `granted_quotas`.

use super::amounts::{money, number};
use super::auth::authenticate;
use super::coupon_terms::ErrorDetail;
use super::doc::ListedId;
use super::error::{ApiError, ErrorBody};
use super::fields::{id_list, id_text, json_body, remark, rename_fields};
use crate::coupons::IssueRefusal;
use crate::server::AppState;
use axum::extract::{Request, State};
use axum::Json;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// `AdjustCouponQuotasReq`.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct AdjustCouponQuotasReq {
    /// The distributor's voucher quota to grant from.
    #[schema(max_length = 64)]
    quota_id: String,
    /// Up to 100 of the caller's tier-2 resellers.
    #[schema(value_type = Vec<ListedId>, min_items = 1, max_items = 100)]
    indirect_partner_ids: Vec<String>,
    /// Yuan granted to each reseller, more than 0 with at most 2 decimal places.
    #[serde(default)]
    #[schema(value_type = f64, required = true, exclusive_minimum = 0,
             maximum = 10_000_000_000_f64, multiple_of = 0.01)]
    quota_amount: Option<Box<RawValue>>,
}

/// `QuotaSimpleInfo`: a reseller and the quota it was granted.
#[derive(Serialize, utoipa::ToSchema)]
pub struct QuotaSimpleInfo {
    id: String,
    quota_id: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct QuotaGrants {
    error_details: Vec<ErrorDetail>,
    simple_quota_infos: Vec<QuotaSimpleInfo>,
}

/// POST /v2/partners/coupon-quotas/indirect-partner-adjust
#[utoipa::path(post, path = "/v2/partners/coupon-quotas/indirect-partner-adjust", tag = "coupons",
    operation_id = "update_coupon_quotas",
    description = "A tier-1 distributor grants quota_amount from one of its quotas to each of up to 100 tier-2 resellers, \
                   in order while the quota lasts: each gets a quota of its own (the parent's validity and limits). \
                   Lines that got nothing are in error_details. Permission item: sales.coupons.quotas (not with a customer \
                   manager's scope). A retry with the same X-Client-Token is applied once.",
    request_body = AdjustCouponQuotasReq,
    responses((status = 200, body = QuotaGrants), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 405, body = ErrorBody),
              (status = 429, body = ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn update_coupon_quotas(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<QuotaGrants>, ApiError> {
    let signed = authenticate(&state, req).await?;
    let body: AdjustCouponQuotasReq = json_body(&signed.body)?;
    let quota = id_text("quota_id", body.quota_id)?;
    let resellers = id_list("indirect_partner_ids", body.indirect_partner_ids, 100)?;
    let amount = money("quota_amount", body.quota_amount.as_deref())?;
    let batch =
        crate::coupons::quotas::grant_to_resellers(&signed.call, &quota, &resellers, amount)
            .await
            .map_err(|e| rename_fields(e, &[("resellers", "indirect_partner_ids")]))?;
    let mut answer = QuotaGrants {
        error_details: vec![],
        simple_quota_infos: vec![],
    };
    for line in batch.lines {
        match (line.refusal, line.made_id) {
            (None, Some(quota_id)) => answer.simple_quota_infos.push(QuotaSimpleInfo {
                id: line.id,
                quota_id,
            }),
            (why, _) => answer.error_details.push(ErrorDetail::refused(
                line.id,
                why.unwrap_or(IssueRefusal::NotFound),
            )),
        }
    }
    Ok(Json(answer))
}

/// `ReclaimCouponQuotasReq`.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct ReclaimCouponQuotasReq {
    /// Up to 10 quotas the caller granted its resellers.
    #[schema(value_type = Vec<ListedId>, min_items = 1, max_items = 10)]
    quota_ids: Vec<String>,
    #[schema(max_length = 256)]
    remark: Option<String>,
}

/// `QuotaReclaim`: a reseller quota taken back, and what it held (now back in its parent).
#[derive(Serialize, utoipa::ToSchema)]
pub struct QuotaReclaim {
    quota_id: String,
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    quota_balance: Decimal,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct QuotaReclaims {
    error_details: Vec<ErrorDetail>,
    simple_quota_infos: Vec<QuotaReclaim>,
}

/// POST /v2/partners/coupon-quotas/indirect-partner-reclaim
#[utoipa::path(post, path = "/v2/partners/coupon-quotas/indirect-partner-reclaim", tag = "coupons",
    operation_id = "reclaim_coupon_quotas",
    description = "A tier-1 distributor takes back all that up to 10 of its resellers' quotas hold, into the quotas they \
                   were granted from; those quotas issue no more. quota_balance is the amount taken back. Quotas not \
                   granted by the caller are in error_details. Permission item: sales.coupons.quotas (not with a customer \
                   manager's scope). A retry with the same X-Client-Token is applied once.",
    request_body = ReclaimCouponQuotasReq,
    responses((status = 200, body = QuotaReclaims), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 405, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn reclaim_coupon_quotas(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<QuotaReclaims>, ApiError> {
    let signed = authenticate(&state, req).await?;
    let body: ReclaimCouponQuotasReq = json_body(&signed.body)?;
    let quotas = id_list("quota_ids", body.quota_ids, 10)?;
    let remark = remark("remark", body.remark)?;
    let lines =
        crate::coupons::quotas::reclaim_from_resellers(&signed.call, &quotas, &remark).await?;
    let mut answer = QuotaReclaims {
        error_details: vec![],
        simple_quota_infos: vec![],
    };
    for line in lines {
        match line.refusal {
            None => answer.simple_quota_infos.push(QuotaReclaim {
                quota_id: line.quota_id,
                quota_balance: line.reclaimed,
            }),
            Some(why) => answer
                .error_details
                .push(ErrorDetail::refused(line.quota_id, why)),
        }
    }
    Ok(Json(answer))
}
