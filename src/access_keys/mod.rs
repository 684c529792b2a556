//! Access keys (访问密钥, "My credentials"): AK/SK pairs with which a user's scripts call the
//! Huawei-compatible API. Partner users (main account, members) and customers hold them. The SK
//! is shown once, stored encrypted (AES-256-GCM under the server key), and a key acts with
//! exactly its user's permission items and data scope: a customer's reaches only the customer's
//! own operations (its coupons).

pub mod pages;
mod server;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;

pub use server::*;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// At most this many keys per user (main account, member or customer).
pub const MAX_KEYS_PER_USER: i64 = 2;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
