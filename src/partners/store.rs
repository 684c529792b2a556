//! The partner's figures and its resellers.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

pub struct FiguresRow {
    pub partner_name: String,
    pub partner_type: String,
    pub distributor_name: Option<String>,
    pub total: i64,
    pub resale: i64,
    pub consulting: i64,
    pub new_last_30_days: i64,
    pub members: Option<i64>,
    pub resellers: Option<i64>,
    pub reseller_customers: Option<i64>,
}

/// The home page's figures in one round trip; figures the caller may not see are not computed.
pub async fn figures(
    conn: &mut PgConnection,
    partner: Uuid,
    assigned_to: Option<Uuid>,
    (sees_customers, sees_members): (bool, bool),
    now: DateTime<Utc>,
) -> Result<FiguresRow, sqlx::Error> {
    sqlx::query_as!(
        FiguresRow,
        r#"select p.display_name as partner_name, p.partner_type,
                  d.display_name as "distributor_name?",
                  c.total as "total!", c.resale as "resale!", c.consulting as "consulting!",
                  c.new_last_30_days as "new_last_30_days!",
                  case when $4 then (select count(*) from members m where m.partner_id = p.id) end
                      as members,
                  case when $3 and $2::uuid is null and p.partner_type = 'distributor' then
                      (select count(*) from partners r where r.distributor_id = p.id) end as resellers,
                  case when $3 and $2::uuid is null and p.partner_type = 'distributor' then
                      (select count(*) from associations a join partners r on r.id = a.partner_id
                        where r.distributor_id = p.id and a.ended_at is null) end as reseller_customers
             from partners p
             left join partners d on d.id = p.distributor_id
            cross join lateral (
                select count(*) as total,
                       count(*) filter (where mode = 'resale') as resale,
                       count(*) filter (where mode = 'consulting') as consulting,
                       count(*) filter (where associated_at > $5::timestamptz - interval '30 days')
                           as new_last_30_days
                  from associations
                 where $3 and partner_id = p.id and ended_at is null
                   and ($2::uuid is null or manager_member_id = $2)
            ) c
            where p.id = $1"#,
        partner,
        assigned_to,
        sees_customers,
        sees_members,
        now as _
    )
    .fetch_one(conn)
    .await
}

/// A tier-2 reseller, as `list_indirect_partners` returns it.
pub struct Reseller {
    pub id: Uuid,
    pub account_name: String,
    pub display_name: String,
    pub associated_at: DateTime<Utc>,
    pub total: i64,
}

pub struct ResellerSearch {
    /// Account name contains (lower-cased, LIKE wildcards escaped).
    pub account: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub id: Option<Uuid>,
    pub limit: i64,
    pub offset: i64,
}

/// A distributor's resellers, filtered, newest first, each row carrying the total.
pub async fn resellers(
    conn: &mut PgConnection,
    distributor: Uuid,
    s: &ResellerSearch,
) -> Result<Vec<Reseller>, sqlx::Error> {
    sqlx::query_as!(
        Reseller,
        r#"select id, account_name, display_name, created_at as "associated_at: DateTime<Utc>",
                  count(*) over () as "total!"
             from partners
            where distributor_id = $1
              and ($2::text is null or lower(account_name) like '%' || $2 || '%')
              and ($3::timestamptz is null or created_at >= $3)
              and ($4::timestamptz is null or created_at <= $4)
              and ($5::uuid is null or id = $5)
            order by created_at desc, id
            limit $6 offset $7"#,
        distributor,
        s.account,
        s.from as _,
        s.until as _,
        s.id,
        s.limit,
        s.offset
    )
    .fetch_all(conn)
    .await
}

/// The name of `reseller` if it is a tier-2 reseller of `distributor`.
pub async fn reseller_name(
    conn: &mut PgConnection,
    distributor: Uuid,
    reseller: Uuid,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "select account_name from partners where id = $1 and distributor_id = $2",
        reseller,
        distributor
    )
    .fetch_optional(conn)
    .await
}

/// A partner's account name.
pub async fn account_name(
    conn: &mut PgConnection,
    partner: Uuid,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!("select account_name from partners where id = $1", partner)
        .fetch_optional(conn)
        .await
}

/// A customer (ever associated with the partner) or a reseller of the partner, by account name:
/// what a records filter names.
pub async fn counterpart_by_name(
    conn: &mut PgConnection,
    partner: Uuid,
    account_name: &str,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select id as "id!" from (
             select c.id from customers c
              where lower(c.account_name) = lower($2)
                and exists (select 1 from associations a
                             where a.customer_id = c.id and a.partner_id = $1)
             union all
             select p.id from partners p
              where lower(p.account_name) = lower($2) and p.distributor_id = $1
           ) found limit 1"#,
        partner,
        account_name
    )
    .fetch_optional(conn)
    .await
}

/// A distributor's resellers, (id, account name).
pub async fn reseller_accounts(
    conn: &mut PgConnection,
    distributor: Uuid,
) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
    Ok(sqlx::query!(
        "select id, account_name from partners where distributor_id = $1
          order by lower(account_name)",
        distributor
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| (r.id, r.account_name))
    .collect())
}
