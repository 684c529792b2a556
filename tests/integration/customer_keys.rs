//! Customers' own access keys in the Account Centre › My credentials: at most two, even when
//! created at once; the secret shown once, to its owner only; disabled, enabled and deleted by
//! their owner alone, each change audited as the customer's; and the key works on the API for
//! exactly as long as it is active.

use crate::harness::*;
use axum::http::StatusCode;
use partner_centre::access_keys::{ChangeAccessKey, CreateAccessKey, Credentials, MyCredentials};
use sqlx::PgPool;
use uuid::Uuid;

const MINE: &str = "/v2/promotions/benefits/coupons";

/// The secret the page shows once, if it shows one.
fn shown_secret(body: &str) -> Option<(String, String)> {
    let field = |id: &str| {
        let rest = body.split(&format!("data-testid=\"{id}\">")).nth(1)?;
        rest.split('<').next().map(str::to_string)
    };
    Some((field("new-ak")?, field("new-sk")?))
}

async fn credentials(c: &mut Client<'_>) -> Credentials {
    let res = c.call::<MyCredentials>(&[]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).unwrap()
}

/// The customer's audit records of an action: (count, all the customer's own).
async fn audited(pool: &PgPool, action: &str, customer: Uuid) -> (i64, bool) {
    sqlx::query_as(
        "select count(*), coalesce(bool_and(actor_kind = 'customer' and actor_id = $2
                                            and customer_id = $2 and partner_id is null), false)
           from audit_log where action = $1",
    )
    .bind(action)
    .bind(customer)
    .fetch_one(pool)
    .await
    .unwrap()
}

#[sqlx::test]
async fn a_customer_creates_at_most_two_keys_and_sees_each_secret_once(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let me = customer(&pool, "cust-1").await;
    associate(&pool, me, p, "resale", None).await;
    let mut clients = [app.client(), app.client(), app.client()];
    for c in clients.iter_mut() {
        c.sign_in_customer("cust-1").await;
    }
    let [a, b, c] = &mut clients;
    let home = a.get("/account").await;
    assert!(
        home.body.contains("href=\"/account/credentials\""),
        "the sidebar links the page"
    );
    let (r1, r2, r3) = tokio::join!(
        a.call::<CreateAccessKey>(&[("description", "a")]),
        b.call::<CreateAccessKey>(&[("description", "b")]),
        c.call::<CreateAccessKey>(&[("description", "c")]),
    );
    let refused: Vec<_> = [&r1, &r2, &r3]
        .into_iter()
        .filter(|r| r.status != StatusCode::OK)
        .collect();
    assert_eq!(refused.len(), 1, "{} / {} / {}", r1.body, r2.body, r3.body);
    assert_eq!(refused[0].status, StatusCode::BAD_REQUEST);
    let held: i64 = sqlx::query_scalar("select count(*) from access_keys where customer_id = $1")
        .bind(me)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(held, 2);
    assert_eq!(audited(&pool, "access_key.create", me).await, (2, true));

    let creator = if r1.status == StatusCode::OK { a } else { b };
    let page = creator.get("/account/credentials").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.headers["cache-control"], "no-store");
    let (ak, sk) = shown_secret(&page.body).unwrap_or_else(|| panic!("no secret: {}", page.body));
    assert_eq!((ak.len(), sk.len()), (20, 40));
    assert!(page
        .body
        .contains(&format!("data-testid=\"domain-id\">{me}<")));
    let again = creator.get("/account/credentials").await;
    assert!(shown_secret(&again.body).is_none() && !again.body.contains(&sk));
    let listed = credentials(creator).await;
    assert_eq!((listed.keys.len(), listed.domain_id), (2, me.to_string()));
    assert_eq!(listed.new_secret, None);
    // The key is the customer's on the API.
    let answer = creator.send(signed_api_request_get(&ak, &sk, &app)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    // Each Centre keeps to its own users.
    assert_eq!(
        creator.get("/partner/credentials").await.status,
        StatusCode::FORBIDDEN
    );
    let mut partner_user = app.client();
    partner_user.sign_in_partner("acme").await;
    assert_eq!(
        partner_user.get("/account/credentials").await.status,
        StatusCode::FORBIDDEN
    );
}

/// A signed `list_sub_customer_coupons`, as the SDK sends it.
fn signed_api_request_get(
    ak: &str,
    sk: &str,
    app: &TestApp,
) -> axum::http::Request<axum::body::Body> {
    signed_request_with(ak, sk, ("GET", MINE), "", app.clock.now(), &[])
}

#[sqlx::test]
async fn only_its_owner_disables_enables_or_deletes_a_customers_key(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let me = customer(&pool, "cust-1").await;
    customer(&pool, "cust-2").await;
    associate(&pool, me, p, "resale", None).await;
    let (ak, sk) = customer_key(&app, me).await;
    let (partner_ak, _) = access_key(&app, p, None).await;
    let mut api = app.client();
    let mut works = async || {
        api.send(signed_api_request_get(&ak, &sk, &app))
            .await
            .status
    };
    assert_eq!(works().await, StatusCode::OK);

    let mut owner = app.client();
    owner.sign_in_customer("cust-1").await;
    let mut stranger = app.client();
    stranger.sign_in_customer("cust-2").await;
    let mut partner_user = app.client();
    partner_user.sign_in_partner("acme").await;
    // Another customer and the customer's own partner find no such key; nor does the customer
    // find its partner's.
    let before = audit_count(&pool, "access_key.disable").await;
    for (c, key) in [
        (&mut stranger, &ak),
        (&mut partner_user, &ak),
        (&mut owner, &partner_ak),
    ] {
        let res = c
            .call::<ChangeAccessKey>(&[("access_key", key), ("action", "disable")])
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    }
    assert_eq!(audit_count(&pool, "access_key.disable").await, before);
    assert!(credentials(&mut stranger).await.keys.is_empty());
    assert!(credentials(&mut partner_user)
        .await
        .keys
        .iter()
        .all(|k| k.access_key != ak));
    assert_eq!(works().await, StatusCode::OK);

    for (action, status, active) in [
        ("disable", StatusCode::UNAUTHORIZED, Some(false)),
        ("enable", StatusCode::OK, Some(true)),
        ("delete", StatusCode::UNAUTHORIZED, None),
    ] {
        let res = owner
            .call::<ChangeAccessKey>(&[("access_key", &ak), ("action", action)])
            .await;
        assert_eq!(res.status, StatusCode::OK, "{action}: {}", res.body);
        assert_eq!(works().await, status, "the key after {action}");
        let keys = credentials(&mut owner).await.keys;
        assert_eq!(keys.first().map(|k| k.active), active, "{action}");
        let record = format!("access_key.{action}");
        assert_eq!(audited(&pool, &record, me).await, (1, true), "{action}");
    }
    let unknown = owner
        .call::<ChangeAccessKey>(&[("access_key", &ak), ("action", "enable")])
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let partner_keys: i64 =
        sqlx::query_scalar("select count(*) from access_keys where partner_id = $1")
            .bind(p)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(partner_keys, 1, "the partner's key is untouched");
}

#[sqlx::test]
async fn a_secret_waiting_in_a_session_is_shown_to_no_other_user(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    partner(&pool, "acme", "solution_provider", None).await;
    customer(&pool, "cust-1").await;
    let mut c = app.client();
    c.sign_in_partner("acme").await;
    let created = c
        .call::<CreateAccessKey>(&[("description", "partner's")])
        .await;
    assert_eq!(created.status, StatusCode::OK);
    // The same browser signs in as a customer before the partner's page was shown.
    assert_eq!(c.sign_in_customer("cust-1").await.status, StatusCode::OK);
    let page = c.get("/account/credentials").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(shown_secret(&page.body).is_none(), "{}", page.body);
    assert_eq!(credentials(&mut c).await.new_secret, None);
}
