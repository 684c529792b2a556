//! Association (关联): a customer joins a partner through an invitation link (registering, or
//! signed in), and either side asks to part, confirmed by the other. The rules are in `rules`.

pub mod pages;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;

use crate::agreements::AgreementVersion;
use crate::core::error::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use rules::Ineligibility;
use serde::{Deserialize, Serialize};

/// The join page (`/join/{token}`): the inviting partner and what stands in the way.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JoinDetails {
    pub partner_name: String,
    pub resale: bool,
    pub expires_at: DateTime<Utc>,
    /// The association notice to accept (none before the operator publishes one).
    pub notice: Option<AgreementVersion>,
    /// Every failed rule for the link and, when one is signed in, the customer.
    pub problems: Vec<Ineligibility>,
    /// The signed-in customer's account name.
    pub customer: Option<String>,
    /// Signed in, but not as a customer (a partner or operator opening a link).
    pub signed_in_other: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingDisassociation {
    pub id: String,
    /// Filed by the partner (the customer answers) or by the customer (the partner answers).
    pub by_partner: bool,
    pub requested_at: DateTime<Utc>,
}

/// What becomes of a pending disassociation request: the other side confirms or declines it,
/// or the side that filed it withdraws it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Confirm,
    Decline,
    Withdraw,
}

impl Decision {
    pub fn parse(value: &str) -> Result<Decision, AppError> {
        match value {
            "confirm" => Ok(Decision::Confirm),
            "decline" => Ok(Decision::Decline),
            "withdraw" => Ok(Decision::Withdraw),
            _ => Err(AppError::field(
                "decision",
                crate::core::i18n::Msg::ErrBadChoice,
            )),
        }
    }
}

#[server(endpoint = "join_info")]
pub async fn join_info(token: String) -> Result<JoinDetails, AppError> {
    let ctx = crate::server::request_context().await?;
    service::join_info(&ctx, &token).await
}

/// A signed-in customer joins the partner of the link.
#[server(endpoint = "join_existing")]
pub async fn join_existing(
    token: String,
    notice_id: String,
    agree: Option<String>,
) -> Result<(), AppError> {
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    service::join_existing(&ctx, &actor, &token, &notice_id, agree.is_some()).await?;
    leptos_axum::redirect("/account/partners");
    Ok(())
}

pub use registration::{join_new, JoinNew};

/// Registration through a link takes one argument per form field, more than clippy allows by
/// default; the allowance must cover what the `server` macro generates, hence a module.
#[allow(clippy::too_many_arguments)]
mod registration {
    use super::*;

    /// A new customer registers through the link: account, notice and association in one step.
    #[server(endpoint = "join_new")]
    pub async fn join_new(
        token: String,
        notice_id: String,
        agree: Option<String>,
        account_name: String,
        display_name: String,
        kind: String,
        password: String,
        confirm_password: String,
    ) -> Result<(), AppError> {
        let ctx = crate::server::request_context().await?;
        let form = crate::auth::service::SignUp::parse(
            &account_name,
            &display_name,
            &kind,
            &password,
            &confirm_password,
        )?;
        service::join_new(&ctx, &token, &notice_id, agree.is_some(), form).await?;
        leptos_axum::redirect("/account/partners");
        Ok(())
    }
}

/// The customer asks to leave its partner.
#[server(endpoint = "request_disassociation")]
pub async fn request_disassociation() -> Result<(), AppError> {
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    service::customer_requests(&ctx, &actor).await
}

/// The customer confirms or declines its partner's request, or withdraws its own
/// (`decision`: confirm, decline or withdraw).
#[server(endpoint = "answer_disassociation")]
pub async fn answer_disassociation(request: String, decision: String) -> Result<(), AppError> {
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    service::customer_answers(&ctx, &actor, &request, Decision::parse(&decision)?).await
}

/// The partner asks to part with a customer.
#[server(endpoint = "partner_request_disassociation")]
pub async fn partner_request_disassociation(customer: String) -> Result<(), AppError> {
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    service::partner_requests(&ctx, &actor, &customer).await
}

/// The partner confirms or declines its customer's request, or withdraws its own; confirming
/// returns to the list.
#[server(endpoint = "partner_answer_disassociation")]
pub async fn partner_answer_disassociation(
    request: String,
    decision: String,
) -> Result<(), AppError> {
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    let decision = Decision::parse(&decision)?;
    service::partner_answers(&ctx, &actor, &request, decision).await?;
    if decision == Decision::Confirm {
        // The customer is no longer ours: back to the list.
        leptos_axum::redirect("/partner/customers");
    }
    Ok(())
}
