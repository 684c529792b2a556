//! Consumption's reading SQL. A partner-wide summary reads the sums kept at load; a summary
//! bounded to one customer manager reads the records themselves, since only they carry the
//! trade time its assignment date is compared with. Built with `QueryBuilder` (the filters
//! vary); every value is bound, never spliced.

mod mine;
mod records;

pub use mine::*;
pub use records::*;

use super::{Figures, Grouping, SummaryRow};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

/// Whose records a search reaches.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Reach {
    pub partner: Uuid,
    /// Only this manager's customers, from its assignment on.
    pub manager: Option<Uuid>,
}

/// A search, its filters checked (kept with an export job, which runs it later).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Search {
    pub reach: Reach,
    /// First days of the first and last cycle.
    pub cycles: (NaiveDate, NaiveDate),
    pub customer: Option<Uuid>,
    pub mode: Option<String>,
    pub service_type: Option<String>,
    /// Any of these billing modes (an empty list matches nothing).
    pub charge_modes: Option<Vec<i16>>,
    pub hide_zero: bool,
    /// Filters of the records only (the API's detail query).
    pub detail: Detail,
    /// Read a closed month's partner bill lines instead of the live sums (the same columns).
    pub billed: bool,
}

/// Filters only records carry (the sums do not keep resources, regions or times).
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Detail {
    pub region: Option<String>,
    pub resource_id: Option<String>,
    pub record_id: Option<String>,
    /// Trades within `[from, until)`.
    pub traded: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

/// The start of the Beijing day a manager was assigned on (association `a`, or `x`): it sees
/// its customers' records from that day on. A customer that has left is no longer its.
const ASSIGNMENT_DAY_A: &str =
    "(date_trunc('day', a.manager_assigned_at at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai')";
const ASSIGNMENT_DAY_X: &str =
    "(date_trunc('day', x.manager_assigned_at at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai')";

/// `from … where …` over the sums, or over the records for a manager.
fn source(q: &mut QueryBuilder<'_, Postgres>, s: &Search) {
    match s.reach.manager {
        None if s.billed => {
            q.push(" from partner_bill_lines s where s.partner_id = ");
        }
        None => {
            q.push(" from consumption_sums s where s.partner_id = ");
        }
        Some(manager) => {
            q.push(
                " from consumption_records s join associations a on a.id = s.association_id \
                  where a.manager_member_id = ",
            );
            q.push_bind(manager);
            q.push(" and a.ended_at is null and s.trade_time >= ");
            q.push(ASSIGNMENT_DAY_A);
            q.push(" and s.partner_id = ");
        }
    }
    q.push_bind(s.reach.partner);
    filters(q, s);
}

fn filters(q: &mut QueryBuilder<'_, Postgres>, s: &Search) {
    if s.cycles.0 == s.cycles.1 {
        // One month said as one: the records' index then gives them newest first.
        q.push(" and s.cycle = ");
        q.push_bind(s.cycles.0);
    } else {
        q.push(" and s.cycle between ");
        q.push_bind(s.cycles.0);
        q.push(" and ");
        q.push_bind(s.cycles.1);
    }
    if let Some(c) = s.customer {
        q.push(" and s.customer_id = ");
        q.push_bind(c);
    }
    if let Some(m) = &s.mode {
        q.push(" and s.association_mode = ");
        q.push_bind(m.clone());
    }
    if let Some(t) = &s.service_type {
        q.push(" and s.service_type = ");
        q.push_bind(t.clone());
    }
    if let Some(modes) = &s.charge_modes {
        q.push(" and s.charge_mode = any(");
        q.push_bind(modes.clone());
        q.push(")");
    }
}

/// A summary row with the count and totals of every row (window sums over the same rows).
#[derive(sqlx::FromRow)]
pub struct SummaryLine {
    key: String,
    label: Option<String>,
    records: i64,
    list: Decimal,
    discount: Decimal,
    coupon: Decimal,
    cash: Decimal,
    debt: Decimal,
    total: i64,
    t_records: i64,
    t_list: Decimal,
    t_discount: Decimal,
    t_coupon: Decimal,
    t_cash: Decimal,
    t_debt: Decimal,
}

impl From<SummaryLine> for SummaryRow {
    fn from(l: SummaryLine) -> SummaryRow {
        SummaryRow {
            label: l.label.unwrap_or_else(|| l.key.clone()),
            key: l.key,
            figures: Figures {
                records: l.records,
                list: l.list,
                discount: l.discount,
                coupon: l.coupon,
                cash: l.cash,
                debt: l.debt,
            },
        }
    }
}

/// The summary grouped by `group`, in the page's order: a page of it (`limit`, `offset`), or
/// every row (an export streams them). Each row carries the count and totals of every row;
/// only the rows returned are named (a customer's account), not every group.
pub fn summary_query(
    s: &Search,
    group: Grouping,
    page: Option<(i64, i64)>,
) -> QueryBuilder<'_, Postgres> {
    let (key, order) = match group {
        Grouping::Customer => ("s.customer_id", "g.list - g.discount desc, g.key"),
        Grouping::Product => ("s.service_type", "g.list - g.discount desc, g.key"),
        Grouping::Month => ("s.cycle", "g.key"),
    };
    let records = match s.reach.manager {
        None => "sum(s.records)::int8",
        Some(_) => "count(*)::int8",
    };
    let mut q = QueryBuilder::new(format!(
        "with g as (select {key} as key, {records} as records, sum(s.list_amount) as list, \
         sum(s.discount_amount) as discount, sum(s.coupon_amount) as coupon, \
         sum(s.cash_amount) as cash, sum(s.debt_amount) as debt"
    ));
    source(&mut q, s);
    q.push(format!(" group by {key}"));
    if s.hide_zero {
        // Amounts are never negative and a discount never exceeds its list price, so a row
        // with no list price has nothing at all: hiding it leaves every total as it was.
        q.push(" having sum(s.list_amount) <> 0");
    }
    let (key_text, label) = match group {
        Grouping::Customer => ("g.key::text", "c.account_name"),
        Grouping::Product => ("g.key", "null::text"),
        Grouping::Month => ("to_char(g.key, 'YYYY-MM')", "null::text"),
    };
    q.push(
        "), t as (select count(*) as total, coalesce(sum(records), 0)::int8 as t_records, \
         coalesce(sum(list), 0) as t_list, coalesce(sum(discount), 0) as t_discount, \
         coalesce(sum(coupon), 0) as t_coupon, coalesce(sum(cash), 0) as t_cash, \
         coalesce(sum(debt), 0) as t_debt from g)",
    );
    q.push(format!(
        " select {key_text} as key, {label} as label, g.records, g.list, g.discount, g.coupon, \
         g.cash, g.debt, t.* from (select * from g order by {order}"
    ));
    if let Some((limit, offset)) = page {
        q.push(" limit ");
        q.push_bind(limit);
        q.push(" offset ");
        q.push_bind(offset);
    }
    q.push(") g cross join t");
    if group == Grouping::Customer {
        q.push(" left join customers c on c.id = g.key");
    }
    q.push(format!(" order by {order}"));
    q
}

/// One page of the summary grouped by `group`, the number of rows and the totals of them all.
pub async fn summary(
    conn: &mut PgConnection,
    s: &Search,
    group: Grouping,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<SummaryRow>, Figures, i64)> {
    let mut q = summary_query(s, group, Some((limit, offset)));
    let lines: Vec<SummaryLine> = q.build_query_as().fetch_all(&mut *conn).await?;
    if lines.is_empty() && offset > 0 {
        // Past the last row: the totals and the count are still those of every row.
        let (_, totals, total) = Box::pin(summary(conn, s, group, 1, 0)).await?;
        return Ok((vec![], totals, total));
    }
    let (totals, total) = lines
        .first()
        .map(|l| {
            (
                Figures {
                    records: l.t_records,
                    list: l.t_list,
                    discount: l.t_discount,
                    coupon: l.t_coupon,
                    cash: l.t_cash,
                    debt: l.t_debt,
                },
                l.total,
            )
        })
        .unwrap_or_default();
    Ok((
        lines.into_iter().map(SummaryRow::from).collect(),
        totals,
        total,
    ))
}

/// A month's sums by customer, service type and billing mode (the API's monthly bills).
#[derive(sqlx::FromRow)]
pub struct MonthlySum {
    pub customer_id: Uuid,
    pub service_type: String,
    pub charge_mode: i16,
    pub list: Decimal,
    pub discount: Decimal,
    pub coupon: Decimal,
    pub cash: Decimal,
    pub debt: Decimal,
    pub total: i64,
}

pub async fn monthly_sums(
    conn: &mut PgConnection,
    s: &Search,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<MonthlySum>> {
    let mut q = QueryBuilder::new(
        "select s.customer_id, s.service_type, s.charge_mode, sum(s.list_amount) as list, \
         sum(s.discount_amount) as discount, sum(s.coupon_amount) as coupon, \
         sum(s.cash_amount) as cash, sum(s.debt_amount) as debt, count(*) over () as total",
    );
    source(&mut q, s);
    q.push(" group by s.customer_id, s.service_type, s.charge_mode");
    q.push(" order by s.customer_id, s.service_type, s.charge_mode limit ");
    q.push_bind(limit);
    q.push(" offset ");
    q.push_bind(offset);
    q.build_query_as().fetch_all(conn).await
}

/// How many (customer, service, billing mode) lines [`monthly_sums`] pages through.
pub async fn monthly_count(conn: &mut PgConnection, s: &Search) -> sqlx::Result<i64> {
    let mut q = QueryBuilder::new("select count(*) from (select 1");
    source(&mut q, s);
    q.push(" group by s.customer_id, s.service_type, s.charge_mode) t");
    q.build_query_scalar().fetch_one(conn).await
}

/// The managers of a partner a supervisor picks from: active members holding the customer
/// manager role.
pub async fn managers(conn: &mut PgConnection, partner: Uuid) -> sqlx::Result<Vec<(Uuid, String)>> {
    let rows = sqlx::query!(
        r#"select m.id, m.user_name from members m
            where m.partner_id = $1 and m.status = 'active'
              and (exists (select 1 from member_roles r
                            where r.member_id = m.id and r.builtin_role = 'customer_manager')
                   or exists (select 1 from associations a where a.manager_member_id = m.id))
            order by m.user_name"#,
        partner
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.user_name)).collect())
}

/// Whether a member holds the customer manager supervisor role.
pub async fn is_supervisor(conn: &mut PgConnection, member: Uuid) -> sqlx::Result<bool> {
    sqlx::query_scalar!(
        r#"select exists (select 1 from member_roles
                           where member_id = $1 and builtin_role = 'customer_manager_supervisor') as "yes!""#,
        member
    )
    .fetch_one(conn)
    .await
}
