//! The expiry job: coupons past their end become expired, and an expired cash coupon's balance
//! returns to its quota (a voucher's is forfeited). Safe with several servers: each batch locks
//! its coupons with `SKIP LOCKED`, so two servers never take the same coupon, and a coupon
//! already expired is no longer selected, so running again changes nothing.

use super::service::end_and_return;
use super::store;
use super::{CouponKind, CouponStatus};
use crate::audit::service::{record_many, AuditActor};
use crate::audit::AuditAction;
use crate::core::error::AppError;
use crate::core::viewer::ActorKind;
use crate::server::AppState;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::PgPool;
use std::time::Duration;
use uuid::Uuid;

/// Coupons ended per transaction.
pub const BATCH: i64 = 200;
/// How often a server looks for coupons past their end.
pub const EVERY: Duration = Duration::from_secs(30);

fn system() -> AuditActor {
    AuditActor {
        kind: ActorKind::System,
        id: None,
        name: "system".into(),
        partner_id: None,
    }
}

/// Expires every usable coupon whose end is at or before `now`; returns how many.
pub async fn expire_due(pool: &PgPool, now: DateTime<Utc>) -> Result<usize, AppError> {
    let who = system();
    let mut total = 0;
    loop {
        let mut tx = pool.begin().await?;
        let due = store::lock_due(&mut tx, now, BATCH).await?;
        if due.is_empty() {
            tx.rollback().await?;
            break;
        }
        let returned = |c: &store::HeldCoupon| match c.kind() {
            CouponKind::Cash => c.balance,
            CouponKind::Voucher => Decimal::ZERO,
        };
        end_and_return(
            &mut tx,
            &due,
            CouponStatus::Expired,
            "expiry",
            returned,
            &who.name,
            now,
        )
        .await?;
        // One audit record per coupon, in its issuer's log.
        let mut partners: Vec<Uuid> = due.iter().map(|c| c.partner_id).collect();
        partners.sort();
        partners.dedup();
        for partner in partners {
            let items: Vec<(String, Option<Uuid>)> = due
                .iter()
                .filter(|c| c.partner_id == partner)
                .map(|c| {
                    (
                        format!("{} {} {}", c.customer_account, c.balance, c.id),
                        Some(c.customer_id),
                    )
                })
                .collect();
            record_many(
                &mut tx,
                &who,
                None,
                AuditAction::CouponExpire,
                Some(partner),
                &items,
            )
            .await?;
        }
        tx.commit().await?;
        total += due.len();
        if (due.len() as i64) < BATCH {
            break;
        }
    }
    Ok(total)
}

/// Runs the job on this server for as long as it serves; also forgets old write tokens.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EVERY);
        loop {
            tick.tick().await;
            let now = state.clock.now();
            match expire_due(&state.pool, now).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(expired = n, "coupons expired"),
                Err(e) => tracing::warn!(error = ?e, "coupon expiry failed; retrying later"),
            }
            if let Ok(mut conn) = state.pool.acquire().await {
                if let Err(e) = crate::server::once::forget_old(&mut conn, now).await {
                    tracing::warn!(error = %e, "old write tokens not forgotten");
                }
            }
        }
    })
}
