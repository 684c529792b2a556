//! Funds through the API: balances, allocating and reclaiming (exact amounts, every refusal,
//! retries), customers' balances and the records.

use crate::money_api::*;
use axum::http::StatusCode;
use serde_json::json;
use sqlx::PgPool;

const ADJUST: &str = "/v2/accounts/partner-accounts/adjust-amount";
const RECLAIM: &str = "/v2/accounts/partner-accounts/reclaim";
const BATCH: &str = "/v2/accounts/customer-accounts/balances/batch-query";
const ADJUST_RECORDS: &str = "/v3/accounts/partner-accounts/adjust-records";
const CHANGES: &str = "/v2/accounts/partner-accounts/account-change-records";

#[sqlx::test]
async fn allocations_and_reclaims_move_exactly_the_amount_and_are_recorded(pool: PgPool) {
    let w = World::new(pool).await;
    assert_eq!(w.balance(&w.dist_key, None).await, yuan("10000"));
    let raw = w.raw(&w.dist_key, BALANCES).await;
    assert!(
        raw.contains(r#""amount":10000.00"#),
        "amounts are exact numbers: {raw}"
    );

    let allocated = w
        .post(
            &w.dist_key,
            ADJUST,
            json!({"customer_id": w.c1, "amount": 100.50}),
        )
        .await;
    assert_eq!(allocated.0, StatusCode::OK, "{}", allocated.1);
    let transfer_id = allocated.1["transfer_id"].as_str().unwrap().to_string();
    assert_eq!(w.balance(&w.dist_key, None).await, yuan("9899.50"));
    let reclaimed = w
        .post(
            &w.dist_key,
            RECLAIM,
            json!({"customer_id": w.c1, "amount": 0.5}),
        )
        .await;
    assert_eq!(reclaimed.0, StatusCode::OK, "{}", reclaimed.1);
    let trans_id = reclaimed.1["trans_id"].as_str().unwrap().to_string();
    assert!(
        reclaimed.1.get("transfer_id").is_none(),
        "Huawei names it trans_id here"
    );
    assert_eq!(w.balance(&w.dist_key, None).await, yuan("9900.00"));

    // Balances of the distributor's resale customers only, in the order asked.
    let asked = json!({"customer_infos": [
        {"customer_id": w.c2}, {"customer_id": w.c1}, {"customer_id": w.consulting},
        {"customer_id": w.other_customer}, {"customer_id": "not-an-id"}, {"customer_id": w.c1}]});
    let (status, balances) = w.post(&w.dist_key, BATCH, asked).await;
    assert_eq!(status, StatusCode::OK, "{balances}");
    let listed = balances["customer_balances"].as_array().unwrap();
    assert_eq!(listed.len(), 2, "{balances}");
    assert_eq!(listed[0]["customer_id"], w.c2.to_string());
    assert_eq!(dec(&listed[0]["amount"]), yuan("0"));
    assert_eq!(listed[1]["customer_id"], w.c1.to_string());
    assert_eq!(dec(&listed[1]["amount"]), yuan("100.00"));
    assert_eq!(dec(&listed[1]["debt_amount"]), yuan("0"));
    assert_eq!(
        (
            listed[1]["currency"].as_str(),
            listed[1]["measure_id"].as_i64()
        ),
        (Some("CNY"), Some(1))
    );

    // Adjustment records, on /v3, with each filter.
    let (status, records) = w.get(&w.dist_key, ADJUST_RECORDS).await;
    assert_eq!(status, StatusCode::OK, "{records}");
    assert_eq!(records["total_count"], 2);
    let newest = &records["records"][0];
    assert_eq!(newest["operation_type"], "SOURCE_OPERATION_BERETRIEVE");
    assert_eq!(
        (newest["amount"].as_str(), newest["trans_id"].as_str()),
        (Some("0.50"), Some(trans_id.as_str()))
    );
    assert_eq!(newest["customer_id"], w.c1.to_string());
    assert_eq!(newest["customer_name"], "c1");
    let by_type = w
        .get(
            &w.dist_key,
            &format!("{ADJUST_RECORDS}?operation_type=SOURCE_OPERATION_BEADJUST"),
        )
        .await;
    assert_eq!(by_type.1["total_count"], 1);
    assert_eq!(by_type.1["records"][0]["trans_id"], transfer_id.as_str());
    let by_trans = w
        .get(
            &w.dist_key,
            &format!("{ADJUST_RECORDS}?trans_id={transfer_id}"),
        )
        .await;
    assert_eq!(by_trans.1["total_count"], 1);
    let by_customer = w
        .get(
            &w.dist_key,
            &format!("{ADJUST_RECORDS}?customer_id={}", w.c2),
        )
        .await;
    assert_eq!(by_customer.1["total_count"], 0);
    let paged = w
        .get(&w.dist_key, &format!("{ADJUST_RECORDS}?offset=1&limit=1"))
        .await;
    assert_eq!(
        (
            paged.1["total_count"].as_i64(),
            paged.1["records"][0]["trans_id"].as_str()
        ),
        (Some(2), Some(transfer_id.as_str()))
    );
    let later = (w.app.clock.now() + chrono::Duration::hours(1)).format("%Y-%m-%dT%H:%M:%SZ");
    let from_later = w
        .get(
            &w.dist_key,
            &format!("{ADJUST_RECORDS}?operation_time_begin={later}"),
        )
        .await;
    assert_eq!(from_later.1["total_count"], 0);

    // The account's changes: the top-up, the allocation and the reclaim, in Beijing days.
    let (status, changes) = w
        .get(
            &w.dist_key,
            &format!("{CHANGES}?balance_type=BALANCE_TYPE_DEBIT"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{changes}");
    assert_eq!(
        (
            changes["total_count"].as_i64(),
            changes["currency"].as_str()
        ),
        (Some(3), Some("CNY"))
    );
    let allocation = &changes["records"][1];
    assert_eq!(allocation["trade_detail_type"], "SOURCE_OPERATION_BEADJUST");
    assert_eq!(
        (
            allocation["change_amount"].as_str(),
            allocation["balance_after_change"].as_str()
        ),
        (Some("-100.50"), Some("9899.50"))
    );
    assert_eq!(
        (
            allocation["type"].as_str(),
            allocation["customer_id"].as_str()
        ),
        (Some("2"), Some(w.c1.to_string().as_str()))
    );
    assert_eq!(
        changes["records"][2]["trade_detail_type"],
        "SOURCE_OPERAIION_RECHARGE"
    );
    let recharges = w
        .get(
            &w.dist_key,
            &format!("{CHANGES}?balance_type=BALANCE_TYPE_DEBIT&trade_type=RECHARGE"),
        )
        .await;
    assert_eq!(recharges.1["total_count"], 1);
    let credit = w
        .get(
            &w.dist_key,
            &format!("{CHANGES}?balance_type=BALANCE_TYPE_CREDIT"),
        )
        .await;
    assert_eq!(
        (credit.0, credit.1["total_count"].as_i64()),
        (StatusCode::OK, Some(0))
    );
    let today = partner_centre::core::time::Day::of(w.app.clock.now());
    let today_only = w.get(&w.dist_key, &format!("{CHANGES}?balance_type=BALANCE_TYPE_DEBIT&trade_time_begin={today}&trade_time_end={today}")).await;
    assert_eq!(today_only.1["total_count"], 3);
    let long_ago = w
        .get(
            &w.dist_key,
            &format!("{CHANGES}?balance_type=BALANCE_TYPE_DEBIT&trade_time_end=2001-01-01"),
        )
        .await;
    assert_eq!(long_ago.1["total_count"], 0);
    for bad in [
        "",
        "&balance_type=DEBIT",
        "&balance_type=BALANCE_TYPE_DEBIT&trade_time_begin=2026-02-30",
        "&balance_type=BALANCE_TYPE_DEBIT&trade_type=GIFT",
        "&balance_type=BALANCE_TYPE_DEBIT&limit=101",
    ] {
        let refused = w.get(&w.dist_key, &format!("{CHANGES}?x=1{bad}")).await;
        assert_eq!(refusal(&refused).1, "CBC.0100", "{bad}");
    }
}

#[sqlx::test]
async fn refusals_change_nothing_and_name_their_field(pool: PgPool) {
    let w = World::new(pool).await;
    w.post(
        &w.dist_key,
        ADJUST,
        json!({"customer_id": w.c1, "amount": 50}),
    )
    .await;
    let before = w.balance(&w.dist_key, None).await;
    let expect = |body: serde_json::Value, code: &'static str, status: u16| (body, code, status);
    for (body, code, status) in [
        expect(
            json!({"customer_id": w.c1, "amount": 20000}),
            "CBC.99005003",
            400,
        ),
        expect(
            json!({"customer_id": w.consulting, "amount": 1}),
            "CBC.5021",
            400,
        ),
        expect(
            json!({"customer_id": w.other_customer, "amount": 1}),
            "CBC.0100",
            404,
        ),
        expect(
            json!({"customer_id": w.reseller_customer, "amount": 1}),
            "CBC.0100",
            404,
        ),
        expect(
            json!({"customer_id": "nobody", "amount": 1}),
            "CBC.0100",
            404,
        ),
        expect(
            json!({"customer_id": w.c1, "amount": 1, "indirect_partner_id": w.reseller}),
            "CBC.0151",
            403,
        ),
    ] {
        let refused = w.post(&w.dist_key, ADJUST, body.clone()).await;
        assert_eq!(refusal(&refused).0, status, "{body}: {}", refused.1);
        assert_eq!(refusal(&refused).1, code, "{body}");
    }
    // A reclaim never takes more than the customer holds, nor creates debt.
    let too_much = w
        .post(
            &w.dist_key,
            RECLAIM,
            json!({"customer_id": w.c1, "amount": 50.01}),
        )
        .await;
    assert_eq!(refusal(&too_much).1, "CBC.99005003");
    for amount in [
        json!(0),
        json!(-1),
        json!(0.001),
        json!(1e20),
        json!("abc"),
        json!("12.50"),
        json!(null),
    ] {
        let refused = w
            .post(
                &w.dist_key,
                ADJUST,
                json!({"customer_id": w.c1, "amount": amount}),
            )
            .await;
        let (status, code, msg) = refusal(&refused);
        assert_eq!((status, code), (400, "CBC.0100"), "{amount}");
        assert!(msg.starts_with("amount: "), "{amount}: {msg}");
    }
    let missing = w
        .post(&w.dist_key, RECLAIM, json!({"customer_id": w.c1}))
        .await;
    assert!(refusal(&missing).2.starts_with("amount: "));
    let long_id = w
        .post(
            &w.dist_key,
            ADJUST,
            json!({"customer_id": "x".repeat(65), "amount": 1}),
        )
        .await;
    assert!(
        refusal(&long_id).2.starts_with("customer_id: "),
        "{}",
        long_id.1
    );
    // A member without the item, however well signed.
    let no_item = w
        .post(
            &w.coupon_key,
            ADJUST,
            json!({"customer_id": w.c1, "amount": 1}),
        )
        .await;
    assert_eq!(refusal(&no_item).1, "CBC.0151");
    let no_view = w.get(&w.coupon_key, BALANCES).await;
    assert_eq!(refusal(&no_view).1, "CBC.0151");
    assert_eq!(w.balance(&w.dist_key, None).await, before);
    let own_id = w
        .post(
            &w.finance_key,
            ADJUST,
            json!({"customer_id": w.c1, "amount": 1, "indirect_partner_id": w.dist}),
        )
        .await;
    assert_eq!(
        own_id.0,
        StatusCode::OK,
        "a partner's own id is its own reach: {}",
        own_id.1
    );
}

#[sqlx::test]
async fn a_retried_write_is_applied_once(pool: PgPool) {
    let w = World::new(pool).await;
    let body = json!({"customer_id": w.c1, "amount": 10}).to_string();
    let token = [("x-client-token", "retry-0001")];
    let first = w.send(&w.dist_key, ("POST", ADJUST), &body, &token).await;
    let again = w.send(&w.dist_key, ("POST", ADJUST), &body, &token).await;
    assert_eq!(first.0, StatusCode::OK, "{}", first.1);
    assert_eq!(first, again, "the retry gets the first answer");
    assert_eq!(w.balance(&w.dist_key, None).await, yuan("9990"));
    let other_body = json!({"customer_id": w.c1, "amount": 11}).to_string();
    let reused = w
        .send(&w.dist_key, ("POST", ADJUST), &other_body, &token)
        .await;
    assert_eq!(refusal(&reused).1, "CBC.0100");
    let new_token = w
        .send(
            &w.dist_key,
            ("POST", ADJUST),
            &body,
            &[("x-client-token", "retry-0002")],
        )
        .await;
    assert_ne!(new_token.1["transfer_id"], first.1["transfer_id"]);
    assert_eq!(w.balance(&w.dist_key, None).await, yuan("9980"));
    let bad_token = w
        .send(
            &w.dist_key,
            ("POST", ADJUST),
            &body,
            &[("x-client-token", "a b")],
        )
        .await;
    assert_eq!(refusal(&bad_token).1, "CBC.0100");
}
