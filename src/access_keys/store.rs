//! Access keys' SQL. Secrets are stored sealed with the server key, never in plain text.
//!
//! Every statement about one owner's keys takes the owner as three columns: `partner_id` and
//! `member_id` for a partner user's keys, `customer_id` for a customer's (the others null), and
//! matches `(partner_id = $p and member_id is not distinct from $m) or customer_id = $c`. A null
//! `$p` or `$c` matches nothing, so a partner user never reaches a customer's key nor the reverse.

use super::AccessKeyRow;
use chrono::{DateTime, Utc};
use sqlx::types::ipnetwork::IpNetwork;
use sqlx::PgConnection;
use std::net::IpAddr;
use uuid::Uuid;

/// Whose keys: a partner's main account (`member` none) or one of its members, or a customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyOwner {
    Partner { partner: Uuid, member: Option<Uuid> },
    Customer(Uuid),
}

impl KeyOwner {
    /// (partner_id, member_id, customer_id) as stored.
    fn columns(self) -> (Option<Uuid>, Option<Uuid>, Option<Uuid>) {
        match self {
            KeyOwner::Partner { partner, member } => (Some(partner), member, None),
            KeyOwner::Customer(customer) => (None, None, Some(customer)),
        }
    }

    /// The account id the SDK gives as `domain_id`: the partner for its users, else the customer.
    pub fn domain_id(self) -> Uuid {
        match self {
            KeyOwner::Partner { partner, .. } => partner,
            KeyOwner::Customer(customer) => customer,
        }
    }
}

/// The keys of one owner.
pub async fn of_owner(
    conn: &mut PgConnection,
    owner: KeyOwner,
) -> Result<Vec<AccessKeyRow>, sqlx::Error> {
    let (partner, member, customer) = owner.columns();
    sqlx::query_as!(
        AccessKeyRow,
        r#"select access_key, description, status = 'active' as "active!",
                  created_at as "created_at: DateTime<Utc>",
                  last_used_at as "last_used_at: DateTime<Utc>",
                  host(last_used_ip) as last_used_from
             from access_keys
            where (partner_id = $1 and member_id is not distinct from $2) or customer_id = $3
            order by created_at"#,
        partner,
        member,
        customer
    )
    .fetch_all(conn)
    .await
}

/// How many keys the owner holds, counted under a lock on the owner's account row (a partner's
/// row is the lock every user of the partner shares; a customer's is its own), so that
/// concurrent creations cannot pass the limit together.
pub async fn lock_and_count(conn: &mut PgConnection, owner: KeyOwner) -> Result<i64, sqlx::Error> {
    match owner {
        KeyOwner::Partner { partner, .. } => {
            sqlx::query!(
                "select 1 as one from partners where id = $1 for update",
                partner
            )
            .fetch_optional(&mut *conn)
            .await?;
        }
        KeyOwner::Customer(customer) => {
            sqlx::query!(
                "select 1 as one from customers where id = $1 for update",
                customer
            )
            .fetch_optional(&mut *conn)
            .await?;
        }
    }
    let (partner, member, customer) = owner.columns();
    sqlx::query_scalar!(
        r#"select count(*) as "count!" from access_keys
            where (partner_id = $1 and member_id is not distinct from $2) or customer_id = $3"#,
        partner,
        member,
        customer
    )
    .fetch_one(conn)
    .await
}

pub async fn insert(
    conn: &mut PgConnection,
    access_key: &str,
    secret_sealed: &[u8],
    owner: KeyOwner,
    description: &str,
) -> Result<(), sqlx::Error> {
    let (partner, member, customer) = owner.columns();
    sqlx::query!(
        "insert into access_keys (id, access_key, secret_sealed, partner_id, member_id, customer_id,
                                  description)
         values ($1, $2, $3, $4, $5, $6, $7)",
        Uuid::new_v4(),
        access_key,
        secret_sealed,
        partner,
        member,
        customer,
        description
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Enables, disables (`Some(active)`) or deletes (`None`) one of the owner's keys; whether it
/// was found.
pub async fn change(
    conn: &mut PgConnection,
    access_key: &str,
    owner: KeyOwner,
    active: Option<bool>,
) -> Result<bool, sqlx::Error> {
    let (partner, member, customer) = owner.columns();
    let changed = match active {
        Some(active) => {
            sqlx::query!(
                "update access_keys set status = $5
                  where access_key = $1
                    and ((partner_id = $2 and member_id is not distinct from $3) or customer_id = $4)",
                access_key,
                partner,
                member,
                customer,
                if active { "active" } else { "disabled" }
            )
            .execute(conn)
            .await?
        }
        None => {
            sqlx::query!(
                "delete from access_keys
                  where access_key = $1
                    and ((partner_id = $2 and member_id is not distinct from $3) or customer_id = $4)",
                access_key,
                partner,
                member,
                customer
            )
            .execute(conn)
            .await?
        }
    };
    Ok(changed.rows_affected() == 1)
}

/// An active key as stored: its owner's columns (the table's check keeps them one kind).
pub struct ActiveKey {
    pub id: Uuid,
    pub secret_sealed: Vec<u8>,
    pub partner_id: Option<Uuid>,
    pub member_id: Option<Uuid>,
    pub customer_id: Option<Uuid>,
}

impl ActiveKey {
    /// The key's owner; `None` for columns the table's check refuses (never trusted if found).
    pub fn owner(&self) -> Option<KeyOwner> {
        match (self.partner_id, self.member_id, self.customer_id) {
            (Some(partner), member, None) => Some(KeyOwner::Partner { partner, member }),
            (None, None, Some(customer)) => Some(KeyOwner::Customer(customer)),
            _ => None,
        }
    }
}

pub async fn active(
    conn: &mut PgConnection,
    access_key: &str,
) -> Result<Option<ActiveKey>, sqlx::Error> {
    sqlx::query_as!(
        ActiveKey,
        "select id, secret_sealed, partner_id, member_id, customer_id from access_keys
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
