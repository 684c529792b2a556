//! Coupons: made in batches, locked one by one for a recall, walked by expiry, searched.

use crate::coupons::{CouponKind, CouponStatus, Limits};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::PgConnection;
use uuid::Uuid;

/// Coupons of the same terms for several customers.
pub struct NewCoupons<'a> {
    pub ids: &'a [Uuid],
    pub customers: &'a [Uuid],
    pub partner_id: Uuid,
    pub quota_id: Uuid,
    pub kind: CouponKind,
    pub face_value: Decimal,
    pub valid_from: DateTime<Utc>,
    pub valid_until: DateTime<Utc>,
    pub limits: &'a Limits,
    pub remark: &'a str,
    pub issued_by: &'a str,
    pub at: DateTime<Utc>,
}

pub async fn insert_coupons(
    conn: &mut PgConnection,
    c: &NewCoupons<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into coupons (id, customer_id, partner_id, quota_id, kind, face_value, balance,
                              status, valid_from, valid_until, service_types, products,
                              min_order_amount, selected_only, remark, issued_at, issued_by)
         select t.id, t.customer, $3, $4, $5, $6, $6, 'usable', $7, $8, $9, $10, $11, $12, $13,
                $14, $15
           from unnest($1::uuid[], $2::uuid[]) as t (id, customer)",
        c.ids,
        c.customers,
        c.partner_id,
        c.quota_id,
        c.kind.code(),
        c.face_value,
        c.valid_from as _,
        c.valid_until as _,
        &c.limits.service_types,
        &c.limits.products,
        c.limits.min_order_amount,
        c.limits.selected_only,
        c.remark,
        c.at as _,
        c.issued_by
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// A coupon as a recall or an expiry needs it.
#[derive(Clone, Debug)]
pub struct HeldCoupon {
    pub id: Uuid,
    pub partner_id: Uuid,
    pub quota_id: Uuid,
    pub customer_id: Uuid,
    pub kind: String,
    pub balance: Decimal,
    pub status: String,
    pub valid_from: DateTime<Utc>,
    pub valid_until: DateTime<Utc>,
    pub customer_account: String,
}

impl HeldCoupon {
    pub fn kind(&self) -> CouponKind {
        CouponKind::from_code(&self.kind).unwrap_or(CouponKind::Voucher)
    }

    pub fn status(&self) -> CouponStatus {
        CouponStatus::from_code(&self.status).unwrap_or(CouponStatus::Usable)
    }
}

/// The partner's coupon `id`, locked.
pub async fn lock_coupon(
    conn: &mut PgConnection,
    partner: Uuid,
    id: Uuid,
) -> Result<Option<HeldCoupon>, sqlx::Error> {
    sqlx::query_as!(
        HeldCoupon,
        r#"select k.id, k.partner_id, k.quota_id, k.customer_id, k.kind, k.balance, k.status,
                  k.valid_from as "valid_from: DateTime<Utc>",
                  k.valid_until as "valid_until: DateTime<Utc>", c.account_name as customer_account
             from coupons k join customers c on c.id = k.customer_id
            where k.id = $1 and k.partner_id = $2
              for update of k"#,
        id,
        partner
    )
    .fetch_optional(conn)
    .await
}

/// Coupon `id`, locked, whoever issued it: for a payment drawing on it.
pub async fn lock_coupon_any(
    conn: &mut PgConnection,
    id: Uuid,
) -> Result<Option<HeldCoupon>, sqlx::Error> {
    sqlx::query_as!(
        HeldCoupon,
        r#"select k.id, k.partner_id, k.quota_id, k.customer_id, k.kind, k.balance, k.status,
                  k.valid_from as "valid_from: DateTime<Utc>",
                  k.valid_until as "valid_until: DateTime<Utc>", c.account_name as customer_account
             from coupons k join customers c on c.id = k.customer_id
            where k.id = $1
              for update of k"#,
        id
    )
    .fetch_optional(conn)
    .await
}

/// The partner's usable coupons on a customer, locked: what a disassociation recalls.
pub async fn lock_usable_of(
    conn: &mut PgConnection,
    partner: Uuid,
    customer: Uuid,
) -> Result<Vec<HeldCoupon>, sqlx::Error> {
    sqlx::query_as!(
        HeldCoupon,
        r#"select k.id, k.partner_id, k.quota_id, k.customer_id, k.kind, k.balance, k.status,
                  k.valid_from as "valid_from: DateTime<Utc>",
                  k.valid_until as "valid_until: DateTime<Utc>", c.account_name as customer_account
             from coupons k join customers c on c.id = k.customer_id
            where k.partner_id = $1 and k.customer_id = $2 and k.status = 'usable'
            order by k.id
              for update of k"#,
        partner,
        customer
    )
    .fetch_all(conn)
    .await
}

/// Usable coupons past their end, locked, skipping those another server holds: the expiry
/// job's next batch.
pub async fn lock_due(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<HeldCoupon>, sqlx::Error> {
    sqlx::query_as!(
        HeldCoupon,
        r#"select k.id, k.partner_id, k.quota_id, k.customer_id, k.kind, k.balance, k.status,
                  k.valid_from as "valid_from: DateTime<Utc>",
                  k.valid_until as "valid_until: DateTime<Utc>", c.account_name as customer_account
             from coupons k join customers c on c.id = k.customer_id
            where k.status = 'usable' and k.valid_until <= $1
            order by k.valid_until, k.id
            limit $2
              for update of k skip locked"#,
        now as _,
        limit
    )
    .fetch_all(conn)
    .await
}

/// Ends locked coupons: recalled (their balance taken back: 0 left) or expired (the balance
/// stays on the coupon, forfeited, or returned when it was a cash coupon).
pub async fn end_coupons(
    conn: &mut PgConnection,
    ids: &[Uuid],
    status: CouponStatus,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update coupons
            set status = $2, ended_at = $3,
                balance = case when $2 = 'recalled' then 0 else balance end
          where id = any($1)",
        ids,
        status.code(),
        now as _
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Spends from a locked, usable coupon (an order or a charge paying with it); used up at zero.
pub async fn spend_coupon(
    conn: &mut PgConnection,
    id: Uuid,
    left: Decimal,
    used_up: bool,
    reference: &str,
    amount: Decimal,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update coupons
            set balance = $2, last_used_at = $3,
                status = case when $4 then 'used' else status end,
                ended_at = case when $4 then $3 else ended_at end
          where id = $1",
        id,
        left,
        now as _,
        used_up
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "insert into coupon_uses (coupon_id, amount, balance_after, reference, at)
         values ($1, $2, $3, $4, $5)",
        id,
        amount,
        left,
        reference,
        now as _
    )
    .execute(conn)
    .await?;
    Ok(())
}
