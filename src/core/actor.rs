//! The caller of a server function, resolved on the server from the session on every request.
//!
//! The session holds only who signed in and when; the account, its status and its permission items
//! are read from the database each request, so a disabled member or a changed role takes effect
//! at once.

use super::error::AppError;
use super::permissions::{
    check_role_combination, data_scope_for, permissions_of, BuiltinRole, DataScope, Permission,
    RoleRef,
};
use super::viewer::{ActorKind, PartnerType, Viewer};
use crate::server::RequestContext;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use std::sync::{Arc, Mutex};
use uuid::Uuid;

pub const PRINCIPAL_KEY: &str = "principal";

/// What the session stores about the signed-in user.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Principal {
    pub kind: ActorKind,
    pub id: Uuid,
    pub signed_in_at: DateTime<Utc>,
    /// The last request seen, to the minute: the idle expiry counts from here.
    pub last_seen: DateTime<Utc>,
}

/// What a request does with its session, given the session lifetimes.
#[derive(Debug, PartialEq, Eq)]
pub enum SessionCheck {
    /// Past the absolute or the idle lifetime: sign out.
    Expired,
    /// Alive, and `last_seen` is recent enough to leave the store alone.
    Alive,
    /// Alive; record this request as `last_seen` (at most once a minute, to spare the store).
    Touch,
}

pub fn check_session(
    principal: &Principal,
    now: DateTime<Utc>,
    idle: chrono::Duration,
    max_age: chrono::Duration,
) -> SessionCheck {
    if now - principal.signed_in_at > max_age || now - principal.last_seen > idle {
        SessionCheck::Expired
    } else if now - principal.last_seen > chrono::Duration::minutes(1) {
        SessionCheck::Touch
    } else {
        SessionCheck::Alive
    }
}

#[derive(Clone, Debug)]
pub struct Actor {
    pub kind: ActorKind,
    /// The operator, partner (for its main account), member or customer id.
    pub id: Uuid,
    pub partner_id: Option<Uuid>,
    pub name: String,
    pub display_name: String,
    pub partner_name: Option<String>,
    pub partner_type: Option<PartnerType>,
    pub permissions: Vec<Permission>,
    pub scope: DataScope,
}

impl Actor {
    /// The caller's partner, when the caller holds the permission item.
    pub fn require(&self, item: Permission) -> Result<Uuid, AppError> {
        let partner = self.require_partner()?;
        if self.permissions.contains(&item) {
            Ok(partner)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The caller's partner, for anything any partner user may see.
    pub fn require_partner(&self) -> Result<Uuid, AppError> {
        match (self.kind.is_partner(), self.partner_id) {
            (true, Some(id)) => Ok(id),
            _ => Err(AppError::Forbidden),
        }
    }

    pub fn require_operator(&self) -> Result<(), AppError> {
        if self.kind == ActorKind::Operator {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn require_customer(&self) -> Result<Uuid, AppError> {
        if self.kind == ActorKind::Customer {
            Ok(self.id)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The member id when the caller is an organisation member.
    pub fn member_id(&self) -> Option<Uuid> {
        (self.kind == ActorKind::Member).then_some(self.id)
    }

    pub fn viewer(&self) -> Viewer {
        Viewer {
            kind: self.kind,
            name: self.name.clone(),
            display_name: self.display_name.clone(),
            partner_name: self.partner_name.clone(),
            partner_type: self.partner_type,
            permissions: self.permissions.clone(),
            scope: self.scope,
        }
    }
}

/// The actor resolved once per request, shared by the page render and the server functions it
/// calls during that render.
#[derive(Clone, Default)]
pub struct ActorCache(Arc<Mutex<Option<Option<Actor>>>>);

/// The signed-in caller, or `Unauthenticated`.
pub async fn current_actor(ctx: &RequestContext) -> Result<Actor, AppError> {
    optional_actor(ctx).await?.ok_or(AppError::Unauthenticated)
}

/// The signed-in caller, if any. Expired or orphaned sessions are destroyed here.
pub async fn optional_actor(ctx: &RequestContext) -> Result<Option<Actor>, AppError> {
    let cache = use_context::<ActorCache>();
    if let Some(cached) = cache.as_ref().and_then(|c| c.0.lock().ok()?.clone()) {
        return Ok(cached);
    }
    let actor = resolve(ctx).await?;
    if let Some(cache) = cache {
        if let Ok(mut slot) = cache.0.lock() {
            *slot = Some(actor.clone());
        }
    }
    Ok(actor)
}

/// Forgets the cached actor, after sign-in or sign-out changed who is calling.
pub fn forget_cached_actor() {
    if let Some(cache) = use_context::<ActorCache>() {
        if let Ok(mut slot) = cache.0.lock() {
            *slot = None;
        }
    }
}

async fn resolve(ctx: &RequestContext) -> Result<Option<Actor>, AppError> {
    let principal: Option<Principal> = ctx.session.get(PRINCIPAL_KEY).await.map_err(|e| {
        tracing::error!(error = %e, "session store");
        AppError::Internal
    })?;
    let Some(mut principal) = principal else {
        return Ok(None);
    };
    let config = &ctx.state.config;
    let now = Utc::now();
    let check = check_session(
        &principal,
        now,
        chrono::Duration::minutes(config.session_idle_minutes),
        chrono::Duration::hours(config.session_max_hours),
    );
    let actor = match check {
        SessionCheck::Expired => None,
        SessionCheck::Alive | SessionCheck::Touch => {
            load_actor(&ctx.state.pool, &principal).await?
        }
    };
    if actor.is_some() && check == SessionCheck::Touch {
        principal.last_seen = now;
        ctx.session
            .insert(PRINCIPAL_KEY, principal)
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "session store");
                AppError::Internal
            })?;
    }
    if actor.is_none() {
        // Past its absolute lifetime, or the account is gone or disabled: end the session.
        ctx.session.flush().await.map_err(|e| {
            tracing::error!(error = %e, "session store");
            AppError::Internal
        })?;
    }
    Ok(actor)
}

#[derive(sqlx::FromRow)]
struct PartnerRow {
    id: Uuid,
    account_name: String,
    display_name: String,
    partner_type: String,
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    user_name: String,
    display_name: String,
    partner_id: Uuid,
}

#[derive(sqlx::FromRow)]
struct RoleRow {
    builtin_role: Option<String>,
    custom_role_id: Option<Uuid>,
    items: Vec<String>,
}

/// Loads an active account and its permission items; `None` if it no longer exists or is disabled.
pub async fn load_actor(pool: &PgPool, principal: &Principal) -> Result<Option<Actor>, AppError> {
    let id = principal.id;
    Ok(match principal.kind {
        kind @ (ActorKind::Operator | ActorKind::Customer) => {
            let table = if kind == ActorKind::Operator {
                "operators"
            } else {
                "customers"
            };
            sqlx::query_as::<_, (String, String)>(&format!(
                "select account_name, display_name from {table} where id = $1"
            ))
            .bind(id)
            .fetch_optional(pool)
            .await?
            .map(|(name, display_name)| Actor {
                kind,
                id,
                partner_id: None,
                name,
                display_name,
                partner_name: None,
                partner_type: None,
                permissions: vec![],
                scope: DataScope::WholePartner,
            })
        }
        ActorKind::PartnerMain => active_partner(pool, id).await?.map(|p| Actor {
            kind: ActorKind::PartnerMain,
            id,
            partner_id: Some(p.id),
            name: p.account_name.clone(),
            display_name: p.display_name.clone(),
            partner_name: Some(p.display_name),
            partner_type: PartnerType::from_code(&p.partner_type),
            permissions: Permission::ALL.to_vec(),
            scope: DataScope::WholePartner,
        }),
        ActorKind::Member => load_member(pool, id, principal.signed_in_at).await?,
    })
}

async fn active_partner(pool: &PgPool, id: Uuid) -> Result<Option<PartnerRow>, AppError> {
    Ok(sqlx::query_as::<_, PartnerRow>(
        "select id, account_name, display_name, partner_type
           from partners
          where id = $1 and status = 'active'",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?)
}

async fn load_member(
    pool: &PgPool,
    id: Uuid,
    signed_in_at: DateTime<Utc>,
) -> Result<Option<Actor>, AppError> {
    let Some(member) = sqlx::query_as::<_, MemberRow>(
        "select user_name, display_name, partner_id
           from members
          where id = $1 and status = 'active'
            and (credentials_changed_at is null or credentials_changed_at <= $2)",
    )
    .bind(id)
    .bind(signed_in_at)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let Some(partner) = active_partner(pool, member.partner_id).await? else {
        return Ok(None);
    };
    let rows = sqlx::query_as::<_, RoleRow>(
        "select mr.builtin_role, mr.custom_role_id,
                coalesce(array(select c.permission from custom_role_permissions c
                                where c.role_id = mr.custom_role_id), '{}') as items
           from member_roles mr
          where mr.member_id = $1",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let mut roles = Vec::new();
    let mut builtin = Vec::new();
    let mut custom_items = Vec::new();
    for row in rows {
        if let Some(role) = row.builtin_role.as_deref().and_then(BuiltinRole::from_key) {
            builtin.push(role);
            roles.push(RoleRef::Builtin(role));
        }
        if let Some(custom) = row.custom_role_id {
            roles.push(RoleRef::Custom(custom.to_string()));
            custom_items.extend(row.items.iter().filter_map(|c| Permission::from_code(c)));
        }
    }
    if check_role_combination(&roles).is_err() {
        // The database constraints keep this from happening; refuse rather than guess.
        tracing::error!(member = %id, "member holds an invalid role combination");
        return Ok(None);
    }
    Ok(Some(Actor {
        kind: ActorKind::Member,
        id,
        partner_id: Some(partner.id),
        name: member.user_name,
        display_name: member.display_name,
        partner_name: Some(partner.display_name),
        partner_type: PartnerType::from_code(&partner.partner_type),
        permissions: permissions_of(&builtin, &custom_items),
        scope: data_scope_for(&roles),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn principal(signed_in_ago: i64, seen_ago: i64, now: DateTime<Utc>) -> Principal {
        Principal {
            kind: ActorKind::Customer,
            id: Uuid::nil(),
            signed_in_at: now - Duration::minutes(signed_in_ago),
            last_seen: now - Duration::minutes(seen_ago),
        }
    }

    #[test]
    fn sessions_expire_when_idle_or_too_old() {
        let now = Utc::now();
        let (idle, max) = (Duration::minutes(30), Duration::hours(12));
        assert_eq!(
            check_session(&principal(5, 0, now), now, idle, max),
            SessionCheck::Alive
        );
        assert_eq!(
            check_session(&principal(60, 10, now), now, idle, max),
            SessionCheck::Touch
        );
        assert_eq!(
            check_session(&principal(60, 31, now), now, idle, max),
            SessionCheck::Expired
        );
        // Active all along, but past the absolute lifetime.
        assert_eq!(
            check_session(&principal(12 * 60 + 1, 0, now), now, idle, max),
            SessionCheck::Expired
        );
    }
}
