//! Who signed an API request: the signature is verified against the key's secret, the date
//! against the server's clock, then the key's user (a partner's main account, a member, or a
//! customer) becomes the caller, with exactly its permission items and data scope: a customer
//! holds no items, so its key reaches the customer's own operations only. Keys and users are read through the short-lived caches
//! (`server::cache`), so a busy key costs one query per request: the page it asks for.

use super::error::ApiError;
use super::signature::{
    canonical_request, parse_authorization, parse_sdk_date, string_to_sign, verify, CanonicalInput,
    DATE_HEADER,
};
use crate::access_keys::service::{find_active, touch};
use crate::identity::portal::{active_actor, ClientAddr};
use crate::server::{AppState, Call};
use axum::body::Bytes;
use axum::extract::Request;
use chrono::Duration;

/// Requests dated further than this from the server's clock are refused.
pub const MAX_CLOCK_SKEW_MINUTES: i64 = 15;
/// Bodies above this size are refused before anything is read into memory.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// A verified request: its caller, its body and its query string (as sent, still encoded).
pub struct Signed {
    pub call: Call,
    pub body: Bytes,
    pub query: String,
}

pub async fn authenticate(state: &AppState, req: Request) -> Result<Signed, ApiError> {
    let (parts, body) = req.into_parts();
    let body = axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| ApiError::parameter("The request body is too large (64 KiB at most)."))?;
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    let authorization = parse_authorization(header("authorization").unwrap_or_default())
        .map_err(|_| ApiError::credentials())?;
    let sdk_date = header(DATE_HEADER).ok_or_else(ApiError::credentials)?;
    let signed_at = parse_sdk_date(sdk_date).map_err(|_| ApiError::credentials())?;
    let now = state.clock.now();
    if (now - signed_at).abs() > Duration::minutes(MAX_CLOCK_SKEW_MINUTES) {
        return Err(ApiError::expired());
    }
    let key = find_active(state, &authorization.access)
        .await?
        .ok_or_else(ApiError::credentials)?;
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .filter_map(|(name, value)| {
            // The SDK signs values as UTF-8 bytes read as Latin-1; non-ASCII values are refused.
            Some((name.as_str().to_string(), value.to_str().ok()?.to_string()))
        })
        .collect();
    let canonical = canonical_request(&CanonicalInput {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        query: parts.uri.query().unwrap_or_default(),
        headers: &headers,
        signed_headers: &authorization.signed_headers,
        body: &body,
    })
    .map_err(|_| ApiError::credentials())?;
    verify(
        &key.secret,
        &string_to_sign(sdk_date, &canonical),
        &authorization.signature,
    )
    .map_err(|_| ApiError::credentials())?;
    // The SDK names the account it means (the partner, or the customer for a customer's key); a
    // key of another account is not it.
    if let Some(domain) = header("x-domain-id") {
        if domain != key.domain_id.to_string() {
            return Err(ApiError::credentials());
        }
    }
    if let Err(wait) = state.api_limits.check(&authorization.access) {
        return Err(ApiError::flow_control(wait.as_secs().max(1)));
    }
    // A key acts as its user for as long as both are active; a key carries no sign-in time.
    let actor = active_actor(state, key.kind, key.owner_id, now)
        .await?
        .ok_or_else(ApiError::credentials)?;
    let source = parts.extensions.get::<ClientAddr>().map(|a| a.0);
    if state.api_limits.use_to_note(key.id) {
        touch(state, key.id, source).await?;
    }
    let origin = state
        .config
        .public_origin
        .clone()
        .unwrap_or_else(|| format!("http://{}", state.config.addr));
    // A write sent again with the same token is applied once (`server::once`).
    let token = match header("x-client-token") {
        None => None,
        Some(t) => Some(crate::core::ids::ClientToken::parse(t).map_err(|_| {
            ApiError::parameter("X-Client-Token: 1 to 64 visible ASCII characters.")
        })?),
    };
    Ok(Signed {
        call: Call {
            state: state.clone(),
            actor,
            source,
            origin,
            token,
        },
        body,
        query: parts.uri.query().unwrap_or_default().to_string(),
    })
}
