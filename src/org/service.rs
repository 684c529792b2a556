//! Members and roles: checks, rules, one transaction, the audit record.

use super::rules::{
    beyond_rights, may_grant, no_escalation, not_self, parse_items, within_rights, NewMember,
    Rights,
};
use super::store;
use super::{CustomRole, MemberSummary, MembersPage, RoleLabel};
use crate::audit::service::{commit, AuditEntry};
use crate::audit::AuditAction;
use crate::core::error::{AppError, FieldErrors};
use crate::core::i18n::{Msg, Text};
use crate::core::permissions::{data_scope_for, permissions_of, BuiltinRole, Permission, RoleRef};
use crate::core::validate::{parse_text, NewPassword};
use crate::identity::store::role_set;
use crate::server::Call;
use sqlx::PgConnection;
use uuid::Uuid;

/// The rights a set of roles gives, checking that custom roles are the partner's own.
async fn rights_of_roles(
    conn: &mut PgConnection,
    partner: Uuid,
    roles: &[RoleRef],
    assigned_customers: i64,
) -> Result<Rights, AppError> {
    let mut builtin = Vec::new();
    let mut custom_ids = Vec::new();
    for role in roles {
        match role {
            RoleRef::Builtin(r) => builtin.push(*r),
            RoleRef::Custom(id) => custom_ids.push(
                Uuid::parse_str(id).map_err(|_| AppError::field("roles", Msg::ErrUnknownRole))?,
            ),
        }
    }
    let found = store::custom_role_items(conn, partner, &custom_ids).await?;
    if found.len() != custom_ids.len() {
        return Err(AppError::field("roles", Msg::ErrUnknownRole));
    }
    let custom_items: Vec<Permission> = found
        .iter()
        .flat_map(|(_, items)| items.iter().filter_map(|c| Permission::from_code(c)))
        .collect();
    Ok(Rights {
        items: permissions_of(&builtin, &custom_items),
        scope: data_scope_for(roles),
        assigned_customers,
    })
}

/// The rights a member holds now.
async fn rights_of_member(conn: &mut PgConnection, member: Uuid) -> Result<Rights, AppError> {
    let roles = role_set(conn, member).await?;
    Ok(Rights {
        items: roles.permissions(),
        scope: roles.scope(),
        assigned_customers: store::assigned_customers(conn, member).await?,
    })
}

/// The partner's member `id`, locked, when the caller may act on it (never on itself).
async fn member_to_change(
    conn: &mut PgConnection,
    call: &Call,
    member_id: &str,
) -> Result<(Uuid, String), AppError> {
    let partner = call.actor.require(Permission::OrgMembersManage)?;
    let id = Uuid::parse_str(member_id.trim()).map_err(|_| AppError::NotFound)?;
    let user_name = store::lock_member(conn, partner, id)
        .await?
        .ok_or(AppError::NotFound)?;
    not_self(&call.actor, id)?;
    if !within_rights(&call.actor, &rights_of_member(conn, id).await?) {
        return Err(beyond_rights());
    }
    Ok((id, user_name))
}

pub async fn create_member(call: &Call, form: NewMember) -> Result<(), AppError> {
    let partner = call.actor.require(Permission::OrgMembersManage)?;
    // Checked before the hash is paid for, and again in the transaction.
    {
        let mut conn = call.pool().acquire().await?;
        if !within_rights(
            &call.actor,
            &rights_of_roles(&mut conn, partner, &form.roles, 0).await?,
        ) {
            return Err(no_escalation("roles"));
        }
    }
    let hash = call.state.passwords.hash_new(&form.password).await;
    let mut tx = call.begin().await?;
    let rights = rights_of_roles(&mut tx, partner, &form.roles, 0).await?;
    if !within_rights(&call.actor, &rights) {
        return Err(no_escalation("roles"));
    }
    let id = Uuid::new_v4();
    let user_name = form.user_name.as_str();
    if !store::insert_member(&mut tx, id, partner, user_name, &form.display_name, &hash).await? {
        return Err(AppError::field("user_name", Msg::ErrNameTaken));
    }
    store::write_roles(&mut tx, id, &form.roles).await?;
    commit(
        tx,
        call,
        AuditEntry::success(AuditAction::MemberCreate, user_name),
    )
    .await
}

pub async fn set_member_roles(
    call: &Call,
    member_id: &str,
    roles: Vec<RoleRef>,
) -> Result<(), AppError> {
    let partner = call.actor.require(Permission::OrgMembersManage)?;
    let mut tx = call.begin().await?;
    let (id, user_name) = member_to_change(&mut tx, call, member_id).await?;
    let assigned = store::assigned_customers(&mut tx, id).await?;
    if !within_rights(
        &call.actor,
        &rights_of_roles(&mut tx, partner, &roles, assigned).await?,
    ) {
        return Err(no_escalation("roles"));
    }
    store::write_roles(&mut tx, id, &roles).await?;
    commit(
        tx,
        call,
        AuditEntry::success(AuditAction::MemberSetRoles, user_name),
    )
    .await
}

pub async fn set_member_active(call: &Call, member_id: &str, active: bool) -> Result<(), AppError> {
    let mut tx = call.begin().await?;
    let (id, user_name) = member_to_change(&mut tx, call, member_id).await?;
    store::set_active(&mut tx, id, active).await?;
    let action = if active {
        AuditAction::MemberEnable
    } else {
        AuditAction::MemberDisable
    };
    commit(tx, call, AuditEntry::success(action, user_name)).await
}

pub async fn delete_member(call: &Call, member_id: &str, confirmed: bool) -> Result<(), AppError> {
    call.actor.require(Permission::OrgMembersManage)?;
    if !confirmed {
        return Err(AppError::field("confirm", Msg::ErrRequired));
    }
    let mut tx = call.begin().await?;
    let (id, user_name) = member_to_change(&mut tx, call, member_id).await?;
    store::delete_member(&mut tx, id).await?;
    commit(
        tx,
        call,
        AuditEntry::success(AuditAction::MemberDelete, user_name),
    )
    .await
}

pub async fn reset_member_password(
    call: &Call,
    member_id: &str,
    new_password: &str,
) -> Result<(), AppError> {
    call.actor.require(Permission::OrgMembersManage)?;
    let password =
        NewPassword::parse(new_password).map_err(|t| AppError::field("new_password", t))?;
    // Checked before the hash is paid for, and again under the member's lock.
    {
        let mut conn = call.pool().acquire().await?;
        member_to_change(&mut conn, call, member_id).await?;
    }
    let hash = call.state.passwords.hash_new(&password).await;
    let mut tx = call.begin().await?;
    let (id, user_name) = member_to_change(&mut tx, call, member_id).await?;
    store::set_password(&mut tx, id, &hash).await?;
    let entry = AuditEntry::success(AuditAction::MemberResetPassword, user_name);
    commit(tx, call, entry).await
}

pub async fn list_members(call: &Call) -> Result<MembersPage, AppError> {
    let partner = call.actor.require(Permission::OrgMembersView)?;
    let mut conn = call.pool().acquire().await?;
    let rows = store::members(&mut conn, partner).await?;
    let custom = store::custom_roles(&mut conn, partner).await?;
    let can_manage = call.actor.holds(Permission::OrgMembersManage);
    let members = rows
        .into_iter()
        .map(|r| {
            let builtin: Vec<BuiltinRole> = r
                .builtin
                .iter()
                .filter_map(|k| BuiltinRole::from_key(k))
                .collect();
            let held: Vec<RoleRef> = builtin
                .iter()
                .map(|b| RoleRef::Builtin(*b))
                .chain(
                    r.custom_ids
                        .iter()
                        .map(|id| RoleRef::Custom(id.to_string())),
                )
                .collect();
            let custom_items: Vec<Permission> = r
                .custom_items
                .iter()
                .filter_map(|c| Permission::from_code(c))
                .collect();
            let rights = Rights {
                items: permissions_of(&builtin, &custom_items),
                scope: data_scope_for(&held),
                assigned_customers: r.assigned_customers,
            };
            let mut roles: Vec<RoleLabel> = builtin.into_iter().map(RoleLabel::Builtin).collect();
            roles.extend(r.custom_ids.iter().zip(&r.custom_names).map(|(id, name)| {
                RoleLabel::Custom {
                    id: id.to_string(),
                    name: name.clone(),
                }
            }));
            MemberSummary {
                manageable: can_manage
                    && call.actor.member_id() != Some(r.id)
                    && within_rights(&call.actor, &rights),
                id: r.id.to_string(),
                user_name: r.user_name,
                display_name: r.display_name,
                active: r.status == "active",
                roles,
                created_at: r.created_at,
            }
        })
        .collect();
    let roles = BuiltinRole::ALL
        .iter()
        .map(|r| RoleLabel::Builtin(*r))
        .chain(custom.into_iter().map(|r| RoleLabel::Custom {
            id: r.id.to_string(),
            name: r.name,
        }))
        .collect();
    Ok(MembersPage {
        members,
        roles,
        can_manage,
    })
}

pub async fn list_custom_roles(call: &Call) -> Result<Vec<CustomRole>, AppError> {
    let partner = call.actor.require(Permission::OrgRolesManage)?;
    let mut conn = call.pool().acquire().await?;
    Ok(store::custom_roles(&mut conn, partner)
        .await?
        .into_iter()
        .map(|r| {
            let items: Vec<Permission> = r
                .items
                .iter()
                .filter_map(|c| Permission::from_code(c))
                .collect();
            CustomRole {
                editable: may_grant(&call.actor, &items),
                id: r.id.to_string(),
                name: r.name,
                items,
                member_count: r.member_count,
            }
        })
        .collect())
}

/// A role form: its name and items, parsed, within what the caller may give.
fn parse_role_form(
    call: &Call,
    name: &str,
    codes: &[String],
) -> Result<(String, Vec<Permission>), AppError> {
    let mut errors = FieldErrors::new();
    let name = errors.check("name", parse_text(name, 32));
    let items = errors.check("items", parse_items(codes));
    errors.into_result()?;
    let (Some(name), Some(items)) = (name, items) else {
        return Err(AppError::Internal);
    };
    if !may_grant(&call.actor, &items) {
        return Err(no_escalation("items"));
    }
    Ok((name, items))
}

fn codes(items: &[Permission]) -> Vec<String> {
    items.iter().map(|p| p.code().to_string()).collect()
}

pub async fn create_role(
    call: &Call,
    name: &str,
    codes_chosen: Vec<String>,
) -> Result<(), AppError> {
    let partner = call.actor.require(Permission::OrgRolesManage)?;
    let (name, items) = parse_role_form(call, name, &codes_chosen)?;
    let mut tx = call.begin().await?;
    if !store::insert_role(&mut tx, Uuid::new_v4(), partner, &name, &codes(&items)).await? {
        return Err(AppError::field("name", Msg::ErrNameTaken));
    }
    commit(tx, call, AuditEntry::success(AuditAction::RoleCreate, name)).await
}

/// The partner's role `id`, locked, when the caller holds every item it gives.
async fn role_to_change(
    conn: &mut PgConnection,
    call: &Call,
    role_id: &str,
) -> Result<(Uuid, store::LockedRole), AppError> {
    let partner = call.actor.require(Permission::OrgRolesManage)?;
    let id = Uuid::parse_str(role_id.trim()).map_err(|_| AppError::NotFound)?;
    let role = store::lock_role(conn, partner, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let items: Vec<Permission> = role
        .items
        .iter()
        .filter_map(|c| Permission::from_code(c))
        .collect();
    if !may_grant(&call.actor, &items) {
        return Err(beyond_rights());
    }
    Ok((id, role))
}

/// Renames a role and replaces its items. Changing a role changes every member holding it, so
/// the caller must be entitled to act on each of them; since the new items are all the caller's
/// to give and a custom role never widens the data scope, they stay within its rights after.
pub async fn update_role(
    call: &Call,
    role_id: &str,
    name: &str,
    codes_chosen: Vec<String>,
) -> Result<(), AppError> {
    let (name, items) = parse_role_form(call, name, &codes_chosen)?;
    let mut tx = call.begin().await?;
    let (id, role) = role_to_change(&mut tx, call, role_id).await?;
    for holder in &role.holders {
        not_self(&call.actor, *holder)?;
        if !within_rights(&call.actor, &rights_of_member(&mut tx, *holder).await?) {
            return Err(beyond_rights());
        }
    }
    if !store::update_role(&mut tx, id, &name, &codes(&items)).await? {
        return Err(AppError::field("name", Msg::ErrNameTaken));
    }
    let target = if role.name == name {
        name
    } else {
        format!("{} → {name}", role.name)
    };
    commit(
        tx,
        call,
        AuditEntry::success(AuditAction::RoleUpdate, target),
    )
    .await
}

pub async fn delete_role(call: &Call, role_id: &str) -> Result<(), AppError> {
    let mut tx = call.begin().await?;
    let (id, role) = role_to_change(&mut tx, call, role_id).await?;
    if !role.holders.is_empty() {
        return Err(AppError::Refused(
            Text::new(Msg::ErrRoleInUse).arg("count", role.holders.len()),
        ));
    }
    store::delete_role(&mut tx, id).await?;
    commit(
        tx,
        call,
        AuditEntry::success(AuditAction::RoleDelete, role.name),
    )
    .await
}
