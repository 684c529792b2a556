//! Ending coupons early and spending them: recalling (回收) one usable coupon, recalling all of a
//! customer's on disassociation, and a payment drawing on a coupon. Whatever a recall takes back
//! returns to the coupon's own quota, with its records, in the same transaction.

use super::rules::spend;
use super::store::{self, HeldCoupon, Operations, QuotaRecords};
use super::CouponStatus;
use crate::audit::service::{commit, record_many, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::core::error::{AppError, Rule};
use crate::core::i18n::Msg;
use crate::core::money::Money;
use crate::core::permissions::Permission;
use crate::server::once::{self, Claim};
use crate::server::Call;
use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

/// The status a held coupon has now: a usable one past its end is expired, even before the
/// expiry job marks it.
pub fn status_now(c: &HeldCoupon, now: DateTime<Utc>) -> CouponStatus {
    super::rules::status_at(c.status(), c.valid_until, now)
}

/// Ends locked coupons with `status`, returning `returned` of each (its whole balance for a
/// recall, a cash coupon's balance on expiry) to its quota, and records every line. The quotas
/// are locked in id order.
pub async fn end_and_return(
    conn: &mut PgConnection,
    coupons: &[HeldCoupon],
    status: CouponStatus,
    operation: &'static str,
    returned: impl Fn(&HeldCoupon) -> rust_decimal::Decimal,
    actor_name: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if coupons.is_empty() {
        return Ok(());
    }
    let quota_ids: Vec<Uuid> = {
        let mut ids: Vec<Uuid> = coupons.iter().map(|c| c.quota_id).collect();
        ids.sort();
        ids.dedup();
        ids
    };
    let mut quotas = store::lock_quotas(conn, &quota_ids).await?;
    let mut records = QuotaRecords::default();
    let mut operations = Operations::default();
    let record_kind = if status == CouponStatus::Expired {
        "expiry_return"
    } else {
        "recall"
    };
    for c in coupons {
        let back = returned(c);
        operations.push(
            c.partner_id,
            c.quota_id,
            c.kind(),
            Some(c.id),
            Some(c.customer_id),
            c.balance,
            None,
        );
        if back > rust_decimal::Decimal::ZERO {
            let q = quotas
                .iter_mut()
                .find(|q| q.id == c.quota_id)
                .ok_or(AppError::Internal)?;
            q.balance += back;
            records
                .push(q.id, q.partner_id, record_kind, back, q.balance)
                .about_coupon(c.id, c.customer_id);
        }
    }
    let ids: Vec<Uuid> = coupons.iter().map(|c| c.id).collect();
    store::end_coupons(conn, &ids, status, now).await?;
    for q in quotas.iter().filter(|q| records.quota_id.contains(&q.id)) {
        store::set_quota(conn, q.id, q.balance, None, now).await?;
    }
    store::insert_quota_records(conn, &records, "", actor_name, now).await?;
    store::insert_operations(conn, operation, &operations, "", actor_name, now).await?;
    Ok(())
}

/// Recalls one usable coupon: its whole remaining balance returns to the quota. A used, expired
/// or recalled coupon is refused with its status.
pub async fn recall(call: &Call, coupon: &str) -> Result<(), AppError> {
    let partner = call.actor.require(Permission::SalesCouponsRecall)?;
    let id = Uuid::parse_str(coupon.trim()).map_err(|_| AppError::NotFound)?;
    let mut tx = call.begin().await?;
    if let Claim::Done(()) = once::claim(&mut tx, call, "coupon_recall", &id.to_string()).await? {
        return Ok(());
    }
    let c = store::lock_coupon(&mut tx, partner, id)
        .await?
        .ok_or(AppError::NotFound)?;
    // A customer manager recalls only coupons of customers assigned to it.
    if call.actor.assigned_to().is_some() {
        crate::scope::customer(
            &mut tx,
            &call.actor,
            Permission::SalesCouponsRecall,
            &c.customer_id.to_string(),
            crate::scope::Access::Act,
        )
        .await?;
    }
    let refusal = match status_now(&c, call.now()) {
        CouponStatus::Usable => None,
        CouponStatus::Used => Some(Msg::ErrCouponUsed),
        CouponStatus::Expired => Some(Msg::ErrCouponExpired),
        CouponStatus::Recalled => Some(Msg::ErrCouponRecalled),
    };
    if let Some(msg) = refusal {
        return Err(Rule::NotAllowedNow.refuse(msg));
    }
    let name = call.actor.name.clone();
    end_and_return(
        &mut tx,
        std::slice::from_ref(&c),
        CouponStatus::Recalled,
        "recall",
        |c| c.balance,
        &name,
        call.now(),
    )
    .await?;
    once::complete(&mut tx, call, &()).await?;
    let target = format!("{} {} {}", c.customer_account, c.balance, c.id);
    let entry = AuditEntry::success(AuditAction::CouponRecall, target).for_customer(c.customer_id);
    commit(tx, call, entry).await
}

/// On disassociation, inside its transaction: the partner's usable coupons on the customer are
/// recalled, their balances back to their quotas. Returns how many.
pub async fn recall_on_disassociation(
    conn: &mut PgConnection,
    who: &AuditActor,
    source: Option<std::net::IpAddr>,
    partner: Uuid,
    customer: Uuid,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let coupons = store::lock_usable_of(conn, partner, customer).await?;
    end_and_return(
        conn,
        &coupons,
        CouponStatus::Recalled,
        "unbind_recall",
        |c| c.balance,
        &who.name,
        now,
    )
    .await?;
    let audit: Vec<(String, Option<Uuid>)> = coupons
        .iter()
        .map(|c| {
            (
                format!("{} {} {}", c.customer_account, c.balance, c.id),
                Some(c.customer_id),
            )
        })
        .collect();
    record_many(
        conn,
        who,
        source,
        AuditAction::CouponUnbindRecall,
        Some(partner),
        &audit,
    )
    .await?;
    Ok(coupons.len())
}

/// A payment draws `amount` from a customer's usable coupon (what orders and charges call, in
/// their own transaction): refused beyond its balance or outside its validity.
pub async fn draw(
    conn: &mut PgConnection,
    coupon: Uuid,
    amount: Money,
    reference: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let c = store::lock_coupon_any(conn, coupon)
        .await?
        .ok_or(AppError::NotFound)?;
    if status_now(&c, now) != CouponStatus::Usable || c.valid_from > now {
        return Err(Rule::NotAllowedNow.refuse(Msg::ErrCouponNotUsable));
    }
    let (left, used_up) = spend(c.balance, amount)
        .ok_or_else(|| Rule::InsufficientBalance.refuse(Msg::ErrCouponBalanceShort))?;
    store::spend_coupon(conn, c.id, left, used_up, reference, amount.amount(), now).await?;
    Ok(())
}
