//! The axum router: pages, server functions, static files, the language switch, downloads, and
//! the layers around them.

use super::security::{client_addr, same_origin, security_headers};
use crate::app::{shell, App};
use crate::core::error::AppError;
use crate::core::i18n::{Lang, LANG_COOKIE};
use crate::core::validate::local_path;
use crate::identity::portal::{per_request, resolve_before_render, RequestActor};
use crate::server::sessions::CachedSessions;
use crate::server::AppState;
use axum::body::Body;
use axum::extract::{Path, Query, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{file_and_error_handler_with_context, generate_route_list, LeptosRoutes};
use serde::Deserialize;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::services::ServeDir;
use tower_http::timeout::TimeoutLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

pub const SESSION_COOKIE: &str = "pc_session";

/// No page takes longer: a render that never finishes (a bug, a lost task) answers 503 instead
/// of holding the browser and a connection forever.
pub const PAGE_TIMEOUT: Duration = Duration::from_secs(30);

pub fn build(state: AppState) -> Router {
    let store = CachedSessions::new(state.pool.clone());
    let sessions = SessionManagerLayer::new(store)
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.cookie_secure)
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(
            state.config.session_idle_minutes,
        )));
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
        }
    };
    let routes = generate_route_list(App);
    let pkg_dir = format!("{}/{}", state.leptos.site_root, state.leptos.site_pkg_dir);
    let pages = Router::new()
        .route("/lang/{code}", get(switch_language))
        .route("/healthz", get(|| async { "ok" }))
        .route("/partner/customers/export.csv", get(export_customers))
        .route("/partner/funds/records.csv", get(export_adjustments))
        .route("/partner/coupons/issued.csv", get(export_coupons))
        .route(
            "/partner/coupons/records.csv",
            get(export_coupon_operations),
        )
        .merge(super::uploads::routes())
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos.clone();
            move || shell(options.clone())
        })
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        .layer(from_fn(no_store_for_secrets))
        .layer(from_fn_with_state(state.clone(), resolve_before_render))
        // Per request: the caller, resolved once however many server functions a page calls,
        // and a new key's secret, taken from the session once.
        .layer(from_fn(per_request::<RequestActor>))
        .layer(from_fn(per_request::<crate::access_keys::RevealedSecret>))
        .layer(from_fn(server_fn_error_status))
        .layer(from_fn_with_state(state.clone(), same_origin))
        .layer(sessions)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            PAGE_TIMEOUT,
        ))
        .layer(from_fn_with_state(state.clone(), client_addr))
        .with_state(state.clone());
    // Static files sit outside the session layer: they never cost a session lookup.
    // The API authenticates each request by its signature: no sessions, no cookies.
    Router::new()
        .nest_service("/pkg", ServeDir::new(pkg_dir))
        .merge(crate::api::router(state))
        .merge(pages)
        .layer(from_fn(security_headers))
        .layer(CatchPanicLayer::custom(|_| {
            // The panic itself is logged by the panic hook; the browser gets no internals.
            (StatusCode::INTERNAL_SERVER_ERROR, "Internal error").into_response()
        }))
}

#[derive(Deserialize)]
struct Back {
    back: Option<String>,
}

/// `/lang/en?back=/partner`: remembers the language in a cookie and returns to the page, when
/// `back` is a path of this site.
async fn switch_language(Path(code): Path<String>, Query(back): Query<Back>) -> Response {
    let Some(lang) = Lang::from_code(&code) else {
        return (StatusCode::NOT_FOUND, "unknown language").into_response();
    };
    let target = back.back.as_deref().and_then(local_path).unwrap_or("/");
    let mut res = Redirect::to(target).into_response();
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    );
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, value);
    }
    res
}

/// The page and the function that show a new access key's secret are never stored by browsers
/// or proxies.
async fn no_store_for_secrets(req: Request, next: Next) -> Response {
    let secret = matches!(
        req.uri().path(),
        "/partner/credentials" | "/account/credentials" | "/api/my_credentials"
    );
    let mut res = next.run(req).await;
    if secret {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Server functions answer every error with 500; this gives each its real status (400 for bad
/// input, 403 for a refused permission, ...), so that a user's mistake is never a 500.
async fn server_fn_error_status(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !res.headers().contains_key("serverfnerror")
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "").into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if let AppError::Throttled { retry_after_secs } = error {
            parts
                .headers
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The caller of a download, as a page's server functions see it.
async fn call_of(state: AppState, req: Request) -> Result<crate::server::Call, AppError> {
    let (parts, _) = req.into_parts();
    crate::identity::Door::from_parts(state, &parts)?
        .call()
        .await
}

/// A CSV file to download as `name`.
fn csv_download(name: &'static str, csv: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        csv,
    )
        .into_response()
}

/// `unmask=1` on an export link: personal data unmasked, for a caller holding
/// `sales.data.unmask`. Anything else (absent, `0`, garbage) is the masked default.
#[derive(Deserialize)]
struct ExportOptions {
    unmask: Option<String>,
}

impl ExportOptions {
    fn asked(&self) -> bool {
        self.unmask.as_deref() == Some("1")
    }
}

/// Writes a CSV export for the caller: refused at once if it asks to unmask without the item;
/// an unmasked file is recorded in the audit log once it is written.
async fn csv_export<F, Fut>(
    state: AppState,
    req: Request,
    name: &'static str,
    write: F,
) -> Result<Response, AppError>
where
    F: FnOnce(crate::server::Call, bool) -> Fut,
    Fut: std::future::Future<Output = Result<(crate::server::Call, Vec<u8>), AppError>>,
{
    let asked = Query::<ExportOptions>::try_from_uri(req.uri())
        .map(|Query(o)| o.asked())
        .unwrap_or(false);
    let what = format!("{}", req.uri());
    let call = call_of(state, req).await?;
    if asked {
        call.actor
            .require(crate::core::permissions::Permission::SalesDataUnmask)?;
    }
    let (call, csv) = write(call, asked).await?;
    let mut tx = call.begin().await?;
    crate::audit::service::unmask(&mut tx, &call, asked, &what).await?;
    tx.commit().await?;
    Ok(csv_download(name, csv))
}

/// `/partner/customers/export.csv?…`: the filtered customer list as a CSV download.
async fn export_customers(
    axum::extract::State(state): axum::extract::State<AppState>,
    Query(filter): Query<crate::customers::CustomerFilter>,
    req: Request,
) -> Result<Response, AppError> {
    csv_export(state, req, "customers.csv", |call, unmasked| async move {
        let csv = crate::customers::export::export_csv(&call, &filter, unmasked).await?;
        Ok((call, csv))
    })
    .await
}

/// `/partner/funds/records.csv?…`: the filtered adjustment records.
async fn export_adjustments(
    axum::extract::State(state): axum::extract::State<AppState>,
    Query(filter): Query<crate::funds::AdjustmentFilter>,
    req: Request,
) -> Result<Response, AppError> {
    csv_export(state, req, "adjustments.csv", |call, unmasked| async move {
        let csv = crate::funds::records::adjustments_csv(&call, &filter, unmasked).await?;
        Ok((call, csv))
    })
    .await
}

/// `/partner/coupons/issued.csv?…`: the filtered issued coupons.
async fn export_coupons(
    axum::extract::State(state): axum::extract::State<AppState>,
    Query(filter): Query<crate::coupons::CouponFilter>,
    req: Request,
) -> Result<Response, AppError> {
    csv_export(state, req, "coupons.csv", |call, unmasked| async move {
        let csv = crate::coupons::records::coupons_csv(&call, &filter, unmasked).await?;
        Ok((call, csv))
    })
    .await
}

/// `/partner/coupons/records.csv?…`: the filtered coupon operation records.
async fn export_coupon_operations(
    axum::extract::State(state): axum::extract::State<AppState>,
    Query(filter): Query<crate::coupons::OperationFilter>,
    req: Request,
) -> Result<Response, AppError> {
    csv_export(
        state,
        req,
        "coupon-operations.csv",
        |call, unmasked| async move {
            let csv = crate::coupons::records::operations_csv(&call, &filter, unmasked).await?;
            Ok((call, csv))
        },
    )
    .await
}
