//! The SQL of accounts and their movements. Every function runs on the caller's connection, so
//! that a movement, its entries and its audit record share one transaction.

use super::rules::{CustomerChange, CustomerFunds};
use super::TransferKind;
use crate::audit::service::AuditActor;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::PgConnection;
use uuid::Uuid;

/// Waiting for another movement of the same partner account stops after this long: the caller
/// is then told an operation is in progress, rather than queueing without end.
pub async fn bound_lock_waits(conn: &mut PgConnection) -> Result<(), sqlx::Error> {
    sqlx::query!("set local lock_timeout = '3s'")
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether the database refused because a lock was not available (NOWAIT or `lock_timeout`),
/// or ended this transaction's wait because another one waited on it in turn (a deadlock: a
/// batch holding the partner's account reaches a customer account that a single movement has
/// just made and that waits for the partner's). Either way another operation holds what this
/// one needs: busy, never a server error.
pub fn is_lock_unavailable(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db)
        if matches!(db.code().as_deref(), Some("55P03" | "40P01")))
}

/// Locks the customer's account for this transaction, making it on first use. `None` when
/// another movement holds it: one fund operation at a time per account, the second is refused
/// rather than queued.
pub async fn lock_customer(
    conn: &mut PgConnection,
    customer: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<CustomerFunds>, sqlx::Error> {
    sqlx::query!(
        "insert into customer_accounts (customer_id, updated_at) values ($1, $2)
         on conflict (customer_id) do nothing",
        customer,
        now as _
    )
    .execute(&mut *conn)
    .await?;
    Ok(sqlx::query!(
        "select balance, debt from customer_accounts where customer_id = $1
         for update skip locked",
        customer
    )
    .fetch_optional(conn)
    .await?
    .map(|r| CustomerFunds {
        balance: r.balance,
        debt: r.debt,
    }))
}

/// Applies a change to a customer account locked by [`lock_customer`]; returns it after.
pub async fn change_customer(
    conn: &mut PgConnection,
    customer: Uuid,
    change: CustomerChange,
    now: DateTime<Utc>,
) -> Result<CustomerFunds, sqlx::Error> {
    let r = sqlx::query!(
        "update customer_accounts
            set balance = balance + $2, debt = debt + $3, updated_at = $4
          where customer_id = $1
          returning balance, debt",
        customer,
        change.balance,
        change.debt,
        now as _
    )
    .fetch_one(conn)
    .await?;
    Ok(CustomerFunds {
        balance: r.balance,
        debt: r.debt,
    })
}

/// Takes `amount` from the partner's account if it holds that much; its balance after, or
/// `None` when it holds less. Waits (bounded by [`bound_lock_waits`]) for another movement of
/// the same account to finish, so movements to different customers queue instead of failing.
pub async fn debit_partner(
    conn: &mut PgConnection,
    partner: Uuid,
    amount: Decimal,
    now: DateTime<Utc>,
) -> Result<Option<Decimal>, sqlx::Error> {
    sqlx::query_scalar!(
        "update partner_accounts set balance = balance - $2, updated_at = $3
          where partner_id = $1 and balance >= $2
          returning balance",
        partner,
        amount,
        now as _
    )
    .fetch_optional(conn)
    .await
}

/// Adds `amount` to the partner's account (made on first use); its balance after.
pub async fn credit_partner(
    conn: &mut PgConnection,
    partner: Uuid,
    amount: Decimal,
    now: DateTime<Utc>,
) -> Result<Decimal, sqlx::Error> {
    sqlx::query_scalar!(
        "insert into partner_accounts (partner_id, balance, updated_at) values ($1, $2, $3)
         on conflict (partner_id) do update
            set balance = partner_accounts.balance + excluded.balance,
                updated_at = excluded.updated_at
         returning balance",
        partner,
        amount,
        now as _
    )
    .fetch_one(conn)
    .await
}

/// Locks a partner account that is the target of a movement (a reseller receiving from or
/// giving back to its distributor), without waiting: `None` when another movement holds it.
pub async fn lock_partner_target(
    conn: &mut PgConnection,
    partner: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<Decimal>, sqlx::Error> {
    sqlx::query!(
        "insert into partner_accounts (partner_id, updated_at) values ($1, $2)
         on conflict (partner_id) do nothing",
        partner,
        now as _
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query_scalar!(
        "select balance from partner_accounts where partner_id = $1 for update skip locked",
        partner
    )
    .fetch_optional(conn)
    .await
}

/// A movement to record.
pub struct NewTransfer<'a> {
    pub trans_id: &'a str,
    pub kind: TransferKind,
    pub partner_id: Option<Uuid>,
    pub customer_id: Option<Uuid>,
    pub reseller_id: Option<Uuid>,
    pub amount: Decimal,
    pub remark: &'a str,
    pub actor: &'a AuditActor,
    pub at: DateTime<Utc>,
}

pub async fn insert_transfer(
    conn: &mut PgConnection,
    t: &NewTransfer<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into fund_transfers (trans_id, kind, partner_id, customer_id, reseller_id, amount,
                                     remark, actor_kind, actor_id, actor_name, at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        t.trans_id,
        t.kind.code(),
        t.partner_id,
        t.customer_id,
        t.reseller_id,
        t.amount,
        t.remark,
        t.actor.kind.code(),
        t.actor.id,
        t.actor.name,
        t.at as _
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Records what a movement did to a partner account.
pub async fn insert_partner_entry(
    conn: &mut PgConnection,
    trans_id: &str,
    partner: Uuid,
    change: Decimal,
    after: Decimal,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into account_entries (trans_id, partner_id, balance_change, balance_after, at)
         values ($1, $2, $3, $4, $5)",
        trans_id,
        partner,
        change,
        after,
        at as _
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Records what a movement did to a customer account.
pub async fn insert_customer_entry(
    conn: &mut PgConnection,
    trans_id: &str,
    customer: Uuid,
    change: CustomerChange,
    after: CustomerFunds,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into account_entries (trans_id, customer_id, balance_change, balance_after,
                                      debt_change, debt_after, at)
         values ($1, $2, $3, $4, $5, $6, $7)",
        trans_id,
        customer,
        change.balance,
        after.balance,
        change.debt,
        after.debt,
        at as _
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The partner's balance (zero before its first movement).
pub async fn partner_balance(
    conn: &mut PgConnection,
    partner: Uuid,
) -> Result<Decimal, sqlx::Error> {
    Ok(sqlx::query_scalar!(
        "select balance from partner_accounts where partner_id = $1",
        partner
    )
    .fetch_optional(conn)
    .await?
    .unwrap_or(Decimal::ZERO))
}

/// A customer's account as shown: balance, credit line, debt.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AccountFigures {
    pub balance: Decimal,
    pub credit_limit: Decimal,
    pub debt: Decimal,
}

/// The accounts of several customers at once (zeros for those without one yet), in any order.
pub async fn customer_figures(
    conn: &mut PgConnection,
    customers: &[Uuid],
) -> Result<Vec<(Uuid, AccountFigures)>, sqlx::Error> {
    Ok(sqlx::query!(
        r#"select c.id as "id!", coalesce(a.balance, 0) as "balance!",
                  coalesce(a.credit_limit, 0) as "credit_limit!", coalesce(a.debt, 0) as "debt!"
             from unnest($1::uuid[]) c (id)
             left join customer_accounts a on a.customer_id = c.id"#,
        customers
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| {
        (
            r.id,
            AccountFigures {
                balance: r.balance,
                credit_limit: r.credit_limit,
                debt: r.debt,
            },
        )
    })
    .collect())
}

/// The credit line the operator grants a customer.
pub async fn set_credit_limit(
    conn: &mut PgConnection,
    customer: Uuid,
    limit: Decimal,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into customer_accounts (customer_id, credit_limit, updated_at) values ($1, $2, $3)
         on conflict (customer_id) do update
            set credit_limit = excluded.credit_limit, updated_at = excluded.updated_at",
        customer,
        limit,
        now as _
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// A customer's account name, if it exists.
pub async fn customer_name(
    conn: &mut PgConnection,
    customer: Uuid,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!("select account_name from customers where id = $1", customer)
        .fetch_optional(conn)
        .await
}

/// Changes a partner account this transaction has locked ([`lock_partner_target`]) by `change`
/// (negative: money out); its balance after.
pub async fn change_partner(
    conn: &mut PgConnection,
    partner: Uuid,
    change: Decimal,
    now: DateTime<Utc>,
) -> Result<Decimal, sqlx::Error> {
    sqlx::query_scalar!(
        "update partner_accounts set balance = balance + $2, updated_at = $3
          where partner_id = $1
          returning balance",
        partner,
        change,
        now as _
    )
    .fetch_one(conn)
    .await
}
