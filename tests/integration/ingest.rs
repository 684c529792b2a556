//! The operator API for batches of fee records: the operator's session only, whole or nothing
//! with each refused record named by index and field, idempotent by record id, and the summary
//! current as soon as the batch is answered.

use crate::consumption::operator_and_buyer;
use crate::harness::*;
use axum::http::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

fn post(body: String) -> axum::http::Request<axum::body::Body> {
    axum::http::Request::post("/api/operator/fee-records")
        .header("content-type", "application/json")
        .body(axum::body::Body::from(body))
        .unwrap()
}

#[sqlx::test]
async fn a_batch_is_loaded_whole_or_not_at_all(pool: PgPool) {
    let (app, c, at) = operator_and_buyer(&pool).await;
    let record = |id: &str, cash: Value| {
        json!({
            "record_id": id, "customer_id": c, "trade_time": at,
            "service_type": "hws.service.type.ec2", "resource_type": "vm", "resource_id": "i-1",
            "region": "cn-north-4", "charge_mode": "3", "usage": 2, "usage_unit": "hour",
            "list_amount": "10.00", "discount_amount": "1.00", "coupon_amount": "0",
            "cash_amount": cash, "debt_amount": "0",
        })
    };
    let batch = |records: Vec<Value>| json!({ "records": records }).to_string();
    let sums = || async {
        sqlx::query_scalar::<_, Option<rust_decimal::Decimal>>(
            "select sum(cash_amount) from consumption_sums",
        )
        .fetch_one(&pool)
        .await
        .unwrap()
    };

    // Nobody but the operator: not signed in, nor a partner.
    let good = batch(vec![record("r1", json!("9.00"))]);
    let res = app.client().send(post(good.clone())).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{}", res.body);
    let mut acme = app.client();
    acme.sign_in_partner("acme").await;
    let res = acme.send(post(good.clone())).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    assert!(res.body.contains("error_msg"), "{}", res.body);

    let mut ops = app.client();
    ops.sign_in_operator("ops").await;
    // A wrong amount in the second record and a misspelt column in the third: nothing loads.
    let mut misspelt = record("r3", json!("9.00"));
    misspelt["cash_amout"] = json!("1");
    let res = ops
        .send(post(batch(vec![
            record("r1", json!("9.00")),
            record("r2", json!("9.01")),
            misspelt,
        ])))
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    let answer: Value = serde_json::from_str(&res.body).unwrap();
    let problems = answer["problems"].as_array().unwrap();
    assert_eq!(problems[0]["index"], 2, "{answer}");
    assert_eq!(problems[0]["field"], "cash_amount", "{answer}");
    assert_eq!(problems[1]["index"], 3, "{answer}");
    assert_eq!(problems[1]["field"], "cash_amout", "{answer}");
    assert_eq!(
        sums().await,
        None,
        "a batch with a bad record loads nothing"
    );

    // Not JSON, or not a batch: a clear 400, nothing loaded.
    for body in ["{", "[]", r#"{"records": 5}"#, "\u{0}"] {
        let res = ops.send(post(body.to_string())).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{body}: {}", res.body);
        assert!(res.body.contains("error_msg"), "{}", res.body);
    }
    // Past the batch limit.
    let many: Vec<Value> = (0..=partner_centre::consumption::intake::MAX_BATCH)
        .map(|i| record(&format!("m{i}"), json!("9.00")))
        .collect();
    let res = ops.send(post(batch(many))).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    assert_eq!(sums().await, None);

    // Amounts as numbers or text alike; the summary has it when the answer comes.
    let res = ops.send(post(good.clone())).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let answer: Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(
        (answer["rows"].clone(), answer["added"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(sums().await, Some("9.00".parse().unwrap()));
    // Sent again (a retry after a lost answer): nothing counted twice.
    let mut by_numbers = record("r4", json!(4.5));
    by_numbers["list_amount"] = json!(5.5);
    by_numbers["discount_amount"] = json!(1);
    let res = ops
        .send(post(batch(vec![record("r1", json!("9.00")), by_numbers])))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let answer: Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(
        (answer["rows"].clone(), answer["added"].clone()),
        (json!(2), json!(1))
    );
    assert_eq!(sums().await, Some("13.50".parse().unwrap()));
    // Each batch is audited, the refused ones as failures.
    assert_eq!(audit_count(&pool, "consumption.load").await, 4);
}
