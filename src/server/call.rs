//! Who is calling a service, from which address, on which server state: the one context every
//! service takes, whichever door the request came through. The portal builds it from the session
//! (`identity::portal`), the API from the verified access key (`api::auth`). No service reads a
//! session.

use super::state::AppState;
use crate::core::actor::Actor;
use chrono::{DateTime, Utc};
use sqlx::{PgPool, Postgres, Transaction};
use std::net::IpAddr;

/// A signed-in caller.
#[derive(Clone)]
pub struct Call {
    pub state: AppState,
    pub actor: Actor,
    pub source: Option<IpAddr>,
    /// `scheme://host[:port]` the portal is reached at, for links it hands out.
    pub origin: String,
    /// The write's idempotency token (`X-Client-Token`, or a form's one-time token): a retry
    /// carrying it is applied once (`server::once`).
    pub token: Option<crate::core::ids::ClientToken>,
}

/// Anyone, signed in or not: sign-in, sign-up, the join page.
#[derive(Clone)]
pub struct Visit {
    pub state: AppState,
    pub source: Option<IpAddr>,
    pub origin: String,
}

impl Visit {
    pub fn now(&self) -> DateTime<Utc> {
        self.state.clock.now()
    }

    pub fn pool(&self) -> &PgPool {
        &self.state.pool
    }

    pub fn signed_in(self, actor: Actor) -> Call {
        Call {
            state: self.state,
            actor,
            source: self.source,
            origin: self.origin,
            token: None,
        }
    }
}

impl Call {
    /// The service layer's clock (a test clock in tests).
    pub fn now(&self) -> DateTime<Utc> {
        self.state.clock.now()
    }

    pub fn pool(&self) -> &PgPool {
        &self.state.pool
    }

    /// The same caller, sending a one-time token with its write.
    pub fn with_token(mut self, token: Option<crate::core::ids::ClientToken>) -> Call {
        self.token = token;
        self
    }

    /// A transaction for one change and its audit record.
    pub async fn begin(&self) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
        self.state.pool.begin().await
    }
}
