//! Funds to or from up to 100 customers at once: a preview of each customer's outcome before
//! anything is written, then the batch itself, each customer all or nothing (a savepoint each),
//! its result kept for its page.

use super::rules::{plan, Candidate, CustomerFunds, Direction, Refusal};
use super::service::{locked_out, move_customer_funds, CustomerMove};
use super::{store, Batch, BatchLine, TransferKind, BATCH_LIMIT};
use crate::audit::service::{commit, record_call, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::core::error::{AppError, Rule};
use crate::core::ids::id_list;
use crate::core::money::Money;
use crate::core::permissions::Permission;
use crate::scope::{self, Access, ScopedCustomer};
use crate::server::once::{self, Claim};
use crate::server::Call;
use sqlx::{Acquire, PgConnection};
use uuid::Uuid;

fn terms(direction: Direction) -> (Permission, TransferKind, AuditAction) {
    match direction {
        Direction::Allocate => (
            Permission::SalesFundsAllocate,
            TransferKind::Allocate,
            AuditAction::FundsAllocate,
        ),
        Direction::Reclaim => (
            Permission::SalesFundsReclaim,
            TransferKind::Reclaim,
            AuditAction::FundsReclaim,
        ),
    }
}

/// The customers named, in order, each with what the caller may reach of it (`None`: nothing).
async fn chosen(
    conn: &mut PgConnection,
    call: &Call,
    item: Permission,
    customers: &[String],
) -> Result<Vec<(Uuid, Option<ScopedCustomer>)>, AppError> {
    let ids = id_list(customers, BATCH_LIMIT).map_err(|t| AppError::field("customers", t))?;
    let mut found = scope::customers(conn, &call.actor, item, &ids, Access::Act).await?;
    Ok(ids
        .into_iter()
        .map(|id| {
            let at = found.iter().position(|c| c.id == id);
            (id, at.map(|i| found.swap_remove(i)))
        })
        .collect())
}

fn line(id: Uuid, c: &Option<ScopedCustomer>) -> BatchLine {
    BatchLine {
        customer_id: id.to_string(),
        account_name: c
            .as_ref()
            .map(|c| c.account_name.clone())
            .unwrap_or_default(),
        balance: None,
        refusal: None,
        trans_id: None,
    }
}

/// What the batch would do to each customer, and to the partner's balance, as things stand.
pub async fn preview(
    call: &Call,
    direction: Direction,
    amount: Money,
    customers: &[String],
) -> Result<Batch, AppError> {
    let (item, _, _) = terms(direction);
    let partner = call.actor.require(item)?;
    let mut conn = call.pool().acquire().await?;
    let chosen = chosen(&mut conn, call, item, customers).await?;
    let ids: Vec<Uuid> = chosen.iter().map(|(id, _)| *id).collect();
    let figures = store::customer_figures(&mut conn, &ids).await?;
    let balance = store::partner_balance(&mut conn, partner).await?;
    let candidates: Vec<Option<Candidate>> = chosen
        .iter()
        .map(|(id, c)| {
            let c = c.as_ref()?;
            let f = figures.iter().find(|(f, _)| f == id).map(|(_, f)| *f)?;
            Some(Candidate {
                resale: c.resale,
                funds: CustomerFunds {
                    balance: f.balance,
                    debt: f.debt,
                },
            })
        })
        .collect();
    let planned = plan(direction, amount, balance, &candidates);
    let lines = chosen
        .iter()
        .zip(candidates.iter().zip(&planned.outcomes))
        .map(|((id, c), (candidate, outcome))| BatchLine {
            balance: candidate.as_ref().map(|c| c.funds.balance),
            refusal: outcome.err(),
            ..line(*id, c)
        })
        .collect();
    Ok(Batch {
        direction,
        amount: amount.amount(),
        lines,
        moved: planned.moved,
        partner_balance_before: balance,
        partner_balance_after: planned.partner_after,
        id: None,
        at: None,
    })
}

/// The refusal a line shows for a rule that stopped its movement.
fn refusal_of(error: &AppError, direction: Direction) -> Option<Refusal> {
    match error {
        AppError::NotFound => Some(Refusal::NotFound),
        AppError::Rule { rule, .. } => match rule {
            Rule::Busy => Some(Refusal::Busy),
            Rule::NotResale => Some(Refusal::NotResale),
            Rule::InsufficientBalance if direction == Direction::Allocate => {
                Some(Refusal::PartnerBalance)
            }
            Rule::InsufficientBalance => Some(Refusal::CustomerBalance),
            _ => None,
        },
        _ => None,
    }
}

/// Applies the batch: each customer in order gets its movement or its refusal, all or nothing
/// for that customer. The result is stored under the batch's id for its page.
pub async fn apply(
    call: &Call,
    direction: Direction,
    amount: Money,
    customers: &[String],
) -> Result<Batch, AppError> {
    let (item, kind, action) = terms(direction);
    let partner = call.actor.require(item)?;
    let mut tx = call.begin().await?;
    store::bound_lock_waits(&mut tx).await?;
    let fingerprint = format!(
        "batch:{}:{}:{}",
        direction.code(),
        amount,
        customers.join(",")
    );
    if let Claim::Done(batch) = once::claim(&mut tx, call, "funds_batch", &fingerprint).await? {
        return Ok(batch);
    }
    let chosen = chosen(&mut tx, call, item, customers).await?;
    let before = store::partner_balance(&mut tx, partner).await?;
    let actor = AuditActor::from(&call.actor);
    let now = call.now();
    let mut lines = Vec::with_capacity(chosen.len());
    let mut moved = rust_decimal::Decimal::ZERO;
    let mut after = before;
    for (id, c) in &chosen {
        let mut line = line(*id, c);
        let mut one = tx.begin().await?;
        let outcome = async {
            let c = c.as_ref().ok_or(AppError::NotFound)?;
            if !c.resale {
                return Err(Rule::NotResale.refuse(crate::core::i18n::Msg::ErrNotResale));
            }
            let funds = store::lock_customer(&mut one, c.id, now)
                .await
                .map_err(locked_out)?
                .ok_or_else(|| Rule::Busy.refuse(crate::core::i18n::Msg::ErrFundsBusy))?;
            // A disassociation ends the association under the same lock: read it again.
            if !scope::is_current(&mut one, c.association_id).await? {
                return Err(AppError::NotFound);
            }
            let m = CustomerMove {
                kind,
                partner: c.partner_id,
                customer: c.id,
                amount,
                funds,
                actor: &actor,
                at: now,
            };
            let moved = move_customer_funds(&mut one, &m).await?;
            let target = format!("{} {} {}", c.account_name, amount, moved.trans_id);
            record_call(
                &mut one,
                call,
                &AuditEntry::success(action, target).for_customer(c.id),
            )
            .await?;
            Ok(moved)
        }
        .await;
        match outcome {
            Ok(m) => {
                one.commit().await?;
                line.balance = Some(m.customer.balance);
                line.trans_id = Some(m.trans_id);
                moved += amount.amount();
                after = m.partner_balance;
            }
            Err(e) => {
                one.rollback().await?;
                line.refusal = Some(refusal_of(&e, direction).ok_or(e)?);
            }
        }
        lines.push(line);
    }
    let id = Uuid::new_v4();
    let batch = Batch {
        direction,
        amount: amount.amount(),
        lines,
        moved,
        partner_balance_before: before,
        partner_balance_after: after,
        id: Some(id.to_string()),
        at: Some(now),
    };
    crate::server::batches::store(&mut tx, call, partner, "funds", id, &batch).await?;
    once::complete(&mut tx, call, &batch).await?;
    let summary = format!(
        "{} × {} = {}",
        batch.lines.iter().filter(|l| l.trans_id.is_some()).count(),
        amount,
        moved
    );
    commit(
        tx,
        call,
        AuditEntry::success(AuditAction::FundsBatch, summary),
    )
    .await?;
    Ok(batch)
}

/// A stored batch result of the caller's partner.
pub async fn stored(call: &Call, id: &str) -> Result<Batch, AppError> {
    let partner = call.actor.require(Permission::SalesFundsView)?;
    let mut conn = call.pool().acquire().await?;
    crate::server::batches::load(&mut conn, call, partner, "funds", id).await
}
