//! The application state: what every request shares on one server.

use super::cache::Caches;
use super::clock::Clock;
use super::config::Config;
use super::limits::ApiLimits;
use super::passwords::Passwords;
use super::sealer::Sealer;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::PgPool;
use std::sync::Arc;

/// A cheap handle: pages and calls clone it many times per request, so it is one `Arc`.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    pub pool: PgPool,
    pub config: Arc<Config>,
    pub leptos: LeptosOptions,
    pub passwords: Passwords,
    pub clock: Clock,
    /// Seals and opens access keys' secrets with the server key.
    pub sealer: Sealer,
    pub api_limits: Arc<ApiLimits>,
    pub caches: Arc<Caches>,
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
        AppState(Arc::new(Shared {
            pool,
            api_limits: Arc::new(ApiLimits::per_second(config.api_rate_per_second)),
            config: Arc::new(config),
            leptos,
            passwords,
            clock,
            sealer: Sealer::new(&key),
            caches: Arc::new(Caches::default()),
        }))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
