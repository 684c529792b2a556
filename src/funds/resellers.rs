//! A tier-1 distributor's movements with its tier-2 resellers' accounts: allocating to one and
//! reclaiming from it, recorded on both sides (entries on both accounts, an audit record in each
//! partner's log).

use super::service::{busy, locked_out, new_trans_id};
use super::store::{self, NewTransfer};
use super::{TransferDone, TransferKind};
use crate::audit::service::{commit, record, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::core::error::{AppError, Rule};
use crate::core::i18n::{Msg, Text};
use crate::core::money::{format_yuan, Money};
use crate::core::permissions::Permission;
use crate::server::once::{self, Claim};
use crate::server::Call;
use uuid::Uuid;

/// A tier-1 distributor allocates to, or reclaims from, one of its tier-2 resellers' accounts.
pub async fn move_reseller(
    call: &Call,
    kind: TransferKind,
    reseller: &str,
    amount: Money,
) -> Result<TransferDone, AppError> {
    let (item, action) = match kind {
        TransferKind::ResellerAllocate => (
            Permission::SalesFundsAllocate,
            AuditAction::FundsResellerAllocate,
        ),
        TransferKind::ResellerReclaim => (
            Permission::SalesFundsReclaim,
            AuditAction::FundsResellerReclaim,
        ),
        _ => return Err(AppError::Internal),
    };
    let distributor = call.actor.require(item)?;
    // A customer manager's scope holds customers, never resellers.
    if call.actor.assigned_to().is_some() {
        return Err(AppError::Forbidden);
    }
    let mut tx = call.begin().await?;
    store::bound_lock_waits(&mut tx).await?;
    let fingerprint = format!("{}:{}:{}", kind.code(), reseller.trim(), amount);
    if let Claim::Done(done) = once::claim(&mut tx, call, kind.code(), &fingerprint).await? {
        return Ok(done);
    }
    let id = Uuid::parse_str(reseller.trim()).map_err(|_| AppError::NotFound)?;
    let name = crate::partners::store::reseller_name(&mut tx, distributor, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = call.now();
    let reseller_before = store::lock_partner_target(&mut tx, id, now)
        .await
        .map_err(locked_out)?
        .ok_or_else(busy)?;
    let value = amount.amount();
    let (distributor_after, distributor_change) = match kind {
        TransferKind::ResellerAllocate => {
            let after = store::debit_partner(&mut tx, distributor, value, now)
                .await
                .map_err(locked_out)?
                .ok_or_else(|| Rule::InsufficientBalance.refuse(Msg::ErrPartnerBalanceShort))?;
            (after, -value)
        }
        _ => {
            if reseller_before < value {
                return Err(Rule::InsufficientBalance.refuse(
                    Text::new(Msg::ErrCustomerBalanceShort)
                        .arg("balance", format_yuan(reseller_before)),
                ));
            }
            let after = store::credit_partner(&mut tx, distributor, value, now)
                .await
                .map_err(locked_out)?;
            (after, value)
        }
    };
    // The reseller's account is locked: move its side by the opposite of the distributor's.
    let reseller_after = store::change_partner(&mut tx, id, -distributor_change, now).await?;
    let trans_id = new_trans_id(now);
    let actor = AuditActor::from(&call.actor);
    store::insert_transfer(
        &mut tx,
        &NewTransfer {
            trans_id: &trans_id,
            kind,
            partner_id: Some(distributor),
            customer_id: None,
            reseller_id: Some(id),
            amount: value,
            remark: "",
            actor: &actor,
            at: now,
        },
    )
    .await?;
    store::insert_partner_entry(
        &mut tx,
        &trans_id,
        distributor,
        distributor_change,
        distributor_after,
        now,
    )
    .await?;
    store::insert_partner_entry(
        &mut tx,
        &trans_id,
        id,
        -distributor_change,
        reseller_after,
        now,
    )
    .await?;
    let done = TransferDone {
        trans_id,
        partner_balance: distributor_after,
    };
    once::complete(&mut tx, call, &done).await?;
    let target = format!("{name} {amount} {}", done.trans_id);
    // The reseller sees the movement in its own audit log too.
    let entry = AuditEntry::success(action, target.clone()).for_partner(id);
    record(&mut tx, &actor, call.source, &entry).await?;
    commit(tx, call, AuditEntry::success(action, target)).await?;
    Ok(done)
}
