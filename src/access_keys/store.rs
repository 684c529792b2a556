//! Access keys' SQL. Secrets are stored sealed with the server key, never in plain text.

use super::AccessKeyRow;
use chrono::{DateTime, Utc};
use sqlx::types::ipnetwork::IpNetwork;
use sqlx::PgConnection;
use std::net::IpAddr;
use uuid::Uuid;

/// The keys of one user: the main account (`member` none) or a member of the partner.
pub async fn of_owner(
    conn: &mut PgConnection,
    partner: Uuid,
    member: Option<Uuid>,
) -> Result<Vec<AccessKeyRow>, sqlx::Error> {
    sqlx::query_as!(
        AccessKeyRow,
        r#"select access_key, description, status = 'active' as "active!",
                  created_at as "created_at: DateTime<Utc>",
                  last_used_at as "last_used_at: DateTime<Utc>",
                  host(last_used_ip) as last_used_from
             from access_keys
            where partner_id = $1 and member_id is not distinct from $2
            order by created_at"#,
        partner,
        member
    )
    .fetch_all(conn)
    .await
}

/// How many keys the user holds, counted under a lock on the partner row (the lock every owner
/// of the partner shares), so that concurrent creations cannot pass the limit together.
pub async fn lock_and_count(
    conn: &mut PgConnection,
    partner: Uuid,
    member: Option<Uuid>,
) -> Result<i64, sqlx::Error> {
    sqlx::query!(
        "select 1 as one from partners where id = $1 for update",
        partner
    )
    .fetch_optional(&mut *conn)
    .await?;
    sqlx::query_scalar!(
        r#"select count(*) as "count!" from access_keys
            where partner_id = $1 and member_id is not distinct from $2"#,
        partner,
        member
    )
    .fetch_one(conn)
    .await
}

pub async fn insert(
    conn: &mut PgConnection,
    access_key: &str,
    secret_sealed: &[u8],
    (partner, member): (Uuid, Option<Uuid>),
    description: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into access_keys (id, access_key, secret_sealed, partner_id, member_id, description)
         values ($1, $2, $3, $4, $5, $6)",
        Uuid::new_v4(),
        access_key,
        secret_sealed,
        partner,
        member,
        description
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Enables, disables (`Some(active)`) or deletes (`None`) one of the user's keys; whether it was
/// found.
pub async fn change(
    conn: &mut PgConnection,
    access_key: &str,
    (partner, member): (Uuid, Option<Uuid>),
    active: Option<bool>,
) -> Result<bool, sqlx::Error> {
    let changed = match active {
        Some(active) => {
            sqlx::query!(
                "update access_keys set status = $4
              where access_key = $1 and partner_id = $2 and member_id is not distinct from $3",
                access_key,
                partner,
                member,
                if active { "active" } else { "disabled" }
            )
            .execute(conn)
            .await?
        }
        None => {
            sqlx::query!(
                "delete from access_keys
              where access_key = $1 and partner_id = $2 and member_id is not distinct from $3",
                access_key,
                partner,
                member
            )
            .execute(conn)
            .await?
        }
    };
    Ok(changed.rows_affected() == 1)
}

pub struct ActiveKey {
    pub id: Uuid,
    pub secret_sealed: Vec<u8>,
    pub partner_id: Uuid,
    pub member_id: Option<Uuid>,
}

pub async fn active(
    conn: &mut PgConnection,
    access_key: &str,
) -> Result<Option<ActiveKey>, sqlx::Error> {
    sqlx::query_as!(
        ActiveKey,
        "select id, secret_sealed, partner_id, member_id from access_keys
          where access_key = $1 and status = 'active'",
        access_key
    )
    .fetch_optional(conn)
    .await
}

/// Notes the key's use: time and address, at most once a minute.
pub async fn touch(
    conn: &mut PgConnection,
    key: Uuid,
    source: Option<IpAddr>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update access_keys set last_used_at = now(), last_used_ip = $2
          where id = $1 and (last_used_at is null or last_used_at < now() - interval '1 minute')",
        key,
        source.map(IpNetwork::from)
    )
    .execute(conn)
    .await?;
    Ok(())
}
