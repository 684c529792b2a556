//! Partner–customer relationships: invitation links, joining with every eligibility rule,
//! concurrent association, disassociation both ways with the 3-month rule, authorizations with
//! expiry and scope checks, agreements and the scopes of managers and distributors.

use crate::harness::*;
use axum::http::StatusCode;
use chrono::Duration;
use partner_centre::account::{AccountOverview, MyAccount};
use partner_centre::agreements::{
    AgreementsOverview, MyAgreements, PublishAgreement, SignAgreement,
};
use partner_centre::association::{
    AnswerDisassociation, JoinExisting, JoinNew, PartnerAnswerDisassociation,
    PartnerRequestDisassociation, RequestDisassociation,
};
use partner_centre::authorizations::rules::{AuthorizationStatus, Scope};
use partner_centre::authorizations::service::require_active;
use partner_centre::authorizations::{
    AnswerAuthorization, AuthorizationView, MyAuthorizations, RequestAuthorization,
    RevokeAuthorization,
};
use partner_centre::core::error::AppError;
use partner_centre::core::time::format_local_date;
use partner_centre::customers::{CustomerDetail, CustomerPage, CustomerProfile, ListCustomers};
use partner_centre::invitations::{
    CreateInvitation, InvitationLink, ListInvitations, RevokeInvitation,
};
use sqlx::PgPool;
use uuid::Uuid;

fn ok(res: &TestResponse) {
    assert!(
        res.status.is_success() || res.status.is_redirection(),
        "{} {}",
        res.status,
        res.body
    );
}

/// Publishes a notice version straight into the database; returns its id.
async fn notice(pool: &PgPool, version: i32) -> String {
    let id = Uuid::new_v4();
    sqlx::query(
        "insert into agreement_versions (id, kind, version, title, content_md, content_html, published_at)
         values ($1, 'association_notice', $2, '须知', 'text', '<p>text</p>', now())",
    )
    .bind(id)
    .bind(version)
    .execute(pool)
    .await
    .unwrap();
    id.to_string()
}

/// A link made through the partner's own page; returns its token.
async fn make_link(c: &mut Client<'_>, mode: &str, max_uses: &str) -> String {
    let before = links(c).await;
    ok(&c
        .call::<CreateInvitation>(&[("mode", mode), ("valid_days", "7"), ("max_uses", max_uses)])
        .await);
    // The test clock stands still, so the new link is found by id rather than by time.
    let new = links(c)
        .await
        .into_iter()
        .find(|l| !before.iter().any(|b| b.id == l.id))
        .expect("a new link");
    new.url.rsplit('/').next().unwrap().to_string()
}

async fn links(c: &mut Client<'_>) -> Vec<InvitationLink> {
    serde_json::from_str(&c.call::<ListInvitations>(&[]).await.body).unwrap()
}

async fn join_new(c: &mut Client<'_>, token: &str, notice: &str, name: &str) -> TestResponse {
    c.call::<JoinNew>(&[
        ("token", token),
        ("notice_id", notice),
        ("agree", "yes"),
        ("account_name", name),
        ("display_name", name),
        ("kind", "enterprise"),
        ("password", PASSWORD),
        ("confirm_password", PASSWORD),
    ])
    .await
}

async fn join_existing(c: &mut Client<'_>, token: &str, notice: &str) -> TestResponse {
    c.call::<JoinExisting>(&[("token", token), ("notice_id", notice), ("agree", "yes")])
        .await
}

/// The eligibility messages of a refused join, rendered in English.
fn problems(res: &TestResponse) -> Vec<String> {
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    match res.app_error() {
        AppError::Invalid(errors) => errors
            .into_iter()
            .map(|e| e.text.render(partner_centre::core::i18n::Lang::En))
            .collect(),
        other => panic!("not an eligibility refusal: {other:?}"),
    }
}

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

async fn account(c: &mut Client<'_>) -> AccountOverview {
    serde_json::from_str(&c.call::<MyAccount>(&[]).await.body).unwrap()
}

#[sqlx::test]
async fn a_new_customer_registers_through_a_link_and_is_associated(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let wang = member(&pool, p, "wang", &["customer_manager"]).await;
    let v1 = notice(&pool, 1).await;
    let mut manager = app.client();
    manager.sign_in_member("acme", "wang").await;
    let token = make_link(&mut manager, "resale", "").await;

    let mut c = app.client();
    ok(&join_new(&mut c, &token, &v1, "new-co").await);
    let me = account(&mut c).await;
    let partner_link = me.partner.expect("associated");
    assert_eq!(
        (partner_link.partner_name.as_str(), partner_link.resale),
        ("acme", true)
    );
    assert!(!me.must_sign_notice, "joining signed the notice");
    // The link's creator is a customer manager: the customer is assigned to it.
    let assigned: Option<Uuid> = sqlx::query_scalar(
        "select a.manager_member_id from associations a join customers c on c.id = a.customer_id
          where c.account_name = 'new-co'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(assigned, Some(wang));
    assert_eq!(
        count(&pool, "select sum(uses)::bigint from invitation_links").await,
        1
    );
    assert_eq!(audit_count(&pool, "customer.associate").await, 1);
    assert_eq!(audit_count(&pool, "agreement.sign").await, 1);
    assert_eq!(audit_count(&pool, "customer.sign_up").await, 1);
}

#[sqlx::test]
async fn invitation_links_are_validated_listed_and_revoked(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    partner(&pool, "acme", "solution_provider", None).await;
    partner(&pool, "other", "solution_provider", None).await;
    let mut c = app.client();
    c.sign_in_partner("acme").await;
    let bad = c
        .call::<CreateInvitation>(&[("mode", "gift"), ("valid_days", "91"), ("max_uses", "0")])
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let lang = partner_centre::core::i18n::Lang::En;
    let err = bad.app_error();
    for field in ["mode", "valid_days", "max_uses"] {
        assert!(err.field_message(field, lang).is_some(), "{field}");
    }
    assert_eq!(
        count(&pool, "select count(*) from invitation_links").await,
        0
    );

    make_link(&mut c, "consulting", "3").await;
    let links: Vec<InvitationLink> =
        serde_json::from_str(&c.call::<ListInvitations>(&[]).await.body).unwrap();
    assert_eq!(links.len(), 1);
    assert!(links[0].qr_svg.contains("<svg"));
    assert_eq!(links[0].max_uses, Some(3));

    // Another partner cannot revoke it; its owner can, once.
    let mut o = app.client();
    o.sign_in_partner("other").await;
    let id = links[0].id.as_str();
    assert_eq!(
        o.call::<RevokeInvitation>(&[("id", id)]).await.status,
        StatusCode::NOT_FOUND
    );
    ok(&c.call::<RevokeInvitation>(&[("id", id)]).await);
    assert_eq!(
        c.call::<RevokeInvitation>(&[("id", id)]).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(audit_count(&pool, "invitation.revoke").await, 1);
}

#[sqlx::test]
async fn each_eligibility_rule_refuses_with_its_remedy_and_changes_nothing(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    partner(&pool, "acme", "solution_provider", None).await;
    let other = partner(&pool, "other", "solution_provider", None).await;
    let v1 = notice(&pool, 1).await;
    let mut p = app.client();
    p.sign_in_partner("acme").await;
    let associations = "select count(*) from associations";

    // Used up: a one-use link serves one customer only.
    let once = make_link(&mut p, "resale", "1").await;
    ok(&join_new(&mut app.client(), &once, &v1, "first").await);
    let refused = join_new(&mut app.client(), &once, &v1, "second").await;
    assert!(problems(&refused)[0].contains("used as often as allowed"));
    assert_eq!(
        count(
            &pool,
            "select count(*) from customers where account_name = 'second'"
        )
        .await,
        0
    );

    // Revoked.
    let revoked = make_link(&mut p, "resale", "").await;
    let id = links(&mut p)
        .await
        .into_iter()
        .find(|l| l.url.ends_with(&revoked))
        .unwrap()
        .id;
    ok(&p.call::<RevokeInvitation>(&[("id", &id)]).await);
    assert!(
        problems(&join_new(&mut app.client(), &revoked, &v1, "third").await)[0].contains("revoked")
    );

    // Notice not accepted, and a superseded notice.
    let live = make_link(&mut p, "consulting", "").await;
    let no_tick = app
        .client()
        .call::<JoinNew>(&[
            ("token", &live),
            ("notice_id", &v1),
            ("account_name", "fourth"),
            ("display_name", "fourth"),
            ("kind", "individual"),
            ("password", PASSWORD),
            ("confirm_password", PASSWORD),
        ])
        .await;
    let no_tick = problems(&no_tick);
    assert!(no_tick[0].contains("I have read and agree"), "{no_tick:?}");

    // Already associated, and registered more than 7 days ago: both reported at once.
    let old = customer(&pool, "old-timer").await;
    associate(&pool, old, other, "consulting", None).await;
    app.clock.advance(Duration::days(8));
    let mut c = app.client();
    c.sign_in_customer("old-timer").await;
    let later = make_link(&mut p, "consulting", "").await;
    let both = problems(&join_existing(&mut c, &later, &v1).await);
    assert_eq!(both.len(), 2, "{both:?}");
    assert!(both[0].contains("already associated with “other”"));
    assert!(both[1].contains("more than 7 days ago"));

    // Expired: the 7-day link is past its end.
    let expired = problems(&join_new(&mut app.client(), &live, &v1, "fifth").await);
    assert!(expired[0].contains("expired"));

    let v2 = notice(&pool, 2).await;
    let fresh = make_link(&mut p, "consulting", "").await;
    let superseded = join_new(&mut app.client(), &fresh, &v1, "sixth").await;
    assert_eq!(superseded.status, StatusCode::BAD_REQUEST);
    assert!(matches!(superseded.app_error(), AppError::Refused(_)));
    ok(&join_new(&mut app.client(), &fresh, &v2, "sixth").await);

    assert_eq!(
        count(&pool, associations).await,
        3,
        "first, old-timer, sixth"
    );
    assert_eq!(count(&pool, "select count(*) from customers").await, 3);
}

#[sqlx::test]
async fn two_links_at_once_associate_a_customer_exactly_once(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    partner(&pool, "acme", "solution_provider", None).await;
    partner(&pool, "other", "solution_provider", None).await;
    let v1 = notice(&pool, 1).await;
    customer(&pool, "wanted").await;
    let mut a = app.client();
    a.sign_in_partner("acme").await;
    let mut b = app.client();
    b.sign_in_partner("other").await;
    for round in 0..5 {
        let (ta, tb) = (
            make_link(&mut a, "resale", "").await,
            make_link(&mut b, "resale", "").await,
        );
        let mut c1 = app.client();
        c1.sign_in_customer("wanted").await;
        let mut c2 = app.client();
        c2.sign_in_customer("wanted").await;
        let (r1, r2) = tokio::join!(
            join_existing(&mut c1, &ta, &v1),
            join_existing(&mut c2, &tb, &v1)
        );
        let wins = [&r1, &r2]
            .iter()
            .filter(|r| r.status.is_success() || r.status.is_redirection())
            .count();
        assert_eq!(wins, 1, "round {round}: {} / {}", r1.body, r2.body);
        assert_eq!(
            count(
                &pool,
                "select count(*) from associations where ended_at is null"
            )
            .await,
            1
        );
        assert_eq!(
            count(&pool, "select sum(uses)::bigint from invitation_links").await,
            round + 1
        );
        // End it for the next round.
        sqlx::query("update associations set ended_at = now() where ended_at is null")
            .execute(&pool)
            .await
            .unwrap();
    }
}

#[sqlx::test]
async fn disassociation_is_confirmed_by_the_other_side_once_per_three_months(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let cust = customer(&pool, "leaver").await;
    associate(&pool, cust, p, "resale", None).await;
    let mut c = app.client();
    c.sign_in_customer("leaver").await;
    let mut partner_c = app.client();
    partner_c.sign_in_partner("acme").await;

    ok(&c.call::<RequestDisassociation>(&[]).await);
    let again = c.call::<RequestDisassociation>(&[]).await;
    assert!(
        matches!(again.app_error(), AppError::Refused(_)),
        "one pending at a time"
    );
    let pending = account(&mut c).await.pending.expect("pending");
    assert!(!pending.by_partner);
    // The customer cannot answer its own request; the partner can.
    assert_eq!(
        c.call::<AnswerDisassociation>(&[("request", &pending.id), ("decision", "confirm")])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    ok(&partner_c
        .call::<PartnerAnswerDisassociation>(&[("request", &pending.id), ("decision", "confirm")])
        .await);
    let me = account(&mut c).await;
    assert!(me.partner.is_none());
    assert_eq!(me.past_partners.len(), 1);

    // Associated again a month later, the customer must wait for the 3 months to pass.
    app.clock.advance(Duration::days(30));
    associate(&pool, cust, p, "resale", None).await;
    let too_soon = c.call::<RequestDisassociation>(&[]).await;
    let AppError::Refused(text) = too_soon.app_error() else {
        panic!("{}", too_soon.body)
    };
    let next = format_local_date(app.clock.now() - Duration::days(30) + Duration::days(92));
    let message = text.render(partner_centre::core::i18n::Lang::En);
    assert!(message.contains("next on 20"), "{message} (about {next})");
    assert_eq!(
        count(&pool, "select count(*) from disassociation_requests").await,
        1
    );

    // The partner's own request has no such limit; the customer declines it.
    ok(&partner_c
        .call::<PartnerRequestDisassociation>(&[("customer", &cust.to_string())])
        .await);
    let theirs = account(&mut c).await.pending.expect("partner's request");
    assert!(theirs.by_partner);
    ok(&c
        .call::<AnswerDisassociation>(&[("request", &theirs.id), ("decision", "decline")])
        .await);
    assert!(account(&mut c).await.partner.is_some());

    app.clock.advance(Duration::days(62));
    ok(&c.call::<RequestDisassociation>(&[]).await);

    // Each side may withdraw its own pending request, not the other's; a withdrawn customer
    // request still counts for the 3-month rule.
    let mine = account(&mut c).await.pending.expect("own request");
    let foreign = partner_c
        .call::<PartnerAnswerDisassociation>(&[("request", &mine.id), ("decision", "withdraw")])
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    ok(&c
        .call::<AnswerDisassociation>(&[("request", &mine.id), ("decision", "withdraw")])
        .await);
    let me = account(&mut c).await;
    assert!(me.pending.is_none() && me.partner.is_some());
    assert!(matches!(
        c.call::<RequestDisassociation>(&[]).await.app_error(),
        AppError::Refused(_)
    ));
    ok(&partner_c
        .call::<PartnerRequestDisassociation>(&[("customer", &cust.to_string())])
        .await);
    let theirs = account(&mut c).await.pending.expect("partner's request");
    ok(&partner_c
        .call::<PartnerAnswerDisassociation>(&[("request", &theirs.id), ("decision", "withdraw")])
        .await);
    assert!(account(&mut c).await.pending.is_none());
    assert_eq!(audit_count(&pool, "disassociation.withdraw").await, 2);
    for action in [
        "disassociation.request",
        "disassociation.confirm",
        "disassociation.decline",
    ] {
        assert!(audit_count(&pool, action).await >= 1, "{action}");
    }
}

async fn ask(c: &mut Client<'_>, customer: &str, ends_on: &str, scopes: &[&str]) -> TestResponse {
    let keys: Vec<String> = (0..scopes.len()).map(|i| format!("scopes[{i}]")).collect();
    let mut fields = vec![("customer", customer), ("ends_on", ends_on)];
    fields.extend(keys.iter().map(String::as_str).zip(scopes.iter().copied()));
    c.call::<RequestAuthorization>(&fields).await
}

async fn my_authorizations(c: &mut Client<'_>) -> Vec<AuthorizationView> {
    serde_json::from_str(&c.call::<MyAuthorizations>(&[]).await.body).unwrap()
}

#[sqlx::test]
async fn authorizations_are_requested_answered_expired_revoked_and_checked(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let cust = customer(&pool, "resold").await;
    associate(&pool, cust, p, "resale", None).await;
    let referred = customer(&pool, "referred").await;
    associate(&pool, referred, p, "consulting", None).await;
    let mut pc = app.client();
    pc.sign_in_partner("acme").await;
    let mut c = app.client();
    c.sign_in_customer("resold").await;
    let in_days = |d: i64| format_local_date(app.clock.now() + Duration::days(d));
    let cust_id = cust.to_string();

    let lang = partner_centre::core::i18n::Lang::En;
    let too_far = ask(&mut pc, &cust_id.clone(), &in_days(800), &[]).await;
    let err = too_far.app_error();
    assert!(err
        .field_message("ends_on", lang)
        .unwrap()
        .contains("2 years"));
    assert!(err.field_message("scopes", lang).is_some());
    let consulting = ask(
        &mut pc,
        &referred.to_string(),
        &in_days(30),
        &["view_bills"],
    )
    .await;
    assert!(matches!(consulting.app_error(), AppError::Refused(_)));

    // A new request, approved: the check passes for its scopes only.
    ok(&ask(
        &mut pc,
        &cust_id.clone(),
        &in_days(365),
        &["view_bills", "manage_orders"],
    )
    .await);
    let id = my_authorizations(&mut c).await[0].id.clone();
    ok(&c
        .call::<AnswerAuthorization>(&[("id", &id), ("decision", "approve")])
        .await);
    let mut conn = pool.acquire().await.unwrap();
    let now = app.clock.now();
    assert!(require_active(&mut conn, p, cust, Scope::ManageOrders, now)
        .await
        .is_ok());
    assert!(
        require_active(&mut conn, p, cust, Scope::ManageResources, now)
            .await
            .is_err()
    );
    assert!(require_active(
        &mut conn,
        p,
        cust,
        Scope::ViewBills,
        now + Duration::days(400)
    )
    .await
    .is_err());

    // What the partner does meanwhile shows under the authorization.
    app.clock.advance(Duration::minutes(1));
    ok(&pc
        .call::<partner_centre::customers::AssignCustomerManager>(&[
            ("manager", ""),
            ("customers[0]", &cust_id),
        ])
        .await);
    let list = my_authorizations(&mut c).await;
    assert!(
        list[0]
            .activity
            .iter()
            .any(|a| a.action == "customer.assign_manager"),
        "{:?}",
        list[0].activity
    );

    // Revoked with a reason; then the check fails.
    let no_reason = c
        .call::<RevokeAuthorization>(&[("id", &id), ("reason", " ")])
        .await;
    assert!(no_reason
        .app_error()
        .field_message("reason", lang)
        .is_some());
    ok(&c
        .call::<RevokeAuthorization>(&[("id", &id), ("reason", "project ended")])
        .await);
    assert!(
        require_active(&mut conn, p, cust, Scope::ManageOrders, app.clock.now())
            .await
            .is_err()
    );
    let list = my_authorizations(&mut c).await;
    assert_eq!(list[0].status, AuthorizationStatus::Revoked);
    assert_eq!(list[0].revoke_reason.as_deref(), Some("project ended"));

    // Pending requests expire after 90 days.
    ok(&ask(&mut pc, &cust_id.clone(), &in_days(365), &["view_bills"]).await);
    app.clock.advance(Duration::days(90));
    let list = my_authorizations(&mut c).await;
    assert_eq!(list[0].status, AuthorizationStatus::Expired, "{list:?}");
    let late = c
        .call::<AnswerAuthorization>(&[("id", &list[0].id), ("decision", "approve")])
        .await;
    assert!(matches!(late.app_error(), AppError::Refused(_)));

    // Another customer cannot answer it.
    let mut stranger = app.client();
    stranger.sign_in_customer("referred").await;
    assert_eq!(
        stranger
            .call::<AnswerAuthorization>(&[("id", &id), ("decision", "approve")])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

async fn detail(c: &mut Client<'_>, id: Uuid) -> TestResponse {
    c.call::<CustomerDetail>(&[("id", &id.to_string())]).await
}

#[sqlx::test]
async fn managers_and_distributors_reach_only_their_customers(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let d = partner(&pool, "dist", "distributor", None).await;
    let r = partner(&pool, "reseller", "reseller", Some(d)).await;
    let stranger = partner(&pool, "stranger", "solution_provider", None).await;
    let wang = member(&pool, d, "wang", &["customer_manager"]).await;
    member(&pool, d, "li", &["customer_manager"]).await;
    let mine = customer(&pool, "wangs").await;
    associate(&pool, mine, d, "resale", Some(wang)).await;
    let unassigned = customer(&pool, "nobodys").await;
    associate(&pool, unassigned, d, "resale", None).await;
    let resold = customer(&pool, "resellers").await;
    associate(&pool, resold, r, "resale", None).await;
    let foreign = customer(&pool, "foreign").await;
    associate(&pool, foreign, stranger, "resale", None).await;

    let mut w = app.client();
    w.sign_in_member("dist", "wang").await;
    assert_eq!(detail(&mut w, mine).await.status, StatusCode::OK);
    assert_eq!(
        detail(&mut w, unassigned).await.status,
        StatusCode::NOT_FOUND
    );
    let mut li = app.client();
    li.sign_in_member("dist", "li").await;
    assert_eq!(detail(&mut li, mine).await.status, StatusCode::NOT_FOUND);
    let refused = li
        .call::<PartnerRequestDisassociation>(&[("customer", &mine.to_string())])
        .await;
    assert_eq!(
        refused.status,
        StatusCode::FORBIDDEN,
        "no disassociate item"
    );

    let mut dist = app.client();
    dist.sign_in_partner("dist").await;
    let seen: CustomerProfile =
        serde_json::from_str(&detail(&mut dist, resold).await.body).unwrap();
    assert_eq!(seen.reseller.as_deref(), Some("reseller"));
    assert!(!seen.can_authorize && !seen.can_disassociate, "read only");
    assert_eq!(
        detail(&mut dist, foreign).await.status,
        StatusCode::NOT_FOUND
    );
    // Acting on a reseller's customer is refused.
    assert_eq!(
        dist.call::<PartnerRequestDisassociation>(&[("customer", &resold.to_string())])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let page: CustomerPage = serde_json::from_str(
        &dist
            .call::<ListCustomers>(&[("filter[indirect]", &r.to_string()), ("filter[page]", "1")])
            .await
            .body,
    )
    .unwrap();
    assert_eq!(page.rows.len(), 1);
    assert_eq!(page.rows[0].account_name, "resellers");
    assert!(!page.can_assign);
    let not_mine = dist
        .call::<ListCustomers>(&[
            ("filter[indirect]", &stranger.to_string()),
            ("filter[page]", "1"),
        ])
        .await;
    assert_eq!(not_mine.status, StatusCode::BAD_REQUEST);
    // A reseller cannot use the distributor's view on its siblings or itself.
    let mut rc = app.client();
    rc.sign_in_partner("reseller").await;
    assert_eq!(detail(&mut rc, mine).await.status, StatusCode::NOT_FOUND);
}

#[sqlx::test]
async fn agreements_are_published_signed_and_gate_knowledge(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    operator(&pool, "ops").await;
    let cust = customer(&pool, "reader").await;
    associate(&pool, cust, p, "resale", None).await;
    sqlx::query(
        "insert into knowledge_items (id, category, title, summary, link, created_at)
         values ($1, 'solution', 'Data lake', 'How to', 'https://example.com', now())",
    )
    .bind(Uuid::new_v4())
    .execute(&pool)
    .await
    .unwrap();
    let mut ops = app.client();
    ops.sign_in_operator("ops").await;
    let empty = ops
        .call::<PublishAgreement>(&[("title", "须知"), ("content", "  ")])
        .await;
    assert!(empty
        .app_error()
        .field_message("content", partner_centre::core::i18n::Lang::En)
        .is_some());
    ok(&ops
        .call::<PublishAgreement>(&[("title", "须知"), ("content", "# v1\n<script>x()</script>")])
        .await);
    let mut c = app.client();
    c.sign_in_customer("reader").await;
    assert_eq!(
        c.call::<PublishAgreement>(&[("title", "x"), ("content", "y")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let mine: AgreementsOverview =
        serde_json::from_str(&c.call::<MyAgreements>(&[]).await.body).unwrap();
    let v1 = mine.to_sign.expect("v1 to sign");
    // The notice's headings sit below the page's own title.
    assert!(v1.content_html.contains("<h2>v1</h2>") && !v1.content_html.contains("<script"));

    let mut pc = app.client();
    pc.sign_in_partner("acme").await;
    let profile: CustomerProfile = serde_json::from_str(&detail(&mut pc, cust).await.body).unwrap();
    assert!(!profile.signed_latest_notice && profile.knowledge.is_none());

    let unticked = c.call::<SignAgreement>(&[("agreement_id", &v1.id)]).await;
    assert_eq!(unticked.status, StatusCode::BAD_REQUEST);
    ok(&c
        .call::<SignAgreement>(&[("agreement_id", &v1.id), ("agree", "yes")])
        .await);
    let profile: CustomerProfile = serde_json::from_str(&detail(&mut pc, cust).await.body).unwrap();
    assert_eq!(profile.knowledge.map(|k| k.len()), Some(1));

    // v2 hides the recommendations again until signed; v1 stays in the signed list as it was.
    ok(&ops
        .call::<PublishAgreement>(&[("title", "须知"), ("content", "v2 text")])
        .await);
    let stale = c
        .call::<SignAgreement>(&[("agreement_id", &v1.id), ("agree", "yes")])
        .await;
    assert!(matches!(stale.app_error(), AppError::Refused(_)));
    let mine: AgreementsOverview =
        serde_json::from_str(&c.call::<MyAgreements>(&[]).await.body).unwrap();
    assert_eq!(mine.to_sign.as_ref().map(|v| v.version), Some(2));
    assert_eq!(mine.signed.len(), 1);
    assert_eq!(mine.signed[0].agreement.content_html, v1.content_html);
    assert!(account(&mut c).await.must_sign_notice);
    let profile: CustomerProfile = serde_json::from_str(&detail(&mut pc, cust).await.body).unwrap();
    assert!(profile.knowledge.is_none());
    assert_eq!(audit_count(&pool, "agreement.publish").await, 2);
}
