//! Members and roles: the rules of who may give which roles, and their queries.

use super::{CustomRole, MemberSummary, MembersPage, RoleLabel};
use crate::audit::service::{record_and_commit, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::auth::service::is_unique_violation;
use crate::core::actor::{current_actor, Actor};
use crate::core::error::{AppError, FieldErrors};
use crate::core::i18n::{Msg, Text};
use crate::core::permissions::{
    check_role_combination, permissions_of, BuiltinRole, Permission, RoleRef,
};
use crate::core::validate::{parse_display_name, parse_text, AccountName, NewPassword};
use crate::core::viewer::ActorKind;
use crate::server::{request_context, RequestContext};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

pub async fn caller() -> Result<(RequestContext, Actor), AppError> {
    let ctx = request_context().await?;
    let actor = current_actor(&ctx).await?;
    Ok((ctx, actor))
}

/// The non-empty role choices of a form (`builtin:admin`, `custom:<id>`).
pub fn parse_roles(choices: [Option<String>; 3]) -> Result<Vec<RoleRef>, AppError> {
    let mut roles = Vec::new();
    for choice in choices
        .into_iter()
        .flatten()
        .filter(|c| !c.trim().is_empty())
    {
        match RoleRef::parse_form_value(choice.trim()) {
            Some(role) => roles.push(role),
            None => return Err(AppError::field("roles", Msg::ErrUnknownRole)),
        }
    }
    check_role_combination(&roles)?;
    Ok(roles)
}

pub struct NewMember {
    pub user_name: AccountName,
    pub display_name: String,
    pub password: NewPassword,
    pub roles: Vec<RoleRef>,
}

impl NewMember {
    pub fn parse(
        user_name: &str,
        display_name: &str,
        password: &str,
        roles: [Option<String>; 3],
    ) -> Result<NewMember, AppError> {
        let mut errors = FieldErrors::new();
        let user_name = errors.check("user_name", AccountName::parse(user_name));
        let display_name = errors.check("display_name", parse_display_name(display_name));
        let password = errors.check("password", NewPassword::parse(password));
        let roles = match parse_roles(roles) {
            Ok(roles) => Some(roles),
            Err(AppError::Invalid(mut role_errors)) => {
                let e = role_errors.remove(0);
                errors.add(&e.field, e.text);
                None
            }
            Err(other) => return Err(other),
        };
        errors.into_result()?;
        match (user_name, display_name, password, roles) {
            (Some(user_name), Some(display_name), Some(password), Some(roles)) => Ok(NewMember {
                user_name,
                display_name,
                password,
                roles,
            }),
            _ => Err(AppError::Internal),
        }
    }
}

/// A member may give only what it holds itself; the main account may give anything.
pub fn may_grant(granter: &Actor, granted: &[Permission]) -> bool {
    granter.kind == ActorKind::PartnerMain
        || granted.iter().all(|p| granter.permissions.contains(p))
}

/// The permission items of roles, checking that custom roles belong to the partner.
async fn items_of_roles(
    conn: &mut PgConnection,
    partner: Uuid,
    roles: &[RoleRef],
) -> Result<Vec<Permission>, AppError> {
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
    let found: Vec<(Uuid, Vec<String>)> = sqlx::query_as(
        "select r.id, coalesce(array(select p.permission from custom_role_permissions p
                                      where p.role_id = r.id), '{}')
           from custom_roles r
          where r.partner_id = $1 and r.id = any($2)",
    )
    .bind(partner)
    .bind(&custom_ids)
    .fetch_all(&mut *conn)
    .await?;
    if found.len() != custom_ids.len() {
        return Err(AppError::field("roles", Msg::ErrUnknownRole));
    }
    let custom_items: Vec<Permission> = found
        .iter()
        .flat_map(|(_, items)| items.iter().filter_map(|c| Permission::from_code(c)))
        .collect();
    Ok(permissions_of(&builtin, &custom_items))
}

async fn write_roles(
    conn: &mut PgConnection,
    member: Uuid,
    roles: &[RoleRef],
) -> Result<(), AppError> {
    sqlx::query("delete from member_roles where member_id = $1")
        .bind(member)
        .execute(&mut *conn)
        .await?;
    for role in roles {
        let (builtin, custom) = match role {
            RoleRef::Builtin(r) => (Some(r.key()), None),
            RoleRef::Custom(id) => (None, Uuid::parse_str(id).ok()),
        };
        sqlx::query("insert into member_roles (member_id, builtin_role, custom_role_id) values ($1, $2, $3)")
            .bind(member)
            .bind(builtin)
            .bind(custom)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

fn no_escalation() -> AppError {
    AppError::field("roles", Msg::ErrNoEscalation)
}

pub async fn create_member(
    ctx: &RequestContext,
    actor: &Actor,
    form: NewMember,
) -> Result<(), AppError> {
    let partner = actor.require(Permission::OrgMembersManage)?;
    let hash = ctx.state.passwords.hash_new(&form.password).await;
    let mut tx = ctx.state.pool.begin().await?;
    let items = items_of_roles(&mut tx, partner, &form.roles).await?;
    if !may_grant(actor, &items) {
        return Err(no_escalation());
    }
    let id = Uuid::new_v4();
    let inserted = sqlx::query(
        "insert into members (id, partner_id, user_name, display_name, password_hash)
         values ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(partner)
    .bind(form.user_name.as_str())
    .bind(&form.display_name)
    .bind(hash)
    .execute(&mut *tx)
    .await;
    match inserted {
        Err(e) if is_unique_violation(&e) => {
            return Err(AppError::field("user_name", Msg::ErrNameTaken))
        }
        other => other?,
    };
    write_roles(&mut tx, id, &form.roles).await?;
    let entry = AuditEntry::success(AuditAction::MemberCreate, form.user_name.as_str());
    record_and_commit(tx, &AuditActor::from(actor), ctx.source, entry).await
}

/// The member, locked, if it belongs to the partner; its user name for the audit record.
async fn member_of(
    conn: &mut PgConnection,
    partner: Uuid,
    member_id: &str,
) -> Result<(Uuid, String), AppError> {
    let id = Uuid::parse_str(member_id).map_err(|_| AppError::NotFound)?;
    sqlx::query_as::<_, (Uuid, String)>(
        "select id, user_name from members where id = $1 and partner_id = $2 for update",
    )
    .bind(id)
    .bind(partner)
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)
}

/// A member cannot disable, delete or re-role itself: it would lock itself out mid-action.
fn not_self(actor: &Actor, member: Uuid) -> Result<(), AppError> {
    if actor.member_id() == Some(member) {
        Err(AppError::Refused(Text::new(Msg::ErrNotYourself)))
    } else {
        Ok(())
    }
}

pub async fn set_member_roles(
    ctx: &RequestContext,
    actor: &Actor,
    member_id: &str,
    roles: Vec<RoleRef>,
) -> Result<(), AppError> {
    let partner = actor.require(Permission::OrgMembersManage)?;
    let mut tx = ctx.state.pool.begin().await?;
    let (id, user_name) = member_of(&mut tx, partner, member_id).await?;
    not_self(actor, id)?;
    let items = items_of_roles(&mut tx, partner, &roles).await?;
    if !may_grant(actor, &items) {
        return Err(no_escalation());
    }
    write_roles(&mut tx, id, &roles).await?;
    let entry = AuditEntry::success(AuditAction::MemberSetRoles, user_name);
    record_and_commit(tx, &AuditActor::from(actor), ctx.source, entry).await
}

pub async fn set_member_active(
    ctx: &RequestContext,
    actor: &Actor,
    member_id: &str,
    active: bool,
) -> Result<(), AppError> {
    let partner = actor.require(Permission::OrgMembersManage)?;
    let mut tx = ctx.state.pool.begin().await?;
    let (id, user_name) = member_of(&mut tx, partner, member_id).await?;
    not_self(actor, id)?;
    sqlx::query("update members set status = $2 where id = $1")
        .bind(id)
        .bind(if active { "active" } else { "disabled" })
        .execute(&mut *tx)
        .await?;
    let action = if active {
        AuditAction::MemberEnable
    } else {
        AuditAction::MemberDisable
    };
    record_and_commit(
        tx,
        &AuditActor::from(actor),
        ctx.source,
        AuditEntry::success(action, user_name),
    )
    .await
}

pub async fn delete_member(
    ctx: &RequestContext,
    actor: &Actor,
    member_id: &str,
    confirmed: bool,
) -> Result<(), AppError> {
    let partner = actor.require(Permission::OrgMembersManage)?;
    if !confirmed {
        return Err(AppError::field("confirm", Msg::ErrRequired));
    }
    let mut tx = ctx.state.pool.begin().await?;
    let (id, user_name) = member_of(&mut tx, partner, member_id).await?;
    not_self(actor, id)?;
    sqlx::query("delete from members where id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let entry = AuditEntry::success(AuditAction::MemberDelete, user_name);
    record_and_commit(tx, &AuditActor::from(actor), ctx.source, entry).await
}

pub async fn reset_member_password(
    ctx: &RequestContext,
    actor: &Actor,
    member_id: &str,
    new_password: &str,
) -> Result<(), AppError> {
    let partner = actor.require(Permission::OrgMembersManage)?;
    let password =
        NewPassword::parse(new_password).map_err(|t| AppError::field("new_password", t))?;
    let hash = ctx.state.passwords.hash_new(&password).await;
    let mut tx = ctx.state.pool.begin().await?;
    let (id, user_name) = member_of(&mut tx, partner, member_id).await?;
    // Sessions signed in with the old password end with it.
    sqlx::query(
        "update members set password_hash = $2, credentials_changed_at = now() where id = $1",
    )
    .bind(id)
    .bind(hash)
    .execute(&mut *tx)
    .await?;
    let entry = AuditEntry::success(AuditAction::MemberResetPassword, user_name);
    record_and_commit(tx, &AuditActor::from(actor), ctx.source, entry).await
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    id: Uuid,
    user_name: String,
    display_name: String,
    status: String,
    created_at: chrono::DateTime<chrono::Utc>,
    builtin: Vec<String>,
    custom_ids: Vec<Uuid>,
    custom_names: Vec<String>,
}

pub async fn list_members(pool: &PgPool, actor: &Actor) -> Result<MembersPage, AppError> {
    let partner = actor.require(Permission::OrgMembersView)?;
    let rows = sqlx::query_as::<_, MemberRow>(
        "select m.id, m.user_name, m.display_name, m.status, m.created_at,
                coalesce(array_agg(mr.builtin_role) filter (where mr.builtin_role is not null), '{}') as builtin,
                coalesce(array_agg(cr.id) filter (where cr.id is not null), '{}') as custom_ids,
                coalesce(array_agg(cr.name) filter (where cr.id is not null), '{}') as custom_names
           from members m
           left join member_roles mr on mr.member_id = m.id
           left join custom_roles cr on cr.id = mr.custom_role_id
          where m.partner_id = $1
          group by m.id
          order by lower(m.user_name)",
    )
    .bind(partner)
    .fetch_all(pool)
    .await?;
    let custom: Vec<(Uuid, String)> = sqlx::query_as(
        "select id, name from custom_roles where partner_id = $1 order by lower(name)",
    )
    .bind(partner)
    .fetch_all(pool)
    .await?;
    let members = rows
        .into_iter()
        .map(|r| {
            let mut roles: Vec<RoleLabel> = r
                .builtin
                .iter()
                .filter_map(|k| BuiltinRole::from_key(k))
                .map(RoleLabel::Builtin)
                .collect();
            roles.extend(r.custom_ids.iter().zip(&r.custom_names).map(|(id, name)| {
                RoleLabel::Custom {
                    id: id.to_string(),
                    name: name.clone(),
                }
            }));
            MemberSummary {
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
        .chain(custom.into_iter().map(|(id, name)| RoleLabel::Custom {
            id: id.to_string(),
            name,
        }))
        .collect();
    Ok(MembersPage {
        members,
        roles,
        can_manage: actor.permissions.contains(&Permission::OrgMembersManage),
    })
}

pub async fn list_custom_roles(pool: &PgPool, actor: &Actor) -> Result<Vec<CustomRole>, AppError> {
    let partner = actor.require(Permission::OrgRolesManage)?;
    let rows: Vec<(Uuid, String, Vec<String>, i64)> = sqlx::query_as(
        "select r.id, r.name,
                coalesce(array(select p.permission from custom_role_permissions p
                                where p.role_id = r.id order by p.permission), '{}'),
                (select count(*) from member_roles mr where mr.custom_role_id = r.id)
           from custom_roles r
          where r.partner_id = $1
          order by lower(r.name)",
    )
    .bind(partner)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, items, member_count)| CustomRole {
            id: id.to_string(),
            name,
            items: items
                .iter()
                .filter_map(|c| Permission::from_code(c))
                .collect(),
            member_count,
        })
        .collect())
}

/// Parses the chosen item codes; unknown codes are refused rather than dropped.
pub fn parse_items(codes: &[String]) -> Result<Vec<Permission>, Text> {
    let mut items = Vec::new();
    for code in codes.iter().filter(|c| !c.is_empty()) {
        items.push(Permission::from_code(code).ok_or_else(|| Text::new(Msg::ErrBadChoice))?);
    }
    items.sort();
    items.dedup();
    if items.is_empty() {
        Err(Msg::ErrNoPermissionItems.into())
    } else {
        Ok(items)
    }
}

pub async fn create_role(
    ctx: &RequestContext,
    actor: &Actor,
    name: &str,
    codes: Vec<String>,
) -> Result<(), AppError> {
    let partner = actor.require(Permission::OrgRolesManage)?;
    let mut errors = FieldErrors::new();
    let name = errors.check("name", parse_text(name, 32));
    let items = errors.check("items", parse_items(&codes));
    errors.into_result()?;
    let (Some(name), Some(items)) = (name, items) else {
        return Err(AppError::Internal);
    };
    if !may_grant(actor, &items) {
        return Err(AppError::field("items", Msg::ErrNoEscalation));
    }
    let id = Uuid::new_v4();
    let mut tx = ctx.state.pool.begin().await?;
    let inserted =
        sqlx::query("insert into custom_roles (id, partner_id, name) values ($1, $2, $3)")
            .bind(id)
            .bind(partner)
            .bind(&name)
            .execute(&mut *tx)
            .await;
    match inserted {
        Err(e) if is_unique_violation(&e) => {
            return Err(AppError::field("name", Msg::ErrNameTaken))
        }
        other => other?,
    };
    let codes: Vec<&str> = items.iter().map(|p| p.code()).collect();
    sqlx::query(
        "insert into custom_role_permissions (role_id, permission) select $1, unnest($2::text[])",
    )
    .bind(id)
    .bind(&codes)
    .execute(&mut *tx)
    .await?;
    record_and_commit(
        tx,
        &AuditActor::from(actor),
        ctx.source,
        AuditEntry::success(AuditAction::RoleCreate, name),
    )
    .await
}

pub async fn delete_role(
    ctx: &RequestContext,
    actor: &Actor,
    role_id: &str,
) -> Result<(), AppError> {
    let partner = actor.require(Permission::OrgRolesManage)?;
    let id = Uuid::parse_str(role_id).map_err(|_| AppError::NotFound)?;
    let mut tx = ctx.state.pool.begin().await?;
    let name: String = sqlx::query_scalar(
        "select name from custom_roles where id = $1 and partner_id = $2 for update",
    )
    .bind(id)
    .bind(partner)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let holders: i64 =
        sqlx::query_scalar("select count(*) from member_roles where custom_role_id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    if holders > 0 {
        return Err(AppError::Refused(
            Text::new(Msg::ErrRoleInUse).arg("count", holders),
        ));
    }
    sqlx::query("delete from custom_roles where id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    record_and_commit(
        tx,
        &AuditActor::from(actor),
        ctx.source,
        AuditEntry::success(AuditAction::RoleDelete, name),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_role_choices_are_skipped_and_rules_apply() {
        let roles = parse_roles([Some("builtin:finance".into()), Some("".into()), None]).unwrap();
        assert_eq!(roles, vec![RoleRef::Builtin(BuiltinRole::Finance)]);
        assert!(parse_roles([None, None, None]).is_err());
        assert!(parse_roles([
            Some("builtin:admin".into()),
            Some("builtin:finance".into()),
            None
        ])
        .is_err());
        assert!(parse_roles([Some("builtin:root".into()), None, None]).is_err());
    }

    #[test]
    fn items_must_be_known_and_at_least_one() {
        assert_eq!(
            parse_items(&["audit.view".into(), "audit.view".into()]).unwrap(),
            vec![Permission::AuditView]
        );
        assert_eq!(parse_items(&[]).unwrap_err().msg, Msg::ErrNoPermissionItems);
        assert_eq!(
            parse_items(&["x.y".into()]).unwrap_err().msg,
            Msg::ErrBadChoice
        );
    }

    #[test]
    fn new_member_reports_fields_and_roles_together() {
        let Err(AppError::Invalid(errors)) = NewMember::parse("", "", "", [None, None, None])
        else {
            panic!("expected field errors");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["user_name", "display_name", "password", "roles"]);
    }
}
