//! Exports: a background job writes the records a filter selects (the caller's reach checked when
//! it starts) as CSV or XLSX, reports its progress, and only its owner downloads the files; the
//! content equals the query, text that could start a formula is neutralised.

use crate::harness::*;
use axum::http::StatusCode;
use chrono::Duration;
use partner_centre::audit::service::AuditActor;
use partner_centre::consumption::load::{load, Loader};
use partner_centre::consumption::rules::NewRecord;
use partner_centre::consumption::ChargeMode;
use partner_centre::core::time::{BillingCycle, Day};
use partner_centre::core::viewer::ActorKind;
use partner_centre::exports::worker::run_next;
use partner_centre::exports::{ExportRow, MyExports, StartConsumptionExport};
use partner_centre::server::config::Config;
use rust_decimal::Decimal;
use sqlx::PgPool;
use uuid::Uuid;

fn rec(id: &str, customer: Uuid, at: chrono::DateTime<chrono::Utc>, resource: &str) -> NewRecord {
    NewRecord {
        record_id: id.into(),
        customer_id: customer,
        trade_time: at,
        service_type: "hws.service.type.ec2".into(),
        resource_type: "hws.resource.type.vm".into(),
        resource_id: resource.into(),
        region: "cn-north-4".into(),
        charge_mode: ChargeMode::OnDemand,
        usage: Decimal::ONE,
        usage_unit: "hour".into(),
        list: Decimal::new(1234, 2),
        discount: Decimal::ZERO,
        coupon: Decimal::ZERO,
        cash: Decimal::new(1234, 2),
        debt: Decimal::ZERO,
    }
}

async fn app_with_files(pool: PgPool) -> TestApp {
    let dir = std::env::temp_dir().join(format!("pc-exports-{}", Uuid::new_v4()));
    TestApp::with_config(
        pool,
        Config {
            data_dir: dir,
            ..Config::for_tests()
        },
    )
    .await
}

async fn exports(c: &mut Client<'_>) -> Vec<ExportRow> {
    let res = c.call::<MyExports>(&[]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).unwrap()
}

#[sqlx::test]
async fn an_export_writes_the_query_and_only_its_owner_downloads_it(pool: PgPool) {
    let app = app_with_files(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let manager = member(&pool, p, "wang", &["customer_manager"]).await;
    partner(&pool, "other", "solution_provider", None).await;
    let mine = customer(&pool, "mine").await;
    let theirs = customer(&pool, "theirs").await;
    associate(&pool, mine, p, "resale", Some(manager)).await;
    associate(&pool, theirs, p, "resale", None).await;
    sqlx::query(
        "update associations set associated_at = associated_at - interval '30 days',
                 manager_assigned_at = manager_assigned_at - interval '30 days'",
    )
    .execute(&pool)
    .await
    .unwrap();
    let now = app.clock.now();
    let records = (0..5)
        .map(|i| {
            let who = if i < 3 { mine } else { theirs };
            let resource = if i == 0 {
                "=HYPERLINK(\"x\")".to_string()
            } else {
                format!("vm-{i}")
            };
            (
                i as u64 + 2,
                rec(
                    &format!("x{i}"),
                    who,
                    now - Duration::hours(i + 1),
                    &resource,
                ),
            )
        })
        .collect();
    let loader = Loader {
        who: AuditActor {
            kind: ActorKind::System,
            id: None,
            name: "t".into(),
            partner_id: None,
        },
        source: None,
        kind: "generated",
        file_name: None,
        tracked: None,
    };
    load(&pool, &loader, records, now).await.unwrap();
    let cycle = BillingCycle::of(Day::of(now - Duration::hours(5))).to_string();
    let current = BillingCycle::of(Day::of(now)).to_string();

    let mut main = app.client();
    main.sign_in_partner("acme").await;
    for format in ["csv", "xlsx"] {
        let res = main
            .call::<StartConsumptionExport>(&[
                ("filter[from]", &cycle),
                ("filter[to]", &current),
                ("format", format),
            ])
            .await;
        assert!(
            res.status.is_success() || res.status.is_redirection(),
            "{}",
            res.body
        );
    }
    let queued = exports(&mut main).await;
    assert_eq!(queued.len(), 2);
    assert!(queued.iter().all(|e| e.status == "queued"));
    assert_eq!(audit_count(&pool, "export.start").await, 2);
    while run_next(&app.state).await.unwrap() {}
    let done = exports(&mut main).await;
    assert!(
        done.iter()
            .all(|e| e.status == "done" && e.rows_done == 5 && e.parts == 1),
        "{done:?}"
    );

    let csv_job = done.iter().find(|e| e.format.code() == "csv").unwrap();
    let res = main
        .get(&format!("/partner/exports/{}/1", csv_job.id))
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let text = res.body.trim_start_matches('\u{feff}').to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "the header and every record: {text}");
    assert!(
        text.contains("\"'=HYPERLINK(\"\"x\"\")\""),
        "a formula is written as text: {text}"
    );
    assert!(text.contains(",12.34,"));
    let xlsx_job = done.iter().find(|e| e.format.code() == "xlsx").unwrap();
    let res = main
        .get(&format!("/partner/exports/{}/1", xlsx_job.id))
        .await;
    assert_eq!(res.status, StatusCode::OK);
    // Nobody else downloads them, and a part that does not exist is not found.
    let mut other = app.client();
    other.sign_in_partner("other").await;
    let res = other
        .get(&format!("/partner/exports/{}/1", csv_job.id))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(exports(&mut other).await.is_empty());
    let res = main
        .get(&format!("/partner/exports/{}/2", csv_job.id))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    // A manager's export holds its own customers' records only.
    let mut m = app.client();
    m.sign_in_member("acme", "wang").await;
    m.call::<StartConsumptionExport>(&[
        ("filter[from]", &cycle),
        ("filter[to]", &current),
        ("format", "csv"),
    ])
    .await;
    while run_next(&app.state).await.unwrap() {}
    let theirs_done = exports(&mut m).await;
    assert_eq!(theirs_done.len(), 1);
    assert_eq!(theirs_done[0].rows_done, 3);
    let res = m.get(&format!("/partner/exports/{}/1", csv_job.id)).await;
    assert_eq!(
        res.status,
        StatusCode::NOT_FOUND,
        "the partner's export is not the member's"
    );
    // A bad format or filter starts nothing.
    let res = main
        .call::<StartConsumptionExport>(&[("format", "pdf")])
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let res = main
        .call::<StartConsumptionExport>(&[("filter[from]", "1999-01"), ("format", "csv")])
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(audit_count(&pool, "export.start").await, 3);
    // At most three exports of one user wait or run at once: a fourth is refused.
    let mut refused = None;
    for _ in 0..5 {
        let res = main
            .call::<StartConsumptionExport>(&[("format", "csv")])
            .await;
        if res.status == StatusCode::BAD_REQUEST {
            refused = Some(res.body);
            break;
        }
        assert!(
            res.status.is_success() || res.status.is_redirection(),
            "{}",
            res.body
        );
    }
    assert!(refused.is_some(), "a user's queue has a limit");
    let unfinished: i64 = sqlx::query_scalar(
        "select count(*) from export_jobs j join partners p on p.id = j.actor_id
          where p.account_name = 'acme' and j.status in ('queued', 'running')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(unfinished, 3);
}
