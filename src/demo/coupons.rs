//! The demo's coupons, issued by the coupon member through the same services users call: a
//! spring campaign (expired since), vouchers and cash coupons in use, a reseller's own, some
//! spent on orders, two recalled.

use super::money::Cast;
use super::money::{issue, m, step, Customer, Demo};
use super::DemoError;
use crate::core::viewer::ActorKind;
use crate::server::Call;
use chrono::Duration;
use uuid::Uuid;

/// The quotas the coupons are issued from.
pub struct Quotas {
    pub spring: Uuid,
    pub voucher: Uuid,
    pub cash: Uuid,
    /// The quota the distributor granted jiangsu-reseller.
    pub jiangsu: Option<Uuid>,
}

/// Issues, uses and recalls the demo's coupons on the `funded` customers (and the reseller's).
pub async fn issue_and_use(
    demo: &Demo,
    cast: &Cast<'_>,
    quotas: &Quotas,
    funded: &[&Customer],
    (jiangsu, jiangsu_resale): (&Call, &[&Customer]),
) -> Result<(), DemoError> {
    // Coupons: a spring campaign (expired since), then vouchers and cash coupons now in use.
    let coupons = demo
        .call(ActorKind::Member, cast.members["sun.coupons"])
        .await?;
    let pick = |from: usize, n: usize| -> Vec<&Customer> {
        funded.iter().copied().skip(from).take(n).collect()
    };
    step(
        "spring coupons",
        crate::coupons::issue::apply(&coupons, &issue(quotas.spring, 300, &pick(0, 4))).await,
    )?;
    demo.clock.advance(Duration::days(20));
    let vouchers = step(
        "vouchers",
        crate::coupons::issue::apply(&coupons, &issue(quotas.voucher, 500, &pick(2, 8))).await,
    )?;
    let cash = step(
        "cash coupons",
        crate::coupons::issue::apply(&coupons, &issue(quotas.cash, 200, &pick(4, 6))).await,
    )?;
    if let Some(q) = quotas.jiangsu {
        let list: Vec<&Customer> = jiangsu_resale.iter().copied().take(3).collect();
        step(
            "reseller coupons",
            crate::coupons::issue::apply(jiangsu, &issue(q, 100, &list)).await,
        )?;
    }
    let made = |batch: &crate::coupons::IssueBatch| -> Vec<Uuid> {
        batch
            .lines
            .iter()
            .filter_map(|l| l.made_id.as_deref())
            .filter_map(|id| Uuid::parse_str(id).ok())
            .collect()
    };
    let (vouchers, cash) = (made(&vouchers), made(&cash));
    demo.clock.advance(Duration::days(15));
    {
        // Two vouchers paid whole orders; a cash coupon paid part of one.
        let mut tx = demo.state.pool.begin().await?;
        for id in vouchers.iter().take(2) {
            step(
                "use voucher",
                crate::coupons::service::draw(&mut tx, *id, m(500), "order demo-0001", demo.now())
                    .await,
            )?;
        }
        if let Some(id) = cash.first() {
            step(
                "use cash coupon",
                crate::coupons::service::draw(&mut tx, *id, m(80), "order demo-0002", demo.now())
                    .await,
            )?;
        }
        tx.commit().await?;
    }
    for id in vouchers.iter().skip(6).take(2) {
        step(
            "recall",
            crate::coupons::service::recall(&coupons, &id.to_string()).await,
        )?;
    }
    Ok(())
}
