//! Access key server functions. A new secret is shown once: it waits in the session, sealed with
//! the server key, for the next `my_credentials` to show (so that creation works with JavaScript
//! off too), and is gone after.

use super::Credentials;
use crate::core::error::AppError;
use leptos::prelude::*;

/// Where the sealed secret of a key just created waits to be shown once.
#[cfg(feature = "ssr")]
const NEW_SECRET_KEY: &str = "new_access_key";

/// (access key, secret key).
#[cfg(feature = "ssr")]
type KeyPair = (String, String);

/// The secret taken from the session in this request, so that every render of the page within
/// the request shows it, and no later request can.
#[cfg(feature = "ssr")]
#[derive(Clone, Default)]
pub struct RevealedSecret(std::sync::Arc<std::sync::Mutex<Option<Option<KeyPair>>>>);

#[cfg(feature = "ssr")]
fn session_error(e: tower_sessions::session::Error) -> AppError {
    tracing::error!(error = %e, "session store");
    AppError::Internal
}

/// Takes the new key's (AK, SK) out of the session, once.
#[cfg(feature = "ssr")]
async fn reveal_once(door: &crate::identity::Door) -> Result<Option<KeyPair>, AppError> {
    let cache = door.request_local::<RevealedSecret>();
    if let Some(seen) = cache.as_ref().and_then(|c| c.0.lock().ok()?.clone()) {
        return Ok(seen);
    }
    let taken = door
        .session
        .remove::<(String, Vec<u8>)>(NEW_SECRET_KEY)
        .await
        .map_err(session_error)?;
    let opened = taken.and_then(|(ak, sealed)| {
        let sk = door.visit.state.sealer.open(&sealed)?;
        Some((ak, String::from_utf8(sk).ok()?))
    });
    if let Some(cache) = cache {
        if let Ok(mut slot) = cache.0.lock() {
            *slot = Some(opened.clone());
        }
    }
    Ok(opened)
}

/// The caller's own keys (a customer's, or a partner user's with `api.access_keys.manage`), and
/// the secret of the one just created.
#[server(endpoint = "my_credentials")]
pub async fn my_credentials() -> Result<Credentials, AppError> {
    let door = crate::identity::door()?;
    let call = door.call().await?;
    let (keys, domain_id) = super::service::list(&call).await?;
    // The page that shows a secret must not be kept by browsers or proxies.
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.insert_header(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("no-store"),
        );
    }
    // Shown only to the owner of the key it opens: a session signed in again as another user
    // (a partner user, then a customer) never shows the one before it a secret.
    let new_secret = reveal_once(&door)
        .await?
        .filter(|(ak, _)| keys.iter().any(|k| k.access_key == *ak));
    Ok(Credentials {
        keys,
        domain_id: domain_id.to_string(),
        new_secret,
    })
}

/// Creates a key; its secret is shown once by the next `my_credentials`.
#[server(endpoint = "create_access_key")]
pub async fn create_access_key(description: String) -> Result<(), AppError> {
    let door = crate::identity::door()?;
    let call = door.call().await?;
    let (ak, sk) = super::service::create(&call, &description).await?;
    let sealed = call
        .state
        .sealer
        .seal(sk.as_bytes())
        .ok_or(AppError::Internal)?;
    door.session
        .insert(NEW_SECRET_KEY, (ak, sealed))
        .await
        .map_err(session_error)
}

/// `action`: disable, enable or delete.
#[server(endpoint = "change_access_key")]
pub async fn change_access_key(access_key: String, action: String) -> Result<(), AppError> {
    super::service::change(&crate::identity::call().await?, &access_key, &action).await
}
