//! Loading an active account and the roles it holds.

use crate::core::actor::Actor;
use crate::core::permissions::{
    check_role_combination, data_scope_for, permissions_of, BuiltinRole, DataScope, Permission,
    RoleRef,
};
use crate::core::viewer::{ActorKind, PartnerType};
use crate::server::cache::CachedActor;
use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

/// The roles a member holds, and what they add up to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoleSet {
    pub builtin: Vec<BuiltinRole>,
    pub custom: Vec<Uuid>,
    /// The permission items of the custom roles.
    pub custom_items: Vec<Permission>,
}

impl RoleSet {
    pub fn roles(&self) -> Vec<RoleRef> {
        self.builtin
            .iter()
            .map(|r| RoleRef::Builtin(*r))
            .chain(self.custom.iter().map(|id| RoleRef::Custom(id.to_string())))
            .collect()
    }

    pub fn permissions(&self) -> Vec<Permission> {
        permissions_of(&self.builtin, &self.custom_items)
    }

    pub fn scope(&self) -> DataScope {
        data_scope_for(&self.roles())
    }
}

/// The roles of a member (of any partner: callers check the partner first).
pub async fn role_set(conn: &mut PgConnection, member: Uuid) -> Result<RoleSet, sqlx::Error> {
    let row = sqlx::query!(
        r#"select array(select builtin_role from member_roles
                         where member_id = $1 and builtin_role is not null) as "builtin!",
                  array(select custom_role_id from member_roles
                         where member_id = $1 and custom_role_id is not null) as "custom!",
                  array(select c.permission
                          from member_roles r
                          join custom_role_permissions c on c.role_id = r.custom_role_id
                         where r.member_id = $1) as "custom_items!""#,
        member
    )
    .fetch_one(conn)
    .await?;
    Ok(RoleSet {
        builtin: row
            .builtin
            .iter()
            .filter_map(|k| BuiltinRole::from_key(k))
            .collect(),
        custom: row.custom,
        custom_items: row
            .custom_items
            .iter()
            .filter_map(|c| Permission::from_code(c))
            .collect(),
    })
}

/// The active account `id` of `kind`, with its permission items and data scope; `None` if it no
/// longer exists or is disabled (or its partner is).
pub async fn load(
    conn: &mut PgConnection,
    kind: ActorKind,
    id: Uuid,
) -> Result<Option<CachedActor>, sqlx::Error> {
    let actor = match kind {
        ActorKind::System => None,
        ActorKind::Operator => sqlx::query!(
            "select account_name, display_name from operators where id = $1",
            id
        )
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| plain(kind, id, r.account_name, r.display_name)),
        ActorKind::Customer => sqlx::query!(
            "select account_name, display_name from customers where id = $1",
            id
        )
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| plain(kind, id, r.account_name, r.display_name)),
        ActorKind::PartnerMain => sqlx::query!(
            "select account_name, display_name, partner_type
               from partners where id = $1 and status = 'active'",
            id
        )
        .fetch_optional(&mut *conn)
        .await?
        .map(|p| CachedActor {
            actor: Actor {
                kind,
                id,
                partner_id: Some(id),
                name: p.account_name,
                display_name: p.display_name.clone(),
                partner_name: Some(p.display_name),
                partner_type: PartnerType::from_code(&p.partner_type),
                permissions: Permission::ALL.to_vec(),
                scope: DataScope::WholePartner,
            },
            credentials_changed_at: None,
        }),
        ActorKind::Member => load_member(conn, id).await?,
    };
    Ok(actor)
}

fn plain(kind: ActorKind, id: Uuid, name: String, display_name: String) -> CachedActor {
    CachedActor {
        actor: Actor {
            kind,
            id,
            partner_id: None,
            name,
            display_name,
            partner_name: None,
            partner_type: None,
            permissions: vec![],
            scope: DataScope::WholePartner,
        },
        credentials_changed_at: None,
    }
}

async fn load_member(
    conn: &mut PgConnection,
    id: Uuid,
) -> Result<Option<CachedActor>, sqlx::Error> {
    let Some(m) = sqlx::query!(
        r#"select m.user_name, m.display_name,
                m.credentials_changed_at as "credentials_changed_at: DateTime<Utc>",
                p.id as partner_id, p.display_name as partner_name, p.partner_type
           from members m join partners p on p.id = m.partner_id
          where m.id = $1 and m.status = 'active' and p.status = 'active'"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let roles = role_set(conn, id).await?;
    if check_role_combination(&roles.roles()).is_err() {
        // The forms and the database keep this from happening; refuse rather than guess.
        tracing::error!(member = %id, "member holds an invalid role combination");
        return Ok(None);
    }
    Ok(Some(CachedActor {
        actor: Actor {
            kind: ActorKind::Member,
            id,
            partner_id: Some(m.partner_id),
            name: m.user_name,
            display_name: m.display_name,
            partner_name: Some(m.partner_name),
            partner_type: PartnerType::from_code(&m.partner_type),
            permissions: roles.permissions(),
            scope: roles.scope(),
        },
        credentials_changed_at: m.credentials_changed_at,
    }))
}
