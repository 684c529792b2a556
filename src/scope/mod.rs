//! The data scope (数据范围): which customer a partner user may reach. One check, below every
//! capability that acts on or reads a customer: the permission item, the customer's current
//! association with the caller's partner (or, to read, with one of a distributor's resellers),
//! and, for a customer manager, the assignment to it. Out of reach answers "not found", so that
//! nobody learns of customers outside their scope.

use crate::core::actor::Actor;
use crate::core::error::AppError;
use crate::core::permissions::Permission;
use sqlx::PgConnection;
use uuid::Uuid;

/// How a partner reaches a customer: acting needs its own customer; reading also allows a
/// tier-1 distributor to see its tier-2 resellers' customers.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Act,
    Read,
}

/// A current customer within the caller's reach.
pub struct ScopedCustomer {
    pub id: Uuid,
    pub partner_id: Uuid,
    pub association_id: Uuid,
    pub account_name: String,
    pub resale: bool,
    /// False when a distributor reads a reseller's customer.
    pub direct: bool,
}

/// The customer `customer` if the caller holds `item` and may reach it.
pub async fn customer(
    conn: &mut PgConnection,
    actor: &Actor,
    item: Permission,
    customer: &str,
    access: Access,
) -> Result<ScopedCustomer, AppError> {
    let partner = actor.require(item)?;
    let id = Uuid::parse_str(customer.trim()).map_err(|_| AppError::NotFound)?;
    let row = sqlx::query!(
        "select a.id, a.partner_id, c.account_name, a.mode, a.manager_member_id
           from associations a
           join customers c on c.id = a.customer_id
           join partners p on p.id = a.partner_id
          where a.customer_id = $1 and a.ended_at is null
            and (a.partner_id = $2 or ($3 and p.distributor_id = $2))",
        id,
        partner,
        access == Access::Read
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    if let Some(me) = actor.assigned_to() {
        if row.manager_member_id != Some(me) {
            return Err(AppError::NotFound);
        }
    }
    Ok(ScopedCustomer {
        id,
        partner_id: row.partner_id,
        association_id: row.id,
        account_name: row.account_name,
        resale: row.mode == "resale",
        direct: row.partner_id == partner,
    })
}

/// The customers among `customers` the caller may reach (those it may not are simply absent),
/// in one query: for batches of up to 100.
pub async fn customers(
    conn: &mut PgConnection,
    actor: &Actor,
    item: Permission,
    customers: &[Uuid],
    access: Access,
) -> Result<Vec<ScopedCustomer>, AppError> {
    let partner = actor.require(item)?;
    let rows = sqlx::query!(
        "select a.id, a.customer_id, a.partner_id, c.account_name, a.mode, a.manager_member_id
           from associations a
           join customers c on c.id = a.customer_id
           join partners p on p.id = a.partner_id
          where a.customer_id = any($1) and a.ended_at is null
            and (a.partner_id = $2 or ($3 and p.distributor_id = $2))",
        customers,
        partner,
        access == Access::Read
    )
    .fetch_all(conn)
    .await?;
    let me = actor.assigned_to();
    Ok(rows
        .into_iter()
        .filter(|r| me.is_none() || r.manager_member_id == me)
        .map(|r| ScopedCustomer {
            id: r.customer_id,
            partner_id: r.partner_id,
            association_id: r.id,
            account_name: r.account_name,
            resale: r.mode == "resale",
            direct: r.partner_id == partner,
        })
        .collect())
}

/// [`customers`] the caller may act on, each one's association held (`FOR SHARE`) until the
/// caller's transaction ends, for a write a disassociation must not miss (an issue of coupons):
/// a disassociation ends the association before it recalls the partner's coupons, so it waits
/// for the write and then sees what it made, and a write reading after it finds the customer
/// gone. Called before the write takes any other lock (the quota's), in one order: by id.
pub async fn customers_held(
    conn: &mut PgConnection,
    actor: &Actor,
    item: Permission,
    customers: &[Uuid],
) -> Result<Vec<ScopedCustomer>, AppError> {
    let partner = actor.require(item)?;
    let rows = sqlx::query!(
        "select a.id, a.customer_id, a.partner_id, c.account_name, a.mode, a.manager_member_id
           from associations a
           join customers c on c.id = a.customer_id
          where a.customer_id = any($1) and a.ended_at is null and a.partner_id = $2
          order by a.id
            for share of a",
        customers,
        partner
    )
    .fetch_all(conn)
    .await?;
    let me = actor.assigned_to();
    Ok(rows
        .into_iter()
        .filter(|r| me.is_none() || r.manager_member_id == me)
        .map(|r| ScopedCustomer {
            id: r.customer_id,
            partner_id: r.partner_id,
            association_id: r.id,
            account_name: r.account_name,
            resale: r.mode == "resale",
            direct: true,
        })
        .collect())
}

/// Whether an association is still current: checked again once a customer's account is locked,
/// since a disassociation ends it in the transaction that takes the same lock.
pub async fn is_current(conn: &mut PgConnection, association: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar!(
        r#"select exists (select 1 from associations where id = $1 and ended_at is null) as "current!""#,
        association
    )
    .fetch_one(conn)
    .await?)
}
