//! The SQL of bills: closing a month, copying its lines, reading them back.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sqlx::PgConnection;
use uuid::Uuid;

/// The open months up to `last` (first days), oldest first.
pub async fn open_months(conn: &mut PgConnection, last: NaiveDate) -> sqlx::Result<Vec<NaiveDate>> {
    sqlx::query_scalar!(
        r#"select cycle as "cycle: NaiveDate" from consumption_months
            where closed_at is null and cycle <= $1 order by cycle"#,
        last as _
    )
    .fetch_all(conn)
    .await
}

/// Closes `cycle` if it is still open (waiting for loads that hold it) and copies its sums into
/// the partner bills. Returns the partners billed, or none when another server closed it first.
pub async fn close_month(
    conn: &mut PgConnection,
    cycle: NaiveDate,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<Vec<Uuid>>> {
    let closed = sqlx::query!(
        "update consumption_months set closed_at = $2 where cycle = $1 and closed_at is null",
        cycle as _,
        now as _
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if closed == 0 {
        return Ok(None);
    }
    sqlx::query!(
        "insert into partner_bill_lines
              (partner_id, cycle, customer_id, service_type, charge_mode, association_mode, records,
               list_amount, discount_amount, coupon_amount, cash_amount, debt_amount)
         select partner_id, cycle, customer_id, service_type, charge_mode, association_mode, records,
                list_amount, discount_amount, coupon_amount, cash_amount, debt_amount
           from consumption_sums where cycle = $1",
        cycle as _
    )
    .execute(&mut *conn)
    .await?;
    let partners = sqlx::query_scalar!(
        "select distinct partner_id from partner_bill_lines where cycle = $1",
        cycle as _
    )
    .fetch_all(conn)
    .await?;
    Ok(Some(partners))
}

/// The months a partner's bill page offers: every month with records of its, newest first,
/// with when it was billed.
pub async fn months(
    conn: &mut PgConnection,
    partner: Uuid,
    oldest: NaiveDate,
) -> sqlx::Result<Vec<(NaiveDate, Option<DateTime<Utc>>)>> {
    let rows = sqlx::query!(
        r#"select m.cycle as "cycle: NaiveDate", m.closed_at as "closed_at: DateTime<Utc>"
             from consumption_months m
            where m.cycle >= $2
              and exists (select 1 from consumption_sums s where s.partner_id = $1 and s.cycle = m.cycle)
            order by m.cycle desc"#,
        partner,
        oldest as _
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.cycle, r.closed_at)).collect())
}

/// When `cycle` was billed, if it was.
pub async fn billed_at(
    conn: &mut PgConnection,
    cycle: NaiveDate,
) -> sqlx::Result<Option<DateTime<Utc>>> {
    Ok(sqlx::query_scalar!(
        r#"select closed_at as "closed_at: DateTime<Utc>" from consumption_months where cycle = $1"#,
        cycle as _
    )
    .fetch_optional(conn)
    .await?
    .flatten())
}

/// What a partner's records of `cycle` add up to, due after discounts.
pub async fn records_due(
    conn: &mut PgConnection,
    partner: Uuid,
    cycle: NaiveDate,
) -> sqlx::Result<Decimal> {
    sqlx::query_scalar!(
        r#"select coalesce(sum(list_amount - discount_amount), 0) as "due!"
             from consumption_records where partner_id = $1 and cycle = $2"#,
        partner,
        cycle as _
    )
    .fetch_one(conn)
    .await
}
