//! A customer's own coupons and what happened to each: its Coupons page.

use crate::coupons::{CouponEvent, CouponKind, CouponStatus, Limits, MyCoupon};
use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

/// The customer's coupons, newest first, with their histories (the issuer's remark is never
/// read). Status is as of `now`.
pub async fn of_customer(
    conn: &mut PgConnection,
    customer: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<MyCoupon>, sqlx::Error> {
    let coupons = sqlx::query!(
        r#"select k.id, k.kind, k.face_value, k.balance, k.service_types, k.products,
                  k.min_order_amount, k.selected_only, p.display_name as issuer,
                  case when k.status = 'usable' and k.valid_until <= $2 then 'expired'
                       else k.status end as "status!",
                  k.valid_from as "valid_from: DateTime<Utc>",
                  k.valid_until as "valid_until: DateTime<Utc>"
             from coupons k join partners p on p.id = k.partner_id
            where k.customer_id = $1
            order by k.issued_at desc, k.id
            limit 500"#,
        customer,
        now as _
    )
    .fetch_all(&mut *conn)
    .await?;
    let ids: Vec<Uuid> = coupons.iter().map(|c| c.id).collect();
    let events = sqlx::query!(
        r#"select coupon_id as "coupon_id!", operation as "what!", amount as "amount!",
                  null::numeric as balance_after, at as "at!: DateTime<Utc>"
             from coupon_records where coupon_id = any($1) and success
           union all
           select coupon_id, 'use', amount, balance_after, at
             from coupon_uses where coupon_id = any($1)
           order by 5"#,
        &ids
    )
    .fetch_all(conn)
    .await?;
    Ok(coupons
        .into_iter()
        .map(|c| MyCoupon {
            id: c.id.to_string(),
            kind: CouponKind::from_code(&c.kind).unwrap_or(CouponKind::Voucher),
            face_value: c.face_value,
            balance: c.balance,
            status: CouponStatus::from_code(&c.status).unwrap_or(CouponStatus::Usable),
            valid_from: c.valid_from,
            valid_until: c.valid_until,
            limits: Limits {
                service_types: c.service_types,
                products: c.products,
                min_order_amount: c.min_order_amount,
                selected_only: c.selected_only,
            },
            issuer: c.issuer,
            history: events
                .iter()
                .filter(|e| e.coupon_id == c.id)
                .map(|e| CouponEvent {
                    at: e.at,
                    what: e.what.clone(),
                    amount: e.amount,
                    balance_after: e.balance_after,
                })
                .collect(),
        })
        .collect())
}
