//! A month's sums by customer, service type and billing mode: the API's monthly bills, read
//! from the sums (the rollups do not keep that grain).

use super::{source, Search};
use rust_decimal::Decimal;
use sqlx::{PgConnection, QueryBuilder};
use uuid::Uuid;

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
    source(&mut q, s, None);
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
    source(&mut q, s, None);
    q.push(" group by s.customer_id, s.service_type, s.charge_mode) t");
    q.build_query_scalar().fetch_one(conn).await
}
