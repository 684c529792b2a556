//! The money endpoints of the Huawei-compatible API, in-process: a world of partners, customers,
//! members and their keys, funded and granted quota through the operator's own services (never
//! rows written behind the services' back). The endpoint tests are in `money_api_funds` and
//! `money_api_coupons`; the official SDK drives the same endpoints in tests/sdk.

use crate::harness::*;
use axum::http::StatusCode;
use chrono::Duration;
use partner_centre::core::money::Money;
use partner_centre::core::viewer::ActorKind;
use partner_centre::coupons::quotas::{grant, QuotaTerms};
use partner_centre::coupons::{CouponKind, Limits};
use partner_centre::identity::portal::active_actor;
use partner_centre::server::Call;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use sqlx::PgPool;
use uuid::Uuid;

/// An access key: (AK, SK).
pub type Key = (String, String);

/// The world of the money tests.
pub struct World {
    pub app: TestApp,
    /// A tier-1 distributor, one of its tier-2 resellers, and an unrelated solution provider.
    pub dist: Uuid,
    pub reseller: Uuid,
    pub other: Uuid,
    /// The distributor's resale customers (`c1` assigned to `manager`) and a consulting one.
    pub c1: Uuid,
    pub c2: Uuid,
    pub consulting: Uuid,
    /// The reseller's resale customer, and the other partner's.
    pub reseller_customer: Uuid,
    pub other_customer: Uuid,
    /// Keys: the three main accounts; the distributor's Finance member (funds, no coupons),
    /// Coupon operator member (coupons, no funds), and a customer manager holding both.
    pub dist_key: Key,
    pub reseller_key: Key,
    pub other_key: Key,
    pub finance_key: Key,
    pub coupon_key: Key,
    pub manager_key: Key,
    /// The distributor's voucher (5,000) and cash-coupon (2,000) quotas; the other's voucher.
    pub voucher_quota: Uuid,
    pub cash_quota: Uuid,
    pub other_quota: Uuid,
}

/// The operator, as the services see it.
pub async fn operator_call(app: &TestApp) -> Call {
    let id = operator(&app.state.pool, "ops").await;
    call_as(app, ActorKind::Operator, id).await
}

/// Any active account as a caller of the services.
pub async fn call_as(app: &TestApp, kind: ActorKind, id: Uuid) -> Call {
    let actor = active_actor(&app.state, kind, id, app.clock.now())
        .await
        .unwrap()
        .expect("an active account");
    Call {
        state: app.state.clone(),
        actor,
        source: None,
        origin: "http://localhost".into(),
        token: None,
    }
}

/// The service types the quotas are limited to.
pub const ECS: &str = "hws.service.type.ecs";
pub const EBS: &str = "hws.service.type.ebs";

async fn quota(ops: &Call, partner: Uuid, kind: CouponKind, amount: &str) -> Uuid {
    let now = ops.now();
    grant(
        ops,
        &QuotaTerms {
            partner: partner.to_string(),
            kind,
            amount: Money::parse(amount).unwrap(),
            valid_from: now - Duration::days(1),
            valid_until: now + Duration::days(90),
            limits: Limits {
                service_types: vec![ECS.into(), EBS.into()],
                ..Limits::default()
            },
            remark: String::new(),
        },
    )
    .await
    .unwrap()
}

impl World {
    pub async fn new(pool: PgPool) -> World {
        // A server error's cause (logged, never answered) shows in the failing test's output.
        let _ = tracing_subscriber::fmt().with_test_writer().try_init();
        let app = TestApp::new(pool.clone()).await;
        let dist = partner(&pool, "huadong", "distributor", None).await;
        let reseller = partner(&pool, "jiangsu", "reseller", Some(dist)).await;
        let other = partner(&pool, "lanhai", "solution_provider", None).await;
        let finance = member(&pool, dist, "fin", &["finance"]).await;
        let coupons = member(&pool, dist, "cpn", &["coupon_operator"]).await;
        let manager = member(
            &pool,
            dist,
            "mgr",
            &["customer_manager", "finance", "coupon_operator"],
        )
        .await;
        let mut customers = vec![];
        for (name, owner, mode, assigned) in [
            ("c1", dist, "resale", Some(manager)),
            ("c2", dist, "resale", None),
            ("consult", dist, "consulting", None),
            ("r1", reseller, "resale", None),
            ("o1", other, "resale", None),
        ] {
            let c = customer(&pool, name).await;
            associate(&pool, c, owner, mode, assigned).await;
            customers.push(c);
        }
        let ops = operator_call(&app).await;
        for (partner, amount) in [(dist, "10000"), (other, "1000")] {
            partner_centre::funds::operator::top_up(
                &ops,
                &partner.to_string(),
                Money::parse(amount).unwrap(),
                "",
            )
            .await
            .unwrap();
        }
        let voucher_quota = quota(&ops, dist, CouponKind::Voucher, "5000").await;
        let cash_quota = quota(&ops, dist, CouponKind::Cash, "2000").await;
        let other_quota = quota(&ops, other, CouponKind::Voucher, "1000").await;
        World {
            dist_key: access_key(&app, dist, None).await,
            reseller_key: access_key(&app, reseller, None).await,
            other_key: access_key(&app, other, None).await,
            finance_key: access_key(&app, dist, Some(finance)).await,
            coupon_key: access_key(&app, dist, Some(coupons)).await,
            manager_key: access_key(&app, dist, Some(manager)).await,
            app,
            dist,
            reseller,
            other,
            c1: customers[0],
            c2: customers[1],
            consulting: customers[2],
            reseller_customer: customers[3],
            other_customer: customers[4],
            voucher_quota,
            cash_quota,
            other_quota,
        }
    }

    /// A signed request and its answer: the status and the JSON body (`Null` when empty).
    pub async fn send(
        &self,
        key: &Key,
        (method, path): (&str, &str),
        body: &str,
        extra: &[(&str, &str)],
    ) -> (StatusCode, Value) {
        // Writes a second apart, so that records made in order read back in that order.
        if method == "POST" {
            self.app.clock.advance(Duration::seconds(1));
        }
        let req = signed_request_with(
            &key.0,
            &key.1,
            (method, path),
            body,
            self.app.clock.now(),
            extra,
        );
        let res = self.app.client().send(req).await;
        let json = if res.body.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&res.body)
                .unwrap_or_else(|_| panic!("{}: {}", res.status, res.body))
        };
        (res.status, json)
    }

    /// The answer's body as sent, for what only its exact text shows (`100.50`).
    pub async fn raw(&self, key: &Key, path_and_query: &str) -> String {
        let req = signed_request_with(
            &key.0,
            &key.1,
            ("GET", path_and_query),
            "",
            self.app.clock.now(),
            &[],
        );
        self.app.client().send(req).await.body
    }

    pub async fn post(&self, key: &Key, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(key, ("POST", path), &body.to_string(), &[]).await
    }

    pub async fn get(&self, key: &Key, path_and_query: &str) -> (StatusCode, Value) {
        self.send(key, ("GET", path_and_query), "", &[]).await
    }

    /// The partner's balance as the API states it.
    pub async fn balance(&self, key: &Key, indirect: Option<Uuid>) -> Decimal {
        let path = match indirect {
            Some(r) => format!("{BALANCES}?indirect_partner_id={r}"),
            None => BALANCES.to_string(),
        };
        let (status, body) = self.get(key, &path).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        dec(&body["account_balances"][0]["amount"])
    }
}

pub const BALANCES: &str = "/v2/accounts/partner-accounts/balances";

/// The error an answer carries: (status, code, message).
pub fn refusal(answer: &(StatusCode, Value)) -> (u16, &str, &str) {
    (
        answer.0.as_u16(),
        answer.1["error_code"].as_str().unwrap_or_default(),
        answer.1["error_msg"].as_str().unwrap_or_default(),
    )
}

/// A JSON number's value (the SDK reads it as a decimal); anything else fails the test.
pub fn dec(v: &Value) -> Decimal {
    match v {
        Value::Number(n) => n.to_string().parse().unwrap(),
        other => panic!("not a number: {other}"),
    }
}

/// A decimal from its text.
pub fn yuan(text: &str) -> Decimal {
    text.parse().unwrap()
}

pub const QUOTAS: &str = "/v2/partners/coupon-quotas/query";
pub const COUPONS: &str = "/v2/promotions/benefits/partner-coupons";

pub fn utc(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A quota's balance as `list_quota_coupons` states it.
pub async fn quota_balance(
    w: &World,
    key: &Key,
    quota: Uuid,
    quota_type: i64,
) -> rust_decimal::Decimal {
    let (_, listed) = w
        .post(
            key,
            QUOTAS,
            json!({"quota_ids": [quota], "quota_type": quota_type}),
        )
        .await;
    dec(&listed["quotas"][0]["balance"])
}

pub fn ids(list: &Value, field: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| e[field].as_str().unwrap().to_string())
        .collect()
}
