//! A tier-1 distributor's movements with its tier-2 resellers' accounts, through the service the
//! portal's Funds page calls (`funds::resellers::move_reseller`).

use super::amounts::money;
use super::auth::{authenticate, Signed};
use super::error::{ApiError, ErrorBody};
use super::fields::{id_text, json_body};
use super::funds::{TransIdAnswer, TransferIdAnswer};
use crate::funds::{TransferDone, TransferKind};
use crate::server::AppState;
use axum::extract::{Request, State};
use axum::Json;
use serde::Deserialize;
use serde_json::value::RawValue;

/// `AdjustToIndirectPartnerReq` and `ReclaimIndirectPartnerAccountReq`.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct ResellerAmountReq {
    /// One of the caller's tier-2 resellers.
    #[schema(max_length = 64)]
    indirect_partner_id: String,
    /// Yuan, more than 0 with at most 2 decimal places.
    #[serde(default)]
    #[schema(value_type = f64, required = true, exclusive_minimum = 0,
             maximum = 10_000_000_000_f64, multiple_of = 0.01)]
    amount: Option<Box<RawValue>>,
}

/// One movement between a distributor's account and one of its resellers'.
async fn move_reseller(signed: Signed, kind: TransferKind) -> Result<TransferDone, ApiError> {
    let body: ResellerAmountReq = json_body(&signed.body)?;
    let reseller = id_text("indirect_partner_id", body.indirect_partner_id)?;
    let amount = money("amount", body.amount.as_deref())?;
    Ok(crate::funds::resellers::move_reseller(&signed.call, kind, &reseller, amount).await?)
}

/// POST /v2/accounts/partner-accounts/indirect-partner-adjust
#[utoipa::path(post, path = "/v2/accounts/partner-accounts/indirect-partner-adjust", tag = "funds",
    operation_id = "update_indirect_partner_account",
    description = "A tier-1 distributor allocates from its account to one of its tier-2 resellers. Permission item: \
                   sales.funds.allocate (not with a customer manager's scope). A retry with the same X-Client-Token is applied once.",
    request_body = ResellerAmountReq,
    responses((status = 200, body = TransferIdAnswer), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 405, body = ErrorBody),
              (status = 429, body = ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn update_indirect_partner_account(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<TransferIdAnswer>, ApiError> {
    let signed = authenticate(&state, req).await?;
    let done = move_reseller(signed, TransferKind::ResellerAllocate).await?;
    Ok(Json(TransferIdAnswer::from(done)))
}

/// POST /v2/accounts/partner-accounts/indirect-partner-reclaim
#[utoipa::path(post, path = "/v2/accounts/partner-accounts/indirect-partner-reclaim", tag = "funds",
    operation_id = "reclaim_indirect_partner_account",
    description = "A tier-1 distributor reclaims from one of its tier-2 resellers' balance. Permission item: \
                   sales.funds.reclaim (not with a customer manager's scope). A retry with the same X-Client-Token is applied once.",
    request_body = ResellerAmountReq,
    responses((status = 200, body = TransIdAnswer), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 405, body = ErrorBody),
              (status = 429, body = ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn reclaim_indirect_partner_account(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<TransIdAnswer>, ApiError> {
    let signed = authenticate(&state, req).await?;
    let done = move_reseller(signed, TransferKind::ResellerReclaim).await?;
    Ok(Json(TransIdAnswer::from(done)))
}
