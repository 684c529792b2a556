//! Sales › Customers: search, filters, scope, paging and the CSV export.

use crate::harness::*;
use axum::http::StatusCode;
use partner_centre::customers::{CustomerPage, ListCustomers};
use sqlx::PgPool;

async fn list(c: &mut Client<'_>, fields: &[(&str, &str)]) -> CustomerPage {
    let mut all = fields.to_vec();
    if !fields.iter().any(|(k, _)| *k == "filter[page]") {
        all.push(("filter[page]", "1"));
    }
    let res = c.call::<ListCustomers>(&all).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).unwrap()
}

fn names(page: &CustomerPage) -> Vec<&str> {
    let mut names: Vec<&str> = page.rows.iter().map(|r| r.account_name.as_str()).collect();
    names.sort();
    names
}

#[sqlx::test]
async fn the_list_searches_filters_and_keeps_to_the_partner(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let other = partner(&pool, "other", "solution_provider", None).await;
    let wang = member(&pool, p, "wang", &["customer_manager"]).await;
    let ids = [
        ("Zhang-San", "resale", Some(wang)),
        ("li-si", "consulting", None),
        ("zhangwei", "consulting", Some(wang)),
    ];
    let mut first = None;
    for (name, mode, manager) in ids {
        let c = customer(&pool, name).await;
        first.get_or_insert(c);
        associate(&pool, c, p, mode, manager).await;
    }
    let theirs = customer(&pool, "zhang-other").await;
    associate(&pool, theirs, other, "resale", None).await;

    let mut c = app.client();
    c.sign_in_partner("acme").await;
    assert_eq!(
        names(&list(&mut c, &[]).await),
        ["Zhang-San", "li-si", "zhangwei"]
    );
    assert_eq!(
        names(&list(&mut c, &[("filter[q]", "  ZHANG ")]).await),
        ["Zhang-San", "zhangwei"]
    );
    let by_id = first.unwrap().to_string();
    assert_eq!(
        names(&list(&mut c, &[("filter[q]", &by_id)]).await),
        ["Zhang-San"]
    );
    assert_eq!(
        names(&list(&mut c, &[("filter[mode]", "consulting")]).await),
        ["li-si", "zhangwei"]
    );
    let wang_id = wang.to_string();
    assert_eq!(
        names(&list(&mut c, &[("filter[manager]", &wang_id)]).await),
        ["Zhang-San", "zhangwei"]
    );
    assert_eq!(
        list(
            &mut c,
            &[("filter[from]", "2000-01-01"), ("filter[to]", "2000-12-31")]
        )
        .await
        .total,
        0
    );
    let sorted = list(&mut c, &[("filter[sort]", "name")]).await;
    assert_eq!(sorted.rows[0].account_name, "li-si");
    let bad = c
        .call::<ListCustomers>(&[("filter[mode]", "free"), ("filter[from]", "soon")])
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    // The customer manager sees its own customers only, whatever it asks for.
    let mut m = app.client();
    m.sign_in_member("acme", "wang").await;
    let own = list(&mut m, &[]).await;
    assert_eq!(names(&own), ["Zhang-San", "zhangwei"]);
    assert!(own.managers.is_empty());
    assert_eq!(list(&mut m, &[("filter[q]", "li-si")]).await.total, 0);
}

#[sqlx::test]
async fn the_list_pages_and_exports_csv(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    member(&pool, p, "finance", &["finance"]).await;
    for i in 0..45 {
        let c = customer(&pool, &format!("cust-{i:02}")).await;
        associate(&pool, c, p, "resale", None).await;
    }
    let mut c = app.client();
    c.sign_in_partner("acme").await;
    // Keyset paging: next, next, then the last page, and back.
    let sort = ("filter[sort]", "name");
    let page1 = list(&mut c, &[sort]).await;
    assert_eq!((page1.total, page1.rows.len()), (45, 20));
    assert!(page1.before.is_none());
    let after1 = page1.after.clone().unwrap();
    let page2 = list(&mut c, &[sort, ("filter[after]", &after1)]).await;
    assert_eq!(page2.rows[0].account_name, "cust-20");
    let after2 = page2.after.clone().unwrap();
    let page3 = list(&mut c, &[sort, ("filter[after]", &after2)]).await;
    assert_eq!((page3.total, page3.rows.len()), (45, 5));
    assert_eq!(page3.rows[0].account_name, "cust-40");
    assert!(page3.after.is_none(), "the last page has no next");
    // Pages are windows of 20: the last one holds the final 20 rows, and "previous" the 20
    // before its first.
    let last = list(&mut c, &[sort, ("filter[last]", "1")]).await;
    assert_eq!(names(&last).first(), Some(&"cust-25"));
    assert_eq!(last.rows[15..], page3.rows[..]);
    assert!(last.after.is_none());
    let before = last.before.clone().unwrap();
    let back = list(&mut c, &[sort, ("filter[before]", &before)]).await;
    assert_eq!(
        back.rows[..],
        [&page1.rows[5..], &page2.rows[..5]].concat()[..]
    );
    assert!(back.before.is_some() && back.after.is_some());
    // A cursor from another order, or made up, is a field error, not a 500.
    for bad in [after1.as_str(), "t1~not-an-id", "x"] {
        let res = c
            .call::<ListCustomers>(&[("filter[after]", bad), ("filter[sort]", "newest")])
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{bad}");
    }

    let csv = c
        .get("/partner/customers/export.csv?sort=name&q=cust-0&unmask=1")
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let lines: Vec<&str> = csv.body.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 11, "a header and ten customers");
    assert!(lines[0].starts_with("customer_id,account_name"));
    assert!(lines[1].contains(",cust-00,"));

    // The export is guarded like the list.
    let mut nobody = app.client();
    assert_eq!(
        nobody.get("/partner/customers/export.csv").await.status,
        StatusCode::UNAUTHORIZED
    );
    let mut f = app.client();
    f.sign_in_member("acme", "finance").await;
    assert_eq!(
        f.get("/partner/customers/export.csv").await.status,
        StatusCode::OK
    );
    let role = custom_role(&pool, p, "audit-only", &["audit.view"]).await;
    let a = member(&pool, p, "audit-only", &[]).await;
    give_custom_role(&pool, a, role).await;
    let mut a = app.client();
    a.sign_in_member("acme", "audit-only").await;
    assert_eq!(
        a.get("/partner/customers/export.csv").await.status,
        StatusCode::FORBIDDEN
    );
}

#[sqlx::test]
async fn customers_are_assigned_to_managers_all_or_nothing(pool: PgPool) {
    use partner_centre::core::error::AppError;
    use partner_centre::core::i18n::Msg;
    use partner_centre::customers::AssignCustomerManager;
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let other = partner(&pool, "other", "solution_provider", None).await;
    let wang = member(&pool, p, "wang", &["customer_manager"])
        .await
        .to_string();
    let finance = member(&pool, p, "finance", &["finance"]).await.to_string();
    member(&pool, p, "zhou", &["customer_manager_supervisor"]).await;
    let theirs_manager = member(&pool, other, "theirs", &["customer_manager"])
        .await
        .to_string();
    let mut ids = vec![];
    for i in 0..3 {
        let c = customer(&pool, &format!("cust-{i}")).await;
        associate(&pool, c, p, "resale", None).await;
        ids.push(c.to_string());
    }
    let foreign = customer(&pool, "foreign").await;
    associate(&pool, foreign, other, "resale", None).await;

    let mut s = app.client();
    s.sign_in_member("acme", "zhou").await;
    let ok = s
        .call::<AssignCustomerManager>(&[
            ("manager", &wang),
            ("customers[0]", &ids[0]),
            ("customers[2]", &ids[2]),
        ])
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let mut w = app.client();
    w.sign_in_member("acme", "wang").await;
    assert_eq!(names(&list(&mut w, &[]).await), ["cust-0", "cust-2"]);
    assert_eq!(audit_count(&pool, "customer.assign_manager").await, 2);

    // Another partner's customer, or a member who is not a customer manager: nothing changes.
    let foreign_id = foreign.to_string();
    let res = s
        .call::<AssignCustomerManager>(&[
            ("manager", &wang),
            ("customers[0]", &ids[1]),
            ("customers[1]", &foreign_id),
        ])
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    for manager in [&finance, &theirs_manager] {
        let res = s
            .call::<AssignCustomerManager>(&[("manager", manager), ("customers[0]", &ids[1])])
            .await;
        assert_eq!(
            res.app_error(),
            AppError::field("manager", Msg::ErrBadChoice)
        );
    }
    let none = s.call::<AssignCustomerManager>(&[("manager", &wang)]).await;
    assert_eq!(
        none.app_error(),
        AppError::field("customers", Msg::ErrNoCustomersChosen)
    );
    assert_eq!(names(&list(&mut w, &[]).await), ["cust-0", "cust-2"]);
    assert_eq!(audit_count(&pool, "customer.assign_manager").await, 2);

    // Unassigning; and a customer manager cannot assign.
    let res = s
        .call::<AssignCustomerManager>(&[("manager", ""), ("customers[0]", &ids[0])])
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(names(&list(&mut w, &[]).await), ["cust-2"]);
    let res = w
        .call::<AssignCustomerManager>(&[("manager", &wang), ("customers[0]", &ids[1])])
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}
