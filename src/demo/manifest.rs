//! The demo's manifest: every sign-in it creates, with what each is for, and its links.

use serde::Serialize;
use uuid::Uuid;

/// One sign-in the demo created.
#[derive(Debug, Clone, Serialize)]
pub struct ManifestEntry {
    /// operator, partner_main, member or customer.
    pub kind: &'static str,
    /// What this account is for, e.g. "tier-1 distributor main account" or the member's roles.
    pub role: String,
    pub id: Uuid,
    /// The account name to sign in with (for members: the partner's account name).
    pub account_name: String,
    /// For members only: the user name of the IAM user login.
    pub user_name: Option<String>,
    pub password: String,
    /// The page to sign in on.
    pub sign_in: &'static str,
    /// For members and customers: the partner's account name.
    pub partner: Option<String>,
    pub partner_type: Option<&'static str>,
    /// For partner users and customers holding coupons: an access key for the API, with its
    /// secret and the account id to give the SDK as `domain_id` (the partner's for its users, the
    /// customer's own for a customer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain_id: Option<Uuid>,
    /// For customers set up for a journey: what waits for them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    /// For associated customers: `resale` (funds and coupons go to these) or `consulting`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<&'static str>,
}

/// An invitation link the demo made.
#[derive(Debug, Clone, Serialize)]
pub struct DemoLink {
    pub partner: &'static str,
    pub mode: &'static str,
    /// Open it on the portal's address: `http://127.0.0.1:3000/join/…`.
    pub path: String,
    /// active, expired or revoked.
    pub state: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Manifest {
    pub note: &'static str,
    pub accounts: Vec<ManifestEntry>,
    pub links: Vec<DemoLink>,
}
