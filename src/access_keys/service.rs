//! Making, listing and changing access keys; finding the active key behind an API request.

use super::store::{self, KeyOwner};
use super::{AccessKeyRow, MAX_KEYS_PER_USER};
use crate::audit::service::{commit, AuditEntry};
use crate::audit::AuditAction;
use crate::core::error::AppError;
use crate::core::i18n::{Msg, Text};
use crate::core::permissions::Permission;
use crate::core::validate::parse_text;
use crate::core::viewer::ActorKind;
use crate::server::cache::VerifiedKey;
use crate::server::sealer::Sealer;
use crate::server::{AppState, Call};
use rand::RngCore;
use sqlx::PgConnection;
use std::net::IpAddr;
use uuid::Uuid;

const AK_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const SK_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

fn random_string(alphabet: &[u8], len: usize) -> String {
    let mut bytes = vec![0u8; len];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    // 256 is not a multiple of the alphabet sizes; the bias (under 1%) is irrelevant at 40 chars.
    bytes
        .iter()
        .map(|b| alphabet[*b as usize % alphabet.len()] as char)
        .collect()
}

/// A new pair: a 20-character AK and a 40-character SK, like Huawei's.
pub fn new_pair() -> (String, String) {
    (
        random_string(AK_ALPHABET, 20),
        random_string(SK_ALPHABET, 40),
    )
}

/// Whose keys the caller manages: its own. A customer manages its keys as any customer may; a
/// partner user (main account or member) needs `api.access_keys.manage`; nobody else holds keys.
fn owner(call: &Call) -> Result<KeyOwner, AppError> {
    if call.actor.kind == ActorKind::Customer {
        return Ok(KeyOwner::Customer(call.actor.require_customer()?));
    }
    let partner = call.actor.require(Permission::ApiAccessKeysManage)?;
    Ok(KeyOwner::Partner {
        partner,
        member: call.actor.member_id(),
    })
}

/// The audit record of a change to the caller's keys: a customer's belongs to the customer (its
/// Account Centre activity), a partner user's to its partner (the actor's own).
fn audited(owner: KeyOwner, action: AuditAction, access_key: String) -> AuditEntry {
    let entry = AuditEntry::success(action, access_key);
    match owner {
        KeyOwner::Customer(customer) => entry.for_customer(customer),
        KeyOwner::Partner { .. } => entry,
    }
}

/// The caller's own keys, and the account id to give the SDK as `domain_id`.
pub async fn list(call: &Call) -> Result<(Vec<AccessKeyRow>, Uuid), AppError> {
    let owner = owner(call)?;
    let mut conn = call.pool().acquire().await?;
    Ok((store::of_owner(&mut conn, owner).await?, owner.domain_id()))
}

/// Stores a new key for `owner` on the caller's connection; returns (AK, SK).
pub async fn insert_key(
    conn: &mut PgConnection,
    sealer: &Sealer,
    owner: KeyOwner,
    description: &str,
) -> Result<(String, String), AppError> {
    let (ak, sk) = new_pair();
    let sealed = sealer.seal(sk.as_bytes()).ok_or(AppError::Internal)?;
    store::insert(conn, &ak, &sealed, owner, description).await?;
    Ok((ak, sk))
}

/// Creates a key for the caller, at most [`MAX_KEYS_PER_USER`]; returns (AK, SK) for the one
/// time the secret is shown.
pub async fn create(call: &Call, description: &str) -> Result<(String, String), AppError> {
    let owner = owner(call)?;
    let description = match description.trim() {
        "" => String::new(),
        d => parse_text(d, 64).map_err(|t| AppError::field("description", t))?,
    };
    let mut tx = call.begin().await?;
    if store::lock_and_count(&mut tx, owner).await? >= MAX_KEYS_PER_USER {
        return Err(AppError::Refused(
            Text::new(Msg::ErrTooManyKeys).arg("max", MAX_KEYS_PER_USER),
        ));
    }
    let pair = insert_key(&mut tx, &call.state.sealer, owner, &description).await?;
    let entry = audited(owner, AuditAction::AccessKeyCreate, pair.0.clone());
    commit(tx, call, entry).await?;
    Ok(pair)
}

/// Disables, enables or deletes one of the caller's keys.
pub async fn change(call: &Call, access_key: &str, action: &str) -> Result<(), AppError> {
    let owner = owner(call)?;
    let (active, audit) = match action {
        "disable" => (Some(false), AuditAction::AccessKeyDisable),
        "enable" => (Some(true), AuditAction::AccessKeyEnable),
        "delete" => (None, AuditAction::AccessKeyDelete),
        _ => return Err(AppError::field("action", Msg::ErrBadChoice)),
    };
    let access_key = access_key.trim();
    if access_key.is_empty()
        || access_key.len() > 64
        || !access_key.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return Err(AppError::NotFound);
    }
    let mut tx = call.begin().await?;
    if !store::change(&mut tx, access_key, owner, active).await? {
        return Err(AppError::NotFound);
    }
    commit(tx, call, audited(owner, audit, access_key.to_string())).await
}

/// The active key `access_key` with its secret opened and its owner, from the short-lived cache
/// or the database; `None` when unknown, disabled or not readable with this server key (all
/// answered alike, so a caller learns nothing of which). A customer's key acts as the customer
/// (kind Customer, `domain_id` the customer's own id).
pub async fn find_active(
    state: &AppState,
    access_key: &str,
) -> Result<Option<VerifiedKey>, AppError> {
    if let Some(cached) = state.caches.key(access_key) {
        return Ok(cached.as_ref().clone());
    }
    let generation = state.caches.generation();
    let mut conn = state.pool.acquire().await?;
    let found = store::active(&mut conn, access_key).await?.and_then(|k| {
        let Some(owner) = k.owner() else {
            tracing::error!(key = %k.id, "an access key's owner columns are of no one kind");
            return None;
        };
        let secret = state.sealer.open(&k.secret_sealed)?;
        let (kind, owner_id) = match owner {
            KeyOwner::Partner {
                partner,
                member: None,
            } => (ActorKind::PartnerMain, partner),
            KeyOwner::Partner {
                member: Some(member),
                ..
            } => (ActorKind::Member, member),
            KeyOwner::Customer(customer) => (ActorKind::Customer, customer),
        };
        Some(VerifiedKey {
            id: k.id,
            secret,
            kind,
            owner_id,
            domain_id: owner.domain_id(),
        })
    });
    state
        .caches
        .store_key(generation, access_key, found.clone());
    Ok(found)
}

/// Notes the key's use (time and address).
pub async fn touch(state: &AppState, key: Uuid, source: Option<IpAddr>) -> Result<(), AppError> {
    let mut conn = state.pool.acquire().await?;
    Ok(store::touch(&mut conn, key, source).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_look_like_huaweis() {
        let (ak, sk) = new_pair();
        assert_eq!((ak.len(), sk.len()), (20, 40));
        assert!(ak
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
        assert!(sk.chars().all(|c| c.is_ascii_alphanumeric()));
    }
}
