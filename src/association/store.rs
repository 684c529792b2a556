//! Associations and disassociation requests: the relationship's SQL.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::PgConnection;
use uuid::Uuid;

/// Holds the customer's row until the transaction ends: two links cannot both associate it, and
/// its disassociation requests are filed one at a time.
pub async fn lock_customer(conn: &mut PgConnection, customer: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "select 1 as one from customers where id = $1 for update",
        customer
    )
    .fetch_optional(conn)
    .await?;
    Ok(())
}

/// When the customer registered, and the display name of its current partner, if any.
pub async fn customer_facts(
    conn: &mut PgConnection,
    customer: Uuid,
) -> Result<Option<(DateTime<Utc>, Option<String>, Decimal)>, sqlx::Error> {
    Ok(sqlx::query!(
        r#"select c.registered_at as "registered_at: DateTime<Utc>",
                  (select p.display_name from associations a join partners p on p.id = a.partner_id
                    where a.customer_id = c.id and a.ended_at is null) as current_partner,
                  coalesce((select debt from customer_accounts where customer_id = c.id), 0) as "debt!"
             from customers c where c.id = $1"#,
        customer
    )
    .fetch_optional(conn)
    .await?
    .map(|r| (r.registered_at, r.current_partner, r.debt)))
}

pub struct NewAssociation {
    pub customer: Uuid,
    pub partner: Uuid,
    pub mode: String,
    pub at: DateTime<Utc>,
    pub invitation: Option<Uuid>,
    /// Becomes the customer manager if it is an active customer manager of the partner.
    pub manager_candidate: Option<Uuid>,
}

/// Associates the customer; `Ok(false)` when it already has a partner (the unique index on the
/// current association decides).
pub async fn insert_association(
    conn: &mut PgConnection,
    a: &NewAssociation,
) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query!(
        "insert into associations (id, customer_id, partner_id, mode, associated_at, invitation_id,
                                   manager_member_id, manager_assigned_at,
                                   customer_kind, customer_account)
         select $1, c.id, $3, $4, $5::timestamptz, $6, m.id,
                case when m.id is null then null else $5::timestamptz end,
                c.kind, lower(c.account_name)
           from customers c
           left join members m on m.id = $7 and m.partner_id = $3 and m.status = 'active'
                and exists (select 1 from member_roles r
                             where r.member_id = m.id and r.builtin_role = 'customer_manager')
          where c.id = $2",
        Uuid::new_v4(),
        a.customer,
        a.partner,
        a.mode,
        a.at as _,
        a.invitation,
        a.manager_candidate
    )
    .execute(conn)
    .await;
    match inserted {
        Err(e) if crate::server::db::is_unique_violation(&e) => Ok(false),
        other => other.map(|_| true),
    }
}

/// The customer's current association: (id, partner).
pub async fn current_of(
    conn: &mut PgConnection,
    customer: Uuid,
) -> Result<Option<(Uuid, Uuid)>, sqlx::Error> {
    Ok(sqlx::query!(
        "select id, partner_id from associations where customer_id = $1 and ended_at is null",
        customer
    )
    .fetch_optional(conn)
    .await?
    .map(|r| (r.id, r.partner_id)))
}

pub async fn end_association(
    conn: &mut PgConnection,
    id: Uuid,
    at: DateTime<Utc>,
    by: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update associations set ended_at = $2, ended_by = $3 where id = $1",
        id,
        at as _,
        by
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub struct Request {
    pub id: Uuid,
    pub association_id: Uuid,
    pub customer_id: Uuid,
    pub partner_id: Uuid,
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
}

/// The pending disassociation request of an association, if one waits.
pub async fn pending_request(
    conn: &mut PgConnection,
    association: Uuid,
) -> Result<Option<Request>, sqlx::Error> {
    sqlx::query_as!(
        Request,
        r#"select id, association_id, customer_id, partner_id, requested_by,
                  requested_at as "requested_at: DateTime<Utc>"
             from disassociation_requests where association_id = $1 and status = 'pending'"#,
        association
    )
    .fetch_optional(conn)
    .await
}

/// The pending request `id`, locked, if the side `requested_by` filed it.
pub async fn lock_pending_request(
    conn: &mut PgConnection,
    id: Uuid,
    requested_by: &str,
) -> Result<Option<Request>, sqlx::Error> {
    sqlx::query_as!(
        Request,
        r#"select id, association_id, customer_id, partner_id, requested_by,
                  requested_at as "requested_at: DateTime<Utc>"
             from disassociation_requests
            where id = $1 and status = 'pending' and requested_by = $2
            for update"#,
        id,
        requested_by
    )
    .fetch_optional(conn)
    .await
}

/// When the customer last filed a request of its own.
pub async fn last_customer_request(
    conn: &mut PgConnection,
    customer: Uuid,
) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select max(requested_at) as "last: DateTime<Utc>" from disassociation_requests
            where customer_id = $1 and requested_by = 'customer'"#,
        customer
    )
    .fetch_one(conn)
    .await
}

/// Files a request; `Ok(false)` when one already waits for the association.
pub async fn insert_request(conn: &mut PgConnection, r: &Request) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query!(
        "insert into disassociation_requests
             (id, association_id, customer_id, partner_id, requested_by, requested_at)
         values ($1, $2, $3, $4, $5, $6)",
        r.id,
        r.association_id,
        r.customer_id,
        r.partner_id,
        r.requested_by,
        r.requested_at as _
    )
    .execute(conn)
    .await;
    match inserted {
        Err(e) if crate::server::db::is_unique_violation(&e) => Ok(false),
        other => other.map(|_| true),
    }
}

pub async fn settle_request(
    conn: &mut PgConnection,
    id: Uuid,
    status: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update disassociation_requests set status = $2, decided_at = $3 where id = $1",
        id,
        status,
        at as _
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Gives current customers of the partner a customer manager (or none), restarting the
/// assignment date; returns those changed, (customer, account name). Customers outside the
/// partner, or (with `within`) not assigned to that member, are left alone.
pub async fn assign_manager(
    conn: &mut PgConnection,
    partner: Uuid,
    customers: &[Uuid],
    manager: Option<Uuid>,
    within: Option<Uuid>,
    at: DateTime<Utc>,
) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
    Ok(sqlx::query!(
        "update associations a
            set manager_member_id = $3,
                manager_assigned_at = case when $3::uuid is null then null else $5::timestamptz end
           from customers c
          where c.id = a.customer_id
            and a.partner_id = $1 and a.ended_at is null and a.customer_id = any($2)
            and ($4::uuid is null or a.manager_member_id = $4)
         returning a.customer_id, c.account_name",
        partner,
        customers,
        manager,
        within,
        at as _
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| (r.customer_id, r.account_name))
    .collect())
}
