//! Coupons: issuing to several customers in one action, recalls and their refusals, terms beyond
//! the quota, expiry (cash back to the quota, vouchers forfeited, idempotent with several
//! servers), quotas passed to resellers, the customer's own view, and money on disassociation.

use crate::harness::*;
use crate::ledger::*;
use axum::http::StatusCode;
use partner_centre::core::error::{AppError, Rule};
use partner_centre::coupons::{
    GrantResellerQuota, IssueBatch, IssueCoupons, IssueRefusal, ListMyCoupons, MyCoupons,
    PreviewCouponIssue, RecallCoupon, ReclaimResellerQuota,
};
use partner_centre::funds::MoveCustomerFunds;
use sqlx::PgPool;
use uuid::Uuid;

/// The form of an issue: `form[...]` fields and `form[customers][N]`.
fn issue_form(
    quota: Uuid,
    face: &str,
    customers: &[Uuid],
    extra: &[(&str, &str)],
) -> Vec<(String, String)> {
    let mut f = vec![
        ("form[quota]".to_string(), quota.to_string()),
        ("form[face_value]".to_string(), face.to_string()),
        (
            "form[remark]".to_string(),
            "Q4 campaign (internal)".to_string(),
        ),
    ];
    f.extend(
        customers
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("form[customers][{i}]"), c.to_string())),
    );
    f.extend(
        extra
            .iter()
            .map(|(k, v)| (format!("form[{k}]"), v.to_string())),
    );
    f
}

fn refs(f: &[(String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

async fn issue(c: &mut Client<'_>, form: &[(String, String)]) -> TestResponse {
    c.call::<IssueCoupons>(&refs(form)).await
}

fn made(batch: &IssueBatch) -> Vec<Uuid> {
    batch
        .lines
        .iter()
        .filter_map(|l| l.made_id.as_deref().and_then(|id| Uuid::parse_str(id).ok()))
        .collect()
}

struct Setup {
    partner: Uuid,
    voucher: Uuid,
    cash: Uuid,
    resale: Vec<Uuid>,
    consulting: Uuid,
}

async fn setup(app: &TestApp, pool: &PgPool) -> Setup {
    let partner = partner(pool, "acme", "solution_provider", None).await;
    let mut resale = vec![];
    for i in 0..4 {
        let c = customer(pool, &format!("holder-{i}")).await;
        associate(pool, c, partner, "resale", None).await;
        resale.push(c);
    }
    let consulting = customer(pool, "adviser").await;
    associate(pool, consulting, partner, "consulting", None).await;
    let voucher = grant_quota(app, pool, partner, "voucher", "250").await;
    let cash = grant_quota(app, pool, partner, "cash", "1000").await;
    Setup {
        partner,
        voucher,
        cash,
        resale,
        consulting,
    }
}

#[sqlx::test]
async fn one_issue_serves_many_customers_while_the_quota_lasts(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let s = setup(&app, &pool).await;
    let mut c = app.client();
    c.sign_in_partner("acme").await;
    let stranger = Uuid::new_v4();
    let customers = [
        s.resale[0],
        s.consulting,
        stranger,
        s.resale[1],
        s.resale[2],
        s.resale[3],
    ];
    let form = issue_form(s.voucher, "100", &customers, &[]);
    let preview: IssueBatch =
        serde_json::from_str(&c.call::<PreviewCouponIssue>(&refs(&form)).await.body).unwrap();
    let expected = vec![
        None,
        Some(IssueRefusal::NotResale),
        Some(IssueRefusal::NotFound),
        None,
        Some(IssueRefusal::Quota),
        Some(IssueRefusal::Quota),
    ];
    assert_eq!(
        preview.lines.iter().map(|l| l.refusal).collect::<Vec<_>>(),
        expected
    );
    assert_eq!(
        quota_balance(&pool, s.voucher).await,
        dec("250"),
        "a preview writes nothing"
    );
    let res = issue(&mut c, &form).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let batch: IssueBatch = serde_json::from_str(&res.body).unwrap();
    assert_eq!(
        batch.lines.iter().map(|l| l.refusal).collect::<Vec<_>>(),
        expected
    );
    assert_eq!(made(&batch).len(), 2);
    assert_eq!(quota_balance(&pool, s.voucher).await, dec("50"));
    // Each customer has its own coupon; refusals are operation records with their reason.
    let owners: Vec<Uuid> =
        sqlx::query_scalar("select customer_id from coupons order by issued_at, customer_id")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(owners.len(), 2);
    let failures: i64 = sqlx::query_scalar("select count(*) from coupon_records where not success")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(failures, 4);
    assert_eq!(
        audit_count(&pool, "coupon.issue").await,
        3,
        "one per coupon and one for the action"
    );
    // The customer sees its coupon, never the issuer's remark.
    let mut me = app.client();
    me.sign_in_customer("holder-0").await;
    let res = me.call::<ListMyCoupons>(&[]).await;
    assert!(!res.body.contains("Q4 campaign"));
    let mine: MyCoupons = serde_json::from_str(&res.body).unwrap();
    assert_eq!(mine.vouchers.len(), 1);
    assert_eq!(mine.vouchers[0].balance, dec("100"));
    assert_eq!(mine.vouchers[0].history[0].what, "issue");
    assert_conserved(&pool).await;
}

#[sqlx::test]
async fn terms_beyond_the_quota_are_refused_field_by_field(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let s = setup(&app, &pool).await;
    let mut c = app.client();
    c.sign_in_partner("acme").await;
    let today = partner_centre::core::time::Day::of(app.clock.now());
    let far = (today.date() + chrono::Duration::days(400)).to_string();
    let long_ago = "2001-01-01".to_string();
    let eleven = (0..11)
        .map(|i| format!("p{i}"))
        .collect::<Vec<_>>()
        .join(",");
    for (field, value) in [
        ("valid_until", far.as_str()),
        ("valid_from", long_ago.as_str()),
        ("products", eleven.as_str()),
        ("service_types", "bad code!"),
        ("min_order_amount", "-5"),
    ] {
        let form = issue_form(s.cash, "10", &[s.resale[0]], &[(field, value)]);
        let res = issue(&mut c, &form).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{field}: {}", res.body);
        assert!(
            res.app_error()
                .field_message(field, Default::default())
                .is_some(),
            "{field}: {}",
            res.body
        );
    }
    for face in ["0", "0.001", "abc", "1e3"] {
        let res = issue(&mut c, &issue_form(s.cash, face, &[s.resale[0]], &[])).await;
        assert!(
            res.app_error()
                .field_message("face_value", Default::default())
                .is_some(),
            "{face}"
        );
    }
    let too_many: Vec<Uuid> = (0..101).map(|_| Uuid::new_v4()).collect();
    let res = issue(&mut c, &issue_form(s.cash, "1", &too_many, &[])).await;
    assert!(res
        .app_error()
        .field_message("customers", Default::default())
        .is_some());
    // Another partner's quota is not found.
    let other = partner(&pool, "other", "solution_provider", None).await;
    let theirs = grant_quota(&app, &pool, other, "voucher", "100").await;
    let res = issue(&mut c, &issue_form(theirs, "1", &[s.resale[0]], &[])).await;
    assert_eq!(res.app_error(), AppError::NotFound);
    let none: i64 = sqlx::query_scalar("select count(*) from coupons")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(none, 0);
    assert_conserved(&pool).await;
}

#[sqlx::test]
async fn a_recall_returns_the_whole_balance_and_refuses_ended_coupons(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let s = setup(&app, &pool).await;
    let mut c = app.client();
    c.sign_in_partner("acme").await;
    let batch: IssueBatch = serde_json::from_str(
        &issue(&mut c, &issue_form(s.cash, "100", &s.resale[..3], &[]))
            .await
            .body,
    )
    .unwrap();
    let ids = made(&batch);
    assert_eq!(quota_balance(&pool, s.cash).await, dec("700"));
    // One coupon is partly spent, one wholly.
    let mut tx = pool.begin().await.unwrap();
    let m = |v: &str| partner_centre::core::money::Money::parse(v).unwrap();
    partner_centre::coupons::service::draw(&mut tx, ids[0], m("30"), "order 1", app.clock.now())
        .await
        .unwrap();
    partner_centre::coupons::service::draw(&mut tx, ids[1], m("100"), "order 2", app.clock.now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let recall = |id: Uuid| vec![("coupon".to_string(), id.to_string())];
    assert_eq!(
        c.call::<RecallCoupon>(&refs(&recall(ids[0]))).await.status,
        StatusCode::OK
    );
    assert_eq!(quota_balance(&pool, s.cash).await, dec("770"));
    for (id, why) in [(ids[0], "recalled"), (ids[1], "used")] {
        let res = c.call::<RecallCoupon>(&refs(&recall(id))).await;
        assert!(
            matches!(
                res.app_error(),
                AppError::Rule {
                    rule: Rule::NotAllowedNow,
                    ..
                }
            ),
            "{why}"
        );
    }
    // Past its end a coupon is expired, even before the job marks it.
    app.clock.advance(chrono::Duration::days(120));
    let res = c.call::<RecallCoupon>(&refs(&recall(ids[2]))).await;
    assert!(matches!(
        res.app_error(),
        AppError::Rule {
            rule: Rule::NotAllowedNow,
            ..
        }
    ));
    // Another partner cannot recall it at all.
    partner(&pool, "other", "solution_provider", None).await;
    let mut o = app.client();
    o.sign_in_partner("other").await;
    assert_eq!(
        o.call::<RecallCoupon>(&refs(&recall(ids[2]))).await.status,
        StatusCode::NOT_FOUND
    );
    assert_conserved(&pool).await;
}

#[sqlx::test]
async fn expiry_returns_cash_coupons_forfeits_vouchers_and_runs_once(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let s = setup(&app, &pool).await;
    let mut c = app.client();
    c.sign_in_partner("acme").await;
    let two = &s.resale[..2];
    issue(&mut c, &issue_form(s.cash, "100", two, &[])).await;
    issue(&mut c, &issue_form(s.voucher, "100", two, &[])).await;
    let later = app.clock.now() + chrono::Duration::days(120);
    // Two servers' jobs at once: each coupon is expired by exactly one of them.
    let (a, b) = tokio::join!(
        partner_centre::coupons::expiry::expire_due(&pool, later),
        partner_centre::coupons::expiry::expire_due(&pool, later)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 4);
    assert_eq!(
        partner_centre::coupons::expiry::expire_due(&pool, later)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        quota_balance(&pool, s.cash).await,
        dec("1000"),
        "cash coupons return"
    );
    assert_eq!(
        quota_balance(&pool, s.voucher).await,
        dec("50"),
        "vouchers are forfeited"
    );
    assert_eq!(audit_count(&pool, "coupon.expire").await, 4);
    let system: i64 = sqlx::query_scalar(
        "select count(*) from audit_log where actor_kind = 'system' and partner_id = $1",
    )
    .bind(s.partner)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(system, 4);
    assert_conserved(&pool).await;
}

#[sqlx::test]
async fn a_distributor_grants_quota_to_its_resellers_and_reclaims_it(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let dist = partner(&pool, "dist", "distributor", None).await;
    let r1 = partner(&pool, "r1", "reseller", Some(dist)).await;
    let r2 = partner(&pool, "r2", "reseller", Some(dist)).await;
    let other = partner(&pool, "other-dist", "distributor", None).await;
    let stray = partner(&pool, "stray", "reseller", Some(other)).await;
    let parent = grant_quota(&app, &pool, dist, "voucher", "500").await;
    let mut c = app.client();
    c.sign_in_partner("dist").await;
    let mut f = vec![
        ("quota".to_string(), parent.to_string()),
        ("amount".to_string(), "200".to_string()),
    ];
    for (i, r) in [r1, stray, r2].iter().enumerate() {
        f.push((format!("resellers[{i}]"), r.to_string()));
    }
    let res = c.call::<GrantResellerQuota>(&refs(&f)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let batch: IssueBatch = serde_json::from_str(&res.body).unwrap();
    assert_eq!(
        batch.lines.iter().map(|l| l.refusal).collect::<Vec<_>>(),
        vec![None, Some(IssueRefusal::NotFound), None]
    );
    assert_eq!(quota_balance(&pool, parent).await, dec("100"));
    let child = Uuid::parse_str(batch.lines[0].made_id.as_deref().unwrap()).unwrap();
    // The reseller issues from its quota to its own customer.
    let cust = customer(&pool, "r1-cust").await;
    associate(&pool, cust, r1, "resale", None).await;
    let mut r = app.client();
    r.sign_in_partner("r1").await;
    assert_eq!(
        issue(&mut r, &issue_form(child, "50", &[cust], &[]))
            .await
            .status,
        StatusCode::OK
    );
    // The distributor takes back what is left; the quota issues no more.
    let back = c
        .call::<ReclaimResellerQuota>(&[("quota", &child.to_string()), ("remark", "year end")])
        .await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.body);
    assert_eq!(quota_balance(&pool, parent).await, dec("250"));
    assert_eq!(quota_balance(&pool, child).await, dec("0"));
    let res = issue(&mut r, &issue_form(child, "1", &[cust], &[])).await;
    assert!(matches!(
        res.app_error(),
        AppError::Rule {
            rule: Rule::NotAllowedNow,
            ..
        }
    ));
    // A quota the distributor holds itself is no reseller's: nothing to reclaim.
    let theirs = c
        .call::<ReclaimResellerQuota>(&[("quota", &parent.to_string())])
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    assert_conserved(&pool).await;
}

#[sqlx::test]
async fn leaving_returns_the_balance_and_recalls_coupons_and_debt_blocks_it(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let s = setup(&app, &pool).await;
    top_up(&app, &pool, s.partner, "500").await;
    let mut c = app.client();
    c.sign_in_partner("acme").await;
    for (who, amount) in [(s.resale[0], "120"), (s.resale[1], "80")] {
        let res = c
            .call::<MoveCustomerFunds>(&[
                ("direction", "allocate"),
                ("customer", &who.to_string()),
                ("amount", amount),
            ])
            .await;
        assert_eq!(res.status, StatusCode::OK);
    }
    issue(&mut c, &issue_form(s.cash, "100", &s.resale[..2], &[])).await;
    // resale[1] spends beyond its balance and owes 20.
    let mut tx = pool.begin().await.unwrap();
    let who = partner_centre::audit::service::AuditActor {
        kind: partner_centre::core::viewer::ActorKind::System,
        id: None,
        name: "consumption".into(),
        partner_id: None,
    };
    let amount = partner_centre::core::money::Money::parse("100").unwrap();
    partner_centre::funds::service::charge(
        &mut tx,
        &who,
        s.resale[1],
        amount,
        "usage",
        app.clock.now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    use partner_centre::association::{AnswerDisassociation, PartnerRequestDisassociation};
    // The partner cannot even ask to part with a customer in debt.
    let res = c
        .call::<PartnerRequestDisassociation>(&[("customer", &s.resale[1].to_string())])
        .await;
    assert!(
        matches!(
            res.app_error(),
            AppError::Rule {
                rule: Rule::NotAllowedNow,
                ..
            }
        ),
        "{}",
        res.body
    );
    // The debt-free customer leaves: its balance returns, its usable coupons are recalled.
    let res = c
        .call::<PartnerRequestDisassociation>(&[("customer", &s.resale[0].to_string())])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let request: Uuid =
        sqlx::query_scalar("select id from disassociation_requests where customer_id = $1")
            .bind(s.resale[0])
            .fetch_one(&pool)
            .await
            .unwrap();
    let mut leaver = app.client();
    leaver.sign_in_customer("holder-0").await;
    let res = leaver
        .call::<AnswerDisassociation>(&[("request", &request.to_string()), ("decision", "confirm")])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(customer_balance(&pool, s.resale[0]).await.0, dec("0"));
    assert_eq!(partner_balance(&pool, s.partner).await, dec("420"));
    assert_eq!(quota_balance(&pool, s.cash).await, dec("900"));
    let unbind: i64 =
        sqlx::query_scalar("select count(*) from fund_transfers where kind = 'unbind_return'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(unbind, 1);
    assert_eq!(audit_count(&pool, "coupon.unbind_recall").await, 1);
    // An allocation pays the debt first; then the customer may go.
    let res = c
        .call::<MoveCustomerFunds>(&[
            ("direction", "allocate"),
            ("customer", &s.resale[1].to_string()),
            ("amount", "25"),
        ])
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        customer_balance(&pool, s.resale[1]).await,
        (dec("5"), dec("0"))
    );
    let res = c
        .call::<PartnerRequestDisassociation>(&[("customer", &s.resale[1].to_string())])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_conserved(&pool).await;
}

#[sqlx::test]
async fn the_operator_lists_every_quota_and_a_double_submitted_grant_grants_once(pool: PgPool) {
    use partner_centre::coupons::{GrantQuota, OperatorQuotas, QuotaView};
    let app = TestApp::new(pool.clone()).await;
    let (a, b) = (
        partner(&pool, "acme", "solution_provider", None).await,
        partner(&pool, "bolt", "solution_provider", None).await,
    );
    grant_quota(&app, &pool, a, "voucher", "100").await;
    let mut op = operator_client(&app, &pool).await;
    let today = partner_centre::core::time::Day::of(app.clock.now());
    let until = (today.date() + chrono::Duration::days(30)).to_string();
    let form = [
        ("form[partner]", b.to_string()),
        ("form[kind]", "cash".to_string()),
        ("form[amount]", "250".to_string()),
        ("form[valid_from]", today.to_string()),
        ("form[valid_until]", until),
        ("token", "quota-form-1".to_string()),
    ];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    for _ in 0..2 {
        assert_eq!(op.call::<GrantQuota>(&form).await.status, StatusCode::OK);
    }
    let res = op.call::<OperatorQuotas>(&[]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let quotas: Vec<QuotaView> = serde_json::from_str(&res.body).unwrap();
    let held = |name: &str| {
        quotas
            .iter()
            .filter(|q| q.holder.as_deref() == Some(name))
            .count()
    };
    assert_eq!(
        (held("acme"), held("bolt")),
        (1, 1),
        "the grant applied once"
    );
    // A field error names the field inside form[…].
    let bad: Vec<(&str, &str)> = form
        .iter()
        .map(|&(k, v)| match k {
            "form[amount]" => (k, "1.001"),
            "token" => (k, "quota-form-2"),
            _ => (k, v),
        })
        .collect();
    let refused = op.call::<GrantQuota>(&bad).await.app_error();
    assert!(refused
        .field_message("amount", Default::default())
        .is_some());
    // Partners see their own quotas only, never the operator's list.
    let mut c = app.client();
    c.sign_in_partner("acme").await;
    assert_eq!(
        c.call::<OperatorQuotas>(&[]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_conserved(&pool).await;
}
