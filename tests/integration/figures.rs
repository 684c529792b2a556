//! The partner-wide summaries are cached per server under the data's version, which every load
//! that adds records moves on in its own transaction: a summary never lags a committed load,
//! whether read by the summary page or the dashboard, and a load that adds nothing (records
//! loaded before) keeps the cache.

use crate::consumption::{put, rec, summary};
use crate::harness::*;
use chrono::Duration;
use partner_centre::consumption::{ConsumptionDashboard, Dashboard};
use partner_centre::core::time::{BillingCycle, Day};
use sqlx::PgPool;

async fn version(pool: &PgPool) -> i64 {
    sqlx::query_scalar("select version from consumption_version")
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test]
async fn a_cached_summary_never_lags_a_committed_load(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let c = customer(&pool, "buyer").await;
    associate(&pool, c, p, "resale", None).await;
    sqlx::query("update associations set associated_at = associated_at - interval '30 days'")
        .execute(&pool)
        .await
        .unwrap();
    let at = app.clock.now() - Duration::hours(1);
    let cycle = BillingCycle::of(Day::of(at)).to_string();
    let fields = [
        ("filter[from]", cycle.as_str()),
        ("filter[to]", cycle.as_str()),
    ];
    let mut client = app.client();
    client.sign_in_partner("acme").await;
    let records = |page: &partner_centre::consumption::SummaryPage| page.totals.records;
    let dashboard = async |client: &mut Client<'_>| {
        let res = client.call::<ConsumptionDashboard>(&fields).await;
        serde_json::from_str::<Dashboard>(&res.body)
            .unwrap()
            .totals
            .records
    };

    put(&app, vec![rec("r1", c, at, "10.00")]).await;
    let v1 = version(&pool).await;
    let first = summary(&mut client, &fields).await.unwrap();
    assert_eq!(records(&first), 1);
    assert_eq!(dashboard(&mut client).await, 1);
    // Read again at the same version: the same figures (from the cache).
    assert_eq!(summary(&mut client, &fields).await.unwrap(), first);

    // A load commits: the very next read shows it, on the page and on the dashboard.
    put(&app, vec![rec("r2", c, at, "5.00")]).await;
    assert_eq!(version(&pool).await, v1 + 1);
    assert_eq!(records(&summary(&mut client, &fields).await.unwrap()), 2);
    assert_eq!(dashboard(&mut client).await, 2);

    // Records loaded before add nothing and keep the version.
    assert_eq!(put(&app, vec![rec("r2", c, at, "5.00")]).await, 0);
    assert_eq!(version(&pool).await, v1 + 1);

    // Concurrent loads: each that adds records moves the version once, and the figures end
    // equal to the records.
    let loads = (0..8).map(|i| {
        let app = &app;
        async move { put(app, vec![rec(&format!("c{i}"), c, at, "1.00")]).await }
    });
    assert_eq!(
        futures_util::future::join_all(loads)
            .await
            .iter()
            .sum::<u64>(),
        8
    );
    assert_eq!(version(&pool).await, v1 + 9);
    let page = summary(&mut client, &fields).await.unwrap();
    assert_eq!(records(&page), 10);
    assert_eq!(page.totals.list.to_string(), "23.00");
}
