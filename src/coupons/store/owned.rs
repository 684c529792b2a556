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

/// A search of one customer's coupons; `None` filters nothing. Status is read as of `now`.
pub struct OwnedSearch {
    pub customer: Uuid,
    pub coupon: Option<Uuid>,
    pub kind: Option<&'static str>,
    pub status: Option<&'static str>,
    /// The partner that issued them.
    pub issuer: Option<Uuid>,
    pub issued: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    pub now: DateTime<Utc>,
    pub limit: i64,
    pub offset: i64,
}

/// A customer's coupon as its owner may see it: never the issuer's remark.
#[derive(Clone, Debug, PartialEq)]
pub struct OwnedCoupon {
    pub id: Uuid,
    pub issuer: Uuid,
    pub kind: CouponKind,
    pub face_value: rust_decimal::Decimal,
    pub balance: rust_decimal::Decimal,
    pub status: CouponStatus,
    pub valid_from: DateTime<Utc>,
    pub valid_until: DateTime<Utc>,
    pub limits: Limits,
    pub issued_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// One page of a customer's coupons, newest first, and how many match.
pub async fn search(
    conn: &mut PgConnection,
    s: &OwnedSearch,
) -> Result<(Vec<OwnedCoupon>, i64), sqlx::Error> {
    let rows = sqlx::query!(
        r#"select k.id, k.partner_id, k.kind, k.face_value, k.balance, k.service_types,
                  k.products, k.min_order_amount, k.selected_only,
                  case when k.status = 'usable' and k.valid_until <= $8 then 'expired'
                       else k.status end as "status!",
                  k.valid_from as "valid_from: DateTime<Utc>",
                  k.valid_until as "valid_until: DateTime<Utc>",
                  k.issued_at as "issued_at: DateTime<Utc>",
                  k.last_used_at as "last_used_at: DateTime<Utc>",
                  count(*) over () as "total!"
             from coupons k
            where k.customer_id = $1
              and ($2::uuid is null or k.id = $2)
              and ($3::text is null or k.kind = $3)
              and ($4::text is null or $4 = case when k.status = 'usable'
                                                  and k.valid_until <= $8 then 'expired'
                                             else k.status end)
              and ($5::uuid is null or k.partner_id = $5)
              and ($6::timestamptz is null or k.issued_at >= $6)
              and ($7::timestamptz is null or k.issued_at < $7)
            order by k.issued_at desc, k.id
            limit $9 offset $10"#,
        s.customer,
        s.coupon,
        s.kind,
        s.status,
        s.issuer,
        s.issued.0 as _,
        s.issued.1 as _,
        s.now as _,
        s.limit,
        s.offset
    )
    .fetch_all(conn)
    .await?;
    let total = rows.first().map_or(0, |r| r.total);
    let coupons = rows
        .into_iter()
        .map(|c| OwnedCoupon {
            id: c.id,
            issuer: c.partner_id,
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
            issued_at: c.issued_at,
            last_used_at: c.last_used_at,
        })
        .collect();
    Ok((coupons, total))
}
