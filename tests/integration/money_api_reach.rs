//! Whose money a key reaches: a customer manager's, its assigned customers only; a distributor's,
//! its resellers' accounts to fund and read, never to act on their customers.

use crate::money_api::*;
use axum::http::StatusCode;
use serde_json::json;
use sqlx::PgPool;

const ADJUST: &str = "/v2/accounts/partner-accounts/adjust-amount";
const BATCH: &str = "/v2/accounts/customer-accounts/balances/batch-query";
const RESELLER_ADJUST: &str = "/v2/accounts/partner-accounts/indirect-partner-adjust";
const RESELLER_RECLAIM: &str = "/v2/accounts/partner-accounts/indirect-partner-reclaim";
const ADJUST_RECORDS: &str = "/v3/accounts/partner-accounts/adjust-records";
const CHANGES: &str = "/v2/accounts/partner-accounts/account-change-records";

#[sqlx::test]
async fn a_customer_managers_key_reaches_its_customers_only(pool: PgPool) {
    let w = World::new(pool).await;
    let own = w
        .post(
            &w.manager_key,
            ADJUST,
            json!({"customer_id": w.c1, "amount": 5}),
        )
        .await;
    assert_eq!(own.0, StatusCode::OK, "{}", own.1);
    let past = w
        .post(
            &w.manager_key,
            ADJUST,
            json!({"customer_id": w.c2, "amount": 5}),
        )
        .await;
    assert_eq!(refusal(&past).0, 404);
    w.post(
        &w.dist_key,
        ADJUST,
        json!({"customer_id": w.c2, "amount": 7}),
    )
    .await;
    let asked = json!({"customer_infos": [{"customer_id": w.c1}, {"customer_id": w.c2}]});
    let seen = w.post(&w.manager_key, BATCH, asked).await;
    assert_eq!(seen.1["customer_balances"].as_array().unwrap().len(), 1);
    let records = w.get(&w.manager_key, ADJUST_RECORDS).await;
    assert_eq!(records.1["total_count"], 1, "{}", records.1);
    assert_eq!(records.1["records"][0]["customer_id"], w.c1.to_string());
    // The partner's own account and its resellers are beyond a customer manager.
    let changes = w
        .get(
            &w.manager_key,
            &format!("{CHANGES}?balance_type=BALANCE_TYPE_DEBIT"),
        )
        .await;
    assert_eq!(refusal(&changes).1, "CBC.0151");
    let reseller = w
        .get(
            &w.manager_key,
            &format!("{BALANCES}?indirect_partner_id={}", w.reseller),
        )
        .await;
    assert_eq!(refusal(&reseller).1, "CBC.0151");
    let fund_reseller = w
        .post(
            &w.manager_key,
            RESELLER_ADJUST,
            json!({"indirect_partner_id": w.reseller, "amount": 1}),
        )
        .await;
    assert_eq!(refusal(&fund_reseller).1, "CBC.0151");
}

#[sqlx::test]
async fn a_distributor_funds_its_resellers_and_reads_but_never_moves_their_money(pool: PgPool) {
    let w = World::new(pool).await;
    let funded = w
        .post(
            &w.dist_key,
            RESELLER_ADJUST,
            json!({"indirect_partner_id": w.reseller, "amount": 500}),
        )
        .await;
    assert_eq!(funded.0, StatusCode::OK, "{}", funded.1);
    assert!(funded.1["transfer_id"].is_string());
    let back = w
        .post(
            &w.dist_key,
            RESELLER_RECLAIM,
            json!({"indirect_partner_id": w.reseller, "amount": 200}),
        )
        .await;
    assert!(back.1["trans_id"].is_string(), "{}", back.1);
    assert_eq!(w.balance(&w.dist_key, None).await, yuan("9700"));
    assert_eq!(w.balance(&w.dist_key, Some(w.reseller)).await, yuan("300"));
    assert_eq!(w.balance(&w.reseller_key, None).await, yuan("300"));
    let too_much = w
        .post(
            &w.dist_key,
            RESELLER_RECLAIM,
            json!({"indirect_partner_id": w.reseller, "amount": 300.01}),
        )
        .await;
    assert_eq!(refusal(&too_much).1, "CBC.99005003");
    // Not its reseller: nothing moves, nothing is read.
    let foreign = w
        .post(
            &w.dist_key,
            RESELLER_ADJUST,
            json!({"indirect_partner_id": w.other, "amount": 1}),
        )
        .await;
    assert_eq!(refusal(&foreign).0, 404);
    let peek = w
        .get(
            &w.other_key,
            &format!("{BALANCES}?indirect_partner_id={}", w.reseller),
        )
        .await;
    assert_eq!(refusal(&peek).1, "CBC.0151");

    // The reseller funds its own customer; its distributor reads that, and may not do it.
    let own = w.post(&w.reseller_key, ADJUST, json!({"customer_id": w.reseller_customer, "amount": 100, "indirect_partner_id": w.reseller})).await;
    assert_eq!(own.0, StatusCode::OK, "{}", own.1);
    let for_it = w.post(&w.dist_key, ADJUST, json!({"customer_id": w.reseller_customer, "amount": 1, "indirect_partner_id": w.reseller})).await;
    assert_eq!(refusal(&for_it).1, "CBC.0151");
    let read = w
        .get(
            &w.dist_key,
            &format!("{ADJUST_RECORDS}?indirect_partner_id={}", w.reseller),
        )
        .await;
    assert_eq!(
        read.1["total_count"], 3,
        "its customer and its distributor's two movements: {}",
        read.1
    );
    let asked = json!({"customer_infos": [{"customer_id": w.reseller_customer}], "indirect_partner_id": w.reseller});
    let balances = w.post(&w.dist_key, BATCH, asked).await;
    assert_eq!(
        dec(&balances.1["customer_balances"][0]["amount"]),
        yuan("100")
    );
    let without = w
        .post(
            &w.dist_key,
            BATCH,
            json!({"customer_infos": [{"customer_id": w.reseller_customer}]}),
        )
        .await;
    assert_eq!(without.1["customer_balances"], json!([]));
    let changes = w
        .get(
            &w.dist_key,
            &format!(
                "{CHANGES}?balance_type=BALANCE_TYPE_DEBIT&indirect_partner_id={}",
                w.reseller
            ),
        )
        .await;
    assert_eq!(changes.1["total_count"], 3, "{}", changes.1);
}
