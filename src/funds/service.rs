//! Moving money: allocating to and reclaiming from one resale customer, a distributor's movements
//! with its resellers, the operator's top-ups, the return on disassociation and a customer's
//! spend. Each is one transaction: the movement, an entry per account, the audit record, and the
//! answer to a retry.
//!
//! Locks are taken in one order so that nothing waits in a circle: the target account first
//! without waiting (a second operation on it is refused: one at a time per account), then the
//! partner's account, waiting briefly (movements to different customers queue on it).

use super::rules::{CustomerChange, CustomerFunds};
use super::store::{self, NewTransfer};
use super::{TransferDone, TransferKind};
use crate::audit::service::{commit, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::core::error::{AppError, Rule};
use crate::core::i18n::{Msg, Text};
use crate::core::money::{format_yuan, Money};
use crate::core::permissions::Permission;
use crate::scope::{self, Access, ScopedCustomer};
use crate::server::once::{self, Claim};
use crate::server::Call;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::PgConnection;
use uuid::Uuid;

pub fn new_trans_id(at: DateTime<Utc>) -> String {
    super::rules::trans_id(at, rand::random())
}

pub fn busy() -> AppError {
    Rule::Busy.refuse(Msg::ErrFundsBusy)
}

/// A lock that could not be had in time is the busy refusal, not a server error.
pub fn locked_out(e: sqlx::Error) -> AppError {
    if store::is_lock_unavailable(&e) {
        busy()
    } else {
        e.into()
    }
}

/// One movement between a partner and one of its customers, with its records: the customer's
/// account must be locked by the caller.
pub struct CustomerMove<'a> {
    pub kind: TransferKind,
    pub partner: Uuid,
    pub customer: Uuid,
    pub amount: Money,
    pub funds: CustomerFunds,
    pub actor: &'a AuditActor,
    pub at: DateTime<Utc>,
}

/// The movement's result: its id, and both accounts after it.
pub struct Moved {
    pub trans_id: String,
    pub partner_balance: Decimal,
    pub customer: CustomerFunds,
}

/// Moves `amount` between the partner's account and a locked customer account, in the
/// direction of its kind, and records it. Refuses (changing nothing) when the paying side holds
/// less than the amount.
pub async fn move_customer_funds(
    conn: &mut PgConnection,
    m: &CustomerMove<'_>,
) -> Result<Moved, AppError> {
    let amount = m.amount.amount();
    let (change, partner_balance, partner_change) = match m.kind {
        TransferKind::Allocate => {
            let after = store::debit_partner(conn, m.partner, amount, m.at)
                .await
                .map_err(locked_out)?
                .ok_or_else(|| Rule::InsufficientBalance.refuse(Msg::ErrPartnerBalanceShort))?;
            (m.funds.receive(m.amount), after, -amount)
        }
        TransferKind::Reclaim | TransferKind::UnbindReturn => {
            let change = m.funds.give_back(m.amount).ok_or_else(|| {
                Rule::InsufficientBalance.refuse(
                    Text::new(Msg::ErrCustomerBalanceShort)
                        .arg("balance", format_yuan(m.funds.balance)),
                )
            })?;
            let after = store::credit_partner(conn, m.partner, amount, m.at)
                .await
                .map_err(locked_out)?;
            (change, after, amount)
        }
        _ => return Err(AppError::Internal),
    };
    let trans_id = new_trans_id(m.at);
    let customer = store::change_customer(conn, m.customer, change, m.at).await?;
    store::insert_transfer(
        conn,
        &NewTransfer {
            trans_id: &trans_id,
            kind: m.kind,
            partner_id: Some(m.partner),
            customer_id: Some(m.customer),
            reseller_id: None,
            amount,
            remark: "",
            actor: m.actor,
            at: m.at,
        },
    )
    .await?;
    store::insert_partner_entry(
        conn,
        &trans_id,
        m.partner,
        partner_change,
        partner_balance,
        m.at,
    )
    .await?;
    store::insert_customer_entry(conn, &trans_id, m.customer, change, customer, m.at).await?;
    Ok(Moved {
        trans_id,
        partner_balance,
        customer,
    })
}

/// The caller's customer for a movement, its account locked: in scope, resale, and still
/// associated once the lock is held (a disassociation takes the same lock in the transaction
/// that ends the association).
pub async fn customer_for_move(
    conn: &mut PgConnection,
    call: &Call,
    item: Permission,
    customer: &str,
) -> Result<(ScopedCustomer, CustomerFunds), AppError> {
    let c = scope::customer(conn, &call.actor, item, customer, Access::Act).await?;
    if !c.resale {
        return Err(Rule::NotResale.refuse(Msg::ErrNotResale));
    }
    let funds = store::lock_customer(conn, c.id, call.now())
        .await
        .map_err(locked_out)?
        .ok_or_else(busy)?;
    if !scope::is_current(conn, c.association_id).await? {
        return Err(AppError::NotFound);
    }
    Ok((c, funds))
}

/// Allocates (拨款) `amount` from the partner's account to one of its resale customers, or
/// reclaims (回收) it back, per `kind`.
pub async fn move_one(
    call: &Call,
    kind: TransferKind,
    customer: &str,
    amount: Money,
) -> Result<TransferDone, AppError> {
    let (item, action) = match kind {
        TransferKind::Allocate => (Permission::SalesFundsAllocate, AuditAction::FundsAllocate),
        TransferKind::Reclaim => (Permission::SalesFundsReclaim, AuditAction::FundsReclaim),
        _ => return Err(AppError::Internal),
    };
    call.actor.require(item)?;
    let mut tx = call.begin().await?;
    store::bound_lock_waits(&mut tx).await?;
    let fingerprint = format!("{}:{}:{}", kind.code(), customer.trim(), amount);
    if let Claim::Done(done) = once::claim(&mut tx, call, kind.code(), &fingerprint).await? {
        return Ok(done);
    }
    let (c, funds) = customer_for_move(&mut tx, call, item, customer).await?;
    let actor = AuditActor::from(&call.actor);
    let moved = move_customer_funds(
        &mut tx,
        &CustomerMove {
            kind,
            partner: c.partner_id,
            customer: c.id,
            amount,
            funds,
            actor: &actor,
            at: call.now(),
        },
    )
    .await?;
    let done = TransferDone {
        trans_id: moved.trans_id,
        partner_balance: moved.partner_balance,
    };
    once::complete(&mut tx, call, &done).await?;
    let target = format!("{} {} {}", c.account_name, amount, done.trans_id);
    commit(
        tx,
        call,
        AuditEntry::success(action, target).for_customer(c.id),
    )
    .await?;
    Ok(done)
}

/// On disassociation, inside its transaction: a customer in debt cannot leave (the message says
/// how much to settle); a resale customer's remaining balance returns to the partner
/// (`SOURCE_OPERATION_BEUNBIND`). Returns the amount returned.
pub async fn return_on_disassociation(
    conn: &mut PgConnection,
    who: &AuditActor,
    partner: Uuid,
    customer: Uuid,
    now: DateTime<Utc>,
) -> Result<Decimal, AppError> {
    let funds = store::lock_customer(conn, customer, now)
        .await
        .map_err(locked_out)?
        .ok_or_else(busy)?;
    refuse_debt(funds.debt)?;
    let Ok(amount) = Money::from_decimal(funds.balance) else {
        return Ok(Decimal::ZERO);
    };
    move_customer_funds(
        conn,
        &CustomerMove {
            kind: TransferKind::UnbindReturn,
            partner,
            customer,
            amount,
            funds,
            actor: who,
            at: now,
        },
    )
    .await?;
    Ok(amount.amount())
}

/// The refusal of a disassociation while the customer owes money.
pub fn refuse_debt(debt: Decimal) -> Result<(), AppError> {
    if debt > Decimal::ZERO {
        Err(Rule::NotAllowedNow
            .refuse(Text::new(Msg::ErrDebtBlocksDisassociation).arg("debt", format_yuan(debt))))
    } else {
        Ok(())
    }
}

/// A customer's debt, for the checks before a disassociation request.
pub async fn debt_of(conn: &mut PgConnection, customer: Uuid) -> Result<Decimal, AppError> {
    Ok(store::customer_figures(conn, &[customer])
        .await?
        .first()
        .map_or(Decimal::ZERO, |(_, f)| f.debt))
}

/// A customer spends `amount` (consumption, an order): from its balance, the rest as debt. Called
/// by what charges customers (consumption import, orders) inside their own transaction.
pub async fn charge(
    conn: &mut PgConnection,
    who: &AuditActor,
    customer: Uuid,
    amount: Money,
    reference: &str,
    now: DateTime<Utc>,
) -> Result<CustomerChange, AppError> {
    let funds = store::lock_customer(conn, customer, now)
        .await?
        .ok_or_else(busy)?;
    let change = funds.spend(amount);
    let after = store::change_customer(conn, customer, change, now).await?;
    let trans_id = new_trans_id(now);
    store::insert_transfer(
        conn,
        &NewTransfer {
            trans_id: &trans_id,
            kind: TransferKind::Charge,
            partner_id: None,
            customer_id: Some(customer),
            reseller_id: None,
            amount: amount.amount(),
            remark: reference,
            actor: who,
            at: now,
        },
    )
    .await?;
    store::insert_customer_entry(conn, &trans_id, customer, change, after, now).await?;
    Ok(change)
}
