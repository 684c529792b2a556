//! An attacker inside a partner, and one outside it: members reaching past their rights through
//! someone else, customer managers past their customers, another partner's ids, spreadsheets
//! that run formulas, secrets left lying around, spoofed client addresses. Each test is the
//! attack first; what the server must answer follows.

use crate::harness::*;
use axum::http::StatusCode;
use partner_centre::access_keys::CreateAccessKey;
use partner_centre::audit::{AuditPage, ListAudit};
use partner_centre::core::error::AppError;
use partner_centre::core::i18n::Msg;
use partner_centre::customers::AssignCustomerManager;
use partner_centre::invitations::{CreateInvitation, InvitationLink, ListInvitations};
use partner_centre::org::{
    CreateMember, CreateRole, DeleteMember, DeleteRole, DisableMember, ListCustomRoles,
    ListMembers, MembersPage, ResetMemberPassword, SetMemberRoles, UpdateRole,
};
use partner_centre::server::config::Config;
use sqlx::PgPool;
use uuid::Uuid;

fn refused_beyond_rights(res: &TestResponse) {
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    assert_eq!(
        res.app_error(),
        AppError::Refused(Msg::ErrTargetBeyondRights.into())
    );
}

async fn password_hash_of(pool: &PgPool, member: Uuid) -> String {
    sqlx::query_scalar("select password_hash from members where id = $1")
        .bind(member)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// A member holding only `org.members.manage` and `org.members.view` (through a custom role).
async fn member_manager(pool: &PgPool, partner: Uuid, user: &str) -> Uuid {
    let items = ["org.members.manage", "org.members.view"];
    let role = custom_role(pool, partner, &format!("{user}-role"), &items).await;
    let m = member(pool, partner, user, &[]).await;
    give_custom_role(pool, m, role).await;
    m
}

#[sqlx::test]
async fn a_member_with_one_item_cannot_take_over_an_admin(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let admin = member(&pool, p, "boss", &["admin"]).await;
    member_manager(&pool, p, "hr").await;
    let peer = member_manager(&pool, p, "hr2").await;
    let mut hr = app.client();
    hr.sign_in_member("acme", "hr").await;
    let admin_id = admin.to_string();
    let before = password_hash_of(&pool, admin).await;

    // Reset the Admin's password, then sign in as the Admin: refused at the first step.
    let res = hr
        .call::<ResetMemberPassword>(&[
            ("member_id", &admin_id),
            ("new_password", "taken over 2026"),
        ])
        .await;
    refused_beyond_rights(&res);
    assert_eq!(password_hash_of(&pool, admin).await, before);
    assert_eq!(audit_count(&pool, "member.reset_password").await, 0);
    // Nor disable, delete or re-role it.
    refused_beyond_rights(&hr.call::<DisableMember>(&[("member_id", &admin_id)]).await);
    refused_beyond_rights(
        &hr.call::<DeleteMember>(&[("member_id", &admin_id), ("confirm", "on")])
            .await,
    );
    refused_beyond_rights(
        &hr.call::<SetMemberRoles>(&[("member_id", &admin_id), ("role1", "builtin:read_only")])
            .await,
    );
    let status: String = sqlx::query_scalar("select status from members where id = $1")
        .bind(admin)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(status, "active");

    // A member whose rights lie within its own is fair game, and the list says which are.
    let res = hr
        .call::<ResetMemberPassword>(&[
            ("member_id", &peer.to_string()),
            ("new_password", "fresh password 7"),
        ])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let page: MembersPage = serde_json::from_str(&hr.call::<ListMembers>(&[]).await.body).unwrap();
    let manageable = |name: &str| {
        page.members
            .iter()
            .find(|m| m.user_name == name)
            .map(|m| m.manageable)
    };
    assert_eq!(manageable("boss"), Some(false));
    assert_eq!(manageable("hr2"), Some(true));
    assert_eq!(manageable("hr"), Some(false), "never oneself");
}

#[sqlx::test]
async fn roles_beyond_the_editors_items_cannot_be_edited_or_deleted(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let roles = custom_role(&pool, p, "role-editor", &["org.roles.manage"]).await;
    let editor = member(&pool, p, "editor", &[]).await;
    give_custom_role(&pool, editor, roles).await;
    let strong = custom_role(&pool, p, "auditors", &["audit.view", "org.members.manage"]).await;
    let held = custom_role(&pool, p, "viewers", &["org.roles.manage"]).await;
    let mut c = app.client();
    c.sign_in_member("acme", "editor").await;

    // Editing or deleting a role that gives more than the editor holds is refused.
    let strong_id = strong.to_string();
    refused_beyond_rights(
        &c.call::<UpdateRole>(&[
            ("role_id", &strong_id),
            ("name", "auditors"),
            ("items[0]", "org.roles.manage"),
        ])
        .await,
    );
    refused_beyond_rights(&c.call::<DeleteRole>(&[("role_id", &strong_id)]).await);
    // Nor may a role gain an item the editor lacks.
    let held_id = held.to_string();
    let res = c
        .call::<UpdateRole>(&[
            ("role_id", &held_id),
            ("name", "viewers"),
            ("items[0]", "audit.view"),
        ])
        .await;
    assert_eq!(
        res.app_error(),
        AppError::field("items", Msg::ErrNoEscalation)
    );
    // Within its own items it edits: renamed, items kept; audited.
    let res = c
        .call::<UpdateRole>(&[
            ("role_id", &held_id),
            ("name", "role readers"),
            ("items[0]", "org.roles.manage"),
        ])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(audit_count(&pool, "role.update").await, 1);
    let listed: Vec<partner_centre::org::CustomRole> =
        serde_json::from_str(&c.call::<ListCustomRoles>(&[]).await.body).unwrap();
    let editable = |name: &str| listed.iter().find(|r| r.name == name).map(|r| r.editable);
    assert_eq!(editable("auditors"), Some(false));
    assert_eq!(editable("role readers"), Some(true));
    // A role held by a member beyond the editor's rights is not the editor's to change.
    sqlx::query("insert into member_roles (member_id, custom_role_id) values ($1, $2)")
        .bind(member(&pool, p, "other-admin", &[]).await)
        .bind(held)
        .execute(&pool)
        .await
        .unwrap();
    let boss = member(&pool, p, "boss2", &[]).await;
    sqlx::query("insert into member_roles (member_id, builtin_role) values ($1, 'finance')")
        .bind(boss)
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("insert into member_roles (member_id, custom_role_id) values ($1, $2)")
        .bind(boss)
        .bind(held)
        .execute(&pool)
        .await
        .unwrap();
    refused_beyond_rights(
        &c.call::<UpdateRole>(&[
            ("role_id", &held_id),
            ("name", "role readers"),
            ("items[0]", "org.roles.manage"),
        ])
        .await,
    );
    // A role it creates holds only its own items.
    let res = c
        .call::<CreateRole>(&[("name", "too much"), ("items[0]", "audit.view")])
        .await;
    assert_eq!(
        res.app_error(),
        AppError::field("items", Msg::ErrNoEscalation)
    );
}

#[sqlx::test]
async fn a_customer_manager_grants_no_wider_scope_and_assigns_only_its_customers(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    // A customer manager that also manages members and assigns customers.
    let extra = custom_role(
        &pool,
        p,
        "cm-plus",
        &[
            "org.members.manage",
            "org.members.view",
            "sales.customers.assign",
        ],
    )
    .await;
    let wang = member(&pool, p, "wang", &["customer_manager"]).await;
    give_custom_role(&pool, wang, extra).await;
    let zhao = member(&pool, p, "zhao", &["customer_manager"]).await;
    let mine = customer(&pool, "mine").await;
    associate(&pool, mine, p, "resale", Some(wang)).await;
    let theirs = customer(&pool, "theirs").await;
    associate(&pool, theirs, p, "resale", Some(zhao)).await;
    let unassigned = customer(&pool, "nobodys").await;
    associate(&pool, unassigned, p, "resale", None).await;
    let mut c = app.client();
    c.sign_in_member("acme", "wang").await;

    // A member whose scope is the whole partner is wider than a customer manager's.
    let res = c
        .call::<CreateMember>(&[
            ("user_name", "wide"),
            ("display_name", "Wide"),
            ("password", PASSWORD),
            ("role1", "builtin:read_only"),
        ])
        .await;
    assert_eq!(
        res.app_error(),
        AppError::field("roles", Msg::ErrNoEscalation)
    );
    // Another manager, with customers of its own, lies outside this one's scope.
    refused_beyond_rights(
        &c.call::<SetMemberRoles>(&[
            ("member_id", &zhao.to_string()),
            ("role1", "builtin:customer_manager"),
        ])
        .await,
    );
    // Customers outside its scope are assigned to nobody, all or nothing.
    for (target, customers) in [
        (zhao.to_string(), vec![theirs]),
        (wang.to_string(), vec![theirs]),
        (zhao.to_string(), vec![mine, unassigned]),
    ] {
        let mut fields = vec![("manager", target.as_str())];
        let ids: Vec<String> = customers.iter().map(Uuid::to_string).collect();
        let keys: Vec<String> = (0..ids.len()).map(|i| format!("customers[{i}]")).collect();
        fields.extend(
            keys.iter()
                .map(String::as_str)
                .zip(ids.iter().map(String::as_str)),
        );
        let res = c.call::<AssignCustomerManager>(&fields).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    }
    let manager_of = |c: Uuid| {
        sqlx::query_scalar::<_, Option<Uuid>>(
            "select manager_member_id from associations where customer_id = $1",
        )
        .bind(c)
        .fetch_one(&pool)
    };
    assert_eq!(manager_of(theirs).await.unwrap(), Some(zhao));
    assert_eq!(manager_of(unassigned).await.unwrap(), None);
    assert_eq!(audit_count(&pool, "customer.assign_manager").await, 0);
    // Its own customer it may hand over.
    let res = c
        .call::<AssignCustomerManager>(&[
            ("manager", &zhao.to_string()),
            ("customers[0]", &mine.to_string()),
        ])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(manager_of(mine).await.unwrap(), Some(zhao));
}

#[sqlx::test]
async fn a_customer_manager_sees_only_its_own_audit_records_and_links(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let audit = custom_role(&pool, p, "cm-audit", &["audit.view"]).await;
    let wang = member(&pool, p, "wang", &["customer_manager"]).await;
    give_custom_role(&pool, wang, audit).await;
    member(&pool, p, "zhao", &["customer_manager"]).await;
    let link = [("mode", "resale"), ("valid_days", "7"), ("max_uses", "")];
    let mut main = app.client();
    main.sign_in_partner("acme").await;
    main.call::<CreateInvitation>(&link).await;
    let mut zhao = app.client();
    zhao.sign_in_member("acme", "zhao").await;
    zhao.call::<CreateInvitation>(&link).await;
    let mut c = app.client();
    c.sign_in_member("acme", "wang").await;
    c.call::<CreateInvitation>(&link).await;

    let links: Vec<InvitationLink> =
        serde_json::from_str(&c.call::<ListInvitations>(&[]).await.body).unwrap();
    assert_eq!(links.len(), 1, "its own link only");
    let all: Vec<InvitationLink> =
        serde_json::from_str(&main.call::<ListInvitations>(&[]).await.body).unwrap();
    assert_eq!(all.len(), 3);
    // Another's link cannot be revoked by it.
    let others = all.iter().find(|l| l.id != links[0].id).unwrap();
    let res = c
        .call::<partner_centre::invitations::RevokeInvitation>(&[("id", &others.id)])
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    let page = |res: TestResponse| -> AuditPage { serde_json::from_str(&res.body).unwrap() };
    let own = page(c.call::<ListAudit>(&[("filter[action]", "")]).await);
    assert!(!own.rows.is_empty());
    // Its sign-in is recorded as "acme/wang", its actions as "wang".
    assert!(
        own.rows.iter().all(|r| r.actor_name.ends_with("wang")),
        "{own:?}"
    );
    assert!(own.actors.is_empty(), "no one else to filter by");
    // Asking for someone else's records finds none.
    let main_only = page(c.call::<ListAudit>(&[("filter[actor]", "main")]).await);
    assert!(main_only.rows.is_empty());
    let everyone = page(main.call::<ListAudit>(&[("filter[action]", "")]).await);
    assert!(everyone.rows.iter().any(|r| r.actor_name == "zhao"));
}

#[sqlx::test]
async fn exported_cells_never_start_a_formula(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let evil = customer(&pool, "evil").await;
    sqlx::query("update customers set display_name = $2 where id = $1")
        .bind(evil)
        .bind("=HYPERLINK(\"http://evil.example\",\"click\")")
        .execute(&pool)
        .await
        .unwrap();
    associate(&pool, evil, p, "resale", None).await;
    let mut c = app.client();
    c.sign_in_partner("acme").await;
    // Unmasked (the main account may), so that the whole name reaches the writer.
    let csv = c.get("/partner/customers/export.csv?unmask=1").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.body
            .contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\""),
        "{}",
        csv.body
    );
    for line in csv.body.lines() {
        for cell in line.split(',') {
            assert!(!cell.trim_matches('"').starts_with('='), "{line}");
        }
    }
}

#[sqlx::test]
async fn a_new_secret_is_sealed_in_the_session_and_its_page_is_not_stored(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    partner(&pool, "acme", "solution_provider", None).await;
    let mut c = app.client();
    c.sign_in_partner("acme").await;
    assert_eq!(
        c.call::<CreateAccessKey>(&[("description", "ci")])
            .await
            .status,
        StatusCode::OK
    );
    let page = c.get("/partner/credentials").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.headers["cache-control"], "no-store");
    let sk = page
        .body
        .split("data-testid=\"new-sk\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap_or_else(|| panic!("the page shows the new secret once: {}", page.body))
        .to_string();
    assert_eq!(sk.len(), 40);
    // While it waited, the session table never held it in plain text.
    let sessions: Vec<Vec<u8>> = sqlx::query_scalar("select data from tower_sessions.session")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(!sessions.is_empty());
    for data in &sessions {
        assert!(
            !data.windows(sk.len()).any(|w| w == sk.as_bytes()),
            "a session holds the secret in plain text"
        );
    }
    // Shown once: the next visit shows no secret.
    let again = c.get("/partner/credentials").await;
    assert!(!again.body.contains(&sk));
}

#[sqlx::test]
async fn a_client_cannot_choose_its_own_address_behind_a_proxy(pool: PgPool) {
    let config = Config {
        trusted_proxies: 1,
        ..Config::for_tests()
    };
    let app = TestApp::with_config(pool.clone(), config).await;
    partner(&pool, "acme", "solution_provider", None).await;
    let mut c = app.client();
    // The client writes a fake first hop; our proxy appends the address it really saw.
    let req = axum::http::Request::post("/api/sign_in_partner")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .header("x-forwarded-for", "198.51.100.1, 203.0.113.77")
        .body(axum::body::Body::from(format!(
            "account_name=acme&password={}",
            urlencoding::encode(PASSWORD)
        )))
        .unwrap();
    assert_eq!(c.send(req).await.status, StatusCode::OK);
    let source: String =
        sqlx::query_scalar("select host(source_ip) from audit_log where action = 'auth.sign_in'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(source, "203.0.113.77");
}

#[sqlx::test]
async fn the_language_switch_returns_only_to_this_site(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let mut c = app.client();
    for (back, expected) in [
        ("/partner/customers?q=a", "/partner/customers?q=a"),
        ("/%09/evil.example", "/"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example", "/"),
        ("/%5C%5Cevil.example", "/"),
    ] {
        let res = c
            .get(&format!("/lang/en?back={}", urlencoding::encode(back)))
            .await;
        assert!(res.status.is_redirection(), "{back}");
        assert_eq!(res.headers["location"], expected, "{back}");
    }
    // A raw tab, as an attacker would put it in the link.
    let res = c.get("/lang/en?back=/%09/evil.example").await;
    assert_eq!(res.headers["location"], "/");
}
