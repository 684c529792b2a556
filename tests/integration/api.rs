//! The Huawei-compatible API in-process: what the signature check refuses, the rate limit, key
//! management rules and sealing, and the key's user's scope. The official SDK's own tests are in
//! tests/sdk.

use crate::harness::*;
use axum::http::StatusCode;
use chrono::{Duration, Utc};
use partner_centre::access_keys::CreateAccessKey;
use partner_centre::server::config::Config;
use serde_json::Value;
use sqlx::PgPool;

const LIST: &str = "/v2/partners/sub-customers/query";

fn error_code(res: &TestResponse) -> String {
    let body: Value = serde_json::from_str(&res.body).unwrap_or_else(|_| panic!("{}", res.body));
    body["error_code"].as_str().unwrap_or_default().to_string()
}

#[sqlx::test]
async fn signatures_dates_and_keys_are_checked(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let c = customer(&pool, "cust-1").await;
    associate(&pool, c, p, "resale", None).await;
    let (ak, sk) = access_key(&app, p, None).await;
    let now = app.clock.now();
    let mut client = app.client();

    let ok = client
        .send(signed_api_request(&ak, &sk, LIST, r#"{"limit": 5}"#, now))
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let body: Value = serde_json::from_str(&ok.body).unwrap();
    assert_eq!(body["count"], 1);
    assert_eq!(body["customer_infos"][0]["account_name"], "cust-1");
    assert_eq!(body["customer_infos"][0]["association_type"], "2");

    let stale = client
        .send(signed_api_request(
            &ak,
            &sk,
            LIST,
            "{}",
            now - Duration::minutes(16),
        ))
        .await;
    assert_eq!(
        (stale.status, error_code(&stale).as_str()),
        (StatusCode::UNAUTHORIZED, "CBC.0154")
    );
    let wrong = client
        .send(signed_api_request(&ak, "other-secret", LIST, "{}", now))
        .await;
    assert_eq!(
        (wrong.status, error_code(&wrong).as_str()),
        (StatusCode::UNAUTHORIZED, "CBC.0105")
    );
    let unknown = client
        .send(signed_api_request("NOPE", &sk, LIST, "{}", now))
        .await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    let unsigned = client
        .send(
            axum::http::Request::post(LIST)
                .header("content-type", "application/json")
                .body(axum::body::Body::from("{}"))
                .unwrap(),
        )
        .await;
    assert_eq!(
        (unsigned.status, error_code(&unsigned).as_str()),
        (StatusCode::UNAUTHORIZED, "CBC.0105")
    );
    let malformed = client
        .send(signed_api_request(&ak, &sk, LIST, "{\"limit\": ", now))
        .await;
    assert_eq!(
        (malformed.status, error_code(&malformed).as_str()),
        (StatusCode::BAD_REQUEST, "CBC.0100")
    );
    let bad_type = client
        .send(signed_api_request(
            &ak,
            &sk,
            LIST,
            r#"{"limit": "ten"}"#,
            now,
        ))
        .await;
    assert_eq!(bad_type.status, StatusCode::BAD_REQUEST);

    // A disabled key is refused like an unknown one; enabled again, it works.
    sqlx::query("update access_keys set status = 'disabled'")
        .execute(&pool)
        .await
        .unwrap();
    // Written behind the services' back: forget what this server cached, as they would.
    app.state.caches.invalidate();
    let disabled = client
        .send(signed_api_request(&ak, &sk, LIST, "{}", now))
        .await;
    assert_eq!(disabled.status, StatusCode::UNAUTHORIZED);
    sqlx::query("update access_keys set status = 'active'")
        .execute(&pool)
        .await
        .unwrap();
    app.state.caches.invalidate();
    let used: Option<chrono::DateTime<Utc>> =
        sqlx::query_scalar("select last_used_at from access_keys")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(used.is_some(), "the key's use is noted");
    // The secret is stored sealed, never in plain text.
    let sealed: Vec<u8> = sqlx::query_scalar("select secret_sealed from access_keys")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(!sealed.windows(sk.len()).any(|w| w == sk.as_bytes()));
}

#[sqlx::test]
async fn each_key_is_rate_limited_with_retry_after(pool: PgPool) {
    let config = Config {
        api_rate_per_second: 1,
        ..Config::for_tests()
    };
    let app = TestApp::with_config(pool.clone(), config).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let (ak, sk) = access_key(&app, p, None).await;
    let (other_ak, other_sk) = access_key(&app, p, None).await;
    let mut client = app.client();
    let now = app.clock.now();
    let mut statuses = vec![];
    for _ in 0..4 {
        statuses.push(
            client
                .send(signed_api_request(&ak, &sk, LIST, "{}", now))
                .await,
        );
    }
    let limited = statuses
        .iter()
        .find(|r| r.status == StatusCode::TOO_MANY_REQUESTS)
        .expect("429");
    assert_eq!(error_code(limited), "CBC.0250");
    assert!(limited.headers.contains_key("retry-after"));
    // Another key has its own allowance.
    let other = client
        .send(signed_api_request(&other_ak, &other_sk, LIST, "{}", now))
        .await;
    assert_eq!(other.status, StatusCode::OK);
}

#[sqlx::test]
async fn two_keys_per_user_even_when_created_at_once(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    partner(&pool, "acme", "solution_provider", None).await;
    let mut a = app.client();
    a.sign_in_partner("acme").await;
    let mut b = app.client();
    b.sign_in_partner("acme").await;
    let mut c = app.client();
    c.sign_in_partner("acme").await;
    let (r1, r2, r3) = tokio::join!(
        a.call::<CreateAccessKey>(&[("description", "a")]),
        b.call::<CreateAccessKey>(&[("description", "b")]),
        c.call::<CreateAccessKey>(&[("description", "c")]),
    );
    let created = [&r1, &r2, &r3]
        .iter()
        .filter(|r| r.status == StatusCode::OK)
        .count();
    assert_eq!(created, 2, "{} / {} / {}", r1.body, r2.body, r3.body);
    let count: i64 = sqlx::query_scalar("select count(*) from access_keys")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(count, 2);
    assert_eq!(audit_count(&pool, "access_key.create").await, 2);
}

#[sqlx::test]
async fn a_key_acts_with_its_users_scope(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let other = partner(&pool, "other", "solution_provider", None).await;
    let wang = member(&pool, p, "wang", &["customer_manager"]).await;
    for (i, manager) in [Some(wang), None, None].into_iter().enumerate() {
        let c = customer(&pool, &format!("acme-{i}")).await;
        associate(&pool, c, p, "consulting", manager).await;
    }
    let theirs = customer(&pool, "theirs").await;
    associate(&pool, theirs, other, "consulting", None).await;
    let (ak, sk) = access_key(&app, p, Some(wang)).await;
    let mut client = app.client();
    let now = app.clock.now();
    let res = client
        .send(signed_api_request(&ak, &sk, LIST, r#"{"limit": 100}"#, now))
        .await;
    let body: Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(
        body["count"], 1,
        "a customer manager's key sees its own customers"
    );
    assert_eq!(
        body["customer_infos"][0]["account_managers"][0]["account_name"],
        "wang"
    );
    let by_id = format!(r#"{{"customer_id": "{theirs}"}}"#);
    let foreign = client
        .send(signed_api_request(&ak, &sk, LIST, &by_id, now))
        .await;
    assert_eq!(
        serde_json::from_str::<Value>(&foreign.body).unwrap()["count"],
        0
    );
    // Creating needs sales.customers.create, which a customer manager does not hold.
    let create = client
        .send(signed_api_request(
            &ak,
            &sk,
            "/v2/partners/sub-customers",
            r#"{"domain_name": "made-by-wang"}"#,
            now,
        ))
        .await;
    assert_eq!(
        (create.status, error_code(&create).as_str()),
        (StatusCode::FORBIDDEN, "CBC.0151")
    );
}

/// Random and mangled requests through the whole router: each gets an answer below 500.
#[sqlx::test]
async fn no_request_makes_the_api_fail(pool: PgPool) {
    use axum::body::Body;
    use axum::http::Request;
    use rand::{Rng, SeedableRng};
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let (ak, sk) = access_key(&app, p, None).await;
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let mut client = app.client();
    let pieces = [
        "SDK-HMAC-SHA256 ",
        "Access=",
        &ak,
        ", ",
        "SignedHeaders=",
        "host;x-sdk-date",
        "Signature=",
        "=",
        ";",
        ",",
        "\u{0}",
        "é",
        "%ZZ",
        "0000",
    ];
    let bodies = [
        "{}",
        "{\"limit\":",
        "[]",
        "null",
        "{\"limit\": 1e400}",
        "{\"offset\": -9223372036854775808}",
        "{\"account_name\": \"\u{0}\"}",
        "{\"customer_id\": 12}",
        "\u{feff}{}",
        "{\"associated_on_begin\": \"2026-02-30T00:00:00Z\"}",
    ];
    for round in 0..300 {
        let path = [
            "/v2/partners/sub-customers/query",
            "/v2/partners/sub-customers",
            "/v2/partners/indirect-partners/query",
        ][round % 3];
        let body = bodies[rng.gen_range(0..bodies.len())];
        let res = if round % 2 == 0 {
            // Validly signed: the body's content is what is tested.
            client
                .send(signed_api_request(&ak, &sk, path, body, app.clock.now()))
                .await
        } else {
            let auth: String = (0..rng.gen_range(0..8))
                .map(|_| pieces[rng.gen_range(0..pieces.len())])
                .collect();
            let mut req = Request::post(path).header("content-type", "application/json");
            if let Ok(value) = axum::http::HeaderValue::from_str(&auth) {
                req = req.header("authorization", value);
            }
            req = req.header(
                "x-sdk-date",
                if rng.gen() {
                    "20261123T000000Z"
                } else {
                    "garbage"
                },
            );
            client.send(req.body(Body::from(body)).unwrap()).await
        };
        assert!(
            res.status.as_u16() < 500,
            "{path} {body}: {} {}",
            res.status,
            res.body
        );
        assert!(
            serde_json::from_str::<Value>(&res.body).is_ok(),
            "always a JSON answer: {}",
            res.body
        );
    }
}

#[sqlx::test]
async fn everything_under_v2_answers_json(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let (ak, sk) = access_key(&app, p, None).await;
    let now = app.clock.now();
    let mut client = app.client();
    for path in [
        "/v2/no/such/api",
        "/v2",
        "/v3/accounts/anything",
        "/v2/partners/sub-customers/query/x",
    ] {
        let res = client.get(path).await;
        assert_eq!(
            (res.status, error_code(&res).as_str()),
            (StatusCode::NOT_FOUND, "APIGW.0101"),
            "{path}"
        );
        assert!(res.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"));
    }
    // A known path with the wrong method, signed or not.
    let get = client.get(LIST).await;
    assert_eq!(get.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(error_code(&get), "CBC.0100");
    let put = client
        .send(signed_request_with(&ak, &sk, ("PUT", LIST), "{}", now, &[]))
        .await;
    assert_eq!(put.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(error_code(&put), "CBC.0100");
}

#[sqlx::test]
async fn paging_outside_the_documented_ranges_is_a_parameter_error(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "distributor", None).await;
    let (ak, sk) = access_key(&app, p, None).await;
    let now = app.clock.now();
    let mut client = app.client();
    for path in [LIST, "/v2/partners/indirect-partners/query"] {
        for body in [
            r#"{"offset": 1099511627776}"#,
            r#"{"offset": 100000001}"#,
            r#"{"offset": -1}"#,
            r#"{"limit": 0}"#,
            r#"{"limit": 101}"#,
        ] {
            let res = client
                .send(signed_api_request(&ak, &sk, path, body, now))
                .await;
            assert_eq!(
                (res.status, error_code(&res).as_str()),
                (StatusCode::BAD_REQUEST, "CBC.0100"),
                "{path} {body}"
            );
            let field = if body.contains("offset") {
                "offset"
            } else {
                "limit"
            };
            assert!(res.body.contains(field), "{}", res.body);
        }
        let edge = client
            .send(signed_api_request(
                &ak,
                &sk,
                path,
                r#"{"offset": 100000000, "limit": 100}"#,
                now,
            ))
            .await;
        assert_eq!(edge.status, StatusCode::OK, "{}", edge.body);
    }
}

#[sqlx::test]
async fn the_content_sha256_header_is_verified_as_the_signer_defines_it(pool: PgPool) {
    use partner_centre::api::signature::hex_sha256;
    let app = TestApp::new(pool.clone()).await;
    let p = partner(&pool, "acme", "solution_provider", None).await;
    let (ak, sk) = access_key(&app, p, None).await;
    let now = app.clock.now();
    let mut client = app.client();
    let body = r#"{"limit": 5}"#;
    let send = |extra: Vec<(&'static str, String)>, body: &'static str| {
        let extra: Vec<(&str, &str)> = extra.iter().map(|(k, v)| (*k, v.as_str())).collect();
        signed_request_with(&ak, &sk, ("POST", LIST), body, now, &extra)
    };
    // The body's own digest in the header: signed as the SDK signs it, accepted.
    let digest = hex_sha256(body.as_bytes());
    let ok = client
        .send(send(vec![("x-sdk-content-sha256", digest)], body))
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    // Another digest: the body is not the one signed.
    let other = hex_sha256(b"{}");
    let res = client
        .send(send(vec![("x-sdk-content-sha256", other)], body))
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    // UNSIGNED-PAYLOAD with a body: the body would not be covered, so it is refused.
    let res = client
        .send(send(
            vec![("x-sdk-content-sha256", "UNSIGNED-PAYLOAD".into())],
            body,
        ))
        .await;
    assert_eq!(
        (res.status, error_code(&res).as_str()),
        (StatusCode::UNAUTHORIZED, "CBC.0105")
    );
    // Without a body it verifies; the endpoint then asks for its JSON body.
    let res = client
        .send(send(
            vec![("x-sdk-content-sha256", "UNSIGNED-PAYLOAD".into())],
            "",
        ))
        .await;
    assert_eq!(
        (res.status, error_code(&res).as_str()),
        (StatusCode::BAD_REQUEST, "CBC.0100"),
        "{}",
        res.body
    );
}

#[sqlx::test]
async fn create_sub_customer_refuses_bad_fields_by_their_own_names(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let d = partner(&pool, "acme", "distributor", None).await;
    let r = partner(&pool, "acme-r", "reseller", Some(d)).await;
    let (ak, sk) = access_key(&app, d, None).await;
    let now = app.clock.now();
    let mut client = app.client();
    const CREATE: &str = "/v2/partners/sub-customers";
    let reseller = format!(r#"{{"domain_name": "for-reseller", "indirect_partner_id": "{r}"}}"#);
    let cases: Vec<(String, StatusCode, &str, &str)> = vec![
        (
            r#"{"domain_name": "new-cust", "password": "long enough\u0000 1"}"#.into(),
            StatusCode::BAD_REQUEST,
            "CBC.0100",
            "password",
        ),
        (
            r#"{"domain_name": "new\tcust"}"#.into(),
            StatusCode::BAD_REQUEST,
            "CBC.0100",
            "domain_name",
        ),
        (
            r#"{"domain_name": "new-cust", "cooperation_type": "3"}"#.into(),
            StatusCode::BAD_REQUEST,
            "CBC.0100",
            "cooperation_type",
        ),
        (
            reseller,
            StatusCode::FORBIDDEN,
            "CBC.0151",
            "indirect_partner_id",
        ),
    ];
    for (body, status, code, field) in &cases {
        let res = client
            .send(signed_api_request(&ak, &sk, CREATE, body, now))
            .await;
        assert_eq!(
            (res.status, error_code(&res).as_str()),
            (*status, *code),
            "{body}"
        );
        assert!(res.body.contains(field), "{body}: {}", res.body);
    }
    let customers: i64 = sqlx::query_scalar("select count(*) from customers")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(customers, 0, "nothing was created");
    // A taken name is named by the request's field, not the portal's.
    let first = client
        .send(signed_api_request(
            &ak,
            &sk,
            CREATE,
            r#"{"domain_name": "taken"}"#,
            now,
        ))
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let again = client
        .send(signed_api_request(
            &ak,
            &sk,
            CREATE,
            r#"{"domain_name": "Taken"}"#,
            now,
        ))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("domain_name"), "{}", again.body);
}
