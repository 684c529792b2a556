//! The portal's door: a request's session becomes the [`Call`] services take. Only sign-in,
//! sign-out and the one-time secret reveal touch the session itself, through [`Door`].

use super::session::{check_session, Principal, SessionCheck, PRINCIPAL_KEY};
use super::store;
use crate::core::actor::Actor;
use crate::core::error::AppError;
use crate::core::viewer::ActorKind;
use crate::server::{AppState, Call, Visit};
use chrono::{DateTime, Utc};
use leptos::prelude::use_context;
use std::sync::{Arc, Mutex};
use tower_sessions::Session;
use uuid::Uuid;

/// The client address a request came from (set by `web::security::client_addr`).
#[derive(Clone, Copy, Debug)]
pub struct ClientAddr(pub std::net::IpAddr);

/// A request as the portal receives it: the visit (state, address, origin) and its session.
pub struct Door {
    pub visit: Visit,
    pub session: Session,
    /// The request's own extensions: what lives for this request only (see [`per_request`]).
    extensions: http::Extensions,
}

/// The caller resolved once per request, shared by the page render and the server functions it
/// calls during that render.
#[derive(Clone, Default)]
pub struct RequestActor(Arc<Mutex<Option<Option<Actor>>>>);

/// Puts a fresh `T` into the request, to be shared by everything that serves it. It travels in
/// the request's extensions rather than in Leptos's context: a resource's task does not always
/// see the render's context, but it always sees the request.
pub async fn per_request<T: Clone + Default + Send + Sync + 'static>(
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    req.extensions_mut().insert(T::default());
    next.run(req).await
}

/// Resolves the caller of a page request before the page renders, so that the render reads it
/// at once ([`resolved_actor`]) instead of waiting for it. Server functions and downloads
/// resolve theirs when they ask.
pub async fn resolve_before_render(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let path = req.uri().path();
    // Pages only: not server functions, the language switch, the health check, or files (the
    // icon, downloads), whose last segment names a file.
    let page = matches!(*req.method(), http::Method::GET | http::Method::HEAD)
        && !["/api/", "/lang/", "/healthz"]
            .iter()
            .any(|p| path.starts_with(p))
        && !path
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.'));
    if !page {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    if let Ok(door) = Door::from_parts(state, &parts) {
        // A failure is logged where it happens; the page then shows an error.
        let _ = door.actor().await;
    }
    next.run(axum::extract::Request::from_parts(parts, body))
        .await
}

/// The caller [`resolve_before_render`] found for this render: `None` if it could not.
pub fn resolved_actor() -> Option<Option<Actor>> {
    let parts = use_context::<http::request::Parts>()?;
    let slot = parts.extensions.get::<RequestActor>()?;
    let seen = slot.0.lock().ok()?;
    seen.clone()
}

/// The door of the current request; only inside a server function or a server render.
pub fn door() -> Result<Door, AppError> {
    let state = use_context::<AppState>().ok_or_else(|| missing("AppState"))?;
    let parts = use_context::<http::request::Parts>().ok_or_else(|| missing("request parts"))?;
    Door::from_parts(state, &parts)
}

/// The signed-in caller of the current server function, as a [`Call`].
pub async fn call() -> Result<Call, AppError> {
    door()?.call().await
}

fn missing(what: &str) -> AppError {
    tracing::error!("{what} missing from the request context");
    AppError::Internal
}

fn session_error(e: tower_sessions::session::Error) -> AppError {
    tracing::error!(error = %e, "session store");
    AppError::Internal
}

impl Door {
    /// The door of a plain axum handler (downloads), outside Leptos.
    pub fn from_parts(state: AppState, parts: &http::request::Parts) -> Result<Door, AppError> {
        let session = parts
            .extensions
            .get::<Session>()
            .cloned()
            .ok_or_else(|| missing("session layer"))?;
        let source = parts.extensions.get::<ClientAddr>().map(|a| a.0);
        let origin = match &state.config.public_origin {
            Some(origin) => origin.clone(),
            None => {
                let host = parts
                    .headers
                    .get(http::header::HOST)
                    .and_then(|v| v.to_str().ok())
                    .filter(|h| h.chars().all(|c| c.is_ascii_graphic()))
                    .unwrap_or("localhost");
                let scheme = if state.config.cookie_secure {
                    "https"
                } else {
                    "http"
                };
                format!("{scheme}://{host}")
            }
        };
        Ok(Door {
            visit: Visit {
                state,
                source,
                origin,
            },
            session,
            extensions: parts.extensions.clone(),
        })
    }

    /// Something kept for this request only, when the router provides it.
    pub fn request_local<T: Clone + Send + Sync + 'static>(&self) -> Option<T> {
        self.extensions.get::<T>().cloned()
    }

    pub async fn call(&self) -> Result<Call, AppError> {
        self.optional_call().await?.ok_or(AppError::Unauthenticated)
    }

    pub async fn optional_call(&self) -> Result<Option<Call>, AppError> {
        Ok(self
            .actor()
            .await?
            .map(|actor| self.visit.clone().signed_in(actor)))
    }

    /// The signed-in caller, if any; resolved once per request. Expired or orphaned sessions are
    /// ended here.
    pub async fn actor(&self) -> Result<Option<Actor>, AppError> {
        let per_request = self.request_local::<RequestActor>();
        if let Some(seen) = per_request.as_ref().and_then(|c| c.0.lock().ok()?.clone()) {
            return Ok(seen);
        }
        let actor = self.resolve().await?;
        if let Some(slot) = per_request {
            if let Ok(mut slot) = slot.0.lock() {
                *slot = Some(actor.clone());
            }
        }
        Ok(actor)
    }

    async fn resolve(&self) -> Result<Option<Actor>, AppError> {
        let principal: Option<Principal> = self
            .session
            .get(PRINCIPAL_KEY)
            .await
            .map_err(session_error)?;
        let Some(mut principal) = principal else {
            return Ok(None);
        };
        let state = &self.visit.state;
        let now = Utc::now();
        let check = check_session(
            &principal,
            now,
            chrono::Duration::minutes(state.config.session_idle_minutes),
            chrono::Duration::hours(state.config.session_max_hours),
        );
        let actor = match check {
            SessionCheck::Expired => None,
            SessionCheck::Alive | SessionCheck::Touch => {
                active_actor(state, principal.kind, principal.id, principal.signed_in_at).await?
            }
        };
        match (&actor, check) {
            (Some(_), SessionCheck::Touch) => {
                principal.last_seen = now;
                self.session
                    .insert(PRINCIPAL_KEY, principal)
                    .await
                    .map_err(session_error)?;
            }
            (Some(_), _) => {}
            // Past its lifetime, or the account is gone or disabled: end the session.
            (None, _) => self.session.flush().await.map_err(session_error)?,
        }
        Ok(actor)
    }

    /// Signs `id` in: a fresh session id, so that an id known before sign-in is worthless.
    pub async fn start_session(&self, kind: ActorKind, id: Uuid) -> Result<(), AppError> {
        self.session.cycle_id().await.map_err(session_error)?;
        let now = Utc::now();
        let principal = Principal {
            kind,
            id,
            signed_in_at: now,
            last_seen: now,
        };
        self.session
            .insert(PRINCIPAL_KEY, principal)
            .await
            .map_err(session_error)?;
        self.forget_request_actor();
        Ok(())
    }

    /// Signs out: the session is destroyed on the server.
    pub async fn end_session(&self) -> Result<(), AppError> {
        self.session.flush().await.map_err(session_error)?;
        self.forget_request_actor();
        Ok(())
    }

    fn forget_request_actor(&self) {
        if let Some(slot) = self.request_local::<RequestActor>() {
            if let Ok(mut slot) = slot.0.lock() {
                *slot = None;
            }
        }
    }
}

/// The active account behind a session or a key, from the short-lived cache or the database;
/// `None` if it is gone or disabled, or its credentials changed after `signed_in_at`.
pub async fn active_actor(
    state: &AppState,
    kind: ActorKind,
    id: Uuid,
    signed_in_at: DateTime<Utc>,
) -> Result<Option<Actor>, AppError> {
    let cached = match state.caches.actor(kind, id) {
        Some(cached) => cached,
        None => {
            let generation = state.caches.generation();
            let mut conn = state.pool.acquire().await?;
            let loaded = store::load(&mut conn, kind, id).await?;
            state
                .caches
                .store_actor(generation, kind, id, loaded.clone());
            Arc::new(loaded)
        }
    };
    Ok(cached
        .as_ref()
        .as_ref()
        .filter(|c| c.credentials_changed_at.is_none_or(|at| at <= signed_in_at))
        .map(|c| c.actor.clone()))
}
