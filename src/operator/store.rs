//! Partners and associations as the operator sees them.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

/// Whether `id` is a tier-1 distributor, locked against change until the transaction ends.
pub async fn is_distributor(conn: &mut PgConnection, id: Uuid) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query_scalar!(
        "select partner_type from partners where id = $1 and partner_type = 'distributor' for share",
        id
    )
    .fetch_optional(conn)
    .await?
    .is_some())
}

pub struct NewPartner<'a> {
    pub id: Uuid,
    pub account_name: &'a str,
    pub display_name: &'a str,
    pub partner_type: &'a str,
    pub distributor: Option<Uuid>,
    pub password_hash: &'a str,
}

/// Inserts a partner; `Ok(false)` when the account name is taken.
pub async fn insert_partner(
    conn: &mut PgConnection,
    p: &NewPartner<'_>,
) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query!(
        "insert into partners (id, account_name, display_name, partner_type, distributor_id,
                               password_hash)
         values ($1, $2, $3, $4, $5, $6)",
        p.id,
        p.account_name,
        p.display_name,
        p.partner_type,
        p.distributor,
        p.password_hash
    )
    .execute(conn)
    .await;
    match inserted {
        Err(e) if crate::server::db::is_unique_violation(&e) => Ok(false),
        other => other.map(|_| true),
    }
}

pub struct PartnerRow {
    pub id: Uuid,
    pub account_name: String,
    pub display_name: String,
    pub partner_type: String,
    pub distributor_name: Option<String>,
    pub customers: i64,
    pub members: i64,
    pub balance: rust_decimal::Decimal,
    pub created_at: DateTime<Utc>,
}

pub async fn partners(conn: &mut PgConnection) -> Result<Vec<PartnerRow>, sqlx::Error> {
    sqlx::query_as!(
        PartnerRow,
        r#"select p.id, p.account_name, p.display_name, p.partner_type,
                  d.display_name as "distributor_name?",
                  (select count(*) from associations a
                    where a.partner_id = p.id and a.ended_at is null) as "customers!",
                  (select count(*) from members m where m.partner_id = p.id) as "members!",
                  coalesce(pa.balance, 0) as "balance!",
                  p.created_at as "created_at: DateTime<Utc>"
             from partners p left join partners d on d.id = p.distributor_id
             left join partner_accounts pa on pa.partner_id = p.id
            order by p.created_at, lower(p.account_name)"#
    )
    .fetch_all(conn)
    .await
}

pub struct AssociationRow {
    pub partner_name: String,
    pub customer_account: String,
    pub mode: String,
    pub associated_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
}

/// The newest associations across partners, current and ended, narrowed by a lower-cased text.
pub async fn associations(
    conn: &mut PgConnection,
    q: Option<&str>,
) -> Result<Vec<AssociationRow>, sqlx::Error> {
    sqlx::query_as!(
        AssociationRow,
        r#"select p.display_name as partner_name, c.account_name as customer_account, a.mode,
                  a.associated_at as "associated_at: DateTime<Utc>",
                  a.ended_at as "ended_at: DateTime<Utc>"
             from associations a
             join partners p on p.id = a.partner_id
             join customers c on c.id = a.customer_id
            where $1::text is null
               or position($1 in lower(p.account_name)) > 0
               or position($1 in lower(p.display_name)) > 0
               or position($1 in lower(c.account_name)) > 0
            order by greatest(a.associated_at, coalesce(a.ended_at, a.associated_at)) desc
            limit 200"#,
        q
    )
    .fetch_all(conn)
    .await
}
