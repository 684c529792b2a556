//! Access keys (访问密钥, "My credentials"): AK/SK pairs with which a user's scripts call the
//! Huawei-compatible API. The SK is shown once, stored encrypted (AES-256-GCM under the server
//! key), and a key acts with exactly its user's permission items and data scope.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use crate::core::error::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// At most this many keys per user (main account or member).
pub const MAX_KEYS_PER_USER: i64 = 2;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct AccessKeyRow {
    pub access_key: String,
    pub description: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub last_used_from: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Credentials {
    pub keys: Vec<AccessKeyRow>,
    /// The account id to give the SDK as `domain_id`.
    pub domain_id: String,
    /// The (AK, SK) of the key just created: shown this once, then gone from the server.
    pub new_secret: Option<(String, String)>,
}

/// The caller's own keys (`api.access_keys.manage`).
#[server(endpoint = "my_credentials")]
pub async fn my_credentials() -> Result<Credentials, AppError> {
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    service::list(&ctx, &actor).await
}

/// Creates a key. Its secret goes to the session once, for the next `my_credentials` to show
/// (so that it is shown with JavaScript off as well), and is never shown again.
#[server(endpoint = "create_access_key")]
pub async fn create_access_key(description: String) -> Result<(), AppError> {
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    service::create(&ctx, &actor, &description).await
}

/// `action`: disable, enable or delete.
#[server(endpoint = "change_access_key")]
pub async fn change_access_key(access_key: String, action: String) -> Result<(), AppError> {
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    service::change(&ctx, &actor, &access_key, &action).await
}
