//! A customer's own sums: its months, and one month by service.

use crate::consumption::{Figures, SummaryRow};
use chrono::NaiveDate;
use sqlx::PgConnection;
use uuid::Uuid;

/// A customer's own months with spend, newest first, with their sums.
pub async fn my_months(conn: &mut PgConnection, customer: Uuid) -> sqlx::Result<Vec<SummaryRow>> {
    let rows = sqlx::query!(
        r#"select to_char(cycle, 'YYYY-MM') as "cycle!", count(*) as "records!",
                  sum(list_amount) as "list!", sum(discount_amount) as "discount!",
                  sum(coupon_amount) as "coupon!", sum(cash_amount) as "cash!",
                  sum(debt_amount) as "debt!"
             from consumption_records where customer_id = $1
            group by cycle order by cycle desc limit 18"#,
        customer
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| SummaryRow {
            key: r.cycle.clone(),
            label: r.cycle,
            figures: Figures {
                records: r.records,
                list: r.list,
                discount: r.discount,
                coupon: r.coupon,
                cash: r.cash,
                debt: r.debt,
            },
        })
        .collect())
}

/// A customer's own spend in one month, by service type.
pub async fn my_services(
    conn: &mut PgConnection,
    customer: Uuid,
    cycle: NaiveDate,
) -> sqlx::Result<Vec<SummaryRow>> {
    let rows = sqlx::query!(
        r#"select service_type, count(*) as "records!",
                  sum(list_amount) as "list!", sum(discount_amount) as "discount!",
                  sum(coupon_amount) as "coupon!", sum(cash_amount) as "cash!",
                  sum(debt_amount) as "debt!"
             from consumption_records where customer_id = $1 and cycle = $2
            group by service_type order by 4 desc, 1"#,
        customer,
        cycle as _
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| SummaryRow {
            key: r.service_type.clone(),
            label: r.service_type,
            figures: Figures {
                records: r.records,
                list: r.list,
                discount: r.discount,
                coupon: r.coupon,
                cash: r.cash,
                debt: r.debt,
            },
        })
        .collect())
}
