//! Authorization requests' SQL.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

pub struct Row {
    pub id: Uuid,
    pub partner_id: Uuid,
    pub partner_name: String,
    pub scopes: Vec<String>,
    pub ends_at: DateTime<Utc>,
    pub status: String,
    pub requested_at: DateTime<Utc>,
    pub requested_by_name: String,
    pub decided_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoke_reason: Option<String>,
}

/// The customer's requests, newest first.
pub async fn of_customer(conn: &mut PgConnection, customer: Uuid) -> Result<Vec<Row>, sqlx::Error> {
    sqlx::query_as!(
        Row,
        r#"select r.id, r.partner_id, p.display_name as partner_name, r.scopes,
                  r.ends_at as "ends_at: DateTime<Utc>", r.status,
                  r.requested_at as "requested_at: DateTime<Utc>", r.requested_by_name,
                  r.decided_at as "decided_at: DateTime<Utc>",
                  r.revoked_at as "revoked_at: DateTime<Utc>", r.revoke_reason
           from authorization_requests r join partners p on p.id = r.partner_id
          where r.customer_id = $1 order by r.requested_at desc limit 100"#,
        customer
    )
    .fetch_all(conn)
    .await
}

/// A partner's requests to one customer, newest first.
pub async fn of_partner_customer(
    conn: &mut PgConnection,
    partner: Uuid,
    customer: Uuid,
) -> Result<Vec<Row>, sqlx::Error> {
    sqlx::query_as!(
        Row,
        r#"select r.id, r.partner_id, p.display_name as partner_name, r.scopes,
                  r.ends_at as "ends_at: DateTime<Utc>", r.status,
                  r.requested_at as "requested_at: DateTime<Utc>", r.requested_by_name,
                  r.decided_at as "decided_at: DateTime<Utc>",
                  r.revoked_at as "revoked_at: DateTime<Utc>", r.revoke_reason
           from authorization_requests r join partners p on p.id = r.partner_id
          where r.partner_id = $1 and r.customer_id = $2
          order by r.requested_at desc limit 20"#,
        partner,
        customer
    )
    .fetch_all(conn)
    .await
}

/// The customer's own request `id`, locked for a change.
pub async fn lock_of_customer(
    conn: &mut PgConnection,
    customer: Uuid,
    id: Uuid,
) -> Result<Option<Row>, sqlx::Error> {
    sqlx::query_as!(
        Row,
        r#"select r.id, r.partner_id, p.display_name as partner_name, r.scopes,
                  r.ends_at as "ends_at: DateTime<Utc>", r.status,
                  r.requested_at as "requested_at: DateTime<Utc>", r.requested_by_name,
                  r.decided_at as "decided_at: DateTime<Utc>",
                  r.revoked_at as "revoked_at: DateTime<Utc>", r.revoke_reason
           from authorization_requests r join partners p on p.id = r.partner_id
          where r.id = $1 and r.customer_id = $2
            for update of r"#,
        id,
        customer
    )
    .fetch_optional(conn)
    .await
}

/// The id of an approved, unexpired authorization of `partner` on its current customer
/// `customer` covering `scope`.
pub async fn active_covering(
    conn: &mut PgConnection,
    partner: Uuid,
    customer: Uuid,
    scope: &str,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar!(
        "select r.id from authorization_requests r
           join associations a on a.customer_id = r.customer_id and a.partner_id = r.partner_id
                              and a.ended_at is null
          where r.partner_id = $1 and r.customer_id = $2 and r.status = 'approved'
            and r.ends_at > $4 and $3 = any(r.scopes)
          order by r.ends_at desc limit 1",
        partner,
        customer,
        scope,
        now as _
    )
    .fetch_optional(conn)
    .await
}

/// Whether a pending request filed after `since` waits for the customer.
pub async fn pending_since(
    conn: &mut PgConnection,
    partner: Uuid,
    customer: Uuid,
    since: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select exists (select 1 from authorization_requests
                           where partner_id = $1 and customer_id = $2 and status = 'pending'
                             and requested_at > $3) as "exists!""#,
        partner,
        customer,
        since as _
    )
    .fetch_one(conn)
    .await
}

pub struct NewRequest<'a> {
    pub partner: Uuid,
    pub customer: Uuid,
    pub scopes: &'a [String],
    pub ends_at: DateTime<Utc>,
    pub requested_at: DateTime<Utc>,
    pub requested_by_name: &'a str,
}

pub async fn insert(conn: &mut PgConnection, r: &NewRequest<'_>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into authorization_requests
             (id, partner_id, customer_id, scopes, ends_at, requested_at, requested_by_name)
         values ($1, $2, $3, $4, $5, $6, $7)",
        Uuid::new_v4(),
        r.partner,
        r.customer,
        r.scopes,
        r.ends_at as _,
        r.requested_at as _,
        r.requested_by_name
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn decide(
    conn: &mut PgConnection,
    id: Uuid,
    status: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update authorization_requests set status = $2, decided_at = $3 where id = $1",
        id,
        status,
        at as _
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn revoke(
    conn: &mut PgConnection,
    id: Uuid,
    at: DateTime<Utc>,
    reason: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update authorization_requests
            set status = 'revoked', revoked_at = $2, revoke_reason = $3 where id = $1",
        id,
        at as _,
        reason
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Revokes everything the partner was authorised, or asked, to do for the customer.
pub async fn revoke_all(
    conn: &mut PgConnection,
    partner: Uuid,
    customer: Uuid,
    at: DateTime<Utc>,
    reason: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update authorization_requests
            set status = 'revoked', revoked_at = $3, revoke_reason = $4
          where customer_id = $1 and partner_id = $2 and status in ('pending', 'approved')",
        customer,
        partner,
        at as _,
        reason
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Serialises requests to one customer on its association row.
pub async fn lock_association(
    conn: &mut PgConnection,
    association: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "select 1 as one from associations where id = $1 for update",
        association
    )
    .fetch_optional(conn)
    .await?;
    Ok(())
}
