//! Funds endpoints: the partner's balance, allocating to and reclaiming from one resale customer,
//! and customers' balances (a distributor's movements with its resellers are in
//! `reseller_funds`). Writes call the same services as the portal's Funds pages (permission
//! items, scope, one operation at a time per account, `X-Client-Token` applied once); reads check
//! the item and scope here.

use super::amounts::{money, number};
use super::auth::{authenticate, Signed};
use super::error::{ApiError, ErrorBody};
use super::fields::{id_text, json_body};
use super::reach::{act_as_self, read_as};
use crate::core::permissions::Permission;
use crate::funds::{TransferDone, TransferKind};
use crate::scope::{self, Access};
use crate::server::AppState;
use axum::extract::{Request, State};
use axum::Json;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use uuid::Uuid;

/// Huawei's currency and unit of every amount here: yuan (CNY).
pub const CURRENCY: &str = "CNY";
pub const MEASURE_YUAN: i32 = 1;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PartnerBalancesQuery {
    /// A tier-1 distributor reads one of its tier-2 resellers' balance.
    #[param(max_length = 64)]
    indirect_partner_id: Option<String>,
}

/// `AccountBalanceV2`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AccountBalanceV2 {
    /// The partner's id: Partner Centre keeps one account per partner.
    account_id: String,
    /// 1: balance (余额), the account that funds customers.
    account_type: i32,
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    amount: Decimal,
    currency: &'static str,
    /// Earmarked balance: none is kept apart here.
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    designated_amount: Decimal,
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    credit_amount: Decimal,
    measure_id: i32,
    memo: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PartnerBalances {
    account_balances: Vec<AccountBalanceV2>,
}

/// GET /v2/accounts/partner-accounts/balances
#[utoipa::path(get, path = "/v2/accounts/partner-accounts/balances", tag = "funds",
    operation_id = "list_partner_balances",
    description = "The partner's account balance (a distributor: one of its resellers' with indirect_partner_id). Permission item: sales.funds.view.",
    params(PartnerBalancesQuery),
    responses((status = 200, body = PartnerBalances), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 405, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn list_partner_balances(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<PartnerBalances>, ApiError> {
    let signed = authenticate(&state, req).await?;
    let q: PartnerBalancesQuery = super::query::params(&signed.query)?;
    let partner = read_as(
        &signed.call,
        Permission::SalesFundsView,
        q.indirect_partner_id,
    )
    .await?;
    let mut conn = signed.call.pool().acquire().await?;
    let balance = crate::funds::store::partner_balance(&mut conn, partner).await?;
    Ok(Json(PartnerBalances {
        account_balances: vec![AccountBalanceV2 {
            account_id: partner.to_string(),
            account_type: 1,
            amount: balance,
            currency: CURRENCY,
            designated_amount: Decimal::ZERO,
            credit_amount: Decimal::ZERO,
            measure_id: MEASURE_YUAN,
            memo: String::new(),
        }],
    }))
}

/// `AdjustAccountReq` and `ReclaimToPartnerAccountBalancesReq`: one customer and an amount.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct CustomerAmountReq {
    /// A resale customer of the caller's (a customer manager: one assigned to it).
    #[schema(max_length = 64)]
    customer_id: String,
    /// Yuan, more than 0 with at most 2 decimal places.
    #[serde(default)]
    #[schema(value_type = f64, required = true, exclusive_minimum = 0,
             maximum = 10_000_000_000_f64, multiple_of = 0.01)]
    amount: Option<Box<RawValue>>,
    /// Only the caller's own partner id: a distributor does not move its resellers' money.
    #[schema(max_length = 64)]
    indirect_partner_id: Option<String>,
}

/// One movement between the caller's account and a customer's, as the portal's Funds page makes.
async fn move_customer(signed: Signed, kind: TransferKind) -> Result<TransferDone, ApiError> {
    let body: CustomerAmountReq = json_body(&signed.body)?;
    let customer = id_text("customer_id", body.customer_id)?;
    let amount = money("amount", body.amount.as_deref())?;
    act_as_self(&signed.call, body.indirect_partner_id)?;
    Ok(crate::funds::service::move_one(&signed.call, kind, &customer, amount).await?)
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TransferIdAnswer {
    transfer_id: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TransIdAnswer {
    trans_id: String,
}

/// Allocations answer `transfer_id`, reclaims `trans_id`, as Huawei names them.
impl From<TransferDone> for TransferIdAnswer {
    fn from(done: TransferDone) -> Self {
        TransferIdAnswer {
            transfer_id: done.trans_id,
        }
    }
}

impl From<TransferDone> for TransIdAnswer {
    fn from(done: TransferDone) -> Self {
        TransIdAnswer {
            trans_id: done.trans_id,
        }
    }
}

/// POST /v2/accounts/partner-accounts/adjust-amount
#[utoipa::path(post, path = "/v2/accounts/partner-accounts/adjust-amount", tag = "funds",
    operation_id = "update_customer_account_amount",
    description = "Allocates (拨款) from the partner's account to a resale customer. Permission item: sales.funds.allocate. \
                   A retry with the same X-Client-Token is applied once. Refusals: CBC.99005003 insufficient balance, \
                   CBC.5021 consulting customer, CBC.99007461 another operation on the account is under way.",
    request_body = CustomerAmountReq,
    responses((status = 200, body = TransferIdAnswer), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 405, body = ErrorBody),
              (status = 429, body = ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn update_customer_account_amount(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<TransferIdAnswer>, ApiError> {
    let signed = authenticate(&state, req).await?;
    let done = move_customer(signed, TransferKind::Allocate).await?;
    Ok(Json(TransferIdAnswer::from(done)))
}

/// POST /v2/accounts/partner-accounts/reclaim
#[utoipa::path(post, path = "/v2/accounts/partner-accounts/reclaim", tag = "funds",
    operation_id = "reclaim_to_partner_account",
    description = "Reclaims (回收) from a resale customer's balance back to the partner's account (never into debt). \
                   Permission item: sales.funds.reclaim. A retry with the same X-Client-Token is applied once.",
    request_body = CustomerAmountReq,
    responses((status = 200, body = TransIdAnswer), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 405, body = ErrorBody),
              (status = 429, body = ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn reclaim_to_partner_account(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<TransIdAnswer>, ApiError> {
    let signed = authenticate(&state, req).await?;
    let done = move_customer(signed, TransferKind::Reclaim).await?;
    Ok(Json(TransIdAnswer::from(done)))
}

/// `CustomerInfoV2`.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct CustomerInfoV2 {
    #[schema(max_length = 64)]
    customer_id: String,
}

/// `QueryCustomersBalancesReq`.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct QueryCustomersBalancesReq {
    #[schema(min_items = 1, max_items = 100)]
    customer_infos: Vec<CustomerInfoV2>,
    /// A tier-1 distributor reads one of its tier-2 resellers' customers.
    #[schema(max_length = 64)]
    indirect_partner_id: Option<String>,
}

/// `CustomerBalancesV2`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CustomerBalancesV2 {
    customer_id: String,
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    debt_amount: Decimal,
    /// The customer's balance.
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    amount: Decimal,
    currency: &'static str,
    measure_id: i32,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CustomersBalances {
    customer_balances: Vec<CustomerBalancesV2>,
}

/// POST /v2/accounts/customer-accounts/balances/batch-query
#[utoipa::path(post, path = "/v2/accounts/customer-accounts/balances/batch-query", tag = "funds",
    operation_id = "list_customers_balances_detail",
    description = "Balances and debts of up to 100 resale customers, in the order asked. Ids that are not the caller's \
                   resale customers (a customer manager: assigned to it) are left out, as Huawei leaves out non-resale ones. \
                   Permission item: sales.funds.view.",
    request_body = QueryCustomersBalancesReq,
    responses((status = 200, body = CustomersBalances), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 405, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn list_customers_balances_detail(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<CustomersBalances>, ApiError> {
    let signed = authenticate(&state, req).await?;
    let body: QueryCustomersBalancesReq = json_body(&signed.body)?;
    if body.customer_infos.is_empty() || body.customer_infos.len() > 100 {
        return Err(ApiError::parameter(
            "customer_infos: from 1 to 100 customers.",
        ));
    }
    let mut asked = Vec::with_capacity(body.customer_infos.len());
    for info in body.customer_infos {
        let id = id_text("customer_infos.customer_id", info.customer_id)?;
        // An id that is not one of ours names nobody.
        if let Ok(id) = Uuid::parse_str(id.trim()) {
            asked.push(id);
        }
    }
    let call = &signed.call;
    let partner = read_as(call, Permission::SalesFundsView, body.indirect_partner_id).await?;
    let mut conn = call.pool().acquire().await?;
    let reached = scope::customers(
        &mut conn,
        &call.actor,
        Permission::SalesFundsView,
        &asked,
        Access::Read,
    )
    .await?;
    let mut shown: Vec<Uuid> = Vec::with_capacity(asked.len());
    for id in asked {
        let resale_of_partner = reached
            .iter()
            .any(|c| c.id == id && c.partner_id == partner && c.resale);
        if resale_of_partner && !shown.contains(&id) {
            shown.push(id);
        }
    }
    let balances = crate::funds::records::balances(&mut conn, &shown).await?;
    Ok(Json(CustomersBalances {
        customer_balances: shown
            .iter()
            .filter_map(|id| balances.iter().find(|(b, _)| b == id))
            .map(|(id, b)| CustomerBalancesV2 {
                customer_id: id.to_string(),
                debt_amount: b.debt,
                amount: b.balance,
                currency: CURRENCY,
                measure_id: MEASURE_YUAN,
            })
            .collect(),
    }))
}
