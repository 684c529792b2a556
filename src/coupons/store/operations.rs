//! Operation records (操作记录) and the searches that read coupons and records back.

use crate::coupons::{CouponKind, CouponRow, CouponStatus, Limits, OperationRow, QuotaRecordRow};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::PgConnection;
use uuid::Uuid;

/// Operation records of one action (an issue, a recall, an expiry run), line by line.
#[derive(Default)]
pub struct Operations {
    pub partner_id: Vec<Uuid>,
    pub quota_id: Vec<Uuid>,
    pub quota_kind: Vec<&'static str>,
    pub coupon_id: Vec<Option<Uuid>>,
    pub customer_id: Vec<Option<Uuid>>,
    pub amount: Vec<Decimal>,
    pub success: Vec<bool>,
    pub reason: Vec<&'static str>,
}

impl Operations {
    #[allow(clippy::too_many_arguments)]
    pub fn push(
        &mut self,
        partner: Uuid,
        quota: Uuid,
        kind: CouponKind,
        coupon: Option<Uuid>,
        customer: Option<Uuid>,
        amount: Decimal,
        refused: Option<&'static str>,
    ) {
        self.partner_id.push(partner);
        self.quota_id.push(quota);
        self.quota_kind.push(kind.code());
        self.coupon_id.push(coupon);
        self.customer_id.push(customer);
        self.amount.push(amount);
        self.success.push(refused.is_none());
        self.reason.push(refused.unwrap_or(""));
    }
}

pub async fn insert_operations(
    conn: &mut PgConnection,
    operation: &str,
    o: &Operations,
    remark: &str,
    actor_name: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    if o.partner_id.is_empty() {
        return Ok(());
    }
    sqlx::query!(
        "insert into coupon_records (partner_id, quota_id, quota_kind, coupon_id, customer_id,
                                     amount, success, reason, operation, remark, actor_name, at)
         select t.*, $9, $10, $11, $12
           from unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::uuid[],
                       $6::numeric[], $7::bool[], $8::text[])
             as t (partner_id, quota_id, quota_kind, coupon_id, customer_id, amount, success,
                   reason)",
        &o.partner_id,
        &o.quota_id,
        &o.quota_kind as &[&str],
        &o.coupon_id as &[Option<Uuid>],
        &o.customer_id as &[Option<Uuid>],
        &o.amount,
        &o.success,
        &o.reason as &[&str],
        operation,
        remark,
        actor_name,
        at as _
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// A search of issued coupons; `None` filters nothing. Status is read as of `now` (a usable
/// coupon past its end is expired, even before the expiry job marks it).
pub struct CouponSearch {
    pub partner: Uuid,
    pub customer: Option<Uuid>,
    pub coupon: Option<Uuid>,
    pub quota: Option<Uuid>,
    pub kind: Option<&'static str>,
    pub status: Option<&'static str>,
    pub issued: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    pub valid_from: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    pub valid_until: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    pub assigned_to: Option<Uuid>,
    pub now: DateTime<Utc>,
    pub limit: i64,
    pub offset: i64,
}

pub async fn search_coupons(
    conn: &mut PgConnection,
    s: &CouponSearch,
) -> Result<(Vec<CouponRow>, i64), sqlx::Error> {
    let rows = sqlx::query!(
        r#"select k.id, k.quota_id, k.customer_id, c.account_name, k.kind, k.face_value,
                  k.balance, k.service_types, k.products, k.min_order_amount, k.selected_only,
                  k.remark, k.issued_by,
                  case when k.status = 'usable' and k.valid_until <= $16 then 'expired'
                       else k.status end as "status!",
                  k.valid_from as "valid_from: DateTime<Utc>",
                  k.valid_until as "valid_until: DateTime<Utc>",
                  k.issued_at as "issued_at: DateTime<Utc>",
                  k.last_used_at as "last_used_at: DateTime<Utc>",
                  count(*) over () as "total!"
             from coupons k join customers c on c.id = k.customer_id
            where k.partner_id = $1
              and ($2::uuid is null or k.customer_id = $2)
              and ($3::uuid is null or k.id = $3)
              and ($4::uuid is null or k.quota_id = $4)
              and ($5::text is null or k.kind = $5)
              and ($6::text is null or $6 = case when k.status = 'usable'
                                                  and k.valid_until <= $16 then 'expired'
                                             else k.status end)
              and ($7::timestamptz is null or k.issued_at >= $7)
              and ($8::timestamptz is null or k.issued_at < $8)
              and ($9::timestamptz is null or k.valid_from >= $9)
              and ($10::timestamptz is null or k.valid_from < $10)
              and ($11::timestamptz is null or k.valid_until >= $11)
              and ($12::timestamptz is null or k.valid_until < $12)
              and ($13::uuid is null or exists (
                    select 1 from associations a
                     where a.customer_id = k.customer_id and a.partner_id = $1
                       and a.ended_at is null and a.manager_member_id = $13))
            order by k.issued_at desc, k.id
            limit $14 offset $15"#,
        s.partner,
        s.customer,
        s.coupon,
        s.quota,
        s.kind,
        s.status,
        s.issued.0 as _,
        s.issued.1 as _,
        s.valid_from.0 as _,
        s.valid_from.1 as _,
        s.valid_until.0 as _,
        s.valid_until.1 as _,
        s.assigned_to,
        s.limit,
        s.offset,
        s.now as _
    )
    .fetch_all(conn)
    .await?;
    let total = rows.first().map_or(0, |r| r.total);
    let rows = rows
        .into_iter()
        .map(|r| CouponRow {
            id: r.id.to_string(),
            quota_id: r.quota_id.to_string(),
            customer_id: r.customer_id.to_string(),
            customer_account: r.account_name,
            kind: CouponKind::from_code(&r.kind).unwrap_or(CouponKind::Voucher),
            face_value: r.face_value,
            balance: r.balance,
            status: CouponStatus::from_code(&r.status).unwrap_or(CouponStatus::Usable),
            valid_from: r.valid_from,
            valid_until: r.valid_until,
            limits: Limits {
                service_types: r.service_types,
                products: r.products,
                min_order_amount: r.min_order_amount,
                selected_only: r.selected_only,
            },
            remark: r.remark,
            issued_at: r.issued_at,
            issued_by: r.issued_by,
            last_used_at: r.last_used_at,
        })
        .collect();
    Ok((rows, total))
}

pub struct OperationSearch {
    pub partner: Uuid,
    pub operations: Option<Vec<String>>,
    pub customer: Option<Uuid>,
    pub coupons: Option<Vec<Uuid>>,
    pub quota: Option<Uuid>,
    pub quota_kind: Option<&'static str>,
    pub success: Option<bool>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub assigned_to: Option<Uuid>,
    pub limit: i64,
    pub offset: i64,
}

pub async fn search_operations(
    conn: &mut PgConnection,
    s: &OperationSearch,
) -> Result<(Vec<OperationRow>, i64), sqlx::Error> {
    let rows = sqlx::query!(
        r#"select r.id, r.operation, r.quota_id, r.quota_kind, r.coupon_id, r.customer_id,
                  c.account_name as "account_name?", r.amount, r.success, r.reason, r.remark,
                  r.actor_name, r.at as "at: DateTime<Utc>", count(*) over () as "total!"
             from coupon_records r left join customers c on c.id = r.customer_id
            where r.partner_id = $1
              and ($2::text[] is null or r.operation = any($2))
              and ($3::uuid is null or r.customer_id = $3)
              and ($4::uuid[] is null or r.coupon_id = any($4))
              and ($5::uuid is null or r.quota_id = $5)
              and ($6::text is null or r.quota_kind = $6)
              and ($7::bool is null or r.success = $7)
              and ($8::timestamptz is null or r.at >= $8)
              and ($9::timestamptz is null or r.at < $9)
              and ($10::uuid is null or exists (
                    select 1 from associations a
                     where a.customer_id = r.customer_id and a.partner_id = $1
                       and a.ended_at is null and a.manager_member_id = $10))
            order by r.at desc, r.id desc
            limit $11 offset $12"#,
        s.partner,
        s.operations.as_deref(),
        s.customer,
        s.coupons.as_deref(),
        s.quota,
        s.quota_kind,
        s.success,
        s.from as _,
        s.until as _,
        s.assigned_to,
        s.limit,
        s.offset
    )
    .fetch_all(conn)
    .await?;
    let total = rows.first().map_or(0, |r| r.total);
    let rows = rows
        .into_iter()
        .map(|r| OperationRow {
            id: r.id,
            operation: r.operation,
            quota_id: r.quota_id.to_string(),
            quota_kind: CouponKind::from_code(&r.quota_kind).unwrap_or(CouponKind::Voucher),
            coupon_id: r.coupon_id.map(|c| c.to_string()),
            customer_id: r.customer_id.map(|c| c.to_string()),
            customer_account: r.account_name,
            amount: r.amount,
            success: r.success,
            reason: r.reason,
            remark: r.remark,
            actor_name: r.actor_name,
            at: r.at,
        })
        .collect();
    Ok((rows, total))
}

/// A search of quota records; `None` filters nothing.
pub struct QuotaRecordSearch<'a> {
    /// The holder of the quotas whose records these are.
    pub partner: Uuid,
    pub quota: Option<Uuid>,
    /// The other quota of a grant to a reseller or a reclaim (the reseller's, or its parent).
    pub other_quota: Option<Uuid>,
    pub reseller: Option<Uuid>,
    pub kinds: &'a [&'a str],
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    /// A customer manager: only records about customers assigned to it, or about no customer
    /// and no reseller (the grant that made the quota).
    pub assigned_to: Option<Uuid>,
    pub limit: i64,
    pub offset: i64,
}

/// Quota records, newest first (a quota's page, and the API's records of grants to resellers).
pub async fn quota_records(
    conn: &mut PgConnection,
    s: &QuotaRecordSearch<'_>,
) -> Result<(Vec<QuotaRecordRow>, i64), sqlx::Error> {
    let rows = sqlx::query!(
        r#"select r.id, r.quota_id, r.kind, r.amount, r.balance_after, r.coupon_id,
                  r.other_quota_id, r.reseller_id, r.remark, r.actor_name,
                  r.at as "at: DateTime<Utc>",
                  c.account_name as "customer_account?", p.account_name as "reseller_account?",
                  p.display_name as "reseller_name?",
                  count(*) over () as "total!"
             from quota_records r
             left join customers c on c.id = r.customer_id
             left join partners p on p.id = r.reseller_id
            where r.partner_id = $1 and ($2::uuid is null or r.quota_id = $2)
              and ($3::uuid is null or r.other_quota_id = $3)
              and ($4::uuid is null or r.reseller_id = $4)
              and r.kind = any($5)
              and ($6::timestamptz is null or r.at >= $6)
              and ($7::timestamptz is null or r.at < $7)
              and ($10::uuid is null or (r.reseller_id is null and (r.customer_id is null or exists (
                    select 1 from associations a
                     where a.customer_id = r.customer_id and a.partner_id = r.partner_id
                       and a.ended_at is null and a.manager_member_id = $10))))
            order by r.at desc, r.id desc
            limit $8 offset $9"#,
        s.partner,
        s.quota,
        s.other_quota,
        s.reseller,
        s.kinds as &[&str],
        s.from as _,
        s.until as _,
        s.limit,
        s.offset,
        s.assigned_to
    )
    .fetch_all(conn)
    .await?;
    let total = rows.first().map_or(0, |r| r.total);
    let rows = rows
        .into_iter()
        .map(|r| {
            let inward = matches!(
                r.kind.as_str(),
                "grant" | "recall" | "expiry_return" | "reseller_reclaim"
            );
            QuotaRecordRow {
                id: r.id,
                quota_id: r.quota_id.to_string(),
                change: if inward { r.amount } else { -r.amount },
                kind: r.kind,
                balance_after: r.balance_after,
                coupon_id: r.coupon_id.map(|c| c.to_string()),
                customer_account: r.customer_account,
                reseller_account: r.reseller_account,
                reseller_id: r.reseller_id.map(|id| id.to_string()),
                reseller_name: r.reseller_name,
                other_quota_id: r.other_quota_id.map(|q| q.to_string()),
                remark: r.remark,
                actor_name: r.actor_name,
                at: r.at,
            }
        })
        .collect();
    Ok((rows, total))
}
