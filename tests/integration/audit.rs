//! The audit log: written with each change, filtered per partner, and append-only.

use crate::harness::*;
use axum::http::StatusCode;
use partner_centre::audit::{AuditPage, ListAudit};
use sqlx::PgPool;

#[sqlx::test]
async fn audit_records_cannot_be_changed_or_removed(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    partner(&pool, "acme", "solution_provider", None).await;
    app.client().sign_in_partner("acme").await;
    assert_eq!(audit_count(&pool, "auth.sign_in").await, 1);
    let update = sqlx::query("update audit_log set outcome = 'failure'")
        .execute(&pool)
        .await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = sqlx::query("delete from audit_log").execute(&pool).await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    let truncate = sqlx::query("truncate audit_log").execute(&pool).await;
    assert!(truncate.is_err());
    assert_eq!(audit_count(&pool, "auth.sign_in").await, 1);
}

#[sqlx::test]
async fn the_audit_page_shows_the_partners_own_records_with_filters(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    partner(&pool, "other", "solution_provider", None).await;
    let li = member(&pool, p, "li", &["finance"]).await;
    app.client().sign_in_member("acme", "li").await;
    app.client().sign_in_partner("other").await;
    let mut c = app.client();
    c.sign_in_partner("acme").await;
    // Records older than 7 days are outside the default view.
    sqlx::query(
        "insert into audit_log (partner_id, actor_kind, actor_name, action, outcome, at)
         values ($1, 'partner_main', 'acme', 'member.create', 'success', now() - interval '10 days')",
    )
    .bind(p)
    .execute(&pool)
    .await
    .unwrap();

    let list = |res: TestResponse| -> AuditPage {
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        serde_json::from_str(&res.body).unwrap()
    };
    let all = list(c.call::<ListAudit>(&[("filter[page]", "1")]).await);
    assert_eq!(
        all.total, 2,
        "own sign-ins of the last 7 days; not the other partner's"
    );
    assert!(all.rows.iter().all(|r| r.action == "auth.sign_in"));
    let li_only = list(
        c.call::<ListAudit>(&[("filter[actor]", &li.to_string())])
            .await,
    );
    assert_eq!(
        (li_only.total, li_only.rows[0].actor_name.as_str()),
        (1, "acme/li")
    );
    let main_only = list(c.call::<ListAudit>(&[("filter[actor]", "main")]).await);
    assert_eq!(main_only.total, 1);
    let older = list(
        c.call::<ListAudit>(&[
            ("filter[from]", "2000-01-01"),
            ("filter[action]", "member.create"),
        ])
        .await,
    );
    assert_eq!(older.total, 1);
    let bad = c
        .call::<ListAudit>(&[("filter[from]", "yesterday"), ("filter[action]", "nope")])
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(all.rows[0].source.as_deref(), Some("198.51.100.7"));
}

#[sqlx::test]
async fn the_audit_log_pages_through_results(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    sqlx::query(
        "insert into audit_log (partner_id, actor_kind, actor_name, action, outcome, at)
         select $1, 'partner_main', 'acme', 'member.create', 'success', now() - make_interval(mins => g)
           from generate_series(1, 45) g",
    )
    .bind(p)
    .execute(&pool)
    .await
    .unwrap();
    let mut c = app.client();
    c.sign_in_partner("acme").await;
    let page3: AuditPage = serde_json::from_str(
        &c.call::<ListAudit>(&[("filter[page]", "3"), ("filter[action]", "member.create")])
            .await
            .body,
    )
    .unwrap();
    assert_eq!((page3.total, page3.rows.len(), page3.page), (45, 5, 3));
    let html = c.get("/partner/audit?action=member.create&page=2").await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(html.body.contains("page=3"), "a next link");
    assert!(html.body.contains("page=1"), "a previous link");
}
