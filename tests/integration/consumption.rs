//! Consumption: loads (idempotent, whole or nothing, sums exact under concurrent overlapping
//! loads), who sees which records (the partner associated at the trade time, a customer manager
//! from its assignment, a supervisor's chosen manager), the one-year span, the customer's own
//! bills, and the three API operations.

use crate::harness::*;
use crate::money_api::{dec, refusal, World};
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use partner_centre::audit::service::AuditActor;
use partner_centre::consumption::load::{load, Loader};
use partner_centre::consumption::rules::NewRecord;
use partner_centre::consumption::{
    ChargeMode, ConsumptionSummary, Figures, LoadMyBills, MyBills, SummaryPage,
};
use partner_centre::core::error::{AppError, Rule};
use partner_centre::core::time::{BillingCycle, Day};
use partner_centre::core::viewer::ActorKind;
use rust_decimal::Decimal;
use sqlx::PgPool;
use uuid::Uuid;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn cycle(at: DateTime<Utc>) -> String {
    BillingCycle::of(Day::of(at)).to_string()
}

/// A record of `list` 元 with a 10 % discount, paid in cash.
pub fn rec(id: &str, customer: Uuid, at: DateTime<Utc>, list: &str) -> NewRecord {
    let list = d(list);
    let discount = (list / Decimal::TEN).round_dp(2);
    NewRecord {
        record_id: id.into(),
        customer_id: customer,
        trade_time: at,
        service_type: "hws.service.type.ec2".into(),
        resource_type: "hws.resource.type.vm".into(),
        resource_id: format!("vm-{id}"),
        region: "cn-north-4".into(),
        charge_mode: ChargeMode::OnDemand,
        usage: d("1"),
        usage_unit: "hour".into(),
        list,
        discount,
        coupon: Decimal::ZERO,
        cash: list - discount,
        debt: Decimal::ZERO,
    }
}

pub fn loader() -> Loader {
    Loader {
        who: AuditActor {
            kind: ActorKind::System,
            id: None,
            name: "test".into(),
            partner_id: None,
        },
        source: None,
        kind: "generated",
        file_name: None,
        tracked: None,
    }
}

pub async fn put(app: &TestApp, records: Vec<NewRecord>) -> u64 {
    let lines = records
        .into_iter()
        .enumerate()
        .map(|(i, r)| (i as u64 + 2, r))
        .collect();
    let (_, report) = load(&app.state.pool, &loader(), lines, app.clock.now())
        .await
        .unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    report.added
}

/// Moves every association's start (and a manager's assignment) `days` back.
async fn backdate(pool: &PgPool, days: i64) {
    sqlx::query(
        "update associations set associated_at = associated_at - make_interval(days => $1::int),
                manager_assigned_at = manager_assigned_at - make_interval(days => $1::int)",
    )
    .bind(days as i32)
    .execute(pool)
    .await
    .unwrap();
}

pub async fn summary(c: &mut Client<'_>, fields: &[(&str, &str)]) -> Result<SummaryPage, AppError> {
    let res = c.call::<ConsumptionSummary>(fields).await;
    if res.status == StatusCode::OK {
        Ok(serde_json::from_str(&res.body).unwrap())
    } else {
        Err(res.app_error())
    }
}

fn total(page: &SummaryPage) -> Figures {
    page.totals
}

#[sqlx::test]
async fn sums_equal_the_records_after_concurrent_overlapping_loads(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let mut customers = vec![];
    for i in 0..4 {
        let c = customer(&pool, &format!("c{i}")).await;
        associate(
            &pool,
            c,
            p,
            if i % 2 == 0 { "resale" } else { "consulting" },
            None,
        )
        .await;
        customers.push(c);
    }
    backdate(&pool, 100).await;
    let now = app.clock.now();
    // Eight loads of 60 records each; consecutive loads share half their record ids.
    let batch = |n: usize| -> Vec<NewRecord> {
        (n * 30..n * 30 + 60)
            .map(|i| {
                let at = now - Duration::hours(i as i64 * 7);
                rec(
                    &format!("r{i}"),
                    customers[i % 4],
                    at,
                    &format!("{}.{:02}", i % 97, i % 100),
                )
            })
            .collect()
    };
    let mut loads = tokio::task::JoinSet::new();
    for n in 0..8 {
        let pool = pool.clone();
        let lines: Vec<(u64, NewRecord)> = batch(n)
            .into_iter()
            .enumerate()
            .map(|(i, r)| (i as u64 + 2, r))
            .collect();
        loads.spawn(async move {
            loop {
                match load(&pool, &loader(), lines.clone(), now).await {
                    Ok((_, report)) => break report.added,
                    // Two loads meeting on the same sums may deadlock: the one refused changed
                    // nothing and is told to try again.
                    Err(AppError::Rule {
                        rule: Rule::Busy, ..
                    }) => continue,
                    Err(e) => panic!("{e:?}"),
                }
            }
        });
    }
    let added: u64 = loads.join_all().await.into_iter().sum();
    let distinct = 7 * 30 + 60;
    assert_eq!(added, distinct as u64, "each record counted once");
    let (records, raw, summed): (i64, Decimal, Decimal) = sqlx::query_as(
        "select (select count(*) from consumption_records),
                (select sum(list_amount - discount_amount) from consumption_records),
                (select sum(list_amount - discount_amount) from consumption_sums)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(records, distinct);
    assert_eq!(raw, summed);
    let mismatched: i64 = sqlx::query_scalar(
        "select count(*) from (
           select partner_id, cycle, customer_id, service_type, charge_mode, association_mode,
                  count(*) as n, sum(list_amount) as l, sum(discount_amount) as di, sum(cash_amount) as ca
             from consumption_records group by 1, 2, 3, 4, 5, 6
           except
           select partner_id, cycle, customer_id, service_type, charge_mode, association_mode,
                  records, list_amount, discount_amount, cash_amount from consumption_sums) t",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(mismatched, 0, "every sum row equals its records");
    for (rollup, grain) in [
        (
            "consumption_customer_months",
            "partner_id, cycle, customer_id, association_mode",
        ),
        (
            "consumption_product_months",
            "partner_id, cycle, service_type, charge_mode, association_mode",
        ),
    ] {
        let raw = format!(
            "select {grain}, count(*)::int8 as n, sum(list_amount) as l, sum(discount_amount) as di,
                    sum(coupon_amount) as co, sum(cash_amount) as ca, sum(debt_amount) as de
               from consumption_records where partner_id is not null group by {grain}"
        );
        let kept = format!(
            "select {grain}, records, list_amount, discount_amount, coupon_amount, cash_amount,
                    debt_amount from {rollup}"
        );
        let differing: i64 = sqlx::query_scalar(&format!(
            "select count(*) from (({raw} except {kept}) union all ({kept} except {raw})) t"
        ))
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(differing, 0, "every row of {rollup} equals its records");
    }
    // Loading a batch again adds nothing; nor does a record id sent again with another month.
    assert_eq!(put(&app, batch(3)).await, 0);
    let moved = rec("r5", customers[0], now - Duration::days(60), "1");
    assert_eq!(put(&app, vec![moved]).await, 0);
}

#[sqlx::test]
async fn a_period_stays_with_the_partner_associated_then(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let now = app.clock.now();
    let first = partner(&pool, "first", "solution_provider", None).await;
    let second = partner(&pool, "second", "solution_provider", None).await;
    let c = customer(&pool, "mover").await;
    // With `first` from 200 days ago until 100 days ago, then with `second`.
    associate(&pool, c, first, "resale", None).await;
    sqlx::query("update associations set associated_at = $1, ended_at = $2")
        .bind(now - Duration::days(200))
        .bind(now - Duration::days(100))
        .execute(&pool)
        .await
        .unwrap();
    associate(&pool, c, second, "resale", None).await;
    sqlx::query("update associations set associated_at = $1 where partner_id = $2")
        .bind(now - Duration::days(100))
        .bind(second)
        .execute(&pool)
        .await
        .unwrap();
    let early = now - Duration::days(150);
    let late = now - Duration::days(20);
    put(
        &app,
        vec![rec("early", c, early, "100"), rec("late", c, late, "40")],
    )
    .await;

    let from = cycle(early);
    let to = cycle(now);
    let mut a = app.client();
    a.sign_in_partner("first").await;
    let seen = summary(&mut a, &[("filter[from]", &from), ("filter[to]", &to)])
        .await
        .unwrap();
    assert_eq!(
        total(&seen).list,
        d("100"),
        "the customer's past spend stays with first"
    );
    let mut b = app.client();
    b.sign_in_partner("second").await;
    let seen = summary(&mut b, &[("filter[from]", &from), ("filter[to]", &to)])
        .await
        .unwrap();
    assert_eq!(
        total(&seen).list,
        d("40"),
        "second sees only its own period"
    );
    assert_eq!(seen.rows.len(), 1);
    assert_eq!(seen.rows[0].figures.due(), d("36"));
}

#[sqlx::test]
async fn a_customer_manager_sees_its_customers_from_its_assignment_on(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let now = app.clock.now();
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let manager = member(&pool, p, "wang", &["customer_manager"]).await;
    let supervisor = member(&pool, p, "zhou", &["customer_manager_supervisor"]).await;
    let mine = customer(&pool, "mine").await;
    let theirs = customer(&pool, "theirs").await;
    associate(&pool, mine, p, "resale", Some(manager)).await;
    associate(&pool, theirs, p, "resale", None).await;
    backdate(&pool, 60).await;
    // Assigned 10 days ago.
    sqlx::query(
        "update associations set manager_assigned_at = $1 where manager_member_id is not null",
    )
    .bind(now - Duration::days(10))
    .execute(&pool)
    .await
    .unwrap();
    put(
        &app,
        vec![
            rec("before", mine, now - Duration::days(20), "100"),
            rec("after", mine, now - Duration::days(2), "10"),
            rec("other", theirs, now - Duration::days(2), "1000"),
        ],
    )
    .await;
    let from = cycle(now - Duration::days(20));
    let to = cycle(now);
    let period = [("filter[from]", from.as_str()), ("filter[to]", to.as_str())];

    let mut m = app.client();
    m.sign_in_member("acme", "wang").await;
    let seen = summary(&mut m, &period).await.unwrap();
    assert_eq!(total(&seen).list, d("10"));
    // Naming another customer or another manager does not widen its reach.
    let theirs_text = theirs.to_string();
    let seen = summary(
        &mut m,
        &[period[0], period[1], ("filter[customer]", &theirs_text)],
    )
    .await
    .unwrap();
    assert_eq!(total(&seen).records, 0);
    let supervisor_text = supervisor.to_string();
    let seen = summary(
        &mut m,
        &[period[0], period[1], ("filter[manager]", &supervisor_text)],
    )
    .await
    .unwrap();
    assert_eq!(total(&seen).list, d("10"));

    let mut s = app.client();
    s.sign_in_member("acme", "zhou").await;
    // The page asks a supervisor to pick a manager first, and shows no figures until then.
    let asked = summary(&mut s, &period).await.unwrap();
    assert!(asked.pick_manager);
    assert!(asked.rows.is_empty() && asked.totals.records == 0);
    assert!(asked
        .managers
        .iter()
        .any(|c| c.value == manager.to_string()));
    // Naming someone who is not a manager of its partner is refused.
    let stranger = Uuid::new_v4().to_string();
    match summary(
        &mut s,
        &[period[0], period[1], ("filter[manager]", &stranger)],
    )
    .await
    {
        Err(AppError::Invalid(fields)) => assert_eq!(fields[0].field, "manager"),
        other => panic!("{other:?}"),
    }
    let manager_text = manager.to_string();
    let seen = summary(
        &mut s,
        &[period[0], period[1], ("filter[manager]", &manager_text)],
    )
    .await
    .unwrap();
    assert_eq!(total(&seen).list, d("10"));
    assert!(seen.managers.iter().any(|c| c.value == manager_text));

    let mut main = app.client();
    main.sign_in_partner("acme").await;
    let seen = summary(&mut main, &period).await.unwrap();
    assert_eq!(total(&seen).list, d("1110"));

    // Once the customer leaves, it is no longer the manager's; its spend stays the partner's.
    sqlx::query("update associations set ended_at = $1 where customer_id = $2")
        .bind(now - Duration::hours(1))
        .bind(mine)
        .execute(&pool)
        .await
        .unwrap();
    let seen = summary(&mut m, &period).await.unwrap();
    assert_eq!(total(&seen).records, 0);
    let seen = summary(&mut main, &period).await.unwrap();
    assert_eq!(total(&seen).list, d("1110"));
}

#[sqlx::test]
async fn one_query_spans_at_most_a_year_within_eighteen_months(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    partner(&pool, "acme", "solution_provider", None).await;
    let now = app.clock.now();
    let mut c = app.client();
    c.sign_in_partner("acme").await;
    let mut from = BillingCycle::of(Day::of(now));
    for _ in 0..12 {
        from = from.previous();
    }
    let to = cycle(now);
    match summary(
        &mut c,
        &[("filter[from]", &from.to_string()), ("filter[to]", &to)],
    )
    .await
    {
        Err(AppError::Rule { rule, .. }) => assert_eq!(rule.code(), "CBC.80021021"),
        other => panic!("{other:?}"),
    }
    for _ in 0..6 {
        from = from.previous();
    }
    match summary(&mut c, &[("filter[from]", &from.to_string())]).await {
        Err(AppError::Invalid(fields)) => assert_eq!(fields[0].field, "from"),
        other => panic!("{other:?}"),
    }
    for bad in ["2026-13", "1940-06", "+262142-12", "２０２６-01"] {
        assert!(matches!(
            summary(&mut c, &[("filter[from]", bad)]).await,
            Err(AppError::Invalid(_))
        ));
    }
}

/// The world of a load: operator `ops`, partner `acme` with customer `buyer` (associated a month
/// ago), and yesterday as a record's trade time.
pub async fn operator_and_buyer(pool: &PgPool) -> (TestApp, Uuid, String) {
    let app = TestApp::new(pool.clone()).await;
    operator(pool, "ops").await;
    let p = partner(pool, "acme", "solution_provider", None).await;
    let c = customer(pool, "buyer").await;
    associate(pool, c, p, "resale", None).await;
    backdate(pool, 30).await;
    let at = (app.clock.now() - Duration::days(1))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    (app, c, at)
}

#[sqlx::test]
async fn a_customer_sees_only_its_own_bills(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let me = customer(&pool, "me").await;
    let other = customer(&pool, "other").await;
    associate(&pool, me, p, "resale", None).await;
    associate(&pool, other, p, "resale", None).await;
    backdate(&pool, 30).await;
    let at = app.clock.now() - Duration::hours(3);
    put(
        &app,
        vec![rec("a", me, at, "12.34"), rec("b", other, at, "99")],
    )
    .await;
    let mut c = app.client();
    c.sign_in_customer("me").await;
    let res = c.call::<LoadMyBills>(&[]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let bills: MyBills = serde_json::from_str(&res.body).unwrap();
    assert_eq!(bills.months.len(), 1);
    assert_eq!(bills.months[0].figures.list, d("12.34"));
    assert_eq!(bills.records.len(), 1);
    assert_eq!(bills.records[0].record_id, "a");
    assert!(
        !res.body.contains(&p.to_string()),
        "a customer is not told its partner's internal ids"
    );
    // A partner user has no bills of its own here.
    let mut partner_client = app.client();
    partner_client.sign_in_partner("acme").await;
    let res = partner_client.call::<LoadMyBills>(&[]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

const SUB_CUSTOMERS: &str = "/v2/bills/subcustomer-bills/res-fee-records/sub-customers/query";
const DETAIL: &str = "/v2/bills/subcustomer-bills/res-fee-records";
const MONTHLY: &str = "/v2/bills/partner-bills/subcustomer-bills/monthly-sum";

#[sqlx::test]
async fn the_api_reads_the_same_figures_within_the_callers_reach(pool: PgPool) {
    let w = World::new(pool.clone()).await;
    backdate(&pool, 30).await;
    let at = w.app.clock.now() - Duration::hours(5);
    put(
        &w.app,
        vec![
            rec("d1", w.c1, at, "100"),
            rec("d2", w.c2, at, "50"),
            rec("r1", w.reseller_customer, at, "7"),
            rec("o1", w.other_customer, at, "1000"),
        ],
    )
    .await;
    let c = cycle(at);
    let body = serde_json::json!({"bill_cycle": c, "limit": 10});
    let (status, found) = w.post(&w.dist_key, SUB_CUSTOMERS, body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(found["total_count"], 2);
    assert_eq!(found["sub_customers"][0]["customer_id"], w.c1.to_string());

    let (status, detail) = w
        .get(&w.dist_key, &format!("{DETAIL}?bill_cycle={c}"))
        .await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    assert_eq!(detail["total_count"], 2);
    let paid: Decimal = detail["fee_records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| dec(&r["payment_amount"]))
        .sum();
    assert_eq!(paid, d("135"));

    let (_, monthly) = w.get(&w.dist_key, &format!("{MONTHLY}?cycle={c}")).await;
    assert_eq!(monthly["count"], 2);
    let due: Decimal = monthly["bill_sums"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| dec(&s["amount"]))
        .sum();
    assert_eq!(due, paid, "the monthly sums equal the records to the cent");

    // Another partner's customer, named outright, answers nothing.
    let (_, detail) = w
        .get(
            &w.dist_key,
            &format!("{DETAIL}?bill_cycle={c}&customer_id={}", w.other_customer),
        )
        .await;
    assert_eq!(detail["total_count"], 0);
    let (_, detail) = w
        .get(
            &w.other_key,
            &format!("{DETAIL}?bill_cycle={c}&customer_id={}", w.c1),
        )
        .await;
    assert_eq!(detail["total_count"], 0);
    // The distributor reads its reseller's customers when it names the reseller; the
    // reseller cannot read the distributor's.
    let (_, detail) = w
        .get(
            &w.dist_key,
            &format!("{DETAIL}?bill_cycle={c}&indirect_partner_id={}", w.reseller),
        )
        .await;
    assert_eq!(detail["total_count"], 1);
    let answer = w
        .get(
            &w.reseller_key,
            &format!("{DETAIL}?bill_cycle={c}&indirect_partner_id={}", w.dist),
        )
        .await;
    assert_eq!(answer.0, StatusCode::FORBIDDEN);
    // The manager's key sees its one customer (assigned before the trade).
    let (_, detail) = w
        .get(&w.manager_key, &format!("{DETAIL}?bill_cycle={c}"))
        .await;
    assert_eq!(detail["total_count"], 1);
    assert_eq!(detail["fee_records"][0]["customer_id"], w.c1.to_string());
    // A key without the permission item is refused; a bad cycle is a parameter error; a cycle
    // outside the months kept is an empty list.
    let (status, _) = w
        .get(&w.coupon_key, &format!("{DETAIL}?bill_cycle={c}"))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let answer = w
        .get(&w.dist_key, &format!("{DETAIL}?bill_cycle=2026-13"))
        .await;
    assert_eq!(refusal(&answer).1, "CBC.0100");
    let (status, old) = w
        .get(&w.dist_key, &format!("{DETAIL}?bill_cycle=2001-01"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(old["total_count"], 0);
}
