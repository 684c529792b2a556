//! Money under concurrency: hundreds of allocations, reclaims, issues and recalls at one partner
//! at once, through the portal's server functions and the signed API alike. Afterwards every
//! invariant holds, and what succeeded is exactly what the balances allowed.

use crate::harness::*;
use crate::ledger::*;
use axum::http::StatusCode;
use futures::future::join_all;
use partner_centre::core::error::{AppError, Rule};
use partner_centre::coupons::{IssueBatch, IssueCoupons, RecallCoupon};
use partner_centre::funds::MoveCustomerFunds;
use rust_decimal::Decimal;
use sqlx::PgPool;

const CUSTOMERS: usize = 12;
const OPERATIONS: usize = 240;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Allocate,
    Reclaim,
    Issue,
    Recall,
}

#[sqlx::test]
async fn hundreds_of_concurrent_operations_conserve_every_cent(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "busy", "solution_provider", None).await;
    let mut customers = vec![];
    for i in 0..CUSTOMERS {
        let c = customer(&pool, &format!("c-{i:02}")).await;
        associate(&pool, c, p, "resale", None).await;
        customers.push(c);
    }
    // Less money and quota than the operations ask for, so that refusals happen too.
    top_up(&app, &pool, p, "5000").await;
    let quota = grant_quota(&app, &pool, p, "cash", "3000").await;
    let mut first = app.client();
    first.sign_in_partner("busy").await;
    // Coupons to recall during the run.
    let mut form = vec![
        ("form[quota]".to_string(), quota.to_string()),
        ("form[face_value]".to_string(), "25".to_string()),
    ];
    form.extend(
        customers
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("form[customers][{i}]"), c.to_string())),
    );
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let seeded: IssueBatch =
        serde_json::from_str(&first.call::<IssueCoupons>(&fields).await.body).unwrap();
    let coupons: Vec<String> = seeded
        .lines
        .iter()
        .filter_map(|l| l.made_id.clone())
        .collect();
    assert_eq!(coupons.len(), CUSTOMERS);
    let session = first.session.clone();
    let (ak, sk) = access_key(&app, p, None).await;

    let ops: Vec<(Op, usize)> = (0..OPERATIONS)
        .map(|i| {
            let op = [
                Op::Allocate,
                Op::Allocate,
                Op::Reclaim,
                Op::Issue,
                Op::Recall,
            ][i % 5];
            (op, (i * 7) % CUSTOMERS)
        })
        .collect();
    let runs = ops.iter().enumerate().map(|(i, (op, who))| {
        let app = &app;
        let session = session.clone();
        let customer = customers[*who].to_string();
        let coupon = coupons[*who].clone();
        let (ak, sk) = (ak.clone(), sk.clone());
        async move {
            let mut c = app.client();
            c.session = session;
            let res = match op {
                // Every third movement goes through the signed API instead of the portal.
                Op::Allocate | Op::Reclaim if i % 3 == 0 => {
                    let path = if *op == Op::Allocate {
                        "/v2/accounts/partner-accounts/adjust-amount"
                    } else {
                        "/v2/accounts/partner-accounts/reclaim"
                    };
                    let body = format!(r#"{{"customer_id": "{customer}", "amount": 40}}"#);
                    c.send(signed_api_request(&ak, &sk, path, &body, app.clock.now()))
                        .await
                }
                Op::Allocate => {
                    c.call::<MoveCustomerFunds>(&[
                        ("direction", "allocate"),
                        ("customer", &customer),
                        ("amount", "40"),
                    ])
                    .await
                }
                Op::Reclaim => {
                    c.call::<MoveCustomerFunds>(&[
                        ("direction", "reclaim"),
                        ("customer", &customer),
                        ("amount", "40"),
                    ])
                    .await
                }
                Op::Issue => {
                    let q = quota.to_string();
                    c.call::<IssueCoupons>(&[
                        ("form[quota]", &q),
                        ("form[face_value]", "25"),
                        ("form[customers][0]", &customer),
                    ])
                    .await
                }
                Op::Recall => c.call::<RecallCoupon>(&[("coupon", &coupon)]).await,
            };
            (*op, res)
        }
    });
    let results = join_all(runs).await;

    let mut moved = Decimal::ZERO;
    let mut issued = 0;
    for (op, res) in &results {
        assert!(
            !res.status.is_server_error(),
            "{op:?}: {} {}",
            res.status,
            res.body
        );
        if res.status == StatusCode::OK {
            match op {
                Op::Allocate => moved -= dec("40"),
                Op::Reclaim => moved += dec("40"),
                Op::Issue => {
                    let b: IssueBatch = serde_json::from_str(&res.body).unwrap();
                    issued += b.lines.iter().filter(|l| l.made_id.is_some()).count();
                }
                Op::Recall => {}
            }
            continue;
        }
        // A refusal is one the rules allow, never anything else.
        let api = res.body.contains("error_code");
        let allowed = if api {
            ["CBC.99007461", "CBC.99005003"]
                .iter()
                .any(|code| res.body.contains(code))
        } else {
            matches!(
                res.app_error(),
                AppError::Rule {
                    rule: Rule::Busy | Rule::InsufficientBalance | Rule::NotAllowedNow,
                    ..
                }
            )
        };
        assert!(
            allowed,
            "{op:?} refused unexpectedly: {} {}",
            res.status, res.body
        );
    }
    // The partner's balance moved by exactly what succeeded.
    assert_eq!(partner_balance(&pool, p).await, dec("5000") + moved);
    let recalled: Decimal = sqlx::query_scalar(
        "select coalesce(sum(amount), 0) from quota_records where quota_id = $1 and kind = 'recall'",
    )
    .bind(quota)
    .fetch_one(&pool)
    .await
    .unwrap();
    let issued_total = Decimal::from((CUSTOMERS + issued) as i64) * dec("25");
    assert_eq!(
        quota_balance(&pool, quota).await,
        dec("3000") - issued_total + recalled
    );
    let successes = results
        .iter()
        .filter(|(_, r)| r.status == StatusCode::OK)
        .count();
    assert!(
        successes > OPERATIONS / 4,
        "only {successes} of {OPERATIONS} succeeded"
    );
    assert_conserved(&pool).await;
}
