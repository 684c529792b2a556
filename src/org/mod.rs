//! Organisation management (组织管理): the partner's members (IAM users), their 1 to 3 roles, and
//! custom roles built from permission items.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use crate::core::error::AppError;
use crate::core::permissions::{BuiltinRole, Permission};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A role as the pages show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum RoleLabel {
    Builtin(BuiltinRole),
    Custom { id: String, name: String },
}

impl RoleLabel {
    pub fn form_value(&self) -> String {
        match self {
            RoleLabel::Builtin(r) => format!("builtin:{}", r.key()),
            RoleLabel::Custom { id, .. } => format!("custom:{id}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberSummary {
    pub id: String,
    pub user_name: String,
    pub display_name: String,
    pub active: bool,
    pub roles: Vec<RoleLabel>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MembersPage {
    pub members: Vec<MemberSummary>,
    /// Every role that can be given: built-in first, then the partner's custom roles.
    pub roles: Vec<RoleLabel>,
    /// Whether the caller may change members (`org.members.manage`).
    pub can_manage: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomRole {
    pub id: String,
    pub name: String,
    pub items: Vec<Permission>,
    pub member_count: i64,
}

/// The permission items chosen in the role form, as `items[N]=code` checkboxes.
pub type ItemChoices = Option<Vec<String>>;

#[server(endpoint = "list_members")]
pub async fn list_members() -> Result<MembersPage, AppError> {
    let (ctx, actor) = service::caller().await?;
    service::list_members(&ctx.state.pool, &actor).await
}

#[server(endpoint = "create_member")]
pub async fn create_member(
    user_name: String,
    display_name: String,
    password: String,
    role1: Option<String>,
    role2: Option<String>,
    role3: Option<String>,
) -> Result<(), AppError> {
    let (ctx, actor) = service::caller().await?;
    let form =
        service::NewMember::parse(&user_name, &display_name, &password, [role1, role2, role3])?;
    service::create_member(&ctx, &actor, form).await
}

#[server(endpoint = "set_member_roles")]
pub async fn set_member_roles(
    member_id: String,
    role1: Option<String>,
    role2: Option<String>,
    role3: Option<String>,
) -> Result<(), AppError> {
    let (ctx, actor) = service::caller().await?;
    let roles = service::parse_roles([role1, role2, role3])?;
    service::set_member_roles(&ctx, &actor, &member_id, roles).await
}

#[server(endpoint = "disable_member")]
pub async fn disable_member(member_id: String) -> Result<(), AppError> {
    let (ctx, actor) = service::caller().await?;
    service::set_member_active(&ctx, &actor, &member_id, false).await
}

#[server(endpoint = "enable_member")]
pub async fn enable_member(member_id: String) -> Result<(), AppError> {
    let (ctx, actor) = service::caller().await?;
    service::set_member_active(&ctx, &actor, &member_id, true).await
}

#[server(endpoint = "delete_member")]
pub async fn delete_member(member_id: String, confirm: Option<String>) -> Result<(), AppError> {
    let (ctx, actor) = service::caller().await?;
    service::delete_member(&ctx, &actor, &member_id, confirm.is_some()).await
}

#[server(endpoint = "reset_member_password")]
pub async fn reset_member_password(
    member_id: String,
    new_password: String,
) -> Result<(), AppError> {
    let (ctx, actor) = service::caller().await?;
    service::reset_member_password(&ctx, &actor, &member_id, &new_password).await
}

#[server(endpoint = "list_custom_roles")]
pub async fn list_custom_roles() -> Result<Vec<CustomRole>, AppError> {
    let (ctx, actor) = service::caller().await?;
    service::list_custom_roles(&ctx.state.pool, &actor).await
}

#[server(endpoint = "create_role")]
pub async fn create_role(name: String, items: ItemChoices) -> Result<(), AppError> {
    let (ctx, actor) = service::caller().await?;
    service::create_role(&ctx, &actor, &name, items.unwrap_or_default()).await
}

#[server(endpoint = "delete_role")]
pub async fn delete_role(role_id: String) -> Result<(), AppError> {
    let (ctx, actor) = service::caller().await?;
    service::delete_role(&ctx, &actor, &role_id).await
}
