//! The axum router: pages, server functions, static files, the language switch, and the layers.

use super::security::{client_addr, same_origin, security_headers};
use super::state::AppState;
use crate::app::{shell, App};
use crate::core::error::AppError;
use crate::core::i18n::{Lang, LANG_COOKIE};
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
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::services::ServeDir;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::PostgresStore;

pub const SESSION_COOKIE: &str = "pc_session";

pub fn build(state: AppState) -> Router {
    let sessions = SessionManagerLayer::new(PostgresStore::new(state.pool.clone()))
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
            // Per request: the caller, resolved once however many server functions a page calls.
            provide_context(crate::core::actor::ActorCache::default());
            provide_context(crate::access_keys::service::RevealedSecret::default());
        }
    };
    let routes = generate_route_list(App);
    let state_for_api = state.clone();
    let pkg_dir = format!("{}/{}", state.leptos.site_root, state.leptos.site_pkg_dir);
    let pages = Router::new()
        .route("/lang/{code}", get(switch_language))
        .route("/healthz", get(|| async { "ok" }))
        .route("/partner/customers/export.csv", get(export_customers))
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos.clone();
            move || shell(options.clone())
        })
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        .layer(from_fn(server_fn_error_status))
        .layer(from_fn_with_state(state.clone(), same_origin))
        .layer(sessions)
        .layer(from_fn_with_state(state.clone(), client_addr))
        .with_state(state);
    // Static files sit outside the session layer: they never cost a session lookup.
    // The API authenticates each request by its signature: no sessions, no cookies.
    let api = crate::api::router(state_for_api);
    Router::new()
        .nest_service("/pkg", ServeDir::new(pkg_dir))
        .merge(api)
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

/// `/lang/en?back=/partner`: remembers the language in a cookie and returns to the page.
async fn switch_language(Path(code): Path<String>, Query(back): Query<Back>) -> Response {
    let Some(lang) = Lang::from_code(&code) else {
        return (StatusCode::NOT_FOUND, "unknown language").into_response();
    };
    let target = back
        .back
        .filter(|b| b.starts_with('/') && !b.starts_with("//") && !b.contains('\\'))
        .unwrap_or_else(|| "/".to_string());
    let mut res = Redirect::to(&target).into_response();
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    );
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, value);
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

/// `/partner/customers/export.csv?…`: the filtered customer list as a CSV download.
async fn export_customers(
    axum::extract::State(state): axum::extract::State<AppState>,
    Query(filter): Query<crate::customers::CustomerFilter>,
    req: Request,
) -> Result<Response, AppError> {
    let (parts, _) = req.into_parts();
    let ctx = super::RequestContext::from_parts(state, &parts)?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    let csv = crate::customers::service::export_csv(&ctx.state.pool, &actor, &filter).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"customers.csv\"",
            ),
        ],
        csv,
    )
        .into_response())
}
