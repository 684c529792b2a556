//! Organisation server functions: each builds the call and hands its parsed input to the service.

use super::{CustomRole, ItemChoices, MembersPage};
use crate::core::error::AppError;
#[cfg(feature = "ssr")]
use crate::identity::call;
use leptos::prelude::*;

#[server(endpoint = "list_members")]
pub async fn list_members() -> Result<MembersPage, AppError> {
    super::service::list_members(&call().await?).await
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
    let form = super::rules::NewMember::parse(
        &user_name,
        &display_name,
        &password,
        [role1, role2, role3],
    )?;
    super::service::create_member(&call().await?, form).await
}

#[server(endpoint = "set_member_roles")]
pub async fn set_member_roles(
    member_id: String,
    role1: Option<String>,
    role2: Option<String>,
    role3: Option<String>,
) -> Result<(), AppError> {
    let roles = super::rules::parse_roles([role1, role2, role3])?;
    super::service::set_member_roles(&call().await?, &member_id, roles).await
}

#[server(endpoint = "disable_member")]
pub async fn disable_member(member_id: String) -> Result<(), AppError> {
    super::service::set_member_active(&call().await?, &member_id, false).await
}

#[server(endpoint = "enable_member")]
pub async fn enable_member(member_id: String) -> Result<(), AppError> {
    super::service::set_member_active(&call().await?, &member_id, true).await
}

#[server(endpoint = "delete_member")]
pub async fn delete_member(member_id: String, confirm: Option<String>) -> Result<(), AppError> {
    super::service::delete_member(&call().await?, &member_id, confirm.is_some()).await
}

#[server(endpoint = "reset_member_password")]
pub async fn reset_member_password(
    member_id: String,
    new_password: String,
) -> Result<(), AppError> {
    super::service::reset_member_password(&call().await?, &member_id, &new_password).await
}

#[server(endpoint = "list_custom_roles")]
pub async fn list_custom_roles() -> Result<Vec<CustomRole>, AppError> {
    super::service::list_custom_roles(&call().await?).await
}

#[server(endpoint = "create_role")]
pub async fn create_role(name: String, items: ItemChoices) -> Result<(), AppError> {
    super::service::create_role(&call().await?, &name, items.unwrap_or_default()).await
}

#[server(endpoint = "update_role")]
pub async fn update_role(
    role_id: String,
    name: String,
    items: ItemChoices,
) -> Result<(), AppError> {
    super::service::update_role(&call().await?, &role_id, &name, items.unwrap_or_default()).await
}

#[server(endpoint = "delete_role")]
pub async fn delete_role(role_id: String) -> Result<(), AppError> {
    super::service::delete_role(&call().await?, &role_id).await
}
