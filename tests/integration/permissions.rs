//! Every permission item, one by one: refused without it, allowed with it — for the menu entry,
//! the page and the server functions it guards.

use crate::harness::*;
use axum::http::StatusCode;
use leptos::server_fn::ServerFn;
use partner_centre::access_keys::{CreateAccessKey, MyCredentials};
use partner_centre::association::PartnerRequestDisassociation;
use partner_centre::audit::ListAudit;
use partner_centre::authorizations::RequestAuthorization;
use partner_centre::core::permissions::Permission;
use partner_centre::core::time::format_local_date;
use partner_centre::coupons::{CouponQuotas, GrantResellerQuota, IssueCoupons, IssuedCoupons};
use partner_centre::customers::{AssignCustomerManager, ListCustomers};
use partner_centre::exports::StartConsumptionExport;
use partner_centre::funds::{AdjustmentRecords, FundsOverview, MoveCustomerFunds};
use partner_centre::invitations::{CreateInvitation, ListInvitations};
use partner_centre::org::{CreateMember, CreateRole, ListCustomRoles, ListMembers};
use partner_centre::partners::HomeFigures;
use sqlx::PgPool;
use uuid::Uuid;

/// A customer of the partner in the item-by-item test, for the assignment call.
const ASSIGNABLE_CUSTOMER: &str = "00000000-0000-4000-8000-000000000001";

/// A call guarded by an item: a server function (its path and form fields), or an API path with
/// a JSON body, signed with the member's access key.
struct Call {
    path: &'static str,
    fields: Vec<(&'static str, String)>,
    api_body: Option<String>,
}

fn call<S: ServerFn>(fields: Vec<(&'static str, String)>) -> Call {
    Call {
        path: S::PATH,
        fields,
        api_body: None,
    }
}

fn api(path: &'static str, body: impl Into<String>) -> Call {
    Call {
        path,
        fields: vec![],
        api_body: Some(body.into()),
    }
}

/// What the money items act on: the partner's quota, and a coupon it issued the customer.
struct Money {
    quota: Uuid,
    coupon: String,
}

/// Funds and coupons for the money items' calls, through the services: the operator tops the
/// partner up and grants it a quota; the main account funds the customer and issues it a coupon.
async fn money(app: &TestApp, partner: Uuid) -> Money {
    use crate::money_api::{call_as, operator_call};
    use partner_centre::core::viewer::ActorKind;
    use partner_centre::coupons::{issue, quotas, CouponKind, Limits};
    use partner_centre::funds::{service, TransferKind};
    let amount = |a: &str| partner_centre::core::money::Money::parse(a).unwrap();
    let ops = operator_call(app).await;
    partner_centre::funds::operator::top_up(&ops, &partner.to_string(), amount("100"), "")
        .await
        .unwrap();
    let terms = quotas::QuotaTerms {
        partner: partner.to_string(),
        kind: CouponKind::Voucher,
        amount: amount("1000"),
        valid_from: ops.now() - chrono::Duration::days(1),
        valid_until: ops.now() + chrono::Duration::days(30),
        limits: Limits::default(),
        remark: String::new(),
    };
    let quota = quotas::grant(&ops, &terms).await.unwrap();
    let main = call_as(app, ActorKind::PartnerMain, partner).await;
    service::move_one(
        &main,
        TransferKind::Allocate,
        ASSIGNABLE_CUSTOMER,
        amount("10"),
    )
    .await
    .unwrap();
    let issue = issue::IssueTerms {
        quota: quota.to_string(),
        face_value: amount("5"),
        valid_from: None,
        valid_until: None,
        limits: Limits::default(),
        remark: String::new(),
        customers: vec![ASSIGNABLE_CUSTOMER.into()],
    };
    let issued = issue::apply(&main, &issue).await.unwrap();
    Money {
        quota,
        coupon: issued.lines[0].made_id.clone().unwrap(),
    }
}

/// What an item guards: the page (its menu entry links to it) and the server functions or API
/// endpoints. `own_role` is the custom role holding just the item, for calls that give it on.
fn guarded(item: Permission, own_role: Uuid, money: &Money) -> (Option<&'static str>, Vec<Call>) {
    use Permission::*;
    let customer_amount = format!(r#"{{"customer_id": "{ASSIGNABLE_CUSTOMER}", "amount": 1}}"#);
    match item {
        SalesCustomersView => (
            Some("/partner/customers"),
            vec![call::<ListCustomers>(vec![("filter[page]", "1".into())])],
        ),
        SalesCustomersAssign => (
            None,
            vec![call::<AssignCustomerManager>(vec![
                ("manager", String::new()),
                ("customers[0]", ASSIGNABLE_CUSTOMER.into()),
            ])],
        ),
        SalesCustomersInvite => (
            Some("/partner/customers/invitations"),
            vec![
                call::<ListInvitations>(vec![]),
                call::<CreateInvitation>(vec![
                    ("mode", "resale".into()),
                    ("valid_days", "7".into()),
                    ("max_uses", String::new()),
                ]),
            ],
        ),
        SalesCustomersAuthorize => (
            None,
            vec![call::<RequestAuthorization>(vec![
                ("customer", ASSIGNABLE_CUSTOMER.into()),
                ("scopes[0]", "view_bills".into()),
                (
                    "ends_on",
                    format_local_date(chrono::Utc::now() + chrono::Duration::days(30)),
                ),
            ])],
        ),
        SalesCustomersDisassociate => (
            None,
            vec![call::<PartnerRequestDisassociation>(vec![(
                "customer",
                ASSIGNABLE_CUSTOMER.into(),
            )])],
        ),
        SalesCustomersCreate => (
            None,
            vec![api(
                "/v2/partners/sub-customers",
                r#"{"domain_name": "api-created", "password": "Secret#2026x"}"#,
            )],
        ),
        ApiAccessKeysManage => (
            Some("/partner/credentials"),
            vec![
                call::<MyCredentials>(vec![]),
                call::<CreateAccessKey>(vec![("description", "ci".into())]),
            ],
        ),
        SalesCouponsView => (
            Some("/partner/coupons"),
            vec![
                api("/v2/partners/coupon-quotas/query", "{}"),
                call::<CouponQuotas>(vec![]),
                call::<IssuedCoupons>(vec![("filter[page]", "1".into())]),
            ],
        ),
        SalesCouponsIssue => (
            None,
            vec![
                api(
                    "/v2/promotions/benefits/partner-coupons",
                    format!(
                        r#"{{"quota_id": "{}", "customer_ids": ["{ASSIGNABLE_CUSTOMER}"], "face_value": 1}}"#,
                        money.quota
                    ),
                ),
                call::<IssueCoupons>(vec![
                    ("form[quota]", money.quota.to_string()),
                    ("form[face_value]", "1".into()),
                    ("form[customers][0]", ASSIGNABLE_CUSTOMER.into()),
                ]),
            ],
        ),
        SalesCouponsRecall => (
            None,
            vec![api(
                "/v2/promotions/benefits/partner-coupons/reclaim",
                format!(r#"{{"coupon_id": "{}"}}"#, money.coupon),
            )],
        ),
        SalesCouponsQuotas => (
            None,
            vec![
                api(
                    "/v2/partners/coupon-quotas/indirect-partner-reclaim",
                    format!(r#"{{"quota_ids": ["{}"]}}"#, Uuid::new_v4()),
                ),
                call::<GrantResellerQuota>(vec![
                    ("quota", money.quota.to_string()),
                    ("amount", "1".into()),
                    ("resellers[0]", Uuid::new_v4().to_string()),
                ]),
            ],
        ),
        SalesFundsView => (
            Some("/partner/funds"),
            vec![
                api(
                    "/v2/accounts/customer-accounts/balances/batch-query",
                    format!(
                        r#"{{"customer_infos": [{{"customer_id": "{ASSIGNABLE_CUSTOMER}"}}]}}"#
                    ),
                ),
                call::<FundsOverview>(vec![]),
                call::<AdjustmentRecords>(vec![("filter[page]", "1".into())]),
            ],
        ),
        SalesFundsAllocate => (
            None,
            vec![
                api(
                    "/v2/accounts/partner-accounts/adjust-amount",
                    customer_amount,
                ),
                call::<MoveCustomerFunds>(vec![
                    ("direction", "allocate".into()),
                    ("customer", ASSIGNABLE_CUSTOMER.into()),
                    ("amount", "1".into()),
                ]),
            ],
        ),
        SalesFundsReclaim => (
            None,
            vec![
                api("/v2/accounts/partner-accounts/reclaim", customer_amount),
                call::<MoveCustomerFunds>(vec![
                    ("direction", "reclaim".into()),
                    ("customer", ASSIGNABLE_CUSTOMER.into()),
                    ("amount", "1".into()),
                ]),
            ],
        ),
        SalesConsumptionView => (Some("/partner/consumption"), vec![]),
        SalesBillsView => (Some("/partner/bills"), vec![]),
        // Unmasking changes what an export holds: asked for with the export's own item.
        SalesDataUnmask => (
            None,
            vec![call::<StartConsumptionExport>(vec![
                ("format", "csv".into()),
                ("unmask", "1".into()),
            ])],
        ),
        OrgMembersView => (
            Some("/partner/org/members"),
            vec![call::<ListMembers>(vec![])],
        ),
        OrgMembersManage => (
            None,
            vec![call::<CreateMember>(vec![
                ("user_name", "new-member".into()),
                ("display_name", "New".into()),
                ("password", PASSWORD.into()),
                ("role1", format!("custom:{own_role}")),
            ])],
        ),
        OrgRolesManage => (
            Some("/partner/org/roles"),
            vec![
                call::<ListCustomRoles>(vec![]),
                call::<CreateRole>(vec![
                    ("name", "New role".into()),
                    ("items[0]", "org.roles.manage".into()),
                ]),
            ],
        ),
        AuditView => (
            Some("/partner/audit"),
            vec![call::<ListAudit>(vec![("filter[page]", "1".into())])],
        ),
    }
}

/// Items an item means nothing without: the "with" role holds them too (the "without" role
/// holds every item but the one tested, so they change nothing there).
fn needs(item: Permission) -> &'static [Permission] {
    match item {
        Permission::SalesDataUnmask => &[Permission::SalesConsumptionView],
        _ => &[],
    }
}

async fn send(client: &mut Client<'_>, c: &Call, key: &(String, String)) -> StatusCode {
    use axum::body::Body;
    use axum::http::{header, Request};
    if let Some(body) = &c.api_body {
        let req = signed_api_request(&key.0, &key.1, c.path, body, chrono::Utc::now());
        let res = client.send(req).await;
        assert!(
            res.status != StatusCode::INTERNAL_SERVER_ERROR,
            "{} {}",
            c.path,
            res.body
        );
        return res.status;
    }
    let body = c
        .fields
        .iter()
        .map(|(k, v)| format!("{}={}", urlencoding::encode(k), urlencoding::encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let req = Request::post(c.path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(Body::from(body))
        .unwrap();
    let res = client.send(req).await;
    assert!(
        res.status != StatusCode::INTERNAL_SERVER_ERROR,
        "{} {}",
        c.path,
        res.body
    );
    res.status
}

#[sqlx::test]
async fn every_permission_item_is_refused_without_and_allowed_with(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let c = customer(&pool, "assignable").await;
    sqlx::query("update customers set id = $1 where id = $2")
        .bind(Uuid::parse_str(ASSIGNABLE_CUSTOMER).unwrap())
        .bind(c)
        .execute(&pool)
        .await
        .unwrap();
    associate(
        &pool,
        Uuid::parse_str(ASSIGNABLE_CUSTOMER).unwrap(),
        p,
        "resale",
        None,
    )
    .await;
    let money = money(&app, p).await;
    for (i, item) in Permission::ALL.iter().enumerate() {
        let mut with_items = vec![item.code()];
        with_items.extend(needs(*item).iter().map(|i| i.code()));
        let with_role = custom_role(&pool, p, &format!("only-{i}"), &with_items).await;
        let others: Vec<&str> = Permission::ALL
            .iter()
            .filter(|p| *p != item)
            .map(|p| p.code())
            .collect();
        let without_role = custom_role(&pool, p, &format!("all-but-{i}"), &others).await;
        let with = member(&pool, p, &format!("with-{i}"), &[]).await;
        give_custom_role(&pool, with, with_role).await;
        let without = member(&pool, p, &format!("without-{i}"), &[]).await;
        give_custom_role(&pool, without, without_role).await;
        let with_key = access_key(&app, p, Some(with)).await;
        let without_key = access_key(&app, p, Some(without)).await;

        let (page, calls) = guarded(*item, with_role, &money);
        let mut yes = app.client();
        yes.sign_in_member("acme", &format!("with-{i}")).await;
        let mut no = app.client();
        no.sign_in_member("acme", &format!("without-{i}")).await;

        if let Some(page) = page {
            let link = format!("href=\"{page}\"");
            assert!(
                yes.get("/partner").await.body.contains(&link),
                "{item:?}: menu entry shown"
            );
            assert!(
                !no.get("/partner").await.body.contains(&link),
                "{item:?}: menu entry hidden"
            );
            assert_eq!(
                yes.get(page).await.status,
                StatusCode::OK,
                "{item:?}: page allowed"
            );
            assert_eq!(
                no.get(page).await.status,
                StatusCode::FORBIDDEN,
                "{item:?}: page refused"
            );
        }
        for c in &calls {
            assert_eq!(
                send(&mut no, c, &without_key).await,
                StatusCode::FORBIDDEN,
                "{item:?}: {} refused",
                c.path
            );
            let allowed = send(&mut yes, c, &with_key).await;
            assert!(
                allowed.is_success(),
                "{item:?}: {} allowed ({allowed})",
                c.path
            );
        }
        assert!(
            page.is_some() || !calls.is_empty(),
            "{item:?} guards something"
        );
    }
}

#[sqlx::test]
async fn signed_out_callers_get_401_from_every_data_function(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let mut c = app.client();
    for path in [
        ListMembers::PATH,
        ListCustomRoles::PATH,
        HomeFigures::PATH,
        partner_centre::account::MyAccount::PATH,
        partner_centre::operator::ListPartners::PATH,
    ] {
        let res = send(
            &mut c,
            &Call {
                path,
                fields: vec![],
                api_body: None,
            },
            &(String::new(), String::new()),
        )
        .await;
        assert_eq!(res, StatusCode::UNAUTHORIZED, "{path}");
    }
}

#[sqlx::test]
async fn a_customer_manager_sees_figures_of_its_own_customers_only(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let manager = member(&pool, p, "wang", &["customer_manager"]).await;
    for i in 0..5 {
        let c = customer(&pool, &format!("cust-{i}")).await;
        associate(&pool, c, p, "resale", (i < 2).then_some(manager)).await;
    }
    let mut c = app.client();
    c.sign_in_member("acme", "wang").await;
    let res = c.call::<HomeFigures>(&[]).await;
    let figures: partner_centre::partners::PartnerFigures =
        serde_json::from_str(&res.body).unwrap();
    let customers = figures.customers.unwrap();
    assert_eq!((customers.total, customers.assigned_only), (2, true));
    assert_eq!(
        figures.members, None,
        "no org.members.view, no member count"
    );

    let mut main = app.client();
    main.sign_in_partner("acme").await;
    let res = main.call::<HomeFigures>(&[]).await;
    let figures: partner_centre::partners::PartnerFigures =
        serde_json::from_str(&res.body).unwrap();
    assert_eq!(figures.customers.unwrap().total, 5);
}

#[sqlx::test]
async fn only_the_operator_lists_and_creates_partners(pool: PgPool) {
    use partner_centre::operator::CreatePartner;
    let app = TestApp::new(pool.clone()).await;
    partner(&pool, "acme", "solution_provider", None).await;
    operator(&pool, "ops").await;
    let fields = [
        ("account_name", "newco"),
        ("display_name", "NewCo"),
        ("partner_type", "solution_provider"),
        ("distributor_id", ""),
        ("password", PASSWORD),
    ];
    let mut p = app.client();
    p.sign_in_partner("acme").await;
    assert_eq!(
        p.call::<CreatePartner>(&fields).await.status,
        StatusCode::FORBIDDEN
    );
    let mut o = app.client();
    o.sign_in_operator("ops").await;
    assert_eq!(
        o.call::<CreatePartner>(&fields).await.status,
        StatusCode::OK
    );
    let again = o.call::<CreatePartner>(&fields).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    let count: i64 = sqlx::query_scalar("select count(*) from partners")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(count, 2);
    // The new partner sees its creation in its own audit log.
    let creations: i64 = sqlx::query_scalar(
        "select count(*) from audit_log a join partners p on p.id = a.partner_id
          where p.account_name = 'newco' and a.action = 'partner.create' and a.actor_kind = 'operator'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(creations, 1);
}

#[sqlx::test]
async fn a_distributor_sees_its_resellers_and_their_customers(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let d = partner(&pool, "dist", "distributor", None).await;
    let r1 = partner(&pool, "reseller-a", "reseller", Some(d)).await;
    let r2 = partner(&pool, "reseller-b", "reseller", Some(d)).await;
    let elsewhere = partner(&pool, "other", "solution_provider", None).await;
    for (i, p) in [r1, r1, r2, elsewhere, d].into_iter().enumerate() {
        let c = customer(&pool, &format!("cust-{i}")).await;
        associate(&pool, c, p, "consulting", None).await;
    }
    let mut c = app.client();
    c.sign_in_partner("dist").await;
    let figures: partner_centre::partners::PartnerFigures =
        serde_json::from_str(&c.call::<HomeFigures>(&[]).await.body).unwrap();
    let resellers = figures.resellers.unwrap();
    assert_eq!((resellers.resellers, resellers.their_customers), (2, 3));
    assert_eq!(figures.customers.unwrap().consulting, 1);
    let mut r = app.client();
    r.sign_in_partner("reseller-a").await;
    let figures: partner_centre::partners::PartnerFigures =
        serde_json::from_str(&r.call::<HomeFigures>(&[]).await.body).unwrap();
    assert_eq!(figures.resellers, None);
    assert_eq!(figures.distributor_name.as_deref(), Some("dist"));
    assert_eq!(figures.customers.unwrap().total, 2);
}
