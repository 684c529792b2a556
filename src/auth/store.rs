//! Accounts as sign-in finds them, customer accounts as sign-up creates them, and the counters
//! that throttle attempts.

use super::rules::{Credentials, THROTTLE_WINDOW_MINUTES};
use crate::core::viewer::ActorKind;
use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

/// An account found by its sign-in name.
pub struct Found {
    pub id: Uuid,
    pub password_hash: String,
    pub partner_id: Option<Uuid>,
}

pub async fn find_account(
    conn: &mut PgConnection,
    c: &Credentials,
) -> Result<Option<Found>, sqlx::Error> {
    let name = c.name.trim();
    match c.kind {
        // Nobody signs in as the system.
        ActorKind::System => Ok(None),
        ActorKind::Operator => {
            sqlx::query_as!(
                Found,
                r#"select id, password_hash, null::uuid as partner_id
                     from operators where lower(account_name) = lower($1)"#,
                name
            )
            .fetch_optional(conn)
            .await
        }
        ActorKind::Customer => {
            sqlx::query_as!(
                Found,
                r#"select id, password_hash, null::uuid as partner_id
                     from customers where lower(account_name) = lower($1)"#,
                name
            )
            .fetch_optional(conn)
            .await
        }
        ActorKind::PartnerMain => {
            sqlx::query_as!(
                Found,
                r#"select id, password_hash, id as "partner_id?"
                     from partners where lower(account_name) = lower($1) and status = 'active'"#,
                name
            )
            .fetch_optional(conn)
            .await
        }
        ActorKind::Member => {
            sqlx::query_as!(
                Found,
                r#"select m.id, m.password_hash, m.partner_id as "partner_id?"
                     from members m join partners p on p.id = m.partner_id
                    where lower(p.account_name) = lower($1) and p.status = 'active'
                      and lower(m.user_name) = lower($2) and m.status = 'active'"#,
                c.partner_account.as_deref().unwrap_or_default().trim(),
                name
            )
            .fetch_optional(conn)
            .await
        }
    }
}

/// Holds attempts on `key` in line until the transaction ends, so that parallel attempts are
/// counted one after another.
pub async fn lock_key(conn: &mut PgConnection, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("select pg_advisory_xact_lock(hashtextextended($1, 0))", key)
        .execute(conn)
        .await?;
    Ok(())
}

/// Seconds until `key` may try again, if its attempts within the window reached `limit`.
pub async fn paused_for(
    conn: &mut PgConnection,
    key: &str,
    limit: i64,
    now: DateTime<Utc>,
) -> Result<Option<u64>, sqlx::Error> {
    let row = sqlx::query!(
        r#"select count(*) as "count!", min(at) as "oldest: DateTime<Utc>" from throttle_events
            where key = $1 and at > $2::timestamptz - make_interval(mins => $3)"#,
        key,
        now as _,
        THROTTLE_WINDOW_MINUTES
    )
    .fetch_one(conn)
    .await?;
    Ok(match row.oldest {
        Some(oldest) if row.count >= limit => {
            let until = oldest + chrono::Duration::minutes(THROTTLE_WINDOW_MINUTES.into());
            Some((until - now).num_seconds().max(1) as u64)
        }
        _ => None,
    })
}

/// Counts one attempt on `key` (dropping ones that left the window); returns its id, so that a
/// sign-in that turns out right can take its own attempt back.
pub async fn count_attempt(
    conn: &mut PgConnection,
    key: &str,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query!(
        "delete from throttle_events
          where key = $1 and at <= $2::timestamptz - make_interval(mins => $3)",
        key,
        now as _,
        THROTTLE_WINDOW_MINUTES
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query_scalar!(
        "insert into throttle_events (key, at) values ($1, $2) returning id",
        key,
        now as _
    )
    .fetch_one(conn)
    .await
}

/// Forgets the failures of an account (a right password) and the given attempts.
pub async fn clear(
    conn: &mut PgConnection,
    key: &str,
    attempts: &[i64],
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "delete from throttle_events where key = $1 or id = any($2)",
        key,
        attempts
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// A customer account to create: by sign-up, through a link, or by a partner through the API.
pub struct NewCustomer<'a> {
    pub account_name: &'a str,
    pub display_name: &'a str,
    pub enterprise: bool,
    pub password_hash: &'a str,
    pub registered_at: DateTime<Utc>,
}

/// Inserts a customer account; `Ok(None)` when the name is taken.
pub async fn insert_customer(
    conn: &mut PgConnection,
    c: &NewCustomer<'_>,
) -> Result<Option<Uuid>, sqlx::Error> {
    let id = Uuid::new_v4();
    let inserted =
        sqlx::query!(
        "insert into customers (id, account_name, display_name, kind, password_hash, registered_at)
         values ($1, $2, $3, $4, $5, $6)",
        id,
        c.account_name,
        c.display_name,
        if c.enterprise { "enterprise" } else { "individual" },
        c.password_hash,
        c.registered_at as _
    )
        .execute(conn)
        .await;
    match inserted {
        Err(e) if crate::server::db::is_unique_violation(&e) => Ok(None),
        other => other.map(|_| Some(id)),
    }
}
