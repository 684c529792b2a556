//! Association server functions: joining through a link, and disassociation from both sides.

use super::JoinDetails;
use crate::core::error::AppError;
#[cfg(feature = "ssr")]
use crate::identity::{call, door};
use leptos::prelude::*;

#[server(endpoint = "join_info")]
pub async fn join_info(token: String) -> Result<JoinDetails, AppError> {
    let door = door()?;
    let actor = door.actor().await?;
    super::service::join_info(&door.visit, actor.as_ref(), &token).await
}

/// A signed-in customer joins the partner of the link.
#[server(endpoint = "join_existing")]
pub async fn join_existing(
    token: String,
    notice_id: String,
    agree: Option<String>,
) -> Result<(), AppError> {
    super::service::join_existing(&call().await?, &token, &notice_id, agree.is_some()).await?;
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
        let form = crate::auth::rules::SignUp::parse(
            &account_name,
            &display_name,
            &kind,
            &password,
            &confirm_password,
        )?;
        let door = door()?;
        let agreed = agree.is_some();
        let customer =
            super::super::service::join_new(&door.visit, &token, &notice_id, agreed, form).await?;
        door.start_session(crate::core::viewer::ActorKind::Customer, customer)
            .await?;
        leptos_axum::redirect("/account/partners");
        Ok(())
    }
}

/// The customer asks to leave its partner.
#[server(endpoint = "request_disassociation")]
pub async fn request_disassociation() -> Result<(), AppError> {
    super::disassociation::customer_requests(&call().await?).await
}

/// The customer confirms or declines its partner's request, or withdraws its own
/// (`decision`: confirm, decline or withdraw).
#[server(endpoint = "answer_disassociation")]
pub async fn answer_disassociation(request: String, decision: String) -> Result<(), AppError> {
    let decision = super::Decision::parse(&decision)?;
    super::disassociation::customer_answers(&call().await?, &request, decision).await
}

/// The partner asks to part with a customer.
#[server(endpoint = "partner_request_disassociation")]
pub async fn partner_request_disassociation(customer: String) -> Result<(), AppError> {
    super::disassociation::partner_requests(&call().await?, &customer).await
}

/// The partner confirms or declines its customer's request, or withdraws its own; confirming
/// returns to the list.
#[server(endpoint = "partner_answer_disassociation")]
pub async fn partner_answer_disassociation(
    request: String,
    decision: String,
) -> Result<(), AppError> {
    let decision = super::Decision::parse(&decision)?;
    super::disassociation::partner_answers(&call().await?, &request, decision).await?;
    if decision == super::Decision::Confirm {
        // The customer is no longer ours: back to the list.
        leptos_axum::redirect("/partner/customers");
    }
    Ok(())
}
