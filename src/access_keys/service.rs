//! Storing, listing and finding access keys; sealing their secrets.

use super::{AccessKeyRow, Credentials, MAX_KEYS_PER_USER};
use crate::audit::service::{record_and_commit, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::core::actor::Actor;
use crate::core::error::AppError;
use crate::core::i18n::{Msg, Text};
use crate::core::permissions::Permission;
use crate::core::validate::parse_text;
use crate::core::viewer::ActorKind;
use crate::server::RequestContext;
use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use rand::RngCore;
use sqlx::PgPool;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use uuid::Uuid;

/// Encrypts and decrypts secret keys with the server key (AES-256-GCM, a random 96-bit nonce
/// stored in front of each ciphertext).
#[derive(Clone)]
pub struct Sealer(Aes256Gcm);

impl Sealer {
    pub fn new(key: &[u8; 32]) -> Sealer {
        Sealer(Aes256Gcm::new(key.into()))
    }

    pub fn seal(&self, plain: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let mut out = nonce.to_vec();
        out.extend(
            self.0
                .encrypt(Nonce::from_slice(&nonce), plain)
                .expect("AES-GCM encrypts any length we use"),
        );
        out
    }

    /// `None` when the data was not sealed with this key (or was altered).
    pub fn open(&self, sealed: &[u8]) -> Option<Vec<u8>> {
        if sealed.len() < 12 {
            return None;
        }
        let (nonce, data) = sealed.split_at(12);
        self.0.decrypt(Nonce::from_slice(nonce), data).ok()
    }
}

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

/// The key's owner: the main account (member `None`) or a member of the partner.
fn owner(actor: &Actor) -> Result<(Uuid, Option<Uuid>), AppError> {
    let partner = actor.require(Permission::ApiAccessKeysManage)?;
    Ok((partner, actor.member_id()))
}

pub async fn list(ctx: &RequestContext, actor: &Actor) -> Result<Credentials, AppError> {
    let (partner, member) = owner(actor)?;
    let keys: Vec<AccessKeyRow> = sqlx::query_as(
        "select access_key, description, status = 'active' as active, created_at, last_used_at,
                host(last_used_ip) as last_used_from
           from access_keys
          where partner_id = $1 and member_id is not distinct from $2
          order by created_at",
    )
    .bind(partner)
    .bind(member)
    .fetch_all(&ctx.state.pool)
    .await?;
    Ok(Credentials {
        keys,
        domain_id: partner.to_string(),
        new_secret: reveal_once(ctx).await?,
    })
}

/// Inserts a key for `(partner, member)` in its own transaction; the limit holds under
/// concurrency because the owner's existing keys are locked first.
pub async fn insert(
    pool: &PgPool,
    sealer: &Sealer,
    partner: Uuid,
    member: Option<Uuid>,
    description: &str,
    who: &AuditActor,
    source: Option<IpAddr>,
) -> Result<(String, String), AppError> {
    let mut tx = pool.begin().await?;
    // Serialise key creation per owner: the partner row is the lock every owner shares.
    sqlx::query("select 1 from partners where id = $1 for update")
        .bind(partner)
        .execute(&mut *tx)
        .await?;
    let count: i64 = sqlx::query_scalar(
        "select count(*) from access_keys where partner_id = $1 and member_id is not distinct from $2",
    )
    .bind(partner)
    .bind(member)
    .fetch_one(&mut *tx)
    .await?;
    if count >= MAX_KEYS_PER_USER {
        return Err(AppError::Refused(
            Text::new(Msg::ErrTooManyKeys).arg("max", MAX_KEYS_PER_USER),
        ));
    }
    let (ak, sk) = new_pair();
    sqlx::query(
        "insert into access_keys (id, access_key, secret_sealed, partner_id, member_id, description)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(Uuid::new_v4())
    .bind(&ak)
    .bind(sealer.seal(sk.as_bytes()))
    .bind(partner)
    .bind(member)
    .bind(description)
    .execute(&mut *tx)
    .await?;
    let entry = AuditEntry::success(AuditAction::AccessKeyCreate, ak.clone()).for_partner(partner);
    record_and_commit(tx, who, source, entry).await?;
    Ok((ak, sk))
}

/// Where the secret of a key just created waits to be shown once.
const NEW_SECRET_KEY: &str = "new_access_key";

/// The secret taken from the session in this request, so that every render of the page within
/// the request shows it, and no later request can.
#[derive(Clone, Default)]
pub struct RevealedSecret(Arc<Mutex<Option<Option<KeyPair>>>>);

/// (access key, secret key).
type KeyPair = (String, String);

async fn reveal_once(ctx: &RequestContext) -> Result<Option<(String, String)>, AppError> {
    let cache = leptos::prelude::use_context::<RevealedSecret>();
    if let Some(seen) = cache.as_ref().and_then(|c| c.0.lock().ok()?.clone()) {
        return Ok(seen);
    }
    let taken = ctx
        .session
        .remove::<(String, String)>(NEW_SECRET_KEY)
        .await
        .map_err(session_error)?;
    if let Some(cache) = cache {
        if let Ok(mut slot) = cache.0.lock() {
            *slot = Some(taken.clone());
        }
    }
    Ok(taken)
}

fn session_error(e: tower_sessions::session::Error) -> AppError {
    tracing::error!(error = %e, "session store");
    AppError::Internal
}

pub async fn create(
    ctx: &RequestContext,
    actor: &Actor,
    description: &str,
) -> Result<(), AppError> {
    let (partner, member) = owner(actor)?;
    let description = match description.trim() {
        "" => String::new(),
        d => parse_text(d, 64).map_err(|t| AppError::field("description", t))?,
    };
    let pair = insert(
        &ctx.state.pool,
        &ctx.state.sealer,
        partner,
        member,
        &description,
        &AuditActor::from(actor),
        ctx.source,
    )
    .await?;
    ctx.session
        .insert(NEW_SECRET_KEY, pair)
        .await
        .map_err(session_error)
}

pub async fn change(
    ctx: &RequestContext,
    actor: &Actor,
    access_key: &str,
    action: &str,
) -> Result<(), AppError> {
    let (partner, member) = owner(actor)?;
    let (sql, audit) = match action {
        "disable" => (
            "update access_keys set status = 'disabled'
              where access_key = $1 and partner_id = $2 and member_id is not distinct from $3",
            AuditAction::AccessKeyDisable,
        ),
        "enable" => (
            "update access_keys set status = 'active'
              where access_key = $1 and partner_id = $2 and member_id is not distinct from $3",
            AuditAction::AccessKeyEnable,
        ),
        "delete" => (
            "delete from access_keys
              where access_key = $1 and partner_id = $2 and member_id is not distinct from $3",
            AuditAction::AccessKeyDelete,
        ),
        _ => return Err(AppError::field("action", Msg::ErrBadChoice)),
    };
    let mut tx = ctx.state.pool.begin().await?;
    let changed = sqlx::query(sql)
        .bind(access_key.trim())
        .bind(partner)
        .bind(member)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if changed == 0 {
        return Err(AppError::NotFound);
    }
    let entry = AuditEntry::success(audit, access_key.trim().to_string());
    record_and_commit(tx, &AuditActor::from(actor), ctx.source, entry).await
}

/// An active key found by its AK, with its secret opened and its owner.
pub struct KeyOwner {
    pub id: Uuid,
    pub secret: Vec<u8>,
    pub kind: ActorKind,
    /// The partner for a main account's key, the member for a member's.
    pub owner_id: Uuid,
    pub partner_id: Uuid,
}

/// The active key `access_key`; `None` when unknown, disabled or not readable with this server
/// key (all answered alike, so a caller learns nothing of which).
pub async fn find_active(
    pool: &PgPool,
    sealer: &Sealer,
    access_key: &str,
) -> Result<Option<KeyOwner>, AppError> {
    let row: Option<(Uuid, Vec<u8>, Uuid, Option<Uuid>)> = sqlx::query_as(
        "select id, secret_sealed, partner_id, member_id from access_keys
          where access_key = $1 and status = 'active'",
    )
    .bind(access_key)
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(|(id, sealed, partner_id, member)| {
        let secret = sealer.open(&sealed)?;
        Some(KeyOwner {
            id,
            secret,
            kind: if member.is_some() {
                ActorKind::Member
            } else {
                ActorKind::PartnerMain
            },
            owner_id: member.unwrap_or(partner_id),
            partner_id,
        })
    }))
}

/// Notes the key's use: time and address (the API calls it at most once a minute per key).
pub async fn touch(pool: &PgPool, key: Uuid, source: Option<IpAddr>) -> Result<(), AppError> {
    sqlx::query(
        "update access_keys set last_used_at = now(), last_used_ip = $2
          where id = $1 and (last_used_at is null or last_used_at < now() - interval '1 minute')",
    )
    .bind(key)
    .bind(source.map(sqlx::types::ipnetwork::IpNetwork::from))
    .execute(pool)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secrets_open_only_with_their_key() {
        let sealer = Sealer::new(&[7u8; 32]);
        let sealed = sealer.seal(b"secret");
        assert_ne!(&sealed[12..], b"secret");
        assert_eq!(sealer.open(&sealed).as_deref(), Some(&b"secret"[..]));
        assert_eq!(Sealer::new(&[8u8; 32]).open(&sealed), None);
        let mut tampered = sealed.clone();
        tampered[13] ^= 1;
        assert_eq!(sealer.open(&tampered), None);
        assert_ne!(sealer.seal(b"secret"), sealed, "a fresh nonce each time");
    }

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
