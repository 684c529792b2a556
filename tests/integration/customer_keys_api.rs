//! A customer's own access key through the API: it lists exactly the customer's coupons, as the
//! partner side lists them, names only its own account in `X-Domain-Id`, and reaches no partner
//! operation at all (each refused with 403 `CBC.0151`, nothing changed, while the same request
//! with the partner's key succeeds).

use crate::harness::*;
use crate::money_api::*;
use axum::http::StatusCode;
use partner_centre::core::money::Money;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use sqlx::PgPool;
use uuid::Uuid;

const MINE: &str = "/v2/promotions/benefits/coupons";
const RECALL: &str = "/v2/promotions/benefits/partner-coupons/reclaim";

/// Coupons as a list answers them: (id, status, type, face value, balance), by id.
fn coupons(list: &Value) -> Vec<(String, i64, i64, Decimal, Decimal)> {
    let mut found: Vec<_> = list["user_coupons"]
        .as_array()
        .unwrap_or_else(|| panic!("not a coupon list: {list}"))
        .iter()
        .map(|c| {
            (
                c["coupon_id"].as_str().unwrap().to_string(),
                c["status"].as_i64().unwrap(),
                c["coupon_type"].as_i64().unwrap(),
                dec(&c["face_value"]),
                dec(&c["balance"]),
            )
        })
        .collect();
    found.sort();
    found
}

/// The distributor issues `face` from `quota` to `customers`; the new coupons' ids.
async fn issue(w: &World, quota: Uuid, face: u32, customers: &[Uuid]) -> Vec<String> {
    let body = json!({"quota_id": quota, "customer_ids": customers, "face_value": face});
    let (status, made) = w.post(&w.dist_key, COUPONS, body).await;
    assert_eq!(status, StatusCode::OK, "{made}");
    ids(&made["coupon_infos"], "coupon_id")
}

#[sqlx::test]
async fn a_customer_key_lists_exactly_its_own_coupons_as_the_partner_does(pool: PgPool) {
    let w = World::new(pool).await;
    let voucher = issue(&w, w.voucher_quota, 100, &[w.c1, w.c2]).await;
    let cash = issue(&w, w.cash_quota, 25, &[w.c1]).await;
    issue(&w, w.cash_quota, 40, &[w.c1]).await;
    // One of c1's coupons is part spent, another recalled.
    let mut tx = w.app.state.pool.begin().await.unwrap();
    let spent = Uuid::parse_str(&cash[0]).unwrap();
    let ten = Money::parse("10").unwrap();
    partner_centre::coupons::service::draw(&mut tx, spent, ten, "order-1", w.app.clock.now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let recalled = w
        .post(&w.dist_key, RECALL, json!({"coupon_id": voucher[0]}))
        .await;
    assert_eq!(recalled.0, StatusCode::NO_CONTENT, "{}", recalled.1);
    let (c1_key, c2_key) = (
        customer_key(&w.app, w.c1).await,
        customer_key(&w.app, w.c2).await,
    );

    let (status, mine) = w.get(&c1_key, MINE).await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    let partner_side = w
        .get(
            &w.dist_key,
            &format!("{COUPONS}?customer_id={}&limit=100", w.c1),
        )
        .await;
    assert_eq!(mine["count"], 3);
    assert_eq!(coupons(&mine), coupons(&partner_side.1));
    // Recalled (its balance back to the quota), part spent, whole.
    let states: Vec<(i64, Decimal)> = coupons(&mine).into_iter().map(|c| (c.1, c.4)).collect();
    for expected in [(5, yuan("0")), (2, yuan("15")), (2, yuan("40"))] {
        assert!(states.contains(&expected), "{expected:?} in {states:?}");
    }
    assert!(mine["user_coupons"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["customer_id"] == w.c1.to_string() && c["source_id"] == w.dist.to_string()));

    let (_, theirs) = w.get(&c2_key, MINE).await;
    assert_eq!(
        ids(&theirs["user_coupons"], "coupon_id"),
        vec![voucher[1].clone()]
    );
    for (query, count) in [
        ("status=5".to_string(), 1),
        ("coupon_type=4".into(), 2),
        (format!("source_id={}", w.other), 0),
        (format!("coupon_id={}", voucher[1]), 0),
    ] {
        let (status, found) = w.get(&c1_key, &format!("{MINE}?{query}")).await;
        assert_eq!(
            (status, found["count"].as_i64()),
            (StatusCode::OK, Some(count)),
            "{query}: {found}"
        );
    }

    // X-Domain-Id, when signed, names the customer itself: its partner or another customer is
    // not it.
    for (domain, expected) in [
        (w.c1, StatusCode::OK),
        (w.dist, StatusCode::UNAUTHORIZED),
        (w.c2, StatusCode::UNAUTHORIZED),
    ] {
        let named = domain.to_string();
        let extra = [("x-domain-id", named.as_str())];
        let answer = w.send(&c1_key, ("GET", MINE), "", &extra).await;
        assert_eq!(answer.0, expected, "X-Domain-Id {domain}: {}", answer.1);
        if expected == StatusCode::UNAUTHORIZED {
            assert_eq!(refusal(&answer).1, "CBC.0105");
        }
    }
}

/// Every partner operation of the API, with a request the distributor's key is served.
fn partner_operations(w: &World, coupon: &str) -> Vec<(&'static str, String, Value)> {
    let get = |path: &str| ("GET", path.to_string(), Value::Null);
    let post = |path: &str, body: Value| ("POST", path.to_string(), body);
    let (c1, reseller) = (w.c1, w.reseller);
    vec![
        post("/v2/partners/sub-customers/query", json!({"limit": 10})),
        post(
            "/v2/partners/sub-customers",
            json!({"domain_name": "made-by-key"}),
        ),
        post("/v2/partners/indirect-partners/query", json!({})),
        get(BALANCES),
        post(
            "/v2/accounts/partner-accounts/adjust-amount",
            json!({"customer_id": c1, "amount": 5}),
        ),
        post(
            "/v2/accounts/partner-accounts/reclaim",
            json!({"customer_id": c1, "amount": 1}),
        ),
        post(
            "/v2/accounts/customer-accounts/balances/batch-query",
            json!({"customer_infos": [{"customer_id": c1}]}),
        ),
        post(
            "/v2/accounts/partner-accounts/indirect-partner-adjust",
            json!({"indirect_partner_id": reseller, "amount": 10}),
        ),
        post(
            "/v2/accounts/partner-accounts/indirect-partner-reclaim",
            json!({"indirect_partner_id": reseller, "amount": 1}),
        ),
        get("/v3/accounts/partner-accounts/adjust-records"),
        get("/v2/accounts/partner-accounts/account-change-records?balance_type=BALANCE_TYPE_DEBIT"),
        post(QUOTAS, json!({})),
        post(
            "/v2/partners/coupon-quotas/indirect-partner-adjust",
            json!({"quota_id": w.voucher_quota, "indirect_partner_ids": [reseller], "quota_amount": 10}),
        ),
        post(
            "/v2/partners/coupon-quotas/indirect-partner-reclaim",
            json!({"quota_ids": [Uuid::new_v4()]}),
        ),
        get("/v2/partners/issued-coupon-quotas"),
        get("/v2/partners/coupon-quotas/records"),
        post(
            COUPONS,
            json!({"quota_id": w.cash_quota, "customer_ids": [c1], "face_value": 5}),
        ),
        get(COUPONS),
        post(RECALL, json!({"coupon_id": coupon})),
        get("/v2/promotions/benefits/partner-coupons/records/query"),
        post(
            "/v2/bills/subcustomer-bills/res-fee-records/sub-customers/query",
            json!({"bill_cycle": "2026-01"}),
        ),
        get("/v2/bills/subcustomer-bills/res-fee-records?bill_cycle=2026-01"),
        get("/v2/bills/partner-bills/subcustomer-bills/monthly-sum?cycle=2026-01"),
    ]
}

async fn audit_total(w: &World) -> i64 {
    sqlx::query_scalar("select count(*) from audit_log")
        .fetch_one(&w.app.state.pool)
        .await
        .unwrap()
}

#[sqlx::test]
async fn a_customer_key_reaches_no_partner_operation(pool: PgPool) {
    let w = World::new(pool).await;
    let held = issue(&w, w.voucher_quota, 30, &[w.c1]).await;
    let key = customer_key(&w.app, w.c1).await;
    let operations = partner_operations(&w, &held[0]);
    let documented = <partner_centre::api::ApiDoc as utoipa::OpenApi>::openapi()
        .paths
        .paths
        .values()
        .map(|item| {
            [&item.get, &item.post]
                .into_iter()
                .filter(|op| op.is_some())
                .count()
        })
        .sum::<usize>();
    assert_eq!(
        operations.len() + 1,
        documented,
        "every operation but list_sub_customer_coupons is a partner's"
    );
    for (method, path, body) in &operations {
        let body = if body.is_null() {
            String::new()
        } else {
            body.to_string()
        };
        let before = audit_total(&w).await;
        let refused = w.send(&key, (method, path), &body, &[]).await;
        assert_eq!(
            (refusal(&refused).0, refusal(&refused).1),
            (403, "CBC.0151"),
            "{method} {path}: {}",
            refused.1
        );
        assert_eq!(
            audit_total(&w).await,
            before,
            "{method} {path} changed something"
        );
        // The same request is one the partner's own key is served.
        let served = w.send(&w.dist_key, (method, path), &body, &[]).await;
        assert!(
            served.0.is_success(),
            "{method} {path} as the partner: {} {}",
            served.0,
            served.1
        );
    }
    // The recall the customer tried did not happen before the partner's.
    let (_, listed) = w
        .get(&w.dist_key, &format!("{COUPONS}?coupon_id={}", held[0]))
        .await;
    assert_eq!(listed["user_coupons"][0]["status"], 5);
}
