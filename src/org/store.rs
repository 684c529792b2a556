//! Members, their roles and custom roles: the organisation's SQL.

use crate::core::permissions::RoleRef;
use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

/// The permission codes of the partner's custom roles among `ids`; fewer rows than ids means some
/// id is not one of the partner's roles.
pub async fn custom_role_items(
    conn: &mut PgConnection,
    partner: Uuid,
    ids: &[Uuid],
) -> Result<Vec<(Uuid, Vec<String>)>, sqlx::Error> {
    Ok(sqlx::query!(
        r#"select r.id, array(select p.permission from custom_role_permissions p
                               where p.role_id = r.id) as "items!"
             from custom_roles r
            where r.partner_id = $1 and r.id = any($2)"#,
        partner,
        ids
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| (r.id, r.items))
    .collect())
}

pub async fn write_roles(
    conn: &mut PgConnection,
    member: Uuid,
    roles: &[RoleRef],
) -> Result<(), sqlx::Error> {
    sqlx::query!("delete from member_roles where member_id = $1", member)
        .execute(&mut *conn)
        .await?;
    for role in roles {
        let (builtin, custom) = match role {
            RoleRef::Builtin(r) => (Some(r.key()), None),
            RoleRef::Custom(id) => (None, Uuid::parse_str(id).ok()),
        };
        sqlx::query!(
            "insert into member_roles (member_id, builtin_role, custom_role_id)
             values ($1, $2, $3)",
            member,
            builtin,
            custom
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Inserts a member; `Ok(false)` when the user name is taken in the partner.
pub async fn insert_member(
    conn: &mut PgConnection,
    id: Uuid,
    partner: Uuid,
    user_name: &str,
    display_name: &str,
    password_hash: &str,
) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query!(
        "insert into members (id, partner_id, user_name, display_name, password_hash)
         values ($1, $2, $3, $4, $5)",
        id,
        partner,
        user_name,
        display_name,
        password_hash
    )
    .execute(conn)
    .await;
    match inserted {
        Err(e) if crate::server::db::is_unique_violation(&e) => Ok(false),
        other => other.map(|_| true),
    }
}

/// The partner's member `id`, locked for the change; its user name for the audit record.
pub async fn lock_member(
    conn: &mut PgConnection,
    partner: Uuid,
    id: Uuid,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "select user_name from members where id = $1 and partner_id = $2 for update",
        id,
        partner
    )
    .fetch_optional(conn)
    .await
}

/// How many customers are assigned to the member now.
pub async fn assigned_customers(conn: &mut PgConnection, member: Uuid) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select count(*) as "count!" from associations
            where manager_member_id = $1 and ended_at is null"#,
        member
    )
    .fetch_one(conn)
    .await
}

pub async fn set_active(
    conn: &mut PgConnection,
    id: Uuid,
    active: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update members set status = $2 where id = $1",
        id,
        if active { "active" } else { "disabled" }
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete_member(conn: &mut PgConnection, id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query!("delete from members where id = $1", id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Sets a new password; sessions signed in with the old one end with it. The time is the
/// database's real one, like the sessions' own times: it is compared with them, not with rules.
pub async fn set_password(
    conn: &mut PgConnection,
    id: Uuid,
    hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update members set password_hash = $2, credentials_changed_at = now() where id = $1",
        id,
        hash
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub struct MemberRow {
    pub id: Uuid,
    pub user_name: String,
    pub display_name: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub builtin: Vec<String>,
    pub custom_ids: Vec<Uuid>,
    pub custom_names: Vec<String>,
    /// The permission codes of the member's custom roles.
    pub custom_items: Vec<String>,
    pub assigned_customers: i64,
}

pub async fn members(
    conn: &mut PgConnection,
    partner: Uuid,
) -> Result<Vec<MemberRow>, sqlx::Error> {
    sqlx::query_as!(
        MemberRow,
        r#"select m.id, m.user_name, m.display_name, m.status,
                  m.created_at as "created_at: DateTime<Utc>",
                  array(select r.builtin_role from member_roles r
                         where r.member_id = m.id and r.builtin_role is not null) as "builtin!: Vec<String>",
                  array(select c.id from member_roles r join custom_roles c on c.id = r.custom_role_id
                         where r.member_id = m.id order by c.id) as "custom_ids!",
                  array(select c.name from member_roles r join custom_roles c on c.id = r.custom_role_id
                         where r.member_id = m.id order by c.id) as "custom_names!",
                  array(select p.permission from member_roles r
                          join custom_role_permissions p on p.role_id = r.custom_role_id
                         where r.member_id = m.id) as "custom_items!",
                  (select count(*) from associations a
                    where a.manager_member_id = m.id and a.ended_at is null) as "assigned_customers!"
             from members m
            where m.partner_id = $1
            order by lower(m.user_name)"#,
        partner
    )
    .fetch_all(conn)
    .await
}

pub struct RoleRow {
    pub id: Uuid,
    pub name: String,
    pub items: Vec<String>,
    pub member_count: i64,
}

pub async fn custom_roles(
    conn: &mut PgConnection,
    partner: Uuid,
) -> Result<Vec<RoleRow>, sqlx::Error> {
    sqlx::query_as!(
        RoleRow,
        r#"select r.id, r.name,
                  array(select p.permission from custom_role_permissions p
                         where p.role_id = r.id order by p.permission) as "items!",
                  (select count(*) from member_roles mr where mr.custom_role_id = r.id) as "member_count!"
             from custom_roles r
            where r.partner_id = $1
            order by lower(r.name)"#,
        partner
    )
    .fetch_all(conn)
    .await
}

/// Inserts a custom role with its items; `Ok(false)` when the name is taken in the partner.
pub async fn insert_role(
    conn: &mut PgConnection,
    id: Uuid,
    partner: Uuid,
    name: &str,
    codes: &[String],
) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query!(
        "insert into custom_roles (id, partner_id, name) values ($1, $2, $3)",
        id,
        partner,
        name
    )
    .execute(&mut *conn)
    .await;
    match inserted {
        Err(e) if crate::server::db::is_unique_violation(&e) => return Ok(false),
        other => other?,
    };
    write_role_items(conn, id, codes).await?;
    Ok(true)
}

async fn write_role_items(
    conn: &mut PgConnection,
    role: Uuid,
    codes: &[String],
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "delete from custom_role_permissions where role_id = $1",
        role
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "insert into custom_role_permissions (role_id, permission) select $1, unnest($2::text[])",
        role,
        codes
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The partner's role `id`, locked, with its items and the members holding it.
pub struct LockedRole {
    pub name: String,
    pub items: Vec<String>,
    pub holders: Vec<Uuid>,
}

pub async fn lock_role(
    conn: &mut PgConnection,
    partner: Uuid,
    id: Uuid,
) -> Result<Option<LockedRole>, sqlx::Error> {
    let Some(name) = sqlx::query_scalar!(
        "select name from custom_roles where id = $1 and partner_id = $2 for update",
        id,
        partner
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let items = sqlx::query_scalar!(
        "select permission from custom_role_permissions where role_id = $1",
        id
    )
    .fetch_all(&mut *conn)
    .await?;
    let holders = sqlx::query_scalar!(
        "select member_id from member_roles where custom_role_id = $1",
        id
    )
    .fetch_all(conn)
    .await?;
    Ok(Some(LockedRole {
        name,
        items,
        holders,
    }))
}

/// Renames a role and replaces its items; `Ok(false)` when the name is taken.
pub async fn update_role(
    conn: &mut PgConnection,
    id: Uuid,
    name: &str,
    codes: &[String],
) -> Result<bool, sqlx::Error> {
    let renamed = sqlx::query!("update custom_roles set name = $2 where id = $1", id, name)
        .execute(&mut *conn)
        .await;
    match renamed {
        Err(e) if crate::server::db::is_unique_violation(&e) => return Ok(false),
        other => other?,
    };
    write_role_items(conn, id, codes).await?;
    Ok(true)
}

pub async fn delete_role(conn: &mut PgConnection, id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query!("delete from custom_roles where id = $1", id)
        .execute(conn)
        .await?;
    Ok(())
}
