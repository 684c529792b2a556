//! Attacks on money (issue 10) and on the foundation's second pass (issue 9), from outside and
//! inside a partner: races between writes that must not interleave (an issue and a
//! disassociation, an allocation and a disassociation, recalls and the expiry job), replayed
//! write tokens, odd JSON numbers, a customer manager reading past its customers, a session
//! kept alive past its sign-out. Each test is the attack first; what must hold follows.
//!
//! Races are made deterministic by holding, in the test, a lock the first write needs after it
//! has read what the second one changes, then letting the second one run.

use crate::harness::*;
use crate::ledger::assert_conserved;
use crate::money_api::*;
use axum::http::StatusCode;
use chrono::Duration;
use partner_centre::association::disassociation::{customer_answers, partner_requests};
use partner_centre::association::Decision;
use partner_centre::core::error::{AppError, Rule};
use partner_centre::core::money::Money;
use partner_centre::core::viewer::ActorKind;
use partner_centre::coupons::issue::IssueTerms;
use partner_centre::coupons::Limits;
use partner_centre::funds::TransferKind;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

const ADJUST: &str = "/v2/accounts/partner-accounts/adjust-amount";
const RECLAIM_QUOTAS: &str = "/v2/partners/coupon-quotas/indirect-partner-reclaim";
const GRANT_QUOTAS: &str = "/v2/partners/coupon-quotas/indirect-partner-adjust";

/// Waits until `n` sessions of this test's database wait for a lock (another test's database
/// is not counted); fails the test after 10 s.
async fn lock_waiters(pool: &PgPool, n: i64) {
    for _ in 0..500 {
        let waiting: i64 = sqlx::query_scalar(
            "select count(*) from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock'",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        if waiting >= n {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("nobody waited for the lock the test holds");
}

/// The pending disassociation request of a customer.
async fn pending_request(pool: &PgPool, customer: Uuid) -> String {
    sqlx::query_scalar::<_, Uuid>(
        "select id from disassociation_requests where customer_id = $1 and status = 'pending'",
    )
    .bind(customer)
    .fetch_one(pool)
    .await
    .unwrap()
    .to_string()
}

async fn is_associated(pool: &PgPool, customer: Uuid, partner: Uuid) -> bool {
    sqlx::query_scalar(
        "select exists (select 1 from associations
                         where customer_id = $1 and partner_id = $2 and ended_at is null)",
    )
    .bind(customer)
    .bind(partner)
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn usable_coupons(pool: &PgPool, partner: Uuid, customer: Uuid) -> i64 {
    sqlx::query_scalar(
        "select count(*) from coupons
          where partner_id = $1 and customer_id = $2 and status = 'usable'",
    )
    .bind(partner)
    .bind(customer)
    .fetch_one(pool)
    .await
    .unwrap()
}

fn terms(quota: Uuid, face: &str, customers: &[Uuid]) -> IssueTerms {
    IssueTerms {
        quota: quota.to_string(),
        face_value: Money::parse(face).unwrap(),
        valid_from: None,
        valid_until: None,
        limits: Limits::default(),
        remark: String::new(),
        customers: customers.iter().map(Uuid::to_string).collect(),
    }
}

/// A coupon issued while the customer leaves its partner must not outlive the association:
/// either the issue sees the customer gone, or the disassociation recalls what it issued.
#[sqlx::test]
async fn a_coupon_issued_while_its_customer_leaves_does_not_stay_with_it(pool: PgPool) {
    let w = World::new(pool.clone()).await;
    let dist = call_as(&w.app, ActorKind::PartnerMain, w.dist).await;
    let customer = call_as(&w.app, ActorKind::Customer, w.c2).await;
    partner_requests(&dist, &w.c2.to_string()).await.unwrap();
    let request = pending_request(&pool, w.c2).await;

    // The issue has read the customer as its own; its write of the coupon waits here.
    let mut hold = pool.begin().await.unwrap();
    sqlx::query("lock table coupons in share mode")
        .execute(&mut *hold)
        .await
        .unwrap();
    let issue = tokio::spawn({
        let (call, terms) = (dist.clone(), terms(w.cash_quota, "100", &[w.c2]));
        async move { partner_centre::coupons::issue::apply(&call, &terms).await }
    });
    lock_waiters(&pool, 1).await;
    // Meanwhile the customer confirms the partner's request.
    let leave =
        tokio::spawn(async move { customer_answers(&customer, &request, Decision::Confirm).await });
    for _ in 0..50 {
        if leave.is_finished() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    hold.commit().await.unwrap();
    let issued = issue.await.unwrap().expect("the issue answers");
    leave.await.unwrap().expect("the disassociation completes");

    assert!(!is_associated(&pool, w.c2, w.dist).await);
    assert_eq!(
        usable_coupons(&pool, w.dist, w.c2).await,
        0,
        "a usable coupon of the old partner stayed with a customer that left it ({:?})",
        issued.lines
    );
    assert_eq!(quota_balance_of(&pool, w.cash_quota).await, yuan("2000"));
    assert_conserved(&pool).await;
}

async fn quota_balance_of(pool: &PgPool, quota: Uuid) -> rust_decimal::Decimal {
    crate::ledger::quota_balance(pool, quota).await
}

/// The same race with money: an allocation holding the customer's account keeps a
/// disassociation out (busy) until it is done, and the money reaches a customer still there.
#[sqlx::test]
async fn an_allocation_under_way_keeps_a_disassociation_out(pool: PgPool) {
    let w = World::new(pool.clone()).await;
    let dist = call_as(&w.app, ActorKind::PartnerMain, w.dist).await;
    let customer = call_as(&w.app, ActorKind::Customer, w.c2).await;
    // The customer's account exists (made by a first allocation).
    partner_centre::funds::service::move_one(
        &dist,
        TransferKind::Allocate,
        &w.c2.to_string(),
        Money::parse("1").unwrap(),
    )
    .await
    .unwrap();
    partner_requests(&dist, &w.c2.to_string()).await.unwrap();
    let request = pending_request(&pool, w.c2).await;

    // The allocation has locked the customer's account; it waits for the partner's here.
    let mut hold = pool.begin().await.unwrap();
    sqlx::query("select 1 from partner_accounts where partner_id = $1 for update")
        .bind(w.dist)
        .execute(&mut *hold)
        .await
        .unwrap();
    let allocate = tokio::spawn({
        let (call, c2) = (dist.clone(), w.c2.to_string());
        async move {
            partner_centre::funds::service::move_one(
                &call,
                TransferKind::Allocate,
                &c2,
                Money::parse("10").unwrap(),
            )
            .await
        }
    });
    lock_waiters(&pool, 1).await;
    let left = customer_answers(&customer, &request, Decision::Confirm).await;
    hold.commit().await.unwrap();
    allocate.await.unwrap().expect("the allocation completes");
    match left {
        Err(AppError::Rule {
            rule: Rule::Busy, ..
        }) => {}
        other => panic!("the disassociation must wait its turn: {other:?}"),
    }
    assert!(is_associated(&pool, w.c2, w.dist).await);
    assert_eq!(
        crate::ledger::customer_balance(&pool, w.c2).await.0,
        yuan("11")
    );
    assert_conserved(&pool).await;
}

/// A session signed out while one of its requests was still being served must stay signed
/// out: the request finishing later must not write the session back.
#[sqlx::test]
async fn a_session_signed_out_during_a_request_stays_signed_out(pool: PgPool) {
    use partner_centre::access_keys::{CreateAccessKey, MyCredentials};
    use partner_centre::auth::SignOut;
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let mut browser = app.client();
    assert_eq!(browser.sign_in_partner("acme").await.status, StatusCode::OK);
    let stolen = browser.session.clone();
    let mut tab = app.client();
    tab.session = stolen.clone();

    // A key's creation (which writes its secret into the session) waits on the partner row.
    let mut hold = pool.begin().await.unwrap();
    sqlx::query("select 1 from partners where id = $1 for share")
        .bind(p)
        .execute(&mut *hold)
        .await
        .unwrap();
    let slow = tab.call::<CreateAccessKey>(&[("description", "slow")]);
    let out = async {
        lock_waiters(&pool, 1).await;
        let res = browser.call::<SignOut>(&[]).await;
        hold.commit().await.unwrap();
        res
    };
    let (created, signed_out) = tokio::join!(slow, out);
    assert!(signed_out.status.is_success() || signed_out.status.is_redirection());
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);

    // Whoever holds the old cookie is signed out, now and later.
    let mut thief = app.client();
    thief.session = stolen;
    let res = thief.call::<MyCredentials>(&[]).await;
    assert_eq!(
        res.status,
        StatusCode::UNAUTHORIZED,
        "the signed-out session was written back: {}",
        res.body
    );
}

/// A customer manager's quota page names only its own customers' coupons.
#[sqlx::test]
async fn a_customer_manager_reads_no_other_customer_in_a_quotas_records(pool: PgPool) {
    let w = World::new(pool.clone()).await;
    let dist = call_as(&w.app, ActorKind::PartnerMain, w.dist).await;
    let manager: Uuid = sqlx::query_scalar("select id from members where user_name = 'mgr'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let mgr = call_as(&w.app, ActorKind::Member, manager).await;
    let theirs = partner_centre::coupons::issue::apply(&dist, &terms(w.cash_quota, "30", &[w.c2]))
        .await
        .unwrap();
    let others_coupon = theirs.lines[0].made_id.clone().unwrap();
    partner_centre::coupons::issue::apply(&mgr, &terms(w.cash_quota, "20", &[w.c1]))
        .await
        .unwrap();
    // Its own lists hold no trace of c2 ...
    let listed = partner_centre::coupons::records::coupons(&mgr, &Default::default())
        .await
        .unwrap();
    assert!(listed.rows.iter().all(|r| r.customer_account != "c2"));
    // ... nor may the quota's page.
    let detail = partner_centre::coupons::holdings::quota_detail(&mgr, &w.cash_quota.to_string())
        .await
        .unwrap();
    assert!(detail
        .records
        .iter()
        .any(|r| r.customer_account.as_deref() == Some("c1")));
    for r in &detail.records {
        assert_ne!(r.customer_account.as_deref(), Some("c2"), "{r:?}");
        assert_ne!(
            r.coupon_id.as_deref(),
            Some(others_coupon.as_str()),
            "{r:?}"
        );
    }
    // The whole partner still sees every record.
    let all = partner_centre::coupons::holdings::quota_detail(&dist, &w.cash_quota.to_string())
        .await
        .unwrap();
    assert!(all
        .records
        .iter()
        .any(|r| r.customer_account.as_deref() == Some("c2")));
}

/// A write token is its user's own: another user sending the same token with the same body
/// makes its own movement (never receives the first user's answer), and a customer manager
/// reusing it for a customer not its own is refused as for any request.
#[sqlx::test]
async fn a_write_token_replays_only_for_the_user_who_sent_it(pool: PgPool) {
    let w = World::new(pool.clone()).await;
    let body = json!({"customer_id": w.c2, "amount": 10}).to_string();
    let token = [("x-client-token", "shared-token-1")];
    let main = w.send(&w.dist_key, ("POST", ADJUST), &body, &token).await;
    assert_eq!(main.0, StatusCode::OK, "{}", main.1);
    let finance = w
        .send(&w.finance_key, ("POST", ADJUST), &body, &token)
        .await;
    assert_eq!(finance.0, StatusCode::OK, "{}", finance.1);
    assert_ne!(main.1["transfer_id"], finance.1["transfer_id"]);
    let manager = w
        .send(&w.manager_key, ("POST", ADJUST), &body, &token)
        .await;
    assert_eq!(refusal(&manager).0, 404, "{}", manager.1);
    // Each user's retry is its own first answer.
    let again = w
        .send(&w.finance_key, ("POST", ADJUST), &body, &token)
        .await;
    assert_eq!(again, finance);
    assert_eq!(w.balance(&w.dist_key, None).await, yuan("9980"));
    assert_eq!(
        crate::ledger::customer_balance(&pool, w.c2).await.0,
        yuan("20")
    );
    assert_conserved(&pool).await;
}

/// Amounts as JSON may write them: exponents are exact, anything a float or a string would
/// round, a duplicated field, or a number no decimal holds is refused, and nothing moves.
#[sqlx::test]
async fn odd_json_numbers_move_exactly_their_value_or_nothing(pool: PgPool) {
    let w = World::new(pool.clone()).await;
    let c = w.c2;
    let mut expected = yuan("10000");
    for (amount, moved) in [
        ("1e2", "100.00"),
        ("1E-2", "0.01"),
        ("0.1e1", "1.00"),
        ("12.50e0", "12.50"),
        ("1000000000e1", "10000000000.00"),
    ] {
        if expected < yuan(moved) {
            // Top up through the operator (made by the world) for the largest one.
            let ops_id: Uuid = sqlx::query_scalar("select id from operators")
                .fetch_one(&pool)
                .await
                .unwrap();
            let ops = call_as(&w.app, ActorKind::Operator, ops_id).await;
            partner_centre::funds::operator::top_up(
                &ops,
                &w.dist.to_string(),
                Money::parse(moved).unwrap(),
                "",
            )
            .await
            .unwrap();
            expected += yuan(moved);
        }
        let body = format!(r#"{{"customer_id": "{c}", "amount": {amount}}}"#);
        let res = w.send(&w.dist_key, ("POST", ADJUST), &body, &[]).await;
        assert_eq!(res.0, StatusCode::OK, "{amount}: {}", res.1);
        expected -= yuan(moved);
        assert_eq!(w.balance(&w.dist_key, None).await, expected, "{amount}");
    }
    for amount in [
        "0.30000000000000004",
        "0.1e-1e1",
        "\"0.1+0.2\"",
        "00.10",
        "-0",
        "-0.0",
        "0e5",
        "1e-400",
        "1e400",
        "1.0000000000000000000000000001",
        "123456789012345678901234567890",
        "10000000000.000000000000000001",
        "1,5",
        "NaN",
        "Infinity",
        "0x10",
        "[1]",
        "{\"value\": 1}",
        "true",
    ] {
        let body = format!(r#"{{"customer_id": "{c}", "amount": {amount}}}"#);
        let res = w.send(&w.dist_key, ("POST", ADJUST), &body, &[]).await;
        assert_eq!(
            (res.0, refusal(&res).1),
            (StatusCode::BAD_REQUEST, "CBC.0100"),
            "{amount}: {}",
            res.1
        );
    }
    // Two amounts: neither is taken.
    let twice = format!(r#"{{"customer_id": "{c}", "amount": 1, "amount": 5000}}"#);
    let res = w.send(&w.dist_key, ("POST", ADJUST), &twice, &[]).await;
    assert_eq!(res.0, StatusCode::BAD_REQUEST, "{}", res.1);
    assert_eq!(w.balance(&w.dist_key, None).await, expected);
    assert_conserved(&pool).await;
}

/// A coupon recalled by many requests at once returns its balance to the quota once.
#[sqlx::test]
async fn a_coupon_recalled_many_times_at_once_returns_once(pool: PgPool) {
    let w = World::new(pool.clone()).await;
    let dist = call_as(&w.app, ActorKind::PartnerMain, w.dist).await;
    let issued = partner_centre::coupons::issue::apply(&dist, &terms(w.cash_quota, "100", &[w.c2]))
        .await
        .unwrap();
    let coupon = issued.lines[0].made_id.clone().unwrap();
    assert_eq!(quota_balance_of(&pool, w.cash_quota).await, yuan("1900"));
    let recalls = (0..8).map(|_| {
        let (call, coupon) = (dist.clone(), coupon.clone());
        tokio::spawn(async move { partner_centre::coupons::service::recall(&call, &coupon).await })
    });
    let mut done = 0;
    for r in futures::future::join_all(recalls).await {
        match r.unwrap() {
            Ok(()) => done += 1,
            Err(AppError::Rule {
                rule: Rule::NotAllowedNow,
                ..
            }) => {}
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(done, 1);
    assert_eq!(quota_balance_of(&pool, w.cash_quota).await, yuan("2000"));
    assert_conserved(&pool).await;
}

/// The expiry job and a recall racing over one cash coupon: it ends once, and its balance
/// returns to the quota once, whichever wins.
#[sqlx::test]
async fn expiry_racing_a_recall_returns_a_cash_coupon_once(pool: PgPool) {
    let w = World::new(pool.clone()).await;
    let dist = call_as(&w.app, ActorKind::PartnerMain, w.dist).await;
    let mut coupons = vec![];
    for _ in 0..6 {
        let issued =
            partner_centre::coupons::issue::apply(&dist, &terms(w.cash_quota, "50", &[w.c1, w.c2]))
                .await
                .unwrap();
        coupons.extend(issued.lines.into_iter().filter_map(|l| l.made_id));
    }
    assert_eq!(quota_balance_of(&pool, w.cash_quota).await, yuan("1400"));
    let later = w.app.clock.now() + Duration::days(400);
    let expiry = tokio::spawn({
        let pool = pool.clone();
        async move { partner_centre::coupons::expiry::expire_due(&pool, later).await }
    });
    let recalls: Vec<_> = coupons
        .iter()
        .map(|coupon| {
            let (call, coupon) = (dist.clone(), coupon.clone());
            tokio::spawn(
                async move { partner_centre::coupons::service::recall(&call, &coupon).await },
            )
        })
        .collect();
    let expired = expiry.await.unwrap().unwrap();
    let recalled = futures::future::join_all(recalls)
        .await
        .into_iter()
        .filter(|r| matches!(r, Ok(Ok(()))))
        .count();
    assert_eq!(expired + recalled, coupons.len(), "each coupon ended once");
    assert_eq!(quota_balance_of(&pool, w.cash_quota).await, yuan("2000"));
    assert_conserved(&pool).await;
}

/// A reseller quota named twice in one reclaim, or reclaimed by two requests at once, returns
/// what it held to its parent once.
#[sqlx::test]
async fn a_reseller_quota_reclaimed_twice_returns_once(pool: PgPool) {
    let w = World::new(pool.clone()).await;
    let granted = w
        .post(
            &w.dist_key,
            GRANT_QUOTAS,
            json!({"quota_id": w.voucher_quota, "indirect_partner_ids": [w.reseller], "quota_amount": 300}),
        )
        .await;
    let child = granted.1["simple_quota_infos"][0]["quota_id"]
        .as_str()
        .unwrap_or_else(|| panic!("{}", granted.1))
        .to_string();
    assert_eq!(quota_balance_of(&pool, w.voucher_quota).await, yuan("4700"));
    let twice = w
        .post(
            &w.dist_key,
            RECLAIM_QUOTAS,
            json!({"quota_ids": [child, child.to_uppercase()]}),
        )
        .await;
    assert_eq!(twice.0, StatusCode::OK, "{}", twice.1);
    let again = futures::future::join(
        w.post(&w.dist_key, RECLAIM_QUOTAS, json!({"quota_ids": [child]})),
        w.post(&w.dist_key, RECLAIM_QUOTAS, json!({"quota_ids": [child]})),
    )
    .await;
    for answer in [&again.0, &again.1] {
        assert_eq!(answer.0, StatusCode::OK, "{}", answer.1);
        assert_eq!(
            dec(&answer.1["simple_quota_infos"][0]["quota_balance"]),
            yuan("0")
        );
    }
    assert_eq!(quota_balance_of(&pool, w.voucher_quota).await, yuan("5000"));
    assert_conserved(&pool).await;
}

/// Under /v2 and /v3 every path answers JSON, trailing slashes and odd methods included.
#[sqlx::test]
async fn the_api_answers_json_for_odd_paths_and_methods(pool: PgPool) {
    let w = World::new(pool.clone()).await;
    let mut client = w.app.client();
    for (method, path, status) in [
        ("GET", "/v2/", StatusCode::NOT_FOUND),
        ("GET", "/v3/", StatusCode::NOT_FOUND),
        ("GET", "/v2//accounts", StatusCode::NOT_FOUND),
        (
            "POST",
            "/v2/accounts/partner-accounts/adjust-amount/",
            StatusCode::NOT_FOUND,
        ),
        ("OPTIONS", ADJUST, StatusCode::METHOD_NOT_ALLOWED),
        (
            "DELETE",
            "/v3/accounts/partner-accounts/adjust-records",
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (
            "PATCH",
            "/v2/promotions/benefits/partner-coupons",
            StatusCode::METHOD_NOT_ALLOWED,
        ),
    ] {
        let req = axum::http::Request::builder()
            .method(method)
            .uri(path)
            .body(axum::body::Body::empty())
            .unwrap();
        let res = client.send(req).await;
        assert_eq!(res.status, status, "{method} {path}: {}", res.body);
        let json: serde_json::Value = serde_json::from_str(&res.body)
            .unwrap_or_else(|_| panic!("{method} {path}: not JSON: {}", res.body));
        assert!(json["error_code"].is_string(), "{method} {path}: {json}");
    }
}

/// The money exports neutralise what customers and issuers wrote (a display name, a memo) so
/// that no cell starts a formula, and a customer manager's exports hold its customers only.
#[sqlx::test]
async fn money_exports_start_no_formula_and_keep_to_the_managers_customers(pool: PgPool) {
    let w = World::new(pool.clone()).await;
    for (c, name) in [
        (w.c1, "+cmd|' /C calc'!A0"),
        (w.c2, "=HYPERLINK(\"http://evil.example\",\"click\")"),
    ] {
        sqlx::query("update customers set display_name = $2 where id = $1")
            .bind(c)
            .bind(name)
            .execute(&pool)
            .await
            .unwrap();
    }
    for (c, memo) in [(w.c1, "@SUM(1+1)"), (w.c2, "-2+3")] {
        let moved = w
            .post(&w.dist_key, ADJUST, json!({"customer_id": c, "amount": 10}))
            .await;
        assert_eq!(moved.0, StatusCode::OK, "{}", moved.1);
        let issued = w
            .post(
                &w.dist_key,
                COUPONS,
                json!({"quota_id": w.cash_quota, "customer_ids": [c], "face_value": 5, "memo": memo}),
            )
            .await;
        assert_eq!(issued.0, StatusCode::OK, "{}", issued.1);
    }
    let exports = [
        "/partner/funds/records.csv",
        "/partner/coupons/issued.csv",
        "/partner/coupons/records.csv",
    ];
    let mut main = w.app.client();
    assert_eq!(main.sign_in_partner("huadong").await.status, StatusCode::OK);
    let mut mgr = w.app.client();
    assert_eq!(
        mgr.sign_in_member("huadong", "mgr").await.status,
        StatusCode::OK
    );
    for path in exports {
        // Unmasked (the main account holds the item): the customers' words are checked whole.
        let all = main.get(&format!("{path}?unmask=1")).await;
        assert_eq!(all.status, StatusCode::OK, "{path}: {}", all.body);
        let mut reader =
            csv::Reader::from_reader(all.body.trim_start_matches('\u{feff}').as_bytes());
        let mut cells = 0;
        for row in reader.records() {
            for cell in row.unwrap().iter() {
                cells += 1;
                if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                    assert!(
                        cell.parse::<rust_decimal::Decimal>().is_ok(),
                        "{path}: a cell starts a formula: {cell:?}"
                    );
                }
            }
        }
        assert!(cells > 0, "{path}: empty export");
        // The customers' own words are there, neutralised (in the exports that carry them).
        if path.contains("issued") || path.contains("coupons/records") {
            assert!(
                all.body.contains("'@SUM(1+1)") && all.body.contains("'-2+3"),
                "{path}: {}",
                all.body
            );
        } else {
            assert!(all.body.contains("'=HYPERLINK"), "{path}: {}", all.body);
        }
        let own = mgr.get(path).await;
        assert_eq!(own.status, StatusCode::OK, "{path}: {}", own.body);
        assert!(own.body.contains(&w.c1.to_string()), "{path}: {}", own.body);
        assert!(
            !own.body.contains(&w.c2.to_string()),
            "{path}: {}",
            own.body
        );
    }
}

/// A batch that holds the partner's account meets a single allocation that has just opened a
/// new customer's account and waits for the partner's: the two wait on each other, and the
/// database ends one of them. That one is refused as busy (a line of the batch, or the single
/// allocation), never a server error that throws the whole batch away.
#[sqlx::test]
async fn a_batch_and_an_allocation_waiting_on_each_other_answer_busy(pool: PgPool) {
    use partner_centre::funds::rules::{Direction, Refusal};
    let w = World::new(pool.clone()).await;
    let dist = call_as(&w.app, ActorKind::PartnerMain, w.dist).await;
    let one = |c: Uuid, amount: &'static str| {
        let call = dist.clone();
        async move {
            partner_centre::funds::service::move_one(
                &call,
                TransferKind::Allocate,
                &c.to_string(),
                Money::parse(amount).unwrap(),
            )
            .await
        }
    };
    // c1's account exists; c2's is made by whichever movement reaches it first.
    one(w.c1, "1").await.unwrap();

    // The batch has moved money to c1 (it holds the partner's account); its audit record waits.
    let mut hold = pool.begin().await.unwrap();
    sqlx::query("lock table audit_log in share mode")
        .execute(&mut *hold)
        .await
        .unwrap();
    let batch = tokio::spawn({
        let (call, customers) = (dist.clone(), vec![w.c1.to_string(), w.c2.to_string()]);
        async move {
            partner_centre::funds::batch::apply(
                &call,
                Direction::Allocate,
                Money::parse("10").unwrap(),
                &customers,
            )
            .await
        }
    });
    lock_waiters(&pool, 1).await;
    // A single allocation opens c2's account, then waits for the partner's.
    let single = tokio::spawn(one(w.c2, "5"));
    lock_waiters(&pool, 2).await;
    hold.commit().await.unwrap();

    let batch = batch.await.unwrap();
    let single = single.await.unwrap();
    let batch = batch.unwrap_or_else(|e| panic!("the batch failed as a whole: {e:?}"));
    assert!(batch.lines[0].trans_id.is_some(), "{:?}", batch.lines);
    match (&batch.lines[1].refusal, &single) {
        (Some(Refusal::Busy), Ok(_))
        | (
            None,
            Err(AppError::Rule {
                rule: Rule::Busy, ..
            }),
        ) => {}
        other => panic!("one of them is busy, the other applied: {other:?}"),
    }
    assert_conserved(&pool).await;
}
