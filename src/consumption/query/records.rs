//! The records themselves: a page of them, their count, an export's stream, and a customer's
//! own month.

use super::{filters, Search, ASSIGNMENT_DAY_X};
use crate::consumption::RecordRow;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

/// A record as read, before it becomes a [`RecordRow`].
#[derive(sqlx::FromRow)]
pub struct RecordLine {
    record_id: String,
    cycle: String,
    customer_id: Uuid,
    customer_name: String,
    association_mode: Option<String>,
    service_type: String,
    resource_type: String,
    resource_id: String,
    region: String,
    charge_mode: i16,
    usage: Decimal,
    usage_unit: String,
    list_amount: Decimal,
    discount_amount: Decimal,
    coupon_amount: Decimal,
    cash_amount: Decimal,
    debt_amount: Decimal,
    trade_time: DateTime<Utc>,
    partner_id: Option<Uuid>,
    manager_id: Option<Uuid>,
}

const RECORD_COLUMNS: &str = "select s.record_id, to_char(s.cycle, 'YYYY-MM') as cycle, \
     s.customer_id, c.account_name as customer_name, s.association_mode, s.service_type, \
     s.resource_type, s.resource_id, s.region, s.charge_mode, s.usage, s.usage_unit, \
     s.list_amount, s.discount_amount, s.coupon_amount, s.cash_amount, s.debt_amount, \
     s.trade_time, s.partner_id, x.manager_member_id as manager_id \
     from consumption_records s join customers c on c.id = s.customer_id \
     left join associations x on x.id = s.association_id";

impl From<RecordLine> for RecordRow {
    fn from(l: RecordLine) -> RecordRow {
        RecordRow {
            record_id: l.record_id,
            cycle: l.cycle,
            customer_id: l.customer_id.to_string(),
            customer_name: l.customer_name,
            association_mode: l.association_mode.unwrap_or_default(),
            service_type: l.service_type,
            resource_type: l.resource_type,
            resource_id: l.resource_id,
            region: l.region,
            charge_mode: l.charge_mode,
            usage: l.usage,
            usage_unit: l.usage_unit,
            list: l.list_amount,
            discount: l.discount_amount,
            coupon: l.coupon_amount,
            cash: l.cash_amount,
            debt: l.debt_amount,
            trade_time: l.trade_time,
            partner_id: l.partner_id.map(|p| p.to_string()),
            manager_id: l.manager_id.map(|m| m.to_string()),
        }
    }
}

/// Records counted up to this many: a pager needs no exact figure past it.
pub const COUNT_CAP: i64 = 10_000;

/// `where …` of the records the search reaches (a manager's from its assignment on).
fn record_scope(q: &mut QueryBuilder<'_, Postgres>, s: &Search) {
    q.push(" where s.partner_id = ");
    q.push_bind(s.reach.partner);
    if let Some(manager) = s.reach.manager {
        q.push(" and x.manager_member_id = ");
        q.push_bind(manager);
        q.push(" and x.ended_at is null and s.trade_time >= ");
        q.push(ASSIGNMENT_DAY_X);
    }
    filters(q, s);
    if s.hide_zero {
        q.push(" and s.list_amount <> 0");
    }
    let d = &s.detail;
    for (column, value) in [
        ("region", &d.region),
        ("resource_id", &d.resource_id),
        ("record_id", &d.record_id),
    ] {
        if let Some(value) = value {
            q.push(format!(" and s.{column} = "));
            q.push_bind(value.clone());
        }
    }
    if let Some((from, until)) = d.traded {
        q.push(" and s.trade_time >= ");
        q.push_bind(from);
        q.push(" and s.trade_time < ");
        q.push_bind(until);
    }
}

/// One page of records, newest first, and their number up to `cap` (the API's is
/// [`COUNT_CAP`]; the page's less: counting is most of a page's cost).
pub async fn records(
    conn: &mut PgConnection,
    s: &Search,
    (limit, offset): (i64, i64),
    cap: i64,
) -> sqlx::Result<(Vec<RecordRow>, i64)> {
    let mut q = QueryBuilder::new(RECORD_COLUMNS);
    record_scope(&mut q, s);
    q.push(" order by s.trade_time desc, s.record_id limit ");
    q.push_bind(limit);
    q.push(" offset ");
    q.push_bind(offset);
    let rows: Vec<RecordLine> = q.build_query_as().fetch_all(&mut *conn).await?;

    let mut q = QueryBuilder::new(
        "select count(*) from (select 1 from consumption_records s \
         left join associations x on x.id = s.association_id",
    );
    record_scope(&mut q, s);
    q.push(" limit ");
    q.push_bind(cap);
    q.push(") t");
    let total: i64 = q.build_query_scalar().fetch_one(&mut *conn).await?;
    Ok((rows.into_iter().map(RecordRow::from).collect(), total))
}

/// Every record of a search, oldest month first, for an export to stream (`fetch`): its binds
/// are owned, so the query lives as long as the export needs it.
pub fn export_query(s: &Search) -> QueryBuilder<'static, Postgres> {
    let mut q = QueryBuilder::new(RECORD_COLUMNS);
    record_scope(&mut q, s);
    q.push(" order by s.cycle, s.trade_time, s.record_id");
    q
}

/// How many records a search holds (an export's total, for its progress).
pub async fn count_all(conn: &mut PgConnection, s: &Search) -> sqlx::Result<i64> {
    let mut q = QueryBuilder::new(
        "select count(*) from consumption_records s left join associations x on x.id = s.association_id",
    );
    record_scope(&mut q, s);
    q.build_query_scalar().fetch_one(conn).await
}

/// A page of a customer's own records in one month, newest first.
pub async fn my_records(
    conn: &mut PgConnection,
    customer: Uuid,
    cycle: NaiveDate,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<RecordRow>, i64)> {
    let mut q = QueryBuilder::new(RECORD_COLUMNS);
    q.push(" where s.customer_id = ");
    q.push_bind(customer);
    q.push(" and s.cycle = ");
    q.push_bind(cycle);
    q.push(" order by s.trade_time desc, s.record_id limit ");
    q.push_bind(limit);
    q.push(" offset ");
    q.push_bind(offset);
    let rows: Vec<RecordLine> = q.build_query_as().fetch_all(&mut *conn).await?;
    let total = sqlx::query_scalar!(
        r#"select count(*) as "n!" from (select 1 from consumption_records
            where customer_id = $1 and cycle = $2 limit 10000) t"#,
        customer,
        cycle as _
    )
    .fetch_one(conn)
    .await?;
    // The partner's and its manager's ids are the partner's own business, not the customer's.
    let rows = rows
        .into_iter()
        .map(|line| RecordRow {
            partner_id: None,
            manager_id: None,
            ..RecordRow::from(line)
        })
        .collect();
    Ok((rows, total))
}
