//! The customer pages' static SQL (the search itself is in `search`).

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

/// The partner's customer managers, (id, display name).
pub async fn managers_of(
    conn: &mut PgConnection,
    partner: Uuid,
) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
    Ok(sqlx::query!(
        "select m.id, m.display_name from members m
          where m.partner_id = $1
            and exists (select 1 from member_roles r
                         where r.member_id = m.id and r.builtin_role = 'customer_manager')
          order by lower(m.display_name)",
        partner
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| (r.id, r.display_name))
    .collect())
}

/// Whether `member` is an active customer manager of the partner.
pub async fn is_active_manager(
    conn: &mut PgConnection,
    partner: Uuid,
    member: Uuid,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select exists (select 1 from members m join member_roles r on r.member_id = m.id
                           where m.id = $1 and m.partner_id = $2 and m.status = 'active'
                             and r.builtin_role = 'customer_manager') as "exists!""#,
        member,
        partner
    )
    .fetch_one(conn)
    .await
}

/// A distributor's resellers, (id, name).
pub async fn resellers_of(
    conn: &mut PgConnection,
    partner: Uuid,
) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
    Ok(sqlx::query!(
        "select id, display_name from partners where distributor_id = $1
          order by lower(display_name)",
        partner
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| (r.id, r.display_name))
    .collect())
}

/// Whether `partner` is a tier-2 reseller of the tier-1 distributor `distributor`.
pub async fn is_reseller_of(
    conn: &mut PgConnection,
    distributor: Uuid,
    partner: Uuid,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select exists (select 1 from partners where id = $1 and distributor_id = $2) as "exists!""#,
        partner,
        distributor
    )
    .fetch_one(conn)
    .await
}

pub struct DetailRow {
    pub display_name: String,
    pub kind: String,
    pub registered_at: DateTime<Utc>,
    pub associated_at: DateTime<Utc>,
    pub owner_name: String,
    pub manager: Option<String>,
    pub manager_assigned_at: Option<DateTime<Utc>>,
}

/// What the overview shows of an association.
pub async fn detail(conn: &mut PgConnection, association: Uuid) -> Result<DetailRow, sqlx::Error> {
    sqlx::query_as!(
        DetailRow,
        r#"select c.display_name, c.kind, c.registered_at as "registered_at: DateTime<Utc>",
                  a.associated_at as "associated_at: DateTime<Utc>",
                  p.display_name as owner_name, m.display_name as "manager?",
                  a.manager_assigned_at as "manager_assigned_at: DateTime<Utc>"
             from associations a
             join customers c on c.id = a.customer_id
             join partners p on p.id = a.partner_id
             left join members m on m.id = a.manager_member_id
            where a.id = $1"#,
        association
    )
    .fetch_one(conn)
    .await
}
