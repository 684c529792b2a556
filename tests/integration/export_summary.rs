//! The consumption summary's export: the rows of the summary page (every page of them) within the
//! caller's reach, grouped as the page is, the customers' names masked; a bad choice refused.

use crate::export_more::{app_with_files, exports, newest_file, spend};
use crate::harness::*;
use axum::http::StatusCode;
use chrono::Duration;
use partner_centre::consumption::{ConsumptionSummary, SummaryPage};
use partner_centre::core::time::{BillingCycle, Day};
use partner_centre::exports::StartConsumptionExport;
use sqlx::PgPool;

fn as_refs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[sqlx::test]
async fn the_summary_exports_as_the_page_shows_it_within_the_callers_reach(pool: PgPool) {
    let app = app_with_files(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let other = partner(&pool, "rival", "solution_provider", None).await;
    let mine = [
        customer(&pool, "zhangsan-co").await,
        customer(&pool, "lisi-co").await,
    ];
    let theirs = customer(&pool, "wangwu-co").await;
    for c in mine {
        associate(&pool, c, p, "resale", None).await;
    }
    associate(&pool, theirs, other, "resale", None).await;
    sqlx::query("update associations set associated_at = associated_at - interval '30 days'")
        .execute(&pool)
        .await
        .unwrap();
    for c in mine.into_iter().chain([theirs]) {
        spend(&app, c).await;
    }
    let cycle = BillingCycle::of(Day::of(app.clock.now() - Duration::hours(1))).to_string();
    let mut c = app.client();
    c.sign_in_partner("acme").await;
    let fields = |group: &'static str, content: &'static str| {
        vec![
            ("filter[from]", cycle.clone()),
            ("filter[to]", cycle.clone()),
            ("filter[group]", group.to_string()),
            ("format", "csv".to_string()),
            ("content", content.to_string()),
        ]
    };

    // The page's own rows, to compare with.
    let by_customer = fields("customer", "summary");
    let res = c
        .call::<ConsumptionSummary>(&as_refs(&by_customer[..3]))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let page: SummaryPage = serde_json::from_str(&res.body).unwrap();
    assert_eq!(page.rows.len(), 2);

    let res = c
        .call::<StartConsumptionExport>(&as_refs(&by_customer))
        .await;
    assert!(res.status.is_success(), "{}", res.body);
    let text = newest_file(&app, &mut c).await;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "grouped_by,key,name,records,list_amount,discount_amount,due_amount,coupon_amount,cash_amount,debt_amount"
    );
    assert_eq!(
        lines.len(),
        3,
        "one line per customer of the caller: {text}"
    );
    for row in &page.rows {
        let line = lines
            .iter()
            .find(|l| l.starts_with(&format!("customer,{},", row.key)))
            .unwrap_or_else(|| panic!("{} missing: {text}", row.key));
        assert!(line.ends_with(",1,5.00,0.00,5.00,0.00,5.00,0.00"), "{line}");
    }
    assert!(
        text.contains(",z***o,") && !text.contains("zhangsan"),
        "masked: {text}"
    );
    assert!(
        !text.contains(&theirs.to_string()),
        "another partner's customer: {text}"
    );

    app.clock.advance(Duration::seconds(1)); // the newest export is this one
    let res = c
        .call::<StartConsumptionExport>(&as_refs(&fields("product", "summary")))
        .await;
    assert!(res.status.is_success(), "{}", res.body);
    let text = newest_file(&app, &mut c).await;
    assert_eq!(
        text.lines().nth(1),
        Some(
            "product,hws.service.type.ec2,hws.service.type.ec2,2,10.00,0.00,10.00,0.00,10.00,0.00"
        ),
        "{text}"
    );

    // A content or grouping not offered is refused, and starts nothing.
    let before = exports(&mut c).await.len();
    for (group, content) in [("customer", "everything"), ("nonsense", "summary")] {
        let res = c
            .call::<StartConsumptionExport>(&as_refs(&fields(group, content)))
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{group} {content}");
    }
    assert_eq!(exports(&mut c).await.len(), before);
}

#[sqlx::test]
async fn a_managers_summary_export_holds_its_customers_and_a_supervisor_picks_one(pool: PgPool) {
    let app = app_with_files(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let manager = member(&pool, p, "wang", &["customer_manager"]).await;
    member(&pool, p, "zhou", &["customer_manager_supervisor"]).await;
    let (managed, unmanaged) = (
        customer(&pool, "managed-co").await,
        customer(&pool, "other-co").await,
    );
    associate(&pool, managed, p, "resale", Some(manager)).await;
    associate(&pool, unmanaged, p, "resale", None).await;
    sqlx::query(
        "update associations set associated_at = associated_at - interval '30 days',
                manager_assigned_at = manager_assigned_at - interval '30 days'",
    )
    .execute(&pool)
    .await
    .unwrap();
    spend(&app, managed).await;
    spend(&app, unmanaged).await;
    let cycle = BillingCycle::of(Day::of(app.clock.now() - Duration::hours(1))).to_string();
    let mut fields = vec![
        ("filter[from]", cycle.clone()),
        ("filter[to]", cycle),
        ("format", "csv".to_string()),
        ("content", "summary".to_string()),
    ];

    let mut wang = app.client();
    wang.sign_in_member("acme", "wang").await;
    let res = wang.call::<StartConsumptionExport>(&as_refs(&fields)).await;
    assert!(res.status.is_success(), "{}", res.body);
    let text = newest_file(&app, &mut wang).await;
    assert_eq!(text.lines().count(), 2, "its one customer: {text}");
    assert!(text.contains(&managed.to_string()), "{text}");

    let mut zhou = app.client();
    zhou.sign_in_member("acme", "zhou").await;
    let res = zhou.call::<StartConsumptionExport>(&as_refs(&fields)).await;
    assert_eq!(
        res.status,
        StatusCode::BAD_REQUEST,
        "a supervisor picks a manager first"
    );
    assert!(res.body.contains("manager"), "{}", res.body);
    assert!(exports(&mut zhou).await.is_empty());
    fields.push(("filter[manager]", manager.to_string()));
    let res = zhou.call::<StartConsumptionExport>(&as_refs(&fields)).await;
    assert!(res.status.is_success(), "{}", res.body);
    let text = newest_file(&app, &mut zhou).await;
    assert_eq!(
        text.lines().count(),
        2,
        "the chosen manager's one customer: {text}"
    );
    assert!(!text.contains(&unmanaged.to_string()), "{text}");
}
