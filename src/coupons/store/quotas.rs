//! Quotas and the records of their balances.

use crate::coupons::{CouponKind, Limits};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::PgConnection;
use uuid::Uuid;

/// A quota as stored.
#[derive(Clone, Debug)]
pub struct QuotaRow {
    pub id: Uuid,
    pub partner_id: Uuid,
    pub kind: String,
    pub parent_id: Option<Uuid>,
    pub amount: Decimal,
    pub balance: Decimal,
    pub status: String,
    pub valid_from: DateTime<Utc>,
    pub valid_until: DateTime<Utc>,
    pub service_types: Vec<String>,
    pub products: Vec<String>,
    pub min_order_amount: Option<Decimal>,
    pub selected_only: bool,
    pub remark: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl QuotaRow {
    pub fn kind(&self) -> CouponKind {
        CouponKind::from_code(&self.kind).unwrap_or(CouponKind::Voucher)
    }

    pub fn limits(&self) -> Limits {
        Limits {
            service_types: self.service_types.clone(),
            products: self.products.clone(),
            min_order_amount: self.min_order_amount,
            selected_only: self.selected_only,
        }
    }
}

/// A quota to make: granted by the operator, or by a distributor from `parent_id`.
pub struct NewQuota<'a> {
    pub id: Uuid,
    pub partner_id: Uuid,
    pub kind: CouponKind,
    pub parent_id: Option<Uuid>,
    pub amount: Decimal,
    pub valid_from: DateTime<Utc>,
    pub valid_until: DateTime<Utc>,
    pub limits: &'a Limits,
    pub remark: &'a str,
    pub at: DateTime<Utc>,
}

pub async fn insert_quota(conn: &mut PgConnection, q: &NewQuota<'_>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into coupon_quotas (id, partner_id, kind, parent_id, amount, balance, valid_from,
                                    valid_until, service_types, products, min_order_amount,
                                    selected_only, remark, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
        q.id,
        q.partner_id,
        q.kind.code(),
        q.parent_id,
        q.amount,
        q.valid_from as _,
        q.valid_until as _,
        &q.limits.service_types,
        &q.limits.products,
        q.limits.min_order_amount,
        q.limits.selected_only,
        q.remark,
        q.at as _
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The partner's quota `id`, locked for a change of its balance.
pub async fn lock_quota(
    conn: &mut PgConnection,
    partner: Uuid,
    id: Uuid,
) -> Result<Option<QuotaRow>, sqlx::Error> {
    sqlx::query_as!(
        QuotaRow,
        r#"select id, partner_id, kind, parent_id, amount, balance, status,
                valid_from as "valid_from: DateTime<Utc>", valid_until as "valid_until: DateTime<Utc>",
                service_types, products, min_order_amount, selected_only, remark,
                created_at as "created_at: DateTime<Utc>", updated_at as "updated_at: DateTime<Utc>"
           from coupon_quotas where id = $1 and partner_id = $2
           for update"#,
        id,
        partner
    )
    .fetch_optional(conn)
    .await
}

/// Quotas by id, locked in id order (so that two transactions never wait on each other in a
/// circle), whoever holds them: for returns from recalls and expiries.
pub async fn lock_quotas(
    conn: &mut PgConnection,
    ids: &[Uuid],
) -> Result<Vec<QuotaRow>, sqlx::Error> {
    sqlx::query_as!(
        QuotaRow,
        r#"select id, partner_id, kind, parent_id, amount, balance, status,
                valid_from as "valid_from: DateTime<Utc>", valid_until as "valid_until: DateTime<Utc>",
                service_types, products, min_order_amount, selected_only, remark,
                created_at as "created_at: DateTime<Utc>", updated_at as "updated_at: DateTime<Utc>"
           from coupon_quotas where id = any($1)
          order by id
           for update"#,
        ids
    )
    .fetch_all(conn)
    .await
}

/// The quotas a partner holds (`partner`), or that it granted its resellers (`granted_by`).
pub async fn quotas(
    conn: &mut PgConnection,
    partner: Option<Uuid>,
    granted_by: Option<Uuid>,
) -> Result<Vec<(QuotaRow, Option<String>)>, sqlx::Error> {
    quotas_where(conn, partner, granted_by, false).await
}

/// Every partner's quotas (the operator's list), newest first, at most 1000.
pub async fn all_quotas(
    conn: &mut PgConnection,
) -> Result<Vec<(QuotaRow, Option<String>)>, sqlx::Error> {
    quotas_where(conn, None, None, true).await
}

/// Quotas held by `partner`, granted by `granted_by`, or (`every`) all of them: never all by
/// leaving both out.
async fn quotas_where(
    conn: &mut PgConnection,
    partner: Option<Uuid>,
    granted_by: Option<Uuid>,
    every: bool,
) -> Result<Vec<(QuotaRow, Option<String>)>, sqlx::Error> {
    Ok(sqlx::query!(
        r#"select q.id, q.partner_id, q.kind, q.parent_id, q.amount, q.balance, q.status,
                  q.valid_from as "valid_from: DateTime<Utc>",
                  q.valid_until as "valid_until: DateTime<Utc>",
                  q.service_types, q.products, q.min_order_amount, q.selected_only, q.remark,
                  q.created_at as "created_at: DateTime<Utc>",
                  q.updated_at as "updated_at: DateTime<Utc>",
                  p.account_name as holder
             from coupon_quotas q
             join partners p on p.id = q.partner_id
             left join coupon_quotas parent on parent.id = q.parent_id
            where ($1::uuid is null or q.partner_id = $1)
              and ($2::uuid is null or parent.partner_id = $2)
              and ($1::uuid is not null or $2::uuid is not null or $3)
            order by q.created_at desc, q.id
            limit 1000"#,
        partner,
        granted_by,
        every
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| {
        (
            QuotaRow {
                id: r.id,
                partner_id: r.partner_id,
                kind: r.kind,
                parent_id: r.parent_id,
                amount: r.amount,
                balance: r.balance,
                status: r.status,
                valid_from: r.valid_from,
                valid_until: r.valid_until,
                service_types: r.service_types,
                products: r.products,
                min_order_amount: r.min_order_amount,
                selected_only: r.selected_only,
                remark: r.remark,
                created_at: r.created_at,
                updated_at: r.updated_at,
            },
            Some(r.holder),
        )
    })
    .collect())
}

/// Sets a locked quota's balance (and its status, when given).
pub async fn set_quota(
    conn: &mut PgConnection,
    id: Uuid,
    balance: Decimal,
    status: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update coupon_quotas set balance = $2, status = coalesce($3, status), updated_at = $4
          where id = $1",
        id,
        balance,
        status,
        now as _
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Changes of quotas' balances, each with the balance it left.
#[derive(Default)]
pub struct QuotaRecords {
    pub quota_id: Vec<Uuid>,
    pub partner_id: Vec<Uuid>,
    pub kind: Vec<&'static str>,
    pub amount: Vec<Decimal>,
    pub balance_after: Vec<Decimal>,
    pub coupon_id: Vec<Option<Uuid>>,
    pub customer_id: Vec<Option<Uuid>>,
    pub other_quota_id: Vec<Option<Uuid>>,
    pub reseller_id: Vec<Option<Uuid>>,
}

impl QuotaRecords {
    /// Adds a record of `quota` (held by `partner`); `amount` is positive, its sign is the kind's.
    pub fn push(
        &mut self,
        quota: Uuid,
        partner: Uuid,
        kind: &'static str,
        amount: Decimal,
        after: Decimal,
    ) -> &mut Self {
        self.quota_id.push(quota);
        self.partner_id.push(partner);
        self.kind.push(kind);
        self.amount.push(amount);
        self.balance_after.push(after);
        self.coupon_id.push(None);
        self.customer_id.push(None);
        self.other_quota_id.push(None);
        self.reseller_id.push(None);
        self
    }

    /// Names the coupon and customer of the last record.
    pub fn about_coupon(&mut self, coupon: Uuid, customer: Uuid) -> &mut Self {
        if let (Some(c), Some(u)) = (self.coupon_id.last_mut(), self.customer_id.last_mut()) {
            *c = Some(coupon);
            *u = Some(customer);
        }
        self
    }

    /// Names the other quota and the reseller of the last record.
    pub fn about_reseller(&mut self, other_quota: Uuid, reseller: Uuid) -> &mut Self {
        if let (Some(q), Some(r)) = (self.other_quota_id.last_mut(), self.reseller_id.last_mut()) {
            *q = Some(other_quota);
            *r = Some(reseller);
        }
        self
    }
}

pub async fn insert_quota_records(
    conn: &mut PgConnection,
    r: &QuotaRecords,
    remark: &str,
    actor_name: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    if r.quota_id.is_empty() {
        return Ok(());
    }
    sqlx::query!(
        "insert into quota_records (quota_id, partner_id, kind, amount, balance_after, coupon_id,
                                    customer_id, other_quota_id, reseller_id, remark, actor_name, at)
         select t.*, $10, $11, $12
           from unnest($1::uuid[], $2::uuid[], $3::text[], $4::numeric[], $5::numeric[],
                       $6::uuid[], $7::uuid[], $8::uuid[], $9::uuid[])
             as t (quota_id, partner_id, kind, amount, balance_after, coupon_id, customer_id,
                   other_quota_id, reseller_id)",
        &r.quota_id,
        &r.partner_id,
        &r.kind as &[&str],
        &r.amount,
        &r.balance_after,
        &r.coupon_id as &[Option<Uuid>],
        &r.customer_id as &[Option<Uuid>],
        &r.other_quota_id as &[Option<Uuid>],
        &r.reseller_id as &[Option<Uuid>],
        remark,
        actor_name,
        at as _
    )
    .execute(conn)
    .await?;
    Ok(())
}
