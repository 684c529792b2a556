//! The test harness: the app on a test database, a cookie-keeping client, and fixtures.

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use leptos::server_fn::ServerFn;
use partner_centre::core::error::AppError;
use partner_centre::server::clock::Clock;
use partner_centre::server::config::Config;
use partner_centre::server::passwords::Passwords;
use partner_centre::server::{db, AppState};
use sqlx::PgPool;
use std::net::{IpAddr, SocketAddr};
use tower::ServiceExt;
use uuid::Uuid;

pub const PASSWORD: &str = "correct horse 42";

pub struct TestApp {
    pub router: Router,
    /// The service layer's clock: it stands still until a test moves it.
    pub clock: Clock,
    pub state: AppState,
}

impl TestApp {
    pub async fn new(pool: PgPool) -> TestApp {
        TestApp::with_config(pool, Config::for_tests()).await
    }

    pub async fn with_config(pool: PgPool, config: Config) -> TestApp {
        db::migrate(&pool).await.expect("migrations apply");
        let leptos = leptos::config::LeptosOptions::builder()
            .output_name("partner_centre")
            .build();
        let clock = Clock::fixed(chrono::Utc::now());
        let key = config.secret_key.expect("tests have a server key");
        let state = AppState::new(
            pool.clone(),
            config,
            leptos,
            Passwords::default(),
            clock.clone(),
            key,
        );
        TestApp {
            router: partner_centre::web::build(state.clone()),
            state,
            clock,
        }
    }

    pub fn client(&self) -> Client<'_> {
        self.client_from("198.51.100.7".parse().unwrap())
    }

    pub fn client_from(&self, ip: IpAddr) -> Client<'_> {
        Client {
            app: self,
            session: None,
            ip,
        }
    }
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl TestResponse {
    /// The error a server function returned.
    pub fn app_error(&self) -> AppError {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not an AppError ({e}): {} {}", self.status, self.body))
    }
}

/// A client that keeps the session cookie, like a browser.
pub struct Client<'a> {
    app: &'a TestApp,
    pub session: Option<String>,
    ip: IpAddr,
}

impl Client<'_> {
    pub async fn send(&mut self, mut req: Request<Body>) -> TestResponse {
        if let Some(session) = &self.session {
            let cookie = format!("pc_session={session}");
            req.headers_mut()
                .insert(header::COOKIE, cookie.parse().unwrap());
        }
        req.extensions_mut()
            .insert(ConnectInfo(SocketAddr::new(self.ip, 40000)));
        let res = self
            .app
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("router answers");
        for value in res.headers().get_all(header::SET_COOKIE) {
            let value = value.to_str().unwrap();
            if let Some(rest) = value.strip_prefix("pc_session=") {
                let id = rest.split(';').next().unwrap_or_default();
                self.session =
                    (!id.is_empty() && !value.contains("Max-Age=0")).then(|| id.to_string());
            }
        }
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&mut self, path: &str) -> TestResponse {
        let req = Request::get(path)
            .header(header::ACCEPT, "text/html")
            .body(Body::empty());
        self.send(req.unwrap()).await
    }

    /// Calls a server function the way the page does with JavaScript on.
    pub async fn call<S: ServerFn>(&mut self, fields: &[(&str, &str)]) -> TestResponse {
        self.post::<S>(fields, None).await
    }

    pub async fn post<S: ServerFn>(
        &mut self,
        fields: &[(&str, &str)],
        origin: Option<&str>,
    ) -> TestResponse {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", urlencoding::encode(k), urlencoding::encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut req = Request::post(S::PATH)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .header(header::HOST, "localhost");
        if let Some(origin) = origin {
            req = req.header(header::ORIGIN, origin);
        }
        self.send(req.body(Body::from(body)).unwrap()).await
    }
}

/// The hash of [`PASSWORD`], made once per test process on the blocking pool (argon2 never runs
/// on the runtime's own threads).
async fn password_hash() -> &'static str {
    static HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    HASH.get_or_init(|| async { Passwords::default().hash(PASSWORD.into()).await })
        .await
}

pub async fn partner(pool: &PgPool, account: &str, kind: &str, distributor: Option<Uuid>) -> Uuid {
    let id = Uuid::new_v4();
    sqlx::query(
        "insert into partners (id, account_name, display_name, partner_type, distributor_id, password_hash)
         values ($1, $2, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(account)
    .bind(kind)
    .bind(distributor)
    .bind(password_hash().await)
    .execute(pool)
    .await
    .unwrap();
    id
}

pub async fn member(pool: &PgPool, partner: Uuid, user: &str, builtin: &[&str]) -> Uuid {
    let id = Uuid::new_v4();
    sqlx::query(
        "insert into members (id, partner_id, user_name, display_name, password_hash)
         values ($1, $2, $3, $3, $4)",
    )
    .bind(id)
    .bind(partner)
    .bind(user)
    .bind(password_hash().await)
    .execute(pool)
    .await
    .unwrap();
    for role in builtin {
        sqlx::query("insert into member_roles (member_id, builtin_role) values ($1, $2)")
            .bind(id)
            .bind(role)
            .execute(pool)
            .await
            .unwrap();
    }
    id
}

pub async fn custom_role(pool: &PgPool, partner: Uuid, name: &str, items: &[&str]) -> Uuid {
    let id = Uuid::new_v4();
    sqlx::query("insert into custom_roles (id, partner_id, name) values ($1, $2, $3)")
        .bind(id)
        .bind(partner)
        .bind(name)
        .execute(pool)
        .await
        .unwrap();
    for item in items {
        sqlx::query("insert into custom_role_permissions (role_id, permission) values ($1, $2)")
            .bind(id)
            .bind(item)
            .execute(pool)
            .await
            .unwrap();
    }
    id
}

pub async fn give_custom_role(pool: &PgPool, member: Uuid, role: Uuid) {
    sqlx::query("insert into member_roles (member_id, custom_role_id) values ($1, $2)")
        .bind(member)
        .bind(role)
        .execute(pool)
        .await
        .unwrap();
}

pub async fn customer(pool: &PgPool, account: &str) -> Uuid {
    let id = Uuid::new_v4();
    sqlx::query(
        "insert into customers (id, account_name, display_name, kind, password_hash)
         values ($1, $2, $2, 'individual', $3)",
    )
    .bind(id)
    .bind(account)
    .bind(password_hash().await)
    .execute(pool)
    .await
    .unwrap();
    id
}

pub async fn associate(
    pool: &PgPool,
    customer: Uuid,
    partner: Uuid,
    mode: &str,
    manager: Option<Uuid>,
) {
    sqlx::query(
        "insert into associations (id, customer_id, partner_id, mode, manager_member_id, manager_assigned_at,
                                   customer_kind, customer_account)
         select $1, c.id, $3, $4, $5, case when $5::uuid is null then null else now() end,
                c.kind, lower(c.account_name)
           from customers c where c.id = $2",
    )
    .bind(Uuid::new_v4())
    .bind(customer)
    .bind(partner)
    .bind(mode)
    .bind(manager)
    .execute(pool)
    .await
    .unwrap();
}

pub async fn operator(pool: &PgPool, account: &str) -> Uuid {
    let id = Uuid::new_v4();
    sqlx::query("insert into operators (id, account_name, display_name, password_hash) values ($1, $2, $2, $3)")
        .bind(id)
        .bind(account)
        .bind(password_hash().await)
        .execute(pool)
        .await
        .unwrap();
    id
}

use partner_centre::auth::{SignInCustomer, SignInMember, SignInOperator, SignInPartner};

impl Client<'_> {
    pub async fn sign_in_partner(&mut self, account: &str) -> TestResponse {
        self.call::<SignInPartner>(&[("account_name", account), ("password", PASSWORD)])
            .await
    }

    pub async fn sign_in_member(&mut self, partner: &str, user: &str) -> TestResponse {
        self.call::<SignInMember>(&[
            ("partner_account", partner),
            ("user_name", user),
            ("password", PASSWORD),
        ])
        .await
    }

    pub async fn sign_in_customer(&mut self, account: &str) -> TestResponse {
        self.call::<SignInCustomer>(&[("account_name", account), ("password", PASSWORD)])
            .await
    }

    pub async fn sign_in_operator(&mut self, account: &str) -> TestResponse {
        self.call::<SignInOperator>(&[("account_name", account), ("password", PASSWORD)])
            .await
    }
}

/// Counts audit records of an action.
pub async fn audit_count(pool: &PgPool, action: &str) -> i64 {
    sqlx::query_scalar("select count(*) from audit_log where action = $1")
        .bind(action)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// An API request signed like the SDK signs it (SDK-HMAC-SHA256), dated `at`. The official SDK
/// itself drives the API in tests/sdk; this is for the Rust tests of permissions and scope.
pub fn signed_api_request(
    ak: &str,
    sk: &str,
    path: &str,
    body: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> Request<Body> {
    signed_request_with(ak, sk, ("POST", path), body, at, &[])
}

/// A signed request with a method of choice (a GET's query in `path`, after `?`) and extra
/// signed headers (lower-case names).
pub fn signed_request_with(
    ak: &str,
    sk: &str,
    (method, path): (&str, &str),
    body: &str,
    at: chrono::DateTime<chrono::Utc>,
    extra: &[(&str, &str)],
) -> Request<Body> {
    use partner_centre::api::signature::{canonical_request, sign, string_to_sign, CanonicalInput};
    let date = at.format("%Y%m%dT%H%M%SZ").to_string();
    let uri = path;
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let mut headers = vec![
        ("content-type".to_string(), "application/json".to_string()),
        ("host".to_string(), "localhost".to_string()),
        ("x-sdk-date".to_string(), date.clone()),
    ];
    headers.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let signed: Vec<String> = headers.iter().map(|(k, _)| k.clone()).collect();
    let canonical = canonical_request(&CanonicalInput {
        method,
        path,
        query,
        headers: &headers,
        signed_headers: &signed,
        body: body.as_bytes(),
    })
    .unwrap_or_else(|_| {
        // A request the signer itself would not sign (the tests of refusals): sign it as if the
        // body were covered, so that only the server's own check refuses it.
        canonical_request(&CanonicalInput {
            method,
            path,
            query,
            headers: &headers[..3],
            signed_headers: &signed[..3],
            body: body.as_bytes(),
        })
        .unwrap()
    });
    let signature = sign(sk.as_bytes(), &string_to_sign(&date, &canonical)).unwrap();
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in &headers {
        req = req.header(k.as_str(), v.as_str());
    }
    req.header(
        header::AUTHORIZATION,
        format!(
            "SDK-HMAC-SHA256 Access={ak}, SignedHeaders={}, Signature={signature}",
            signed.join(";")
        ),
    )
    .body(Body::from(body.to_string()))
    .unwrap()
}

/// An access key for a partner's main account (`member` None) or a member: (AK, SK).
pub async fn access_key(app: &TestApp, partner: Uuid, member: Option<Uuid>) -> (String, String) {
    key_of(app, KeyOwner::Partner { partner, member }).await
}

/// An access key of a customer's own: (AK, SK).
pub async fn customer_key(app: &TestApp, customer: Uuid) -> (String, String) {
    key_of(app, KeyOwner::Customer(customer)).await
}

async fn key_of(app: &TestApp, owner: KeyOwner) -> (String, String) {
    use partner_centre::access_keys::service::insert_key;
    let mut conn = app.state.pool.acquire().await.unwrap();
    insert_key(&mut conn, &app.state.sealer, owner, "")
        .await
        .unwrap()
}

use partner_centre::access_keys::store::KeyOwner;
