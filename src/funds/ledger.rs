//! Reading the records back: adjustment records (movements between a partner and its customers
//! or resellers) and account entries (收支明细), for pages, exports and the API.

use super::{AdjustmentRow, EntryRow, TransferKind};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::PgConnection;
use uuid::Uuid;

/// Filters of the adjustment records, parsed. `None` filters nothing.
pub struct AdjustmentSearch {
    pub partner: Uuid,
    /// A customer or reseller on the other side.
    pub counterpart: Option<Uuid>,
    pub kinds: Vec<&'static str>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub trans_id: Option<String>,
    /// A customer manager: only movements of customers assigned to it, no reseller movements.
    pub assigned_to: Option<Uuid>,
    pub limit: i64,
    pub offset: i64,
}

/// One page of adjustment records, newest first, and how many match.
pub async fn adjustments(
    conn: &mut PgConnection,
    s: &AdjustmentSearch,
) -> Result<(Vec<AdjustmentRow>, i64), sqlx::Error> {
    let rows = sqlx::query!(
        r#"select t.trans_id, t.kind, t.partner_id, t.customer_id, t.reseller_id, t.amount,
                  t.at as "at: DateTime<Utc>",
                  t.actor_name,
                  coalesce(c.account_name, r.account_name, '') as "counterpart_account!",
                  coalesce(c.display_name, r.display_name, '') as "counterpart_name!",
                  count(*) over () as "total!"
             from fund_transfers t
             left join customers c on c.id = t.customer_id
             left join partners r on r.id = t.reseller_id
            where (t.partner_id = $1 or t.reseller_id = $1)
              and t.kind = any($2)
              and ($3::uuid is null or t.customer_id = $3 or t.reseller_id = $3)
              and ($4::timestamptz is null or t.at >= $4)
              and ($5::timestamptz is null or t.at < $5)
              and ($6::text is null or t.trans_id = $6)
              and ($7::uuid is null or exists (
                    select 1 from associations a
                     where a.customer_id = t.customer_id and a.partner_id = $1
                       and a.ended_at is null and a.manager_member_id = $7))
            order by t.at desc, t.trans_id desc
            limit $8 offset $9"#,
        s.partner,
        &s.kinds as &[&str],
        s.counterpart,
        s.from as _,
        s.until as _,
        s.trans_id,
        s.assigned_to,
        s.limit,
        s.offset
    )
    .fetch_all(conn)
    .await?;
    let total = rows.first().map_or(0, |r| r.total);
    let rows = rows
        .into_iter()
        .filter_map(|r| {
            let kind = TransferKind::from_code(&r.kind)?;
            // Seen from the partner's account: money out is negative. A reseller sees its
            // distributor's movements from its own side.
            let outward = matches!(
                kind,
                TransferKind::Allocate | TransferKind::ResellerAllocate
            );
            let mine = r.partner_id == Some(s.partner);
            let change = if outward == mine { -r.amount } else { r.amount };
            let counterpart_id = r
                .customer_id
                .or(if mine { r.reseller_id } else { r.partner_id });
            Some(AdjustmentRow {
                trans_id: r.trans_id,
                kind,
                counterpart_id: counterpart_id.map(|id| id.to_string()).unwrap_or_default(),
                counterpart_account: r.counterpart_account,
                counterpart_name: r.counterpart_name,
                change,
                at: r.at,
                actor_name: r.actor_name,
            })
        })
        .collect();
    Ok((rows, total))
}

/// Whose account's entries to read.
#[derive(Clone, Copy)]
pub enum Account {
    Partner(Uuid),
    Customer(Uuid),
}

pub struct EntrySearch {
    pub account: Account,
    pub kinds: Vec<&'static str>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub limit: i64,
    pub offset: i64,
}

/// One page of an account's entries, newest first, and how many match.
pub async fn entries(
    conn: &mut PgConnection,
    s: &EntrySearch,
) -> Result<(Vec<EntryRow>, i64), sqlx::Error> {
    let (partner, customer) = match s.account {
        Account::Partner(p) => (Some(p), None),
        Account::Customer(c) => (None, Some(c)),
    };
    let rows = sqlx::query!(
        r#"select e.trans_id, t.kind, e.balance_change, e.balance_after, e.debt_change,
                  e.debt_after, e.at as "at: DateTime<Utc>",
                  case when $1::uuid is not null
                       then coalesce(c.account_name, r.account_name,
                                     case when t.reseller_id = $1 then d.account_name end)
                       else d.account_name end as counterpart,
                  case when $1::uuid is not null
                       then coalesce(t.customer_id, case when t.reseller_id = $1 then t.partner_id
                                                         else t.reseller_id end)
                       else t.partner_id end as counterpart_id,
                  count(*) over () as "total!"
             from account_entries e
             join fund_transfers t on t.trans_id = e.trans_id
             left join customers c on c.id = t.customer_id
             left join partners r on r.id = t.reseller_id and t.reseller_id <> $1
             left join partners d on d.id = t.partner_id
            where (($1::uuid is not null and e.partner_id = $1)
                or ($2::uuid is not null and e.customer_id = $2))
              and t.kind = any($3)
              and ($4::timestamptz is null or e.at >= $4)
              and ($5::timestamptz is null or e.at < $5)
            order by e.at desc, e.id desc
            limit $6 offset $7"#,
        partner,
        customer,
        &s.kinds as &[&str],
        s.from as _,
        s.until as _,
        s.limit,
        s.offset
    )
    .fetch_all(conn)
    .await?;
    let total = rows.first().map_or(0, |r| r.total);
    Ok((
        rows.into_iter()
            .filter_map(|r| {
                Some(EntryRow {
                    trans_id: r.trans_id,
                    kind: TransferKind::from_code(&r.kind)?,
                    change: r.balance_change,
                    balance_after: r.balance_after,
                    debt_change: r.debt_change,
                    debt_after: r.debt_after,
                    at: r.at,
                    counterpart: r.counterpart,
                    counterpart_id: r.counterpart_id.map(|id| id.to_string()),
                })
            })
            .collect(),
        total,
    ))
}

/// Σ balance and Σ debt of the partner's current resale customers (a customer manager: its
/// own), for the Funds page.
pub async fn customers_totals(
    conn: &mut PgConnection,
    partner: Uuid,
    assigned_to: Option<Uuid>,
) -> Result<(Decimal, Decimal), sqlx::Error> {
    let r = sqlx::query!(
        r#"select coalesce(sum(ca.balance), 0) as "balance!", coalesce(sum(ca.debt), 0) as "debt!"
             from associations a
             join customer_accounts ca on ca.customer_id = a.customer_id
            where a.partner_id = $1 and a.ended_at is null and a.mode = 'resale'
              and ($2::uuid is null or a.manager_member_id = $2)"#,
        partner,
        assigned_to
    )
    .fetch_one(conn)
    .await?;
    Ok((r.balance, r.debt))
}

/// A distributor's resellers with their balances.
pub async fn resellers(
    conn: &mut PgConnection,
    distributor: Uuid,
) -> Result<Vec<(Uuid, String, String, Decimal)>, sqlx::Error> {
    Ok(sqlx::query!(
        r#"select p.id, p.account_name, p.display_name, coalesce(pa.balance, 0) as "balance!"
             from partners p
             left join partner_accounts pa on pa.partner_id = p.id
            where p.distributor_id = $1
            order by lower(p.account_name)"#,
        distributor
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| (r.id, r.account_name, r.display_name, r.balance))
    .collect())
}
