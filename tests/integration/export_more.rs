//! Exports, second part: personal data masked unless a holder of `sales.data.unmask` asks (and
//! that is audited), the audit log's export within the Audit page's reach, a job left by a
//! stopped server taken again (its old claim refused), and files expiring after a week.

use crate::harness::*;
use axum::http::StatusCode;
use chrono::Duration;
use partner_centre::audit::service::AuditActor;
use partner_centre::consumption::load::{load, Loader};
use partner_centre::consumption::rules::NewRecord;
use partner_centre::consumption::ChargeMode;
use partner_centre::core::time::{BillingCycle, Day};
use partner_centre::core::viewer::ActorKind;
use partner_centre::exports::worker::{expire_old, run_next};
use partner_centre::exports::{
    store, ExportRow, MyExports, StartAuditExport, StartConsumptionExport,
};
use partner_centre::server::config::Config;
use rust_decimal::Decimal;
use sqlx::PgPool;
use uuid::Uuid;

pub async fn app_with_files(pool: PgPool) -> TestApp {
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

pub async fn exports(c: &mut Client<'_>) -> Vec<ExportRow> {
    let res = c.call::<MyExports>(&[]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).unwrap()
}

/// The newest export's first file, once the worker has run every queued job.
pub async fn newest_file(app: &TestApp, c: &mut Client<'_>) -> String {
    while run_next(&app.state).await.unwrap() {}
    let newest = exports(c).await.remove(0);
    assert_eq!(newest.status, "done", "{newest:?}");
    let res = c.get(&format!("/partner/exports/{}/1", newest.id)).await;
    assert_eq!(res.status, StatusCode::OK);
    res.body.trim_start_matches('\u{feff}').to_string()
}

/// One record of `customer`, an hour ago.
pub async fn spend(app: &TestApp, customer: Uuid) {
    let now = app.clock.now();
    let record = NewRecord {
        record_id: format!("r-{customer}"),
        customer_id: customer,
        trade_time: now - Duration::hours(1),
        service_type: "hws.service.type.ec2".into(),
        resource_type: "hws.resource.type.vm".into(),
        resource_id: "vm-1".into(),
        region: "cn-north-4".into(),
        charge_mode: ChargeMode::OnDemand,
        usage: Decimal::ONE,
        usage_unit: "hour".into(),
        list: Decimal::new(500, 2),
        discount: Decimal::ZERO,
        coupon: Decimal::ZERO,
        cash: Decimal::new(500, 2),
        debt: Decimal::ZERO,
    };
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
    load(&app.state.pool, &loader, vec![(2, record)], now)
        .await
        .unwrap();
}

#[sqlx::test]
async fn personal_data_is_masked_unless_a_holder_unmasks_it_and_that_is_audited(pool: PgPool) {
    let app = app_with_files(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let c = customer(&pool, "zhangsan-co").await;
    associate(&pool, c, p, "resale", None).await;
    sqlx::query("update associations set associated_at = associated_at - interval '30 days'")
        .execute(&pool)
        .await
        .unwrap();
    spend(&app, c).await;
    let views = ["sales.consumption.view", "sales.customers.view"];
    let reader_role = custom_role(&pool, p, "reader", &views).await;
    let reader = member(&pool, p, "reader", &[]).await;
    give_custom_role(&pool, reader, reader_role).await;
    let unmasker_role = custom_role(
        &pool,
        p,
        "unmasker",
        &[views[0], views[1], "sales.data.unmask"],
    )
    .await;
    let unmasker = member(&pool, p, "unmasker", &[]).await;
    give_custom_role(&pool, unmasker, unmasker_role).await;
    let now = app.clock.now();
    let cycle = BillingCycle::of(Day::of(now - Duration::hours(1))).to_string();
    let with = |unmask: &'static str| {
        vec![
            ("filter[from]", cycle.clone()),
            ("filter[to]", cycle.clone()),
            ("format", "csv".to_string()),
            ("unmask", unmask.to_string()),
        ]
    };
    let (asked, plain) = (with("1"), with("0"));
    let asked: Vec<(&str, &str)> = asked.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let plain: Vec<(&str, &str)> = plain.iter().map(|(k, v)| (*k, v.as_str())).collect();

    // Without the item, asking to unmask is refused and starts nothing.
    let mut r = app.client();
    r.sign_in_member("acme", "reader").await;
    assert_eq!(
        r.call::<StartConsumptionExport>(&asked).await.status,
        StatusCode::FORBIDDEN
    );
    assert!(exports(&mut r).await.is_empty());
    assert_eq!(audit_count(&pool, "data.unmask").await, 0);
    // Its export shows the customer masked.
    assert!(r
        .call::<StartConsumptionExport>(&plain)
        .await
        .status
        .is_success());
    let text = newest_file(&app, &mut r).await;
    assert!(text.contains(",z***o,"), "{text}");
    assert!(!text.contains("zhangsan-co"), "{text}");
    let csv = r.get("/partner/customers/export.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.contains(",z***o,z***o,") && !csv.body.contains("zhangsan"));
    let csv = r.get("/partner/customers/export.csv?unmask=1").await;
    assert_eq!(csv.status, StatusCode::FORBIDDEN);
    assert_eq!(audit_count(&pool, "data.unmask").await, 0);

    // A holder gets the names, and each unmasked export leaves a record.
    let mut u = app.client();
    u.sign_in_member("acme", "unmasker").await;
    assert!(u
        .call::<StartConsumptionExport>(&asked)
        .await
        .status
        .is_success());
    assert_eq!(audit_count(&pool, "data.unmask").await, 1);
    let text = newest_file(&app, &mut u).await;
    assert!(text.contains(",zhangsan-co,"), "{text}");
    assert!(exports(&mut u).await[0].unmasked);
    let csv = u.get("/partner/customers/export.csv?unmask=1").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.body.contains(",zhangsan-co,zhangsan-co,"),
        "{}",
        csv.body
    );
    assert_eq!(audit_count(&pool, "data.unmask").await, 2);
    // Unticked, the holder's export is masked like anyone's.
    let csv = u.get("/partner/customers/export.csv").await;
    assert!(!csv.body.contains("zhangsan"));
    assert_eq!(audit_count(&pool, "data.unmask").await, 2);
}

#[sqlx::test]
async fn the_audit_log_exports_every_page_of_the_callers_records(pool: PgPool) {
    let app = app_with_files(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let other = partner(&pool, "other", "solution_provider", None).await;
    let m = member(&pool, p, "li.si", &[]).await;
    let role = custom_role(&pool, p, "auditor", &["audit.view"]).await;
    give_custom_role(&pool, m, role).await;
    let now = app.clock.now();
    // 45 records of acme's member over three pages, 5 of another partner, and 3 of acme's
    // from a month ago (outside the default 7 days).
    for (partner, n, ago) in [(p, 45, 1), (other, 5, 1), (p, 3, 30)] {
        sqlx::query(
            "insert into audit_log (partner_id, actor_kind, actor_id, actor_name, action, target,
                                    outcome, at)
             select $1, 'member', $2, 'li.si', 'customer.assign_manager', '=cmd|' || i, 'success',
                    $3 - make_interval(mins => i)
               from generate_series(1, $4) i",
        )
        .bind(partner)
        .bind(m)
        .bind(now - Duration::days(ago))
        .bind(n)
        .execute(&pool)
        .await
        .unwrap();
    }
    let mut main = app.client();
    main.sign_in_partner("acme").await;
    let res = main.call::<StartAuditExport>(&[("format", "csv")]).await;
    assert!(res.status.is_success(), "{}", res.body);
    // The Audit page's default: the last 7 Beijing days, today included.
    let expected: i64 =
        sqlx::query_scalar("select count(*) from audit_log where partner_id = $1 and at >= $2")
            .bind(p)
            .bind(Day::of(now).minus_days(6).start())
            .fetch_one(&pool)
            .await
            .unwrap();
    let text = newest_file(&app, &mut main).await;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "record_id,time_utc,actor_kind,actor_name,action,target,result,source_ip"
    );
    assert_eq!(lines.len() as i64 - 1, expected, "{text}");
    assert!(lines.len() > 45, "every page, not one");
    assert!(
        text.contains(",l***i,customer.assign_manager,'=cmd|1,success,"),
        "{text}"
    );
    assert!(!text.contains("li.si"));

    // Filtered to one action, and refused to a member without audit.view.
    main.call::<StartAuditExport>(&[("format", "xlsx"), ("filter[action]", "export.start")])
        .await;
    while run_next(&app.state).await.unwrap() {}
    let done = exports(&mut main).await;
    // (The test's clock stands still: both exports have the same start time.)
    let xlsx = done.iter().find(|e| e.format.code() == "xlsx").unwrap();
    assert_eq!(xlsx.rows_done, 2, "the two export starts: {done:?}");
    member(&pool, p, "nobody", &["customer_manager"]).await;
    let mut n = app.client();
    n.sign_in_member("acme", "nobody").await;
    assert_eq!(
        n.call::<StartAuditExport>(&[("format", "csv")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // A bad filter is a field error.
    let res = main
        .call::<StartAuditExport>(&[("format", "csv"), ("filter[from]", "1940-06-01")])
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
}

#[sqlx::test]
async fn a_job_left_by_a_stopped_server_is_taken_again_and_old_files_expire(pool: PgPool) {
    let app = app_with_files(pool.clone()).await;
    partner(&pool, "acme", "solution_provider", None).await;
    let mut main = app.client();
    main.sign_in_partner("acme").await;
    main.call::<StartAuditExport>(&[("format", "csv")]).await;
    let now = app.clock.now();
    // A server takes it, then stops without a word.
    let first = store::claim(&app.state.pool, now, now - Duration::minutes(5))
        .await
        .unwrap()
        .unwrap();
    assert!(
        !run_next(&app.state).await.unwrap(),
        "a live claim is left alone"
    );
    sqlx::query("update export_jobs set heartbeat_at = $1")
        .bind(now - Duration::minutes(6))
        .execute(&pool)
        .await
        .unwrap();
    assert!(
        run_next(&app.state).await.unwrap(),
        "a stale one is taken again"
    );
    let done = exports(&mut main).await;
    assert_eq!(done[0].status, "done");
    // The first claim, waking up, can neither report nor finish.
    let claim = (first.id, first.attempt);
    assert!(!store::progress(&app.state.pool, claim, None, (1, 1), now)
        .await
        .unwrap());
    store::finish(&app.state.pool, claim, false, now)
        .await
        .unwrap();
    assert_eq!(exports(&mut main).await[0].status, "done");
    let file = format!("/partner/exports/{}/1", done[0].id);
    assert_eq!(main.get(&file).await.status, StatusCode::OK);

    // A week on, the files go and the history says so.
    assert_eq!(expire_old(&app.state).await.unwrap(), 0);
    sqlx::query("update export_jobs set finished_at = $1")
        .bind(now - Duration::days(8))
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(expire_old(&app.state).await.unwrap(), 1);
    assert_eq!(exports(&mut main).await[0].status, "expired");
    assert_eq!(main.get(&file).await.status, StatusCode::NOT_FOUND);
    let dir = app.state.config.data_dir.join("exports").join(&done[0].id);
    assert!(!dir.exists());
}
