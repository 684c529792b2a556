//! Coupon quotas a tier-1 distributor grants its tier-2 resellers through the API: the grant with
//! per-reseller outcomes, what the reseller holds and issues, what the distributor granted,
//! reclaiming, and the records of both.

use crate::money_api::*;
use axum::http::StatusCode;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

const GRANT: &str = "/v2/partners/coupon-quotas/indirect-partner-adjust";
const RECLAIM: &str = "/v2/partners/coupon-quotas/indirect-partner-reclaim";
const GRANTED: &str = "/v2/partners/issued-coupon-quotas";
const GRANT_RECORDS: &str = "/v2/partners/coupon-quotas/records";

#[sqlx::test]
async fn a_distributor_grants_and_reclaims_its_resellers_quota(pool: PgPool) {
    let w = World::new(pool).await;
    let grant = json!({"quota_id": w.voucher_quota, "indirect_partner_ids": [w.reseller, w.other], "quota_amount": 300});
    let (status, granted) = w.post(&w.dist_key, GRANT, grant.clone()).await;
    assert_eq!(status, StatusCode::OK, "{granted}");
    assert_eq!(
        ids(&granted["simple_quota_infos"], "id"),
        vec![w.reseller.to_string()]
    );
    assert_eq!(
        ids(&granted["error_details"], "id"),
        vec![w.other.to_string()]
    );
    let child = granted["simple_quota_infos"][0]["quota_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        quota_balance(&w, &w.dist_key, w.voucher_quota, 0).await,
        yuan("4700")
    );
    for key in [&w.finance_key, &w.manager_key] {
        assert_eq!(
            refusal(&w.post(key, GRANT, grant.clone()).await).1,
            "CBC.0151"
        );
    }

    // The reseller holds it and issues from it; the distributor reads it through the reseller.
    let child_id: Uuid = child.parse().unwrap();
    assert_eq!(
        quota_balance(&w, &w.reseller_key, child_id, 0).await,
        yuan("300")
    );
    let (_, through) = w
        .post(
            &w.dist_key,
            QUOTAS,
            json!({"indirect_partner_id": w.reseller}),
        )
        .await;
    assert_eq!(ids(&through["quotas"], "quota_id"), vec![child.clone()]);
    let issue =
        json!({"quota_id": child, "customer_ids": [w.reseller_customer], "face_value": 120});
    let issued = w.post(&w.reseller_key, COUPONS, issue).await;
    assert_eq!(
        issued.1["coupon_infos"].as_array().unwrap().len(),
        1,
        "{}",
        issued.1
    );
    let reseller_coupons = w
        .get(
            &w.dist_key,
            &format!("{COUPONS}?indirect_partner_id={}", w.reseller),
        )
        .await;
    assert_eq!(reseller_coupons.1["total_count"], 1);
    let peek = w
        .get(
            &w.other_key,
            &format!("{COUPONS}?indirect_partner_id={}", w.reseller),
        )
        .await;
    assert_eq!(refusal(&peek).1, "CBC.0151");

    let (status, listed) = w.get(&w.dist_key, GRANTED).await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    let row = &listed["quotas"][0];
    assert_eq!(
        (
            row["quota_id"].as_str(),
            row["indirect_partner_id"].as_str()
        ),
        (Some(child.as_str()), Some(w.reseller.to_string().as_str()))
    );
    assert_eq!(
        (
            row["indirect_partner_account_name"].as_str(),
            row["parent_quota_id"].as_str()
        ),
        (Some("jiangsu"), Some(w.voucher_quota.to_string().as_str()))
    );
    assert_eq!(dec(&row["balance"]), yuan("180"));
    let not_mine = w
        .get(
            &w.dist_key,
            &format!("{GRANTED}?indirect_partner_id={}", w.other),
        )
        .await;
    assert_eq!(refusal(&not_mine).1, "CBC.0151");
    assert_eq!(refusal(&w.get(&w.manager_key, GRANTED).await).1, "CBC.0151");

    // Reclaiming takes what the reseller has not issued back into the parent quota.
    let unknown = Uuid::new_v4();
    let (status, reclaimed) = w
        .post(
            &w.dist_key,
            RECLAIM,
            json!({"quota_ids": [child, unknown], "remark": "season over"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{reclaimed}");
    assert_eq!(
        dec(&reclaimed["simple_quota_infos"][0]["quota_balance"]),
        yuan("180")
    );
    assert_eq!(
        ids(&reclaimed["error_details"], "id"),
        vec![unknown.to_string()]
    );
    assert_eq!(
        quota_balance(&w, &w.dist_key, w.voucher_quota, 0).await,
        yuan("4880")
    );
    let after = w
        .get(&w.dist_key, &format!("{GRANTED}?quota_id={child}"))
        .await;
    assert_eq!(after.1["quotas"][0]["quota_status"], 6);
    let eleven: Vec<Uuid> = (0..11).map(|_| Uuid::new_v4()).collect();
    assert!(refusal(
        &w.post(&w.dist_key, RECLAIM, json!({"quota_ids": eleven}))
            .await
    )
    .2
    .starts_with("quota_ids: "));

    let (_, records) = w.get(&w.dist_key, GRANT_RECORDS).await;
    assert_eq!(records["total_count"], 2, "{records}");
    assert_eq!(ids(&records["records"], "operation_type"), vec!["11", "10"]);
    assert_eq!(records["records"][0]["remark"], "season over");
    assert_eq!(records["records"][1]["quota_id"], child.as_str());
    assert_eq!(dec(&records["records"][1]["amount"]), yuan("300"));
    let grants = w
        .get(
            &w.dist_key,
            &format!(
                "{GRANT_RECORDS}?operation_type=10&indirect_partner_id={}",
                w.reseller
            ),
        )
        .await;
    assert_eq!(grants.1["total_count"], 1);
    let by_parent = w
        .get(
            &w.dist_key,
            &format!("{GRANT_RECORDS}?parent_quota_id={}", w.cash_quota),
        )
        .await;
    assert_eq!(by_parent.1["total_count"], 0);
}
