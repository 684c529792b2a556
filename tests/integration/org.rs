//! Organisation members and roles: the rules hold on the server, and a refused change changes
//! nothing.

use crate::harness::*;
use axum::http::StatusCode;
use partner_centre::core::error::AppError;
use partner_centre::core::i18n::Msg;
use partner_centre::org::{
    CreateMember, CreateRole, DeleteMember, DeleteRole, DisableMember, EnableMember, ListMembers,
    MembersPage, ResetMemberPassword, SetMemberRoles,
};
use sqlx::PgPool;

async fn member_count(pool: &PgPool) -> i64 {
    sqlx::query_scalar("select count(*) from members")
        .fetch_one(pool)
        .await
        .unwrap()
}

fn new_member<'a>(user: &'a str, roles: [&'a str; 3]) -> Vec<(&'a str, &'a str)> {
    vec![
        ("user_name", user),
        ("display_name", "新人员"),
        ("password", PASSWORD),
        ("role1", roles[0]),
        ("role2", roles[1]),
        ("role3", roles[2]),
    ]
}

#[sqlx::test]
async fn role_rules_are_enforced_and_nothing_is_written_on_refusal(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    partner(&pool, "acme", "solution_provider", None).await;
    let mut c = app.client();
    c.sign_in_partner("acme").await;
    let cases: [([&str; 3], Msg); 3] = [
        (["", "", ""], Msg::ErrRoleNone),
        (
            ["builtin:admin", "builtin:finance", ""],
            Msg::ErrRoleAdminExclusive,
        ),
        (
            [
                "builtin:customer_manager",
                "builtin:customer_manager_supervisor",
                "",
            ],
            Msg::ErrRoleManagerSupervisor,
        ),
    ];
    for (roles, msg) in cases {
        let res = c.call::<CreateMember>(&new_member("liming", roles)).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
        assert_eq!(res.app_error(), AppError::field("roles", msg));
    }
    assert_eq!(member_count(&pool).await, 0);
    assert_eq!(audit_count(&pool, "member.create").await, 0);

    let ok = c
        .call::<CreateMember>(&new_member(
            "liming",
            [
                "builtin:finance",
                "builtin:coupon_operator",
                "builtin:read_only",
            ],
        ))
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let dup = c
        .call::<CreateMember>(&new_member("LiMing", ["builtin:finance", "", ""]))
        .await;
    assert_eq!(
        dup.app_error(),
        AppError::field("user_name", Msg::ErrNameTaken)
    );
    assert_eq!(member_count(&pool).await, 1);
    assert_eq!(audit_count(&pool, "member.create").await, 1);
}

#[sqlx::test]
async fn a_member_cannot_give_permissions_it_does_not_hold(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let role = custom_role(&pool, p, "hr", &["org.members.view", "org.members.manage"]).await;
    let hr = member(&pool, p, "hr", &[]).await;
    give_custom_role(&pool, hr, role).await;
    let mut c = app.client();
    c.sign_in_member("acme", "hr").await;
    let res = c
        .call::<CreateMember>(&new_member("boss", ["builtin:admin", "", ""]))
        .await;
    assert_eq!(
        res.app_error(),
        AppError::field("roles", Msg::ErrNoEscalation)
    );
    let custom = format!("custom:{role}");
    let res = c
        .call::<CreateMember>(&new_member("helper", [&custom, "", ""]))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = c
        .call::<CreateRole>(&[("name", "spy"), ("items[0]", "audit.view")])
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "no org.roles.manage");
}

#[sqlx::test]
async fn members_are_disabled_enabled_reset_and_deleted(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let li = member(&pool, p, "li", &["finance"]).await.to_string();
    let mut admin = app.client();
    admin.sign_in_partner("acme").await;

    assert_eq!(
        admin
            .call::<DisableMember>(&[("member_id", &li)])
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.client().sign_in_member("acme", "li").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        admin
            .call::<EnableMember>(&[("member_id", &li)])
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.client().sign_in_member("acme", "li").await.status,
        StatusCode::OK
    );

    let weak = admin
        .call::<ResetMemberPassword>(&[("member_id", &li), ("new_password", "short")])
        .await;
    assert_eq!(
        weak.app_error(),
        AppError::field("new_password", Msg::ErrPasswordWeak)
    );
    let res = admin
        .call::<ResetMemberPassword>(&[("member_id", &li), ("new_password", "brand new pass 7")])
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        app.client().sign_in_member("acme", "li").await.status,
        StatusCode::BAD_REQUEST
    );

    let roles = [
        ("member_id", li.as_str()),
        ("role1", "builtin:read_only"),
        ("role2", ""),
        ("role3", ""),
    ];
    assert_eq!(
        admin.call::<SetMemberRoles>(&roles).await.status,
        StatusCode::OK
    );
    let page: MembersPage =
        serde_json::from_str(&admin.call::<ListMembers>(&[]).await.body).unwrap();
    assert_eq!(page.members[0].roles.len(), 1);

    let unconfirmed = admin.call::<DeleteMember>(&[("member_id", &li)]).await;
    assert_eq!(
        unconfirmed.app_error(),
        AppError::field("confirm", Msg::ErrRequired)
    );
    assert_eq!(member_count(&pool).await, 1);
    let res = admin
        .call::<DeleteMember>(&[("member_id", &li), ("confirm", "yes")])
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(member_count(&pool).await, 0);
    for action in [
        "member.disable",
        "member.enable",
        "member.reset_password",
        "member.set_roles",
        "member.delete",
    ] {
        assert_eq!(audit_count(&pool, action).await, 1, "{action}");
    }
}

#[sqlx::test]
async fn another_partners_member_is_out_of_reach(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    partner(&pool, "acme", "solution_provider", None).await;
    let other = partner(&pool, "other", "solution_provider", None).await;
    let theirs = member(&pool, other, "li", &["finance"]).await.to_string();
    let mut c = app.client();
    c.sign_in_partner("acme").await;
    for res in [
        c.call::<DisableMember>(&[("member_id", &theirs)]).await,
        c.call::<DeleteMember>(&[("member_id", &theirs), ("confirm", "yes")])
            .await,
        c.call::<ResetMemberPassword>(&[
            ("member_id", &theirs),
            ("new_password", "brand new pass 7"),
        ])
        .await,
        c.call::<SetMemberRoles>(&[("member_id", &theirs), ("role1", "builtin:admin")])
            .await,
        c.call::<DisableMember>(&[("member_id", "not-a-uuid")])
            .await,
    ] {
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    }
    let status: String = sqlx::query_scalar("select status from members")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(status, "active");
    let page: MembersPage = serde_json::from_str(&c.call::<ListMembers>(&[]).await.body).unwrap();
    assert!(
        page.members.is_empty(),
        "another partner's members are not listed"
    );
    // Another partner's custom role cannot be given either.
    let their_role = custom_role(&pool, other, "theirs", &["audit.view"]).await;
    let role = format!("custom:{their_role}");
    let res = c
        .call::<CreateMember>(&new_member("x-li", [&role, "", ""]))
        .await;
    assert_eq!(
        res.app_error(),
        AppError::field("roles", Msg::ErrUnknownRole)
    );
}

#[sqlx::test]
async fn a_member_cannot_disable_itself(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let me = member(&pool, p, "boss", &["admin"]).await.to_string();
    let mut c = app.client();
    c.sign_in_member("acme", "boss").await;
    let res = c.call::<DisableMember>(&[("member_id", &me)]).await;
    assert_eq!(
        res.app_error(),
        AppError::Refused(Msg::ErrNotYourself.into())
    );
}

#[sqlx::test]
async fn custom_roles_are_created_with_sparse_item_choices_and_kept_while_in_use(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let mut c = app.client();
    c.sign_in_partner("acme").await;
    let none = c.call::<CreateRole>(&[("name", "empty")]).await;
    assert_eq!(
        none.app_error(),
        AppError::field("items", Msg::ErrNoPermissionItems)
    );
    // Unticked boxes leave gaps in the indices, as a browser sends them.
    let res = c
        .call::<CreateRole>(&[
            ("name", "auditor"),
            ("items[2]", "audit.view"),
            ("items[7]", "org.members.view"),
        ])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let items: Vec<String> =
        sqlx::query_scalar("select permission from custom_role_permissions order by permission")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(items, ["audit.view", "org.members.view"]);
    let role: uuid::Uuid = sqlx::query_scalar("select id from custom_roles")
        .fetch_one(&pool)
        .await
        .unwrap();
    let m = member(&pool, p, "li", &[]).await;
    give_custom_role(&pool, m, role).await;
    let res = c
        .call::<DeleteRole>(&[("role_id", &role.to_string())])
        .await;
    assert!(matches!(res.app_error(), AppError::Refused(t) if t.msg == Msg::ErrRoleInUse));
    sqlx::query("delete from member_roles")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        c.call::<DeleteRole>(&[("role_id", &role.to_string())])
            .await
            .status,
        StatusCode::OK
    );
}

#[sqlx::test]
async fn a_password_reset_ends_the_members_sessions(pool: PgPool) {
    use partner_centre::auth::CurrentViewer;
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let li = member(&pool, p, "liming", &["finance"]).await.to_string();
    let mut member_client = app.client();
    member_client.sign_in_member("acme", "liming").await;
    let signed_in = |body: &str| body != "null";
    assert!(signed_in(
        &member_client.call::<CurrentViewer>(&[]).await.body
    ));
    let mut admin = app.client();
    admin.sign_in_partner("acme").await;
    let res = admin
        .call::<ResetMemberPassword>(&[("member_id", &li), ("new_password", "brand new pass 7")])
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(!signed_in(
        &member_client.call::<CurrentViewer>(&[]).await.body
    ));
    let fresh = app
        .client()
        .call::<partner_centre::auth::SignInMember>(&[
            ("partner_account", "acme"),
            ("user_name", "liming"),
            ("password", "brand new pass 7"),
        ])
        .await;
    assert_eq!(fresh.status, StatusCode::OK, "the new password works");
}
