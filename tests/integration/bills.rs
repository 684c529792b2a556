//! Bills: the partner bill of a month is made at 00:00 Beijing time on the 5th of the next month
//! (by the test clock), once however often the job runs, equal to the month's records, never
//! changed afterwards; the month then takes no more records; the bill page is the whole
//! partner's.

use crate::harness::*;
use axum::http::StatusCode;
use chrono::{DateTime, Duration, TimeZone, Utc};
use partner_centre::audit::service::AuditActor;
use partner_centre::bills::job::make_due_bills;
use partner_centre::bills::{LoadPartnerBill, PartnerBill};
use partner_centre::consumption::load::{load, Loader};
use partner_centre::consumption::rules::NewRecord;
use partner_centre::consumption::ChargeMode;
use partner_centre::core::viewer::ActorKind;
use rust_decimal::Decimal;
use sqlx::PgPool;
use uuid::Uuid;

fn rec(id: &str, customer: Uuid, at: DateTime<Utc>, list: i64) -> NewRecord {
    let list = Decimal::new(list, 2);
    NewRecord {
        record_id: id.into(),
        customer_id: customer,
        trade_time: at,
        service_type: "hws.service.type.obs".into(),
        resource_type: "hws.resource.type.obs".into(),
        resource_id: "bucket".into(),
        region: "cn-east-3".into(),
        charge_mode: ChargeMode::OnDemand,
        usage: Decimal::ONE,
        usage_unit: "GB".into(),
        list,
        discount: Decimal::ZERO,
        coupon: Decimal::ZERO,
        cash: list,
        debt: Decimal::ZERO,
    }
}

fn importer(kind: &'static str) -> Loader {
    Loader {
        who: AuditActor {
            kind: ActorKind::Operator,
            id: None,
            name: "ops".into(),
            partner_id: None,
        },
        source: None,
        kind,
        file_name: None,
        tracked: None,
    }
}

#[sqlx::test]
async fn a_month_is_billed_once_on_the_fifth_and_then_closed(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    member(&pool, p, "wang", &["customer_manager"]).await;
    let c = customer(&pool, "buyer").await;
    associate(&pool, c, p, "resale", None).await;
    sqlx::query("update associations set associated_at = '2026-01-01T00:00:00Z'")
        .execute(&pool)
        .await
        .unwrap();
    // Two records in November (Beijing): the last minute of 30 November Beijing time counts.
    let late_november = Utc.with_ymd_and_hms(2026, 11, 30, 15, 59, 0).unwrap();
    let records = vec![
        (
            2,
            rec(
                "n1",
                c,
                Utc.with_ymd_and_hms(2026, 11, 3, 1, 0, 0).unwrap(),
                1999,
            ),
        ),
        (3, rec("n2", c, late_november, 1)),
    ];
    let loaded_at = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    let (_, report) = load(&pool, &importer("import"), records, loaded_at)
        .await
        .unwrap();
    assert_eq!(report.added, 2);

    let before = Utc.with_ymd_and_hms(2026, 12, 4, 15, 59, 59).unwrap();
    assert_eq!(
        make_due_bills(&pool, before).await.unwrap(),
        0,
        "not before the 5th"
    );
    let at = Utc.with_ymd_and_hms(2026, 12, 4, 16, 0, 0).unwrap();
    // Several servers run the job at once: the month is billed once.
    let (a, b) = tokio::join!(make_due_bills(&pool, at), make_due_bills(&pool, at));
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    assert_eq!(
        make_due_bills(&pool, at + Duration::hours(1))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        audit_count(&pool, "bills.made").await,
        2,
        "the month and its one partner"
    );
    let billed: Decimal =
        sqlx::query_scalar("select sum(cash_amount) from partner_bill_lines where partner_id = $1")
            .bind(p)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(billed, Decimal::new(2000, 2));
    // The bill cannot be changed, and the month takes no more records.
    assert!(sqlx::query("update partner_bill_lines set cash_amount = 0")
        .execute(&pool)
        .await
        .is_err());
    let more = vec![(2, rec("n3", c, late_november, 500))];
    let (_, report) = load(&pool, &importer("generated"), more.clone(), at)
        .await
        .unwrap();
    assert_eq!(report.added, 0);
    assert_eq!(report.problems[0].field, "trade_time");
    // An import after the closing time is refused by the clock alone.
    let (_, report) = load(&pool, &importer("import"), more, at).await.unwrap();
    assert_eq!(report.problems.len(), 1);

    // The page: the stored bill, reconciled with the records.
    app.clock.advance(at + Duration::days(1) - app.clock.now());
    let mut main = app.client();
    main.sign_in_partner("acme").await;
    let res = main.call::<LoadPartnerBill>(&[("cycle", "2026-11")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let bill: PartnerBill = serde_json::from_str(&res.body).unwrap();
    assert!(bill.made_at.is_some());
    assert_eq!(bill.totals.due(), Decimal::new(2000, 2));
    assert_eq!(bill.records_due, bill.totals.due());
    let res = main
        .call::<LoadPartnerBill>(&[("cycle", "2026-11"), ("by", "product")])
        .await;
    let bill: PartnerBill = serde_json::from_str(&res.body).unwrap();
    assert_eq!(bill.rows.len(), 1);
    // A customer manager's scope is its customers: the partner's bill is not for it.
    let mut manager = app.client();
    manager.sign_in_member("acme", "wang").await;
    let res = manager.call::<LoadPartnerBill>(&[]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // Another partner sees its own (empty) bill, never acme's.
    partner(&pool, "other", "solution_provider", None).await;
    let mut other = app.client();
    other.sign_in_partner("other").await;
    let res = other.call::<LoadPartnerBill>(&[("cycle", "2026-11")]).await;
    let bill: PartnerBill = serde_json::from_str(&res.body).unwrap();
    assert!(bill.rows.is_empty());
    assert_eq!(bill.records_due, Decimal::ZERO);
}
