//! Funds: allocating and reclaiming through the portal's server functions, with their records,
//! their refusals (each changing nothing), one operation at a time per account, batches, scope,
//! distributors and resellers, and money on disassociation.

use crate::harness::*;
use crate::ledger::*;
use axum::http::StatusCode;
use partner_centre::core::error::{AppError, Rule};
use partner_centre::funds::{
    ApplyFundBatch, BalancePage, Batch, MoveCustomerFunds, MoveResellerFunds, MyBalance,
    PreviewFundBatch, TransferDone,
};
use sqlx::PgPool;
use uuid::Uuid;

async fn move_funds(
    c: &mut Client<'_>,
    direction: &str,
    customer: Uuid,
    amount: &str,
) -> TestResponse {
    c.call::<MoveCustomerFunds>(&[
        ("direction", direction),
        ("customer", &customer.to_string()),
        ("amount", amount),
    ])
    .await
}

fn rule(res: &TestResponse) -> Option<Rule> {
    match res.app_error() {
        AppError::Rule { rule, .. } => Some(rule),
        _ => None,
    }
}

/// A funded partner `acme` with resale and consulting customers, signed in.
struct Shop {
    partner: Uuid,
    resale: Vec<Uuid>,
    consulting: Uuid,
}

async fn shop(app: &TestApp, pool: &PgPool, funds: &str) -> Shop {
    let partner = partner(pool, "acme", "solution_provider", None).await;
    let mut resale = vec![];
    for i in 0..3 {
        let c = customer(pool, &format!("buyer-{i}")).await;
        associate(pool, c, partner, "resale", None).await;
        resale.push(c);
    }
    let consulting = customer(pool, "adviser").await;
    associate(pool, consulting, partner, "consulting", None).await;
    top_up(app, pool, partner, funds).await;
    Shop {
        partner,
        resale,
        consulting,
    }
}

#[sqlx::test]
async fn allocations_and_reclaims_move_the_exact_amount_with_their_records(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let s = shop(&app, &pool, "1000").await;
    let mut c = app.client();
    c.sign_in_partner("acme").await;
    let res = move_funds(&mut c, "allocate", s.resale[0], "250.50").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let done: TransferDone = serde_json::from_str(&res.body).unwrap();
    assert_eq!(done.trans_id.len(), 24);
    assert_eq!(done.partner_balance, dec("749.50"));
    assert_eq!(
        customer_balance(&pool, s.resale[0]).await,
        (dec("250.50"), dec("0"))
    );
    let res = move_funds(&mut c, "reclaim", s.resale[0], "50").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(partner_balance(&pool, s.partner).await, dec("799.50"));
    assert_eq!(audit_count(&pool, "funds.allocate").await, 1);
    assert_eq!(audit_count(&pool, "funds.reclaim").await, 1);
    // The customer sees its balance and each movement at once.
    let mut me = app.client();
    me.sign_in_customer("buyer-0").await;
    let page: BalancePage = serde_json::from_str(&me.call::<MyBalance>(&[]).await.body).unwrap();
    assert_eq!(page.account.balance, dec("200.50"));
    assert_eq!(page.entries.rows.len(), 2);
    assert_eq!(page.entries.rows[0].change, dec("-50"));
    assert_eq!(page.entries.rows[0].counterpart.as_deref(), Some("acme"));
    assert_conserved(&pool).await;
}

#[sqlx::test]
async fn bad_requests_are_refused_with_their_reason_and_change_nothing(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let s = shop(&app, &pool, "100").await;
    let other = partner(&pool, "other", "solution_provider", None).await;
    let theirs = customer(&pool, "theirs").await;
    associate(&pool, theirs, other, "resale", None).await;
    let mut c = app.client();
    c.sign_in_partner("acme").await;
    let before = audit_count(&pool, "funds.allocate").await;
    let mine = s.resale[0].to_string();
    let long = "a".repeat(65);
    // (direction, customer, amount, what the refusal must be)
    type Case<'a> = (&'a str, &'a str, &'a str, fn(&AppError) -> bool);
    let cases: Vec<Case> = vec![
        ("allocate", &mine, "0", |e| {
            e.field_message("amount", Default::default()).is_some()
        }),
        ("allocate", &mine, "-1", |e| {
            e.field_message("amount", Default::default()).is_some()
        }),
        ("allocate", &mine, "0.001", |e| {
            e.field_message("amount", Default::default()).is_some()
        }),
        ("allocate", &mine, "1e20", |e| {
            e.field_message("amount", Default::default()).is_some()
        }),
        ("allocate", &mine, "abc", |e| {
            e.field_message("amount", Default::default()).is_some()
        }),
        ("allocate", &mine, "", |e| {
            e.field_message("amount", Default::default()).is_some()
        }),
        ("allocate", &mine, "100000000000", |e| {
            e.field_message("amount", Default::default()).is_some()
        }),
        ("allocate", &long, "1", |e| *e == AppError::NotFound),
        ("allocate", "", "1", |e| *e == AppError::NotFound),
        ("sideways", &mine, "1", |e| {
            e.field_message("direction", Default::default()).is_some()
        }),
        ("allocate", &mine, "100.01", |e| {
            matches!(
                e,
                AppError::Rule {
                    rule: Rule::InsufficientBalance,
                    ..
                }
            )
        }),
        ("reclaim", &mine, "0.01", |e| {
            matches!(
                e,
                AppError::Rule {
                    rule: Rule::InsufficientBalance,
                    ..
                }
            )
        }),
    ];
    for (direction, customer, amount, expected) in cases {
        let res = c
            .call::<MoveCustomerFunds>(&[
                ("direction", direction),
                ("customer", customer),
                ("amount", amount),
            ])
            .await;
        assert!(
            res.status.is_client_error(),
            "{direction} {customer} {amount}: {}",
            res.status
        );
        assert!(
            expected(&res.app_error()),
            "{direction} {customer} {amount}: {}",
            res.body
        );
    }
    // Another partner's customer is not found; a consulting customer is refused by rule.
    let res = move_funds(&mut c, "allocate", theirs, "1").await;
    assert_eq!(res.app_error(), AppError::NotFound);
    let res = move_funds(&mut c, "allocate", s.consulting, "1").await;
    assert_eq!(rule(&res), Some(Rule::NotResale));
    assert_eq!(partner_balance(&pool, s.partner).await, dec("100"));
    assert_eq!(audit_count(&pool, "funds.allocate").await, before);
    assert_conserved(&pool).await;
}

#[sqlx::test]
async fn a_second_operation_on_a_busy_account_is_refused_not_queued(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let s = shop(&app, &pool, "100").await;
    let mut c = app.client();
    c.sign_in_partner("acme").await;
    assert_eq!(
        move_funds(&mut c, "allocate", s.resale[0], "10")
            .await
            .status,
        StatusCode::OK
    );
    // Another operation holds the customer's account.
    let mut holder = pool.begin().await.unwrap();
    sqlx::query("select 1 from customer_accounts where customer_id = $1 for update")
        .bind(s.resale[0])
        .execute(&mut *holder)
        .await
        .unwrap();
    let res = move_funds(&mut c, "allocate", s.resale[0], "10").await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(rule(&res), Some(Rule::Busy));
    // Other customers of the same partner are not held up.
    assert_eq!(
        move_funds(&mut c, "allocate", s.resale[1], "10")
            .await
            .status,
        StatusCode::OK
    );
    holder.rollback().await.unwrap();
    assert_eq!(customer_balance(&pool, s.resale[0]).await.0, dec("10"));
    assert_conserved(&pool).await;
}

#[sqlx::test]
async fn a_batch_previews_each_customer_then_applies_each_all_or_nothing(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let s = shop(&app, &pool, "100").await;
    let stranger = Uuid::new_v4();
    let mut c = app.client();
    c.sign_in_partner("acme").await;
    let ids: Vec<String> = [
        s.resale[0],
        s.consulting,
        stranger,
        s.resale[1],
        s.resale[2],
    ]
    .iter()
    .map(Uuid::to_string)
    .collect();
    let mut owned = vec![
        ("direction".to_string(), "allocate".to_string()),
        ("amount".into(), "40".into()),
    ];
    owned.extend(
        ids.iter()
            .enumerate()
            .map(|(i, id)| (format!("customers[{i}]"), id.clone())),
    );
    let fields: Vec<(&str, &str)> = owned
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let preview: Batch =
        serde_json::from_str(&c.call::<PreviewFundBatch>(&fields).await.body).unwrap();
    use partner_centre::funds::rules::Refusal;
    let refusals: Vec<Option<Refusal>> = preview.lines.iter().map(|l| l.refusal).collect();
    let expected = vec![
        None,
        Some(Refusal::NotResale),
        Some(Refusal::NotFound),
        None,
        Some(Refusal::PartnerBalance),
    ];
    assert_eq!(refusals, expected);
    assert_eq!(preview.partner_balance_after, dec("20"));
    assert_eq!(
        partner_balance(&pool, s.partner).await,
        dec("100"),
        "a preview writes nothing"
    );
    let res = c.call::<ApplyFundBatch>(&fields).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let applied: Batch = serde_json::from_str(&res.body).unwrap();
    assert_eq!(
        applied.lines.iter().map(|l| l.refusal).collect::<Vec<_>>(),
        expected
    );
    assert_eq!(applied.moved, dec("80"));
    assert!(applied.lines[0].trans_id.is_some() && applied.lines[4].trans_id.is_none());
    assert_eq!(partner_balance(&pool, s.partner).await, dec("20"));
    assert_eq!(customer_balance(&pool, s.resale[2]).await.0, dec("0"));
    // The result stays readable by its author only.
    let id = applied.id.clone().unwrap();
    let mut again = app.client();
    again.sign_in_partner("acme").await;
    let stored = again
        .call::<partner_centre::funds::FundBatch>(&[("id", &id)])
        .await;
    assert_eq!(stored.status, StatusCode::OK);
    member(&pool, s.partner, "fin", &["finance"]).await;
    let mut fin = app.client();
    fin.sign_in_member("acme", "fin").await;
    let theirs = fin
        .call::<partner_centre::funds::FundBatch>(&[("id", &id)])
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    assert_conserved(&pool).await;
}

#[sqlx::test]
async fn members_reach_only_what_their_items_and_scope_allow(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let s = shop(&app, &pool, "100").await;
    member(&pool, s.partner, "viewer", &["read_only"]).await;
    let manager = member(&pool, s.partner, "mgr", &["customer_manager"]).await;
    // A custom role giving a customer manager the item: its scope still bounds it.
    let role = custom_role(&pool, s.partner, "cm-funds", &["sales.funds.allocate"]).await;
    give_custom_role(&pool, manager, role).await;
    sqlx::query("update associations set manager_member_id = $1 where customer_id = $2")
        .bind(manager)
        .bind(s.resale[0])
        .execute(&pool)
        .await
        .unwrap();
    let mut viewer = app.client();
    viewer.sign_in_member("acme", "viewer").await;
    assert_eq!(
        move_funds(&mut viewer, "allocate", s.resale[0], "1")
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let mut mgr = app.client();
    mgr.sign_in_member("acme", "mgr").await;
    assert_eq!(
        move_funds(&mut mgr, "allocate", s.resale[0], "1")
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        move_funds(&mut mgr, "allocate", s.resale[1], "1")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        move_funds(&mut mgr, "reclaim", s.resale[0], "1")
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(partner_balance(&pool, s.partner).await, dec("99"));
    assert_conserved(&pool).await;
}

#[sqlx::test]
async fn a_distributor_funds_its_resellers_with_records_on_both_sides(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let dist = partner(&pool, "dist", "distributor", None).await;
    let mine = partner(&pool, "mine", "reseller", Some(dist)).await;
    let elsewhere_dist = partner(&pool, "dist2", "distributor", None).await;
    let theirs = partner(&pool, "theirs", "reseller", Some(elsewhere_dist)).await;
    top_up(&app, &pool, dist, "1000").await;
    let mut c = app.client();
    c.sign_in_partner("dist").await;
    for (direction, reseller, amount, status) in [
        ("allocate", mine, "300", StatusCode::OK),
        ("reclaim", mine, "100", StatusCode::OK),
        ("reclaim", mine, "200.01", StatusCode::BAD_REQUEST),
        ("allocate", theirs, "1", StatusCode::NOT_FOUND),
    ] {
        let res = c
            .call::<MoveResellerFunds>(&[
                ("direction", direction),
                ("reseller", &reseller.to_string()),
                ("amount", amount),
            ])
            .await;
        assert_eq!(res.status, status, "{direction} {amount}: {}", res.body);
    }
    assert_eq!(partner_balance(&pool, dist).await, dec("800"));
    assert_eq!(partner_balance(&pool, mine).await, dec("200"));
    assert_eq!(partner_balance(&pool, theirs).await, dec("0"));
    // Each side sees the movements in its own audit log.
    let reseller_side: i64 = sqlx::query_scalar(
        "select count(*) from audit_log where partner_id = $1 and action like 'funds.reseller%'",
    )
    .bind(mine)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(reseller_side, 2);
    // The reseller moves its own funds to its customers.
    let c1 = customer(&pool, "r-cust").await;
    associate(&pool, c1, mine, "resale", None).await;
    let mut r = app.client();
    r.sign_in_partner("mine").await;
    assert_eq!(
        move_funds(&mut r, "allocate", c1, "150").await.status,
        StatusCode::OK
    );
    // The distributor reads, never moves, its resellers' customers' money.
    assert_eq!(
        move_funds(&mut c, "reclaim", c1, "1").await.status,
        StatusCode::NOT_FOUND
    );
    assert_conserved(&pool).await;
}

#[sqlx::test]
async fn a_form_token_moves_money_once_however_often_it_is_sent(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let s = shop(&app, &pool, "100").await;
    let mut c = app.client();
    c.sign_in_partner("acme").await;
    let customer = s.resale[0].to_string();
    let fields = |amount: &'static str| {
        [
            ("direction", "allocate"),
            ("customer", customer.as_str()),
            ("amount", amount),
            ("token", "form-7f3a"),
        ]
    };
    let first = c.call::<MoveCustomerFunds>(&fields("30")).await;
    let again = c.call::<MoveCustomerFunds>(&fields("30")).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(
        first.body, again.body,
        "a retry is answered as the first time"
    );
    assert_eq!(partner_balance(&pool, s.partner).await, dec("70"));
    let other = c.call::<MoveCustomerFunds>(&fields("31")).await;
    assert!(matches!(
        other.app_error(),
        AppError::Rule {
            rule: Rule::TokenReused,
            ..
        }
    ));
    assert_eq!(partner_balance(&pool, s.partner).await, dec("70"));
    assert_conserved(&pool).await;
}
