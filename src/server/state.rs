//! The application state, and the per-request context that server functions read.

use super::clock::Clock;
use super::config::Config;
use super::passwords::Passwords;
use super::security::ClientAddr;
use crate::access_keys::service::Sealer;
use crate::api::ApiLimits;
use crate::core::error::AppError;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use leptos::prelude::*;
use sqlx::PgPool;
use std::net::IpAddr;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub config: Arc<Config>,
    pub leptos: LeptosOptions,
    pub passwords: Passwords,
    pub clock: Clock,
    /// Seals and opens access keys' secrets with the server key.
    pub sealer: Sealer,
    pub api_limits: Arc<ApiLimits>,
}

impl AppState {
    /// The state over a migrated pool, with the server key given or kept beside the data.
    pub fn new(
        pool: PgPool,
        config: Config,
        leptos: LeptosOptions,
        passwords: Passwords,
        clock: Clock,
        key: [u8; 32],
    ) -> AppState {
        AppState {
            pool,
            api_limits: Arc::new(ApiLimits::per_second(config.api_rate_per_second)),
            config: Arc::new(config),
            leptos,
            passwords,
            clock,
            sealer: Sealer::new(&key),
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

/// What a server function needs of its request: the state, the session and the client address.
pub struct RequestContext {
    pub state: AppState,
    pub session: tower_sessions::Session,
    pub source: Option<IpAddr>,
    /// `scheme://host[:port]` the portal is reached at, for links it hands out.
    pub origin: String,
}

/// The context of the current request; only inside a server function or a server render.
pub async fn request_context() -> Result<RequestContext, AppError> {
    let state = use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the request context");
        AppError::Internal
    })?;
    let parts = use_context::<http::request::Parts>().ok_or_else(|| {
        tracing::error!("request parts missing from the request context");
        AppError::Internal
    })?;
    RequestContext::from_parts(state, &parts)
}

impl RequestContext {
    /// The context of a plain axum handler (outside Leptos).
    pub fn from_parts(
        state: AppState,
        parts: &http::request::Parts,
    ) -> Result<RequestContext, AppError> {
        let session = parts
            .extensions
            .get::<tower_sessions::Session>()
            .cloned()
            .ok_or_else(|| {
                tracing::error!("session layer missing");
                AppError::Internal
            })?;
        let source = parts.extensions.get::<ClientAddr>().map(|a| a.0);
        let origin = match &state.config.public_origin {
            Some(origin) => origin.clone(),
            None => {
                let host = parts
                    .headers
                    .get(http::header::HOST)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("localhost");
                let scheme = if state.config.cookie_secure {
                    "https"
                } else {
                    "http"
                };
                format!("{scheme}://{host}")
            }
        };
        Ok(RequestContext {
            state,
            session,
            source,
            origin,
        })
    }
}
