//! Funds server functions. Each names its permission item in the service it calls; forms that
//! move money carry a one-time `token`, so a double submit moves it once.

#[cfg(feature = "ssr")]
use super::rules::Direction;
use super::{AdjustmentFilter, AdjustmentPage, Batch, EntryPage, TransferDone};
use crate::core::error::AppError;
#[cfg(feature = "ssr")]
use crate::core::{ids::ClientToken, money::Money};
#[cfg(feature = "ssr")]
use crate::identity::call;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn direction(value: &str) -> Result<Direction, AppError> {
    Direction::parse(value)
        .ok_or_else(|| AppError::field("direction", crate::core::i18n::Msg::ErrBadChoice))
}

#[server(endpoint = "funds_overview")]
pub async fn funds_overview() -> Result<super::FundsHome, AppError> {
    super::records::overview(&call().await?).await
}

/// Allocates to (`direction=allocate`) or reclaims from (`reclaim`) one resale customer.
#[server(endpoint = "move_customer_funds")]
pub async fn move_customer_funds(
    direction: String,
    customer: String,
    amount: String,
    token: Option<String>,
) -> Result<TransferDone, AppError> {
    let kind = match self::direction(&direction)? {
        Direction::Allocate => super::TransferKind::Allocate,
        Direction::Reclaim => super::TransferKind::Reclaim,
    };
    let amount = Money::parse_field("amount", &amount)?;
    let call = call().await?.with_token(ClientToken::from_form(token)?);
    super::service::move_one(&call, kind, &customer, amount).await
}

/// What a batch would do to each chosen customer (`customers[N]=id`), before anything moves.
#[server(endpoint = "preview_fund_batch")]
pub async fn preview_fund_batch(
    direction: String,
    amount: String,
    customers: Option<Vec<String>>,
) -> Result<Batch, AppError> {
    let direction = self::direction(&direction)?;
    let amount = Money::parse_field("amount", &amount)?;
    let customers = customers.unwrap_or_default();
    super::batch::preview(&call().await?, direction, amount, &customers).await
}

/// Applies a batch, then shows its result page.
#[server(endpoint = "apply_fund_batch")]
pub async fn apply_fund_batch(
    direction: String,
    amount: String,
    customers: Option<Vec<String>>,
    token: Option<String>,
) -> Result<Batch, AppError> {
    let direction = self::direction(&direction)?;
    let amount = Money::parse_field("amount", &amount)?;
    let customers = customers.unwrap_or_default();
    let call = call().await?.with_token(ClientToken::from_form(token)?);
    let batch = super::batch::apply(&call, direction, amount, &customers).await?;
    if let Some(id) = &batch.id {
        leptos_axum::redirect(&format!("/partner/funds/batches/{id}"));
    }
    Ok(batch)
}

#[server(endpoint = "fund_batch")]
pub async fn fund_batch(id: String) -> Result<Batch, AppError> {
    super::batch::stored(&call().await?, &id).await
}

#[server(endpoint = "adjustment_records")]
pub async fn adjustment_records(filter: AdjustmentFilter) -> Result<AdjustmentPage, AppError> {
    super::records::adjustments(&call().await?, &filter).await
}

#[server(endpoint = "partner_account_entries")]
pub async fn partner_account_entries(
    from: Option<String>,
    to: Option<String>,
    page: Option<u32>,
) -> Result<EntryPage, AppError> {
    let call = call().await?;
    super::records::partner_entries(&call, from.as_deref(), to.as_deref(), page.unwrap_or(1)).await
}

/// A distributor allocates to or reclaims from one of its resellers.
#[server(endpoint = "move_reseller_funds")]
pub async fn move_reseller_funds(
    direction: String,
    reseller: String,
    amount: String,
    token: Option<String>,
) -> Result<TransferDone, AppError> {
    let kind = match self::direction(&direction)? {
        Direction::Allocate => super::TransferKind::ResellerAllocate,
        Direction::Reclaim => super::TransferKind::ResellerReclaim,
    };
    let amount = Money::parse_field("amount", &amount)?;
    let call = call().await?.with_token(ClientToken::from_form(token)?);
    super::resellers::move_reseller(&call, kind, &reseller, amount).await
}

/// The signed-in customer's balance and movements.
#[server(endpoint = "my_balance")]
pub async fn my_balance(page: Option<u32>) -> Result<super::BalancePage, AppError> {
    super::records::my_balance(&call().await?, page.unwrap_or(1)).await
}

/// The operator tops up a partner's account.
#[server(endpoint = "top_up_partner")]
pub async fn top_up_partner(
    partner: String,
    amount: String,
    remark: String,
    token: Option<String>,
) -> Result<TransferDone, AppError> {
    let amount = Money::parse_field("amount", &amount)?;
    let call = call().await?.with_token(ClientToken::from_form(token)?);
    super::service::top_up(&call, &partner, amount, &remark).await
}

/// The operator sets a customer's credit line.
#[server(endpoint = "set_credit_limit")]
pub async fn set_credit_limit(customer: String, credit_limit: String) -> Result<(), AppError> {
    super::service::set_credit_limit(&call().await?, &customer, &credit_limit).await
}
