//! Server functions of the sign-in doors, sign-up and sign-out. They alone touch the session.

#[cfg(feature = "ssr")]
use super::rules::{safe_next, Credentials};
use crate::core::error::AppError;
use crate::core::viewer::Viewer;
use leptos::prelude::*;

/// The signed-in user, for menus; `None` when nobody is signed in.
#[server(endpoint = "current_viewer")]
pub async fn current_viewer() -> Result<Option<Viewer>, AppError> {
    Ok(crate::identity::door()?.actor().await?.map(|a| a.viewer()))
}

/// Signs in and returns where to go: the user's home, or `next` when it is allowed.
#[cfg(feature = "ssr")]
async fn sign_in_and_go(creds: Credentials, next: Option<&str>) -> Result<(), AppError> {
    let door = crate::identity::door()?;
    let (kind, id) = super::service::sign_in(&door.visit, creds).await?;
    door.start_session(kind, id).await?;
    leptos_axum::redirect(next.unwrap_or(kind.home_path()));
    Ok(())
}

#[server(endpoint = "sign_in_partner")]
pub async fn sign_in_partner(account_name: String, password: String) -> Result<(), AppError> {
    sign_in_and_go(Credentials::partner(account_name, password), None).await
}

#[server(endpoint = "sign_in_member")]
pub async fn sign_in_member(
    partner_account: String,
    user_name: String,
    password: String,
) -> Result<(), AppError> {
    let creds = Credentials::member(partner_account, user_name, password);
    sign_in_and_go(creds, None).await
}

/// `next` returns the customer to an invitation link after signing in.
#[server(endpoint = "sign_in_customer")]
pub async fn sign_in_customer(
    account_name: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    let creds = Credentials::customer(account_name, password);
    sign_in_and_go(creds, safe_next(next.as_deref())).await
}

#[server(endpoint = "sign_in_operator")]
pub async fn sign_in_operator(account_name: String, password: String) -> Result<(), AppError> {
    sign_in_and_go(Credentials::operator(account_name, password), None).await
}

#[server(endpoint = "sign_up_customer")]
pub async fn sign_up_customer(
    account_name: String,
    display_name: String,
    kind: String,
    password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    let form = super::rules::SignUp::parse(
        &account_name,
        &display_name,
        &kind,
        &password,
        &confirm_password,
    )?;
    let door = crate::identity::door()?;
    let id = super::service::sign_up(&door.visit, form).await?;
    door.start_session(crate::core::viewer::ActorKind::Customer, id)
        .await?;
    leptos_axum::redirect("/account");
    Ok(())
}

#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    let door = crate::identity::door()?;
    if let Some(call) = door.optional_call().await? {
        super::service::sign_out(&call).await?;
    }
    door.end_session().await?;
    leptos_axum::redirect("/");
    Ok(())
}
