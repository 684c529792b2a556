//! Sign-in, throttling, sessions and sign-out.

use crate::harness::*;
use axum::http::StatusCode;
use partner_centre::auth::{CurrentViewer, SignOut, SignUpCustomer};
use partner_centre::core::error::AppError;
use partner_centre::core::i18n::Msg;
use partner_centre::core::viewer::{ActorKind, Viewer};
use sqlx::PgPool;

async fn viewer(client: &mut Client<'_>) -> Option<Viewer> {
    let res = client.call::<CurrentViewer>(&[]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).unwrap()
}

#[sqlx::test]
async fn each_kind_of_user_signs_in_through_its_own_door(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    member(&pool, p, "li", &["finance"]).await;
    customer(&pool, "zhang-san").await;
    operator(&pool, "ops").await;

    let mut c = app.client();
    assert_eq!(
        c.sign_in_partner("ACME").await.status,
        StatusCode::OK,
        "names are case-insensitive"
    );
    assert_eq!(viewer(&mut c).await.unwrap().kind, ActorKind::PartnerMain);
    let mut c = app.client();
    c.sign_in_member("acme", "li").await;
    let v = viewer(&mut c).await.unwrap();
    assert_eq!((v.kind, v.name.as_str()), (ActorKind::Member, "li"));
    let mut c = app.client();
    c.sign_in_customer("zhang-san").await;
    assert_eq!(viewer(&mut c).await.unwrap().kind, ActorKind::Customer);
    let mut c = app.client();
    c.sign_in_operator("ops").await;
    assert_eq!(viewer(&mut c).await.unwrap().kind, ActorKind::Operator);

    // A door is for its own kind: the customer's name does not open the partner door.
    let mut c = app.client();
    let res = c.sign_in_partner("zhang-san").await;
    assert_eq!(
        res.app_error(),
        AppError::Refused(Msg::ErrBadCredentials.into())
    );
    assert_eq!(audit_count(&pool, "auth.sign_in").await, 4);
}

#[sqlx::test]
async fn a_wrong_password_and_an_unknown_account_get_the_same_answer(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    partner(&pool, "acme", "solution_provider", None).await;
    let mut c = app.client();
    let wrong = c
        .call::<partner_centre::auth::SignInPartner>(&[
            ("account_name", "acme"),
            ("password", "nope nope 1"),
        ])
        .await;
    let unknown = c
        .call::<partner_centre::auth::SignInPartner>(&[
            ("account_name", "ghost"),
            ("password", "nope nope 1"),
        ])
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        (wrong.status, wrong.body.clone()),
        (unknown.status, unknown.body.clone())
    );
    assert!(c.session.is_none(), "no session for a failed sign-in");
    assert!(viewer(&mut c).await.is_none());
    assert_eq!(audit_count(&pool, "auth.sign_in_failed").await, 2);
}

#[sqlx::test]
async fn empty_fields_are_named(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let mut c = app.client();
    let res = c
        .call::<partner_centre::auth::SignInMember>(&[
            ("partner_account", ""),
            ("user_name", ""),
            ("password", ""),
        ])
        .await;
    let AppError::Invalid(errors) = res.app_error() else {
        panic!("{}", res.body)
    };
    let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["partner_account", "user_name", "password"]);
}

#[sqlx::test]
async fn five_failures_pause_the_account_even_for_the_right_password(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    partner(&pool, "acme", "solution_provider", None).await;
    partner(&pool, "other", "solution_provider", None).await;
    for i in 0..5 {
        // Each attempt from a different address: the account counter alone pauses it.
        let mut c = app.client_from(format!("203.0.113.{i}").parse().unwrap());
        let res = c
            .call::<partner_centre::auth::SignInPartner>(&[
                ("account_name", "acme"),
                ("password", "wrong wrong 1"),
            ])
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
    }
    let mut c = app.client_from("203.0.113.99".parse().unwrap());
    let res = c.sign_in_partner("acme").await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        matches!(res.app_error(), AppError::Throttled { retry_after_secs } if retry_after_secs > 0 && retry_after_secs <= 900)
    );
    assert!(res.headers.contains_key("retry-after"));
    assert!(c.session.is_none());
    // Another account is not affected, and an unknown account is paused the same way.
    assert_eq!(
        app.client().sign_in_partner("other").await.status,
        StatusCode::OK
    );
}

#[sqlx::test]
async fn many_failures_from_one_address_pause_that_address(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    partner(&pool, "acme", "solution_provider", None).await;
    let ip = "192.0.2.50".parse().unwrap();
    for i in 0..30 {
        let mut c = app.client_from(ip);
        let name = format!("guess{i}");
        c.call::<partner_centre::auth::SignInPartner>(&[
            ("account_name", &name),
            ("password", "wrong wrong 1"),
        ])
        .await;
    }
    let res = app.client_from(ip).sign_in_partner("acme").await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        app.client().sign_in_partner("acme").await.status,
        StatusCode::OK
    );
}

#[sqlx::test]
async fn signing_in_renews_the_session_id_and_signing_out_destroys_it(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    partner(&pool, "acme", "solution_provider", None).await;
    let mut c = app.client();
    // A session that exists before sign-in (here: from a first sign-in).
    c.sign_in_partner("acme").await;
    let before = c.session.clone().expect("session cookie");
    c.sign_in_partner("acme").await;
    let after = c.session.clone().expect("session cookie");
    assert_ne!(before, after, "sign-in cycles the session id");
    let mut stale = app.client();
    stale.session = Some(before);
    assert!(
        viewer(&mut stale).await.is_none(),
        "the old id is worthless"
    );

    let res = c.call::<SignOut>(&[]).await;
    assert_eq!(res.status, StatusCode::OK);
    let mut replay = app.client();
    replay.session = Some(after);
    assert!(
        viewer(&mut replay).await.is_none(),
        "the session is gone server-side"
    );
    assert_eq!(audit_count(&pool, "auth.sign_out").await, 1);
}

#[sqlx::test]
async fn the_session_cookie_is_http_only_and_same_site_lax(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    partner(&pool, "acme", "solution_provider", None).await;
    let res = app.client().sign_in_partner("acme").await;
    let cookie = res
        .headers
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
}

#[sqlx::test]
async fn a_disabled_member_is_signed_out_and_cannot_sign_in(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let m = member(&pool, p, "li", &["finance"]).await;
    let mut c = app.client();
    c.sign_in_member("acme", "li").await;
    assert!(viewer(&mut c).await.is_some());
    sqlx::query("update members set status = 'disabled' where id = $1")
        .bind(m)
        .execute(&pool)
        .await
        .unwrap();
    // Written behind the services' back: forget what this server cached, as they would.
    app.state.caches.invalidate();
    assert!(viewer(&mut c).await.is_none());
    assert_eq!(
        app.client().sign_in_member("acme", "li").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[sqlx::test]
async fn a_session_past_its_absolute_lifetime_ends(pool: PgPool) {
    let mut config = partner_centre::server::config::Config::for_tests();
    config.session_max_hours = 0;
    let app = TestApp::with_config(pool.clone(), config).await;
    partner(&pool, "acme", "solution_provider", None).await;
    let mut c = app.client();
    assert_eq!(c.sign_in_partner("acme").await.status, StatusCode::OK);
    assert!(
        viewer(&mut c).await.is_none(),
        "a zero-hour lifetime has passed at once"
    );
    assert!(c.session.is_none(), "the expired session is destroyed");
}

#[sqlx::test]
async fn customers_sign_up_and_are_signed_in(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    customer(&pool, "taken-name").await;
    let mut c = app.client();
    let form = |name: &'static str| {
        [
            ("account_name", name),
            ("display_name", "张三"),
            ("kind", "enterprise"),
            ("password", PASSWORD),
            ("confirm_password", PASSWORD),
        ]
    };
    let res = c.call::<SignUpCustomer>(&form("Taken-Name")).await;
    assert_eq!(
        res.app_error(),
        AppError::field("account_name", Msg::ErrNameTaken)
    );
    let res = c.call::<SignUpCustomer>(&form("zhang-san")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(viewer(&mut c).await.unwrap().kind, ActorKind::Customer);
    assert_eq!(audit_count(&pool, "customer.sign_up").await, 1);
}

#[sqlx::test]
async fn a_post_from_another_origin_is_refused(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    partner(&pool, "acme", "solution_provider", None).await;
    let mut c = app.client();
    let fields = [("account_name", "acme"), ("password", PASSWORD)];
    let res = c
        .post::<partner_centre::auth::SignInPartner>(&fields, Some("https://evil.example"))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(c.session.is_none());
    let res = c
        .post::<partner_centre::auth::SignInPartner>(&fields, Some("http://localhost"))
        .await;
    assert_eq!(res.status, StatusCode::OK);
}

#[sqlx::test]
async fn pages_of_a_kind_send_others_to_sign_in_or_403(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    customer(&pool, "zhang-san").await;
    let res = app.client().get("/partner").await;
    assert_eq!(res.status, StatusCode::FOUND);
    assert_eq!(res.headers.get("location").unwrap(), "/signin/partner");
    let mut c = app.client();
    c.sign_in_customer("zhang-san").await;
    assert_eq!(c.get("/partner").await.status, StatusCode::FORBIDDEN);
    assert_eq!(c.get("/operator").await.status, StatusCode::FORBIDDEN);
    assert_eq!(c.get("/account").await.status, StatusCode::OK);
    assert_eq!(c.get("/no/such/page").await.status, StatusCode::NOT_FOUND);
}

#[sqlx::test]
async fn pages_are_served_while_sign_ins_wait_for_the_hasher(pool: PgPool) {
    use partner_centre::auth::SignInPartner;
    use std::time::{Duration, Instant};
    let app = TestApp::new(pool.clone()).await;
    partner(&pool, "acme", "solution_provider", None).await;
    let mut c = app.client();
    c.sign_in_partner("acme").await;
    // 40 wrong sign-ins at once, each from its own address and for its own (unknown) account,
    // so that none is throttled and every one waits for the single hashing permit.
    let mut storm_clients: Vec<Client<'_>> = (0..40u8)
        .map(|i| app.client_from(std::net::IpAddr::from([203, 0, 113, i])))
        .collect();
    let started = Instant::now();
    let storm = futures::future::join_all(storm_clients.iter_mut().enumerate().map(
        |(i, client)| async move {
            let name = format!("nobody-{i}");
            let res = client
                .call::<SignInPartner>(&[("account_name", &name), ("password", "wrong pass 1")])
                .await;
            (res.status, started.elapsed())
        },
    ));
    let probe = async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        // Connections in use while the sign-ins queue: had they held theirs while waiting,
        // every one of the pool's would be taken throughout.
        let mut busy = usize::MAX;
        for _ in 0..20 {
            busy = busy.min(pool.size() as usize - pool.num_idle());
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let page = c.get("/partner").await;
        (page.status, started.elapsed(), busy)
    };
    let (attempts, (page_status, page_done, busy)) = tokio::join!(storm, probe);
    let storm_done = attempts.iter().map(|(_, at)| *at).max().unwrap();
    assert!(attempts
        .iter()
        .all(|(status, _)| *status == StatusCode::BAD_REQUEST));
    assert_eq!(page_status, StatusCode::OK);
    // The page did not queue behind the hashes, and the waiting sign-ins held no connection.
    assert!(
        page_done < storm_done,
        "the page took until {page_done:?}, the sign-ins until {storm_done:?}"
    );
    assert!(
        busy <= 1,
        "{busy} connections stayed busy while sign-ins waited"
    );
}

#[sqlx::test]
async fn sign_ups_from_one_address_are_throttled_like_sign_ins(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let mut c = app.client();
    let mut statuses = vec![];
    for i in 0..21 {
        let name = format!("new-cust-{i}");
        let res = c
            .call::<SignUpCustomer>(&[
                ("account_name", &name),
                ("display_name", "新客户"),
                ("kind", "individual"),
                ("password", PASSWORD),
                ("confirm_password", PASSWORD),
            ])
            .await;
        statuses.push(res.status);
        c = app.client();
    }
    assert!(
        statuses[..20].iter().all(|s| *s == StatusCode::OK),
        "{statuses:?}"
    );
    assert_eq!(statuses[20], StatusCode::TOO_MANY_REQUESTS);
    let accounts: i64 = sqlx::query_scalar("select count(*) from customers")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(accounts, 20);
    // Another address is not held back.
    let mut other = app.client_from("192.0.2.44".parse().unwrap());
    let res = other
        .call::<SignUpCustomer>(&[
            ("account_name", "elsewhere"),
            ("display_name", "别处"),
            ("kind", "individual"),
            ("password", PASSWORD),
            ("confirm_password", PASSWORD),
        ])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}
