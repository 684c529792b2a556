//! Signing in and out, and customer sign-up. Four doors: partner main account, IAM user (member),
//! customer and operator. Failed sign-ins are throttled per account and per source address.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use crate::core::error::AppError;
use crate::core::viewer::Viewer;
use leptos::prelude::*;

/// The signed-in user, for menus; `None` when nobody is signed in.
#[server(endpoint = "current_viewer")]
pub async fn current_viewer() -> Result<Option<Viewer>, AppError> {
    let ctx = crate::server::request_context().await?;
    Ok(crate::core::actor::optional_actor(&ctx)
        .await?
        .map(|a| a.viewer()))
}

#[server(endpoint = "sign_in_partner")]
pub async fn sign_in_partner(account_name: String, password: String) -> Result<(), AppError> {
    service::sign_in_and_redirect(service::Credentials::partner(account_name, password)).await
}

#[server(endpoint = "sign_in_member")]
pub async fn sign_in_member(
    partner_account: String,
    user_name: String,
    password: String,
) -> Result<(), AppError> {
    service::sign_in_and_redirect(service::Credentials::member(
        partner_account,
        user_name,
        password,
    ))
    .await
}

/// `next` returns the customer to an invitation link after signing in.
#[server(endpoint = "sign_in_customer")]
pub async fn sign_in_customer(
    account_name: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    let ctx = crate::server::request_context().await?;
    service::sign_in(&ctx, service::Credentials::customer(account_name, password)).await?;
    leptos_axum::redirect(service::safe_next(next.as_deref()).unwrap_or("/account"));
    Ok(())
}

#[server(endpoint = "sign_in_operator")]
pub async fn sign_in_operator(account_name: String, password: String) -> Result<(), AppError> {
    service::sign_in_and_redirect(service::Credentials::operator(account_name, password)).await
}

#[server(endpoint = "sign_up_customer")]
pub async fn sign_up_customer(
    account_name: String,
    display_name: String,
    kind: String,
    password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    let ctx = crate::server::request_context().await?;
    let form = service::SignUp::parse(
        &account_name,
        &display_name,
        &kind,
        &password,
        &confirm_password,
    )?;
    service::sign_up_customer(&ctx, form).await?;
    leptos_axum::redirect("/account");
    Ok(())
}

#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    let ctx = crate::server::request_context().await?;
    service::sign_out(&ctx).await?;
    leptos_axum::redirect("/");
    Ok(())
}
