//! Coupons through the API: quotas, issuing (per-customer outcomes, limits, validity, retries),
//! the issued coupons, recalls, the operation records, and a customer's own coupons.

use crate::money_api::*;
use axum::http::StatusCode;
use chrono::Duration;
use partner_centre::core::viewer::ActorKind;
use partner_centre::coupons::store::owned::OwnedSearch;
use serde_json::{json, Value};
use sqlx::PgPool;
use uuid::Uuid;

const RECALL: &str = "/v2/promotions/benefits/partner-coupons/reclaim";
const RECORDS: &str = "/v2/promotions/benefits/partner-coupons/records/query";
const MINE: &str = "/v2/promotions/benefits/coupons";

#[sqlx::test]
async fn coupons_are_issued_listed_recalled_and_recorded(pool: PgPool) {
    let w = World::new(pool).await;
    let (status, vouchers) = w.post(&w.dist_key, QUOTAS, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{vouchers}");
    assert_eq!(
        vouchers["total_count"], 1,
        "quota_type defaults to vouchers"
    );
    let quota = &vouchers["quotas"][0];
    assert_eq!(
        (quota["quota_id"].as_str(), quota["quota_type"].as_i64()),
        (Some(w.voucher_quota.to_string().as_str()), Some(0))
    );
    assert_eq!(
        (dec(&quota["balance"]), quota["quota_status"].as_i64()),
        (yuan("5000"), Some(0))
    );
    assert_eq!(quota["limit_infos"][0]["limit_key"], "serviceTypeList");
    assert_eq!(
        quota["limit_infos"][0]["limit_values"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let cash = w
        .post(
            &w.dist_key,
            QUOTAS,
            json!({"quota_type": 1, "quota_status_list": [0]}),
        )
        .await;
    assert_eq!(
        ids(&cash.1["quotas"], "quota_id"),
        vec![w.cash_quota.to_string()]
    );
    let expired_only = w
        .post(&w.dist_key, QUOTAS, json!({"quota_status_list": [3]}))
        .await;
    assert_eq!(expired_only.1["total_count"], 0);

    let issue = json!({"quota_id": w.voucher_quota, "face_value": 100,
        "customer_ids": [w.c1, w.c2, w.consulting, w.other_customer],
        "cloud_service_types": [ECS], "memo": "spring campaign"});
    let (status, issued) = w.post(&w.dist_key, COUPONS, issue).await;
    assert_eq!(status, StatusCode::OK, "{issued}");
    assert_eq!(
        ids(&issued["coupon_infos"], "id"),
        vec![w.c1.to_string(), w.c2.to_string()]
    );
    let failed = &issued["error_details"];
    assert_eq!(
        ids(failed, "id"),
        vec![w.consulting.to_string(), w.other_customer.to_string()]
    );
    assert_eq!(ids(failed, "error_code"), vec!["CBC.5021", "CBC.0100"]);
    assert_eq!(
        quota_balance(&w, &w.dist_key, w.voucher_quota, 0).await,
        yuan("4800")
    );
    let c1_coupon = issued["coupon_infos"][0]["coupon_id"]
        .as_str()
        .unwrap()
        .to_string();

    let (status, listed) = w.get(&w.dist_key, COUPONS).await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    assert_eq!(listed["total_count"], 2);
    let first = &listed["user_coupons"][0];
    assert_eq!(
        (first["status"].as_i64(), first["coupon_type"].as_i64()),
        (Some(2), Some(1))
    );
    assert_eq!(
        (dec(&first["face_value"]), dec(&first["balance"])),
        (yuan("100"), yuan("100"))
    );
    assert_eq!(first["use_limits"][0]["value1"], ECS);
    assert!(
        !listed.to_string().contains("spring campaign"),
        "the issuer's memo is not listed"
    );
    for (query, total) in [
        (format!("customer_id={}", w.c1), 1),
        (format!("coupon_id={c1_coupon}"), 1),
        ("coupon_type=4".into(), 0),
        ("coupon_type=2".into(), 0),
        ("status=2".into(), 2),
        ("status=1".into(), 0),
        ("order_id=ORDER1".into(), 0),
        (
            format!(
                "create_time_end={}",
                utc(w.app.clock.now() - Duration::days(1))
            ),
            0,
        ),
        (format!("customer_id={}", w.other_customer), 0),
    ] {
        let (status, found) = w.get(&w.dist_key, &format!("{COUPONS}?{query}")).await;
        assert_eq!(
            (status, found["total_count"].as_i64()),
            (StatusCode::OK, Some(total)),
            "{query}: {found}"
        );
    }
    for bad in [
        "status=7",
        "coupon_type=0",
        "limit=0",
        "create_time_begin=2026-13-01T00:00:00Z",
    ] {
        assert_eq!(
            refusal(&w.get(&w.dist_key, &format!("{COUPONS}?{bad}")).await).1,
            "CBC.0100",
            "{bad}"
        );
    }

    // A recall: 204 and no body; the status is 5 and the balance is back in the quota.
    let recalled = w
        .post(&w.dist_key, RECALL, json!({"coupon_id": c1_coupon}))
        .await;
    assert_eq!(recalled, (StatusCode::NO_CONTENT, Value::Null));
    let after = w
        .get(&w.dist_key, &format!("{COUPONS}?coupon_id={c1_coupon}"))
        .await;
    assert_eq!(
        (
            after.1["user_coupons"][0]["status"].as_i64(),
            dec(&after.1["user_coupons"][0]["balance"])
        ),
        (Some(5), yuan("0"))
    );
    assert_eq!(
        quota_balance(&w, &w.dist_key, w.voucher_quota, 0).await,
        yuan("4900")
    );
    let twice = w
        .post(&w.dist_key, RECALL, json!({"coupon_id": c1_coupon}))
        .await;
    assert_eq!(refusal(&twice).1, "CBC.99007004");
    let unknown = w
        .post(&w.dist_key, RECALL, json!({"coupon_id": Uuid::new_v4()}))
        .await;
    assert_eq!(refusal(&unknown).0, 404);
    let by_another = w
        .post(
            &w.other_key,
            RECALL,
            json!({"coupon_id": issued["coupon_infos"][1]["coupon_id"]}),
        )
        .await;
    assert_eq!(
        refusal(&by_another).0,
        404,
        "another partner's coupon is not found"
    );

    // The operation records: four issue lines (two refused) and the recall.
    let (_, records) = w.get(&w.dist_key, RECORDS).await;
    assert_eq!(records["total_count"], 5, "{records}");
    assert_eq!(
        (
            records["records"][0]["operation_type"].as_str(),
            records["records"][0]["coupon_id"].as_str()
        ),
        (Some("2"), Some(c1_coupon.as_str()))
    );
    for (query, total) in [
        ("operation_types=1".to_string(), 4),
        ("operation_types=1&operation_types=2".into(), 5),
        ("operation_types=9".into(), 0),
        ("result=-1".into(), 2),
        ("result=0&operation_types=1".into(), 2),
        (format!("coupon_ids={c1_coupon}"), 2),
        (format!("coupon_ids={c1_coupon}&coupon_ids=not-ours"), 2),
        (format!("customer_id={}", w.consulting), 1),
        ("quota_type=1".into(), 0),
    ] {
        let (status, found) = w.get(&w.dist_key, &format!("{RECORDS}?{query}")).await;
        assert_eq!(
            (status, found["total_count"].as_i64()),
            (StatusCode::OK, Some(total)),
            "{query}: {found}"
        );
    }
    let refused_line = w
        .get(
            &w.dist_key,
            &format!("{RECORDS}?result=-1&customer_id={}", w.consulting),
        )
        .await;
    assert_eq!(refused_line.1["records"][0]["result"], "-1");
    assert!(!refused_line.1["records"][0]["remark"]
        .as_str()
        .unwrap()
        .is_empty());
    assert_eq!(
        refusal(
            &w.get(&w.dist_key, &format!("{RECORDS}?operation_types=10"))
                .await
        )
        .1,
        "CBC.0100"
    );
}

#[sqlx::test]
async fn issuing_refuses_terms_beyond_the_quota_and_applies_a_retry_once(pool: PgPool) {
    let w = World::new(pool).await;
    let now = w.app.clock.now();
    let base = json!({"quota_id": w.voucher_quota, "customer_ids": [w.c1], "face_value": 10});
    let with = |field: &str, value: Value| {
        let mut body = base.clone();
        body[field] = value;
        body
    };
    for (body, field) in [
        (
            with("expire_time", json!(utc(now + Duration::days(365)))),
            "expire_time",
        ),
        (
            with("valid_time", json!(utc(now - Duration::days(30)))),
            "valid_time",
        ),
        (
            with("cloud_service_types", json!(["hws.service.type.rds"])),
            "cloud_service_types",
        ),
        (
            with("cloud_service_types", json!(["has space"])),
            "cloud_service_types",
        ),
        (with("face_value", json!(0.001)), "face_value"),
        (with("customer_ids", json!(["c1"])), "customer_ids"),
        (with("customer_ids", json!([])), "customer_ids"),
        (
            with(
                "customer_ids",
                json!((0..101).map(|_| Uuid::new_v4()).collect::<Vec<_>>()),
            ),
            "customer_ids",
        ),
        (with("memo", json!("x".repeat(257))), "memo"),
        (
            with("valid_time", json!("2026-05-06 08:05:01")),
            "valid_time",
        ),
    ] {
        let refused = w.post(&w.dist_key, COUPONS, body).await;
        let (status, code, msg) = refusal(&refused);
        assert_eq!((status, code), (400, "CBC.0100"), "{field}: {msg}");
        assert!(msg.starts_with(&format!("{field}: ")), "{field}: {msg}");
    }
    let another_quota = w
        .post(&w.dist_key, COUPONS, with("quota_id", json!(w.other_quota)))
        .await;
    assert_eq!(refusal(&another_quota).0, 404);
    let for_reseller = w
        .post(
            &w.dist_key,
            COUPONS,
            with("indirect_partner_id", json!(w.reseller)),
        )
        .await;
    assert_eq!(refusal(&for_reseller).1, "CBC.0151");
    let without_item = w.post(&w.finance_key, COUPONS, base.clone()).await;
    assert_eq!(refusal(&without_item).1, "CBC.0151");
    let past_manager = w
        .post(
            &w.manager_key,
            COUPONS,
            with("customer_ids", json!([w.c1, w.c2])),
        )
        .await;
    assert_eq!(
        ids(&past_manager.1["error_details"], "id"),
        vec![w.c2.to_string()],
        "{}",
        past_manager.1
    );
    assert_eq!(
        quota_balance(&w, &w.dist_key, w.voucher_quota, 0).await,
        yuan("4990")
    );

    // The quota runs out part-way: who comes first is served.
    let spend =
        json!({"quota_id": w.voucher_quota, "customer_ids": [w.c1, w.c2], "face_value": 4990})
            .to_string();
    let token = [("x-client-token", "issue-1")];
    let first = w.send(&w.dist_key, ("POST", COUPONS), &spend, &token).await;
    assert_eq!(
        ids(&first.1["coupon_infos"], "id"),
        vec![w.c1.to_string()],
        "{}",
        first.1
    );
    assert_eq!(
        ids(&first.1["error_details"], "error_code"),
        vec!["CBC.99005003"]
    );
    let retried = w.send(&w.dist_key, ("POST", COUPONS), &spend, &token).await;
    assert_eq!(first, retried);
    assert_eq!(
        quota_balance(&w, &w.dist_key, w.voucher_quota, 0).await,
        yuan("0")
    );
    let (_, listed) = w.get(&w.dist_key, COUPONS).await;
    assert_eq!(
        listed["total_count"], 2,
        "one coupon from the retried issue, one from the manager's"
    );
}

#[sqlx::test]
async fn a_customer_lists_its_own_coupons_and_partner_keys_are_refused(pool: PgPool) {
    let w = World::new(pool).await;
    let issue = json!({"quota_id": w.cash_quota, "customer_ids": [w.c1, w.c2], "face_value": 25, "memo": "internal"});
    let issued = w.post(&w.dist_key, COUPONS, issue).await;
    assert_eq!(issued.0, StatusCode::OK, "{}", issued.1);
    let partner_key = w.get(&w.dist_key, MINE).await;
    assert_eq!(
        (refusal(&partner_key).0, refusal(&partner_key).1),
        (403, "CBC.0151")
    );

    // The endpoint's service, as a customer (its own key's use is in `customer_keys_api`): the
    // customer's own coupons whatever customer the search names.
    let me = call_as(&w.app, ActorKind::Customer, w.c1).await;
    let search = |issuer: Option<Uuid>| OwnedSearch {
        customer: w.c2,
        coupon: None,
        kind: None,
        status: None,
        issuer,
        issued: (None, None),
        now: w.app.clock.now(),
        limit: 10,
        offset: 0,
    };
    let (mine, count) = partner_centre::coupons::records::my_coupon_page(&me, search(None))
        .await
        .unwrap();
    assert_eq!(
        (count, mine.len()),
        (1, 1),
        "its own coupon only, whatever customer the search names"
    );
    assert_eq!((mine[0].issuer, mine[0].face_value), (w.dist, yuan("25")));
    let (none, _) = partner_centre::coupons::records::my_coupon_page(&me, search(Some(w.other)))
        .await
        .unwrap();
    assert!(none.is_empty());
    let partner = call_as(&w.app, ActorKind::PartnerMain, w.dist).await;
    let refused = partner_centre::coupons::records::my_coupon_page(&partner, search(None)).await;
    assert_eq!(
        refused.unwrap_err(),
        partner_centre::core::error::AppError::Forbidden
    );
}
