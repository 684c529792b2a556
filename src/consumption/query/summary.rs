//! A summary grouped by customer, product or month: a page of it with the count and totals of
//! every row, or every row for an export.

use super::{source, Search};
use crate::consumption::{Figures, Grouping, SummaryRow};
use rust_decimal::Decimal;
use sqlx::{PgConnection, Postgres, QueryBuilder};

/// A summary row with the count and totals of every row (one aggregate over the groups, joined
/// to each row returned).
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
    source(&mut q, s, Some(group));
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
