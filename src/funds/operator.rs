//! What the operator does to accounts: topping a partner up (the only way money enters the
//! system) and setting a customer's credit line.

use super::service::{locked_out, new_trans_id};
use super::store::{self, NewTransfer};
use super::{TransferDone, TransferKind};
use crate::audit::service::{commit, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::core::error::AppError;
use crate::core::money::Money;
use crate::server::once::{self, Claim};
use crate::server::Call;
use rust_decimal::Decimal;
use uuid::Uuid;

/// The operator tops up a partner's account (the only way money enters the system).
pub async fn top_up(
    call: &Call,
    partner: &str,
    amount: Money,
    remark: &str,
) -> Result<TransferDone, AppError> {
    call.actor.require_operator()?;
    let remark =
        crate::core::validate::parse_remark(remark).map_err(|t| AppError::field("remark", t))?;
    let id = Uuid::parse_str(partner.trim()).map_err(|_| AppError::NotFound)?;
    let mut tx = call.begin().await?;
    store::bound_lock_waits(&mut tx).await?;
    let fingerprint = format!("top_up:{id}:{amount}");
    if let Claim::Done(done) = once::claim(&mut tx, call, "top_up", &fingerprint).await? {
        return Ok(done);
    }
    let name = crate::partners::store::account_name(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = call.now();
    let after = store::credit_partner(&mut tx, id, amount.amount(), now)
        .await
        .map_err(locked_out)?;
    let trans_id = new_trans_id(now);
    let actor = AuditActor::from(&call.actor);
    store::insert_transfer(
        &mut tx,
        &NewTransfer {
            trans_id: &trans_id,
            kind: TransferKind::TopUp,
            partner_id: Some(id),
            customer_id: None,
            reseller_id: None,
            amount: amount.amount(),
            remark: &remark,
            actor: &actor,
            at: now,
        },
    )
    .await?;
    store::insert_partner_entry(&mut tx, &trans_id, id, amount.amount(), after, now).await?;
    let done = TransferDone {
        trans_id,
        partner_balance: after,
    };
    once::complete(&mut tx, call, &done).await?;
    let target = format!("{name} {amount} {}", done.trans_id);
    commit(
        tx,
        call,
        AuditEntry::success(AuditAction::FundsTopUp, target).for_partner(id),
    )
    .await?;
    Ok(done)
}

/// The operator sets a customer's credit line (信用额度); 0 removes it.
pub async fn set_credit_limit(call: &Call, customer: &str, limit: &str) -> Result<(), AppError> {
    call.actor.require_operator()?;
    let limit = match limit.trim() {
        "0" | "0.0" | "0.00" => Decimal::ZERO,
        text => Money::parse_field("credit_limit", text)?.amount(),
    };
    let id = Uuid::parse_str(customer.trim()).map_err(|_| AppError::NotFound)?;
    let mut tx = call.begin().await?;
    let name = store::customer_name(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::set_credit_limit(&mut tx, id, limit, call.now()).await?;
    let entry = AuditEntry::success(AuditAction::CreditLimitSet, format!("{name} {limit}"))
        .for_customer(id);
    commit(tx, call, entry).await
}
