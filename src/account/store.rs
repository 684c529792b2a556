//! The customer's own account and the history of its partners.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

pub struct Profile {
    pub account_name: String,
    pub display_name: String,
    pub kind: String,
    pub registered_at: DateTime<Utc>,
}

pub async fn profile(conn: &mut PgConnection, customer: Uuid) -> Result<Profile, sqlx::Error> {
    sqlx::query_as!(
        Profile,
        r#"select account_name, display_name, kind,
                  registered_at as "registered_at: DateTime<Utc>"
             from customers where id = $1"#,
        customer
    )
    .fetch_one(conn)
    .await
}

pub struct LinkRow {
    pub id: Uuid,
    pub partner_name: String,
    pub mode: String,
    pub associated_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
}

/// Every association of the customer, newest first.
pub async fn partner_links(
    conn: &mut PgConnection,
    customer: Uuid,
) -> Result<Vec<LinkRow>, sqlx::Error> {
    sqlx::query_as!(
        LinkRow,
        r#"select a.id, p.display_name as partner_name, a.mode,
                  a.associated_at as "associated_at: DateTime<Utc>",
                  a.ended_at as "ended_at: DateTime<Utc>"
             from associations a join partners p on p.id = a.partner_id
            where a.customer_id = $1
            order by a.associated_at desc"#,
        customer
    )
    .fetch_all(conn)
    .await
}
