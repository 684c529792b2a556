//! Hostile input, thrown at every server function and every GET filter: random and crafted
//! dates, numbers, ids and strings. Each request must be answered (no hang) without a server
//! error, and a refused one changes nothing (no audit record, so no change, was written).

use crate::harness::*;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use sqlx::PgPool;
use std::collections::BTreeMap;
use std::time::Duration;
use uuid::Uuid;

/// Who calls a server function in this test.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Who {
    Partner,
    Customer,
    Operator,
    Anyone,
}

/// Every server function: its endpoint, who calls it, and its form fields (`name[]` for lists).
/// A function more than one kind of user calls is listed once per kind.
const FUNCTIONS: &[(&str, Who, &[&str])] = &[
    ("current_viewer", Who::Anyone, &[]),
    (
        "sign_in_partner",
        Who::Anyone,
        &["account_name", "password"],
    ),
    (
        "sign_in_member",
        Who::Anyone,
        &["partner_account", "user_name", "password"],
    ),
    (
        "sign_in_customer",
        Who::Anyone,
        &["account_name", "password", "next"],
    ),
    (
        "sign_in_operator",
        Who::Anyone,
        &["account_name", "password"],
    ),
    (
        "sign_up_customer",
        Who::Anyone,
        &[
            "account_name",
            "display_name",
            "kind",
            "password",
            "confirm_password",
        ],
    ),
    ("sign_out", Who::Anyone, &[]),
    ("join_info", Who::Anyone, &["token"]),
    (
        "join_existing",
        Who::Customer,
        &["token", "notice_id", "agree"],
    ),
    (
        "join_new",
        Who::Anyone,
        &[
            "token",
            "notice_id",
            "agree",
            "account_name",
            "display_name",
            "kind",
            "password",
            "confirm_password",
        ],
    ),
    ("request_disassociation", Who::Customer, &[]),
    (
        "answer_disassociation",
        Who::Customer,
        &["request", "decision"],
    ),
    (
        "partner_request_disassociation",
        Who::Partner,
        &["customer"],
    ),
    (
        "partner_answer_disassociation",
        Who::Partner,
        &["request", "decision"],
    ),
    ("my_authorizations", Who::Customer, &[]),
    ("answer_authorization", Who::Customer, &["id", "decision"]),
    ("revoke_authorization", Who::Customer, &["id", "reason"]),
    (
        "request_authorization",
        Who::Partner,
        &["customer", "scopes[]", "ends_on"],
    ),
    ("my_credentials", Who::Partner, &[]),
    ("create_access_key", Who::Partner, &["description"]),
    ("change_access_key", Who::Partner, &["access_key", "action"]),
    // Customers hold their own keys through the same functions.
    ("my_credentials", Who::Customer, &[]),
    ("create_access_key", Who::Customer, &["description"]),
    (
        "change_access_key",
        Who::Customer,
        &["access_key", "action"],
    ),
    ("list_partners", Who::Operator, &[]),
    ("operator_quotas", Who::Operator, &[]),
    (
        "create_partner",
        Who::Operator,
        &[
            "account_name",
            "display_name",
            "partner_type",
            "distributor_id",
            "password",
        ],
    ),
    ("list_associations", Who::Operator, &["q"]),
    ("my_agreements", Who::Customer, &[]),
    ("sign_agreement", Who::Customer, &["agreement_id", "agree"]),
    ("list_agreement_versions", Who::Operator, &[]),
    ("publish_agreement", Who::Operator, &["title", "content"]),
    ("list_members", Who::Partner, &[]),
    (
        "create_member",
        Who::Partner,
        &[
            "user_name",
            "display_name",
            "password",
            "role1",
            "role2",
            "role3",
        ],
    ),
    (
        "set_member_roles",
        Who::Partner,
        &["member_id", "role1", "role2", "role3"],
    ),
    ("disable_member", Who::Partner, &["member_id"]),
    ("enable_member", Who::Partner, &["member_id"]),
    ("delete_member", Who::Partner, &["member_id", "confirm"]),
    (
        "reset_member_password",
        Who::Partner,
        &["member_id", "new_password"],
    ),
    ("list_custom_roles", Who::Partner, &[]),
    ("create_role", Who::Partner, &["name", "items[]"]),
    ("update_role", Who::Partner, &["role_id", "name", "items[]"]),
    ("delete_role", Who::Partner, &["role_id"]),
    (
        "list_audit",
        Who::Partner,
        &[
            "filter[actor]",
            "filter[action]",
            "filter[from]",
            "filter[to]",
            "filter[page]",
        ],
    ),
    (
        "list_customers",
        Who::Partner,
        &[
            "filter[q]",
            "filter[mode]",
            "filter[kind]",
            "filter[manager]",
            "filter[from]",
            "filter[to]",
            "filter[sort]",
            "filter[indirect]",
            "filter[after]",
            "filter[before]",
            "filter[last]",
        ],
    ),
    (
        "assign_customer_manager",
        Who::Partner,
        &["manager", "customers[]"],
    ),
    ("customer_detail", Who::Partner, &["id"]),
    ("my_account", Who::Customer, &[]),
    ("home_figures", Who::Partner, &[]),
    ("list_knowledge", Who::Operator, &[]),
    (
        "create_knowledge",
        Who::Operator,
        &["category", "title", "summary", "link"],
    ),
    ("delete_knowledge", Who::Operator, &["id"]),
    ("list_invitations", Who::Partner, &[]),
    (
        "create_invitation",
        Who::Partner,
        &["mode", "valid_days", "max_uses"],
    ),
    ("revoke_invitation", Who::Partner, &["id"]),
    ("funds_overview", Who::Partner, &[]),
    (
        "move_customer_funds",
        Who::Partner,
        &["direction", "customer", "amount", "token"],
    ),
    (
        "preview_fund_batch",
        Who::Partner,
        &["direction", "amount", "customers[]"],
    ),
    (
        "apply_fund_batch",
        Who::Partner,
        &["direction", "amount", "customers[]", "token"],
    ),
    ("fund_batch", Who::Partner, &["id"]),
    (
        "adjustment_records",
        Who::Partner,
        &[
            "filter[customer]",
            "filter[kind]",
            "filter[from]",
            "filter[to]",
            "filter[trans_id]",
            "filter[page]",
        ],
    ),
    (
        "partner_account_entries",
        Who::Partner,
        &["from", "to", "page"],
    ),
    (
        "move_reseller_funds",
        Who::Partner,
        &["direction", "reseller", "amount", "token"],
    ),
    ("my_balance", Who::Customer, &["page"]),
    ("load_my_bills", Who::Customer, &["cycle", "page"]),
    (
        "consumption_summary",
        Who::Partner,
        &[
            "filter[from]",
            "filter[to]",
            "filter[customer]",
            "filter[manager]",
            "filter[mode]",
            "filter[service_type]",
            "filter[charge_mode]",
            "filter[show_zero]",
            "filter[group]",
            "filter[page]",
        ],
    ),
    (
        "consumption_records",
        Who::Partner,
        &[
            "filter[from]",
            "filter[to]",
            "filter[customer]",
            "filter[manager]",
            "filter[charge_mode]",
            "filter[page]",
        ],
    ),
    ("consumption_loads", Who::Operator, &[]),
    (
        "consumption_dashboard",
        Who::Partner,
        &[
            "filter[from]",
            "filter[to]",
            "filter[manager]",
            "filter[group]",
        ],
    ),
    ("load_partner_bill", Who::Partner, &["cycle", "by", "page"]),
    (
        "start_consumption_export",
        Who::Partner,
        &[
            "filter[from]",
            "filter[to]",
            "filter[customer]",
            "filter[manager]",
            "format",
            "unmask",
        ],
    ),
    (
        "start_audit_export",
        Who::Partner,
        &[
            "filter[actor]",
            "filter[action]",
            "filter[from]",
            "filter[to]",
            "format",
            "unmask",
        ],
    ),
    ("my_exports", Who::Partner, &[]),
    (
        "top_up_partner",
        Who::Operator,
        &["partner", "amount", "remark", "token"],
    ),
    (
        "set_credit_limit",
        Who::Operator,
        &["customer", "credit_limit"],
    ),
    ("coupon_quotas", Who::Partner, &[]),
    ("coupon_quota", Who::Partner, &["id"]),
    ("preview_coupon_issue", Who::Partner, ISSUE_FORM),
    ("issue_coupons", Who::Partner, ISSUE_FORM),
    ("coupon_issue_result", Who::Partner, &["id"]),
    (
        "issued_coupons",
        Who::Partner,
        &[
            "filter[customer]",
            "filter[coupon]",
            "filter[quota]",
            "filter[kind]",
            "filter[status]",
            "filter[page]",
        ],
    ),
    ("recall_coupon", Who::Partner, &["coupon", "token"]),
    (
        "coupon_operations",
        Who::Partner,
        &[
            "filter[operation]",
            "filter[customer]",
            "filter[coupon]",
            "filter[from]",
            "filter[to]",
            "filter[page]",
        ],
    ),
    (
        "grant_reseller_quota",
        Who::Partner,
        &["quota", "amount", "resellers[]", "token"],
    ),
    ("reseller_quota_grant", Who::Partner, &["id"]),
    (
        "reclaim_reseller_quota",
        Who::Partner,
        &["quota", "remark", "token"],
    ),
    ("list_my_coupons", Who::Customer, &[]),
    (
        "grant_quota",
        Who::Operator,
        &[
            "form[partner]",
            "form[kind]",
            "form[amount]",
            "form[valid_from]",
            "form[valid_until]",
            "form[service_types]",
            "form[products]",
            "form[min_order_amount]",
            "form[selected_only]",
            "form[remark]",
            "token",
        ],
    ),
];

/// The fields of an issue of coupons (the preview ignores the token).
const ISSUE_FORM: &[&str] = &[
    "form[quota]",
    "form[face_value]",
    "form[valid_from]",
    "form[valid_until]",
    "form[service_types]",
    "form[products]",
    "form[min_order_amount]",
    "form[selected_only]",
    "form[remark]",
    "form[customers][]",
    "token",
];

/// GET pages with query filters, and their parameters.
const PAGES: &[(&str, &[&str])] = &[
    (
        "/partner/customers",
        &[
            "q", "mode", "kind", "manager", "from", "to", "sort", "indirect", "after", "before",
            "last",
        ],
    ),
    (
        "/partner/customers/export.csv",
        &[
            "q", "mode", "kind", "from", "to", "sort", "indirect", "unmask",
        ],
    ),
    ("/partner/audit", &["actor", "action", "from", "to", "page"]),
    (
        "/partner/consumption",
        &[
            "from",
            "to",
            "customer",
            "manager",
            "mode",
            "charge_mode",
            "group",
            "page",
        ],
    ),
    (
        "/partner/consumption/records",
        &["from", "to", "customer", "page"],
    ),
    ("/partner/consumption/dashboard", &["from", "to", "manager"]),
    ("/partner/bills", &["cycle", "by", "page"]),
    ("/account/bills", &["cycle", "page"]),
    ("/partner/exports", &["page"]),
    ("/lang/en", &["back"]),
];

/// Values crafted to break parsers: dates that never existed or overflow, numbers past every
/// width, ids of the wrong shape, control characters, scripts, very long text.
fn crafted(known: &[String]) -> Vec<String> {
    let mut values: Vec<String> = [
        "",
        " ",
        "1940-06-01",
        "1988-04-10",
        "+262142-12-31",
        "-0001-01-01",
        "2026-02-30",
        "9999-12-31",
        "0000-00-00",
        "2026-11-25T00:00:00Z",
        "2026-13",
        "NaN",
        "-1",
        "0",
        "1e309",
        "18446744073709551616",
        "99999999999999999999",
        "2147483648",
        "0.001",
        "abc",
        "'; drop table members; --",
        "<script>alert(1)</script>",
        "%00",
        "\u{0}",
        "\t",
        "\r\n",
        "\u{202e}evil",
        "😀😀😀",
        "../../etc/passwd",
        "//evil.example",
        "/\t/evil.example",
        "builtin:admin",
        "custom:x",
        "custom:",
        "approve",
        "confirm",
        "withdraw",
        "delete",
        "resale",
        "enterprise",
        "name",
        "t1~00000000-0000-0000-0000-000000000000",
        "00000000-0000-0000-0000-000000000000",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    values.push("a".repeat(10_000));
    values.push("=".repeat(65));
    values.push(Uuid::new_v4().to_string());
    values.extend(known.iter().cloned());
    values
}

/// Random values: any unicode text, and text shaped like dates and numbers.
fn random(runner: &mut TestRunner, n: usize) -> Vec<String> {
    let shapes = proptest::prop_oneof![
        proptest::arbitrary::any::<String>(),
        "[0-9+-]{0,8}-[0-9]{0,3}-[0-9]{0,3}",
        "-?[0-9]{0,30}(\\.[0-9]{0,5})?",
        "[ -~]{0,80}",
    ];
    (0..n)
        .map(|_| shapes.new_tree(runner).unwrap().current())
        .collect()
}

/// The form body: each field once, `name[]` lists as `name[0]`, `name[1]`.
fn body(fields: &[&str], pick: &mut impl FnMut() -> String) -> String {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for field in fields {
        match field.strip_suffix("[]") {
            Some(list) => {
                for i in 0..2 {
                    pairs.push((format!("{list}[{i}]"), pick()));
                }
            }
            None => pairs.push((field.to_string(), pick())),
        }
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", urlencoding::encode(k), urlencoding::encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

struct Fixture {
    known: Vec<String>,
}

/// A partner with members and customers, another partner with its own, a customer, an operator.
async fn fixture(pool: &PgPool) -> Fixture {
    let p = partner(pool, "acme", "distributor", None).await;
    let reseller = partner(pool, "acme-reseller", "reseller", Some(p)).await;
    let other = partner(pool, "rival", "solution_provider", None).await;
    let m = member(pool, p, "wang", &["customer_manager"]).await;
    let role = custom_role(pool, p, "viewers", &["audit.view"]).await;
    let mut known = vec![
        p.to_string(),
        reseller.to_string(),
        m.to_string(),
        role.to_string(),
    ];
    for (name, owner, manager) in [
        ("cust-a", p, Some(m)),
        ("cust-b", p, None),
        ("cust-r", reseller, None),
        ("cust-x", other, None),
    ] {
        let c = customer(pool, name).await;
        associate(pool, c, owner, "resale", manager).await;
        known.push(c.to_string());
    }
    customer(pool, "loner").await;
    operator(pool, "ops").await;
    Fixture { known }
}

async fn audit_total(pool: &PgPool) -> i64 {
    sqlx::query_scalar("select count(*) from audit_log")
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn signed_in<'a>(app: &'a TestApp, who: Who) -> Client<'a> {
    let mut c = app.client();
    match who {
        Who::Partner => c.sign_in_partner("acme").await,
        Who::Customer => c.sign_in_customer("loner").await,
        Who::Operator => c.sign_in_operator("ops").await,
        Who::Anyone => return c,
    };
    c
}

/// Sends, failing the test on a hang or on a server error. The bound is generous: on a loaded
/// 2-core machine running other tests, a page can take seconds; a hang takes forever.
async fn answered(c: &mut Client<'_>, req: Request<Body>, what: &str) -> TestResponse {
    let res = tokio::time::timeout(Duration::from_secs(30), c.send(req))
        .await
        .unwrap_or_else(|_| panic!("no answer within 30 s: {what}"));
    assert!(
        !res.status.is_server_error(),
        "{} for {what}: {}",
        res.status,
        res.body.chars().take(300).collect::<String>()
    );
    res
}

#[sqlx::test]
async fn every_server_function_answers_hostile_input_without_a_server_error(pool: PgPool) {
    let config = partner_centre::server::config::Config {
        api_rate_per_second: 1_000_000,
        ..partner_centre::server::config::Config::for_tests()
    };
    let app = TestApp::with_config(pool.clone(), config).await;
    let fixture = fixture(&pool).await;
    // The table covers every server function the app registers.
    let registered: BTreeMap<String, ()> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| (path.trim_start_matches("/api/").to_string(), ()))
        .collect();
    let listed: BTreeMap<String, ()> = FUNCTIONS
        .iter()
        .map(|(e, _, _)| (e.to_string(), ()))
        .collect();
    assert_eq!(
        registered.keys().collect::<Vec<_>>(),
        listed.keys().collect::<Vec<_>>(),
        "a server function is missing from the hostile-input table"
    );

    let mut runner = TestRunner::deterministic();
    let crafted = crafted(&fixture.known);
    for (endpoint, who, fields) in FUNCTIONS {
        let mut values = crafted.clone();
        values.extend(random(&mut runner, 40));
        let mut c = signed_in(&app, *who).await;
        let rounds = if fields.is_empty() { 2 } else { values.len() };
        for round in 0..rounds {
            let mut k = round;
            let mut pick = || {
                k = (k * 7 + 3) % values.len();
                values[k].clone()
            };
            let form = body(fields, &mut pick);
            let before = audit_total(&pool).await;
            let req = Request::post(format!("/api/{endpoint}"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "application/json")
                .header(header::HOST, "localhost")
                .body(Body::from(form.clone()))
                .unwrap();
            let res = answered(&mut c, req, &format!("{endpoint} {form:.200}")).await;
            let records_failures = endpoint.starts_with("sign_in") || *endpoint == "sign_out";
            if res.status.is_client_error() && !records_failures {
                assert_eq!(
                    audit_total(&pool).await,
                    before,
                    "a refused {endpoint} changed something: {form:.200}"
                );
            }
            if res.status == StatusCode::UNAUTHORIZED || *endpoint == "sign_out" {
                c = signed_in(&app, *who).await;
            }
        }
    }
}

#[sqlx::test]
async fn every_get_filter_answers_hostile_input_without_a_server_error(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let fixture = fixture(&pool).await;
    let mut runner = TestRunner::deterministic();
    let mut values = crafted(&fixture.known);
    values.extend(random(&mut runner, 30));
    let mut c = signed_in(&app, Who::Partner).await;
    for (path, params) in PAGES {
        for param in *params {
            for value in &values {
                let uri = format!("{path}?{param}={}", urlencoding::encode(value));
                let req = Request::get(&uri)
                    .header(header::ACCEPT, "text/html")
                    .body(Body::empty())
                    .unwrap();
                answered(&mut c, req, &format!("GET {uri:.200}")).await;
            }
        }
    }
    // The dates of the issue, on the pages where they once answered 500 or never answered.
    for uri in [
        "/partner/audit?from=1940-06-01",
        "/partner/customers?from=1940-06-01",
        "/partner/customers?to=%2B262142-12-31",
        "/partner/audit?to=%2B262142-12-31&from=1988-04-10",
    ] {
        let req = Request::get(uri)
            .header(header::ACCEPT, "text/html")
            .body(Body::empty())
            .unwrap();
        let res = answered(&mut c, req, uri).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(
            res.body.contains("2000-01-01 至 2100-12-31") || res.body.contains("YYYY-MM-DD"),
            "{uri} says which dates it accepts"
        );
    }
}
