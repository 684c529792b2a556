//! Invitation links' SQL. `uses` only grows, and never past `max_uses` (a check constraint).

use super::rules::LinkFacts;
use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

pub struct NewLink<'a> {
    pub partner: Uuid,
    pub token: &'a str,
    pub mode: &'a str,
    pub expires_at: DateTime<Utc>,
    pub max_uses: Option<i32>,
    pub created_by_member: Option<Uuid>,
    pub created_by_name: &'a str,
    pub created_at: DateTime<Utc>,
}

pub async fn insert(conn: &mut PgConnection, l: &NewLink<'_>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into invitation_links (id, partner_id, token, mode, expires_at, max_uses,
                                       created_by_member, created_by_name, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        Uuid::new_v4(),
        l.partner,
        l.token,
        l.mode,
        l.expires_at as _,
        l.max_uses,
        l.created_by_member,
        l.created_by_name,
        l.created_at as _
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Revokes a live link of the partner (made by `maker`, when given); whether one was revoked.
pub async fn revoke(
    conn: &mut PgConnection,
    partner: Uuid,
    id: Uuid,
    maker: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let revoked = sqlx::query!(
        "update invitation_links set revoked_at = $3
          where id = $1 and partner_id = $2 and revoked_at is null
            and ($4::uuid is null or created_by_member = $4)",
        id,
        partner,
        now as _,
        maker
    )
    .execute(conn)
    .await?;
    Ok(revoked.rows_affected() == 1)
}

pub struct ListedLink {
    pub id: Uuid,
    pub token: String,
    pub mode: String,
    pub expires_at: DateTime<Utc>,
    pub max_uses: Option<i32>,
    pub uses: i32,
    pub revoked: bool,
    pub created_by_name: String,
    pub created_at: DateTime<Utc>,
}

impl ListedLink {
    pub fn facts(&self) -> LinkFacts {
        LinkFacts {
            expires_at: self.expires_at,
            revoked: self.revoked,
            max_uses: self.max_uses,
            uses: self.uses,
        }
    }
}

/// The partner's newest links (made by `maker`, when given).
pub async fn newest(
    conn: &mut PgConnection,
    partner: Uuid,
    maker: Option<Uuid>,
    limit: i64,
) -> Result<Vec<ListedLink>, sqlx::Error> {
    sqlx::query_as!(
        ListedLink,
        r#"select id, token, mode, expires_at as "expires_at: DateTime<Utc>", max_uses, uses,
                  revoked_at is not null as "revoked!", created_by_name,
                  created_at as "created_at: DateTime<Utc>"
             from invitation_links
            where partner_id = $1 and ($2::uuid is null or created_by_member = $2)
            order by created_at desc limit $3"#,
        partner,
        maker,
        limit
    )
    .fetch_all(conn)
    .await
}

/// A link as the join page reads it, with its partner.
pub struct Link {
    pub id: Uuid,
    pub partner_id: Uuid,
    pub partner_name: String,
    pub partner_active: bool,
    pub mode: String,
    pub expires_at: DateTime<Utc>,
    pub max_uses: Option<i32>,
    pub uses: i32,
    pub revoked: bool,
    pub created_by_member: Option<Uuid>,
}

impl Link {
    pub fn facts(&self) -> LinkFacts {
        LinkFacts {
            expires_at: self.expires_at,
            revoked: self.revoked || !self.partner_active,
            max_uses: self.max_uses,
            uses: self.uses,
        }
    }
}

/// The link of a token.
pub async fn by_token(conn: &mut PgConnection, token: &str) -> Result<Option<Link>, sqlx::Error> {
    sqlx::query_as!(
        Link,
        r#"select l.id, l.partner_id, p.display_name as partner_name,
                  p.status = 'active' as "partner_active!", l.mode,
                  l.expires_at as "expires_at: DateTime<Utc>", l.max_uses,
                  l.uses, l.revoked_at is not null as "revoked!", l.created_by_member
             from invitation_links l join partners p on p.id = l.partner_id
            where l.token = $1"#,
        token
    )
    .fetch_optional(conn)
    .await
}

/// The link of a token, locked until the transaction ends, so that uses are counted one at a
/// time.
pub async fn lock_by_token(
    conn: &mut PgConnection,
    token: &str,
) -> Result<Option<Link>, sqlx::Error> {
    sqlx::query_as!(
        Link,
        r#"select l.id, l.partner_id, p.display_name as partner_name,
                  p.status = 'active' as "partner_active!", l.mode,
                  l.expires_at as "expires_at: DateTime<Utc>", l.max_uses,
                  l.uses, l.revoked_at is not null as "revoked!", l.created_by_member
             from invitation_links l join partners p on p.id = l.partner_id
            where l.token = $1
              for update of l"#,
        token
    )
    .fetch_optional(conn)
    .await
}

pub async fn count_use(conn: &mut PgConnection, id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update invitation_links set uses = uses + 1 where id = $1",
        id
    )
    .execute(conn)
    .await?;
    Ok(())
}
