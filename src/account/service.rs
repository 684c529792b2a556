//! The customer's Account Centre home: its account, its partner and past partners, a pending
//! disassociation, the notice to sign, and what was done about it lately.

use super::{AccountOverview, PartnerLink};
use crate::core::error::AppError;
use crate::server::Call;

/// The signed-in customer's own account and partner links; nobody else's.
pub async fn my_account(call: &Call) -> Result<AccountOverview, AppError> {
    let customer = call.actor.require_customer()?;
    let mut conn = call.pool().acquire().await?;
    let profile = super::store::profile(&mut conn, customer).await?;
    let links = super::store::partner_links(&mut conn, customer).await?;
    let pending = match links.iter().find(|l| l.ended_at.is_none()) {
        Some(current) => {
            crate::association::disassociation::pending_request(&mut conn, current.id).await?
        }
        None => None,
    };
    let next_request_at =
        crate::association::disassociation::next_customer_request(&mut conn, customer, call.now())
            .await?;
    let must_sign_notice =
        !crate::agreements::service::signed_current_notice(&mut conn, customer).await?;
    let activity = crate::audit::service::about_customer(&mut conn, customer).await?;
    let (current, past): (Vec<PartnerLink>, Vec<PartnerLink>) = links
        .into_iter()
        .map(|l| PartnerLink {
            partner_name: l.partner_name,
            resale: l.mode == "resale",
            since: l.associated_at,
            ended: l.ended_at,
        })
        .partition(|l| l.ended.is_none());
    Ok(AccountOverview {
        account_name: profile.account_name,
        display_name: profile.display_name,
        enterprise: profile.kind == "enterprise",
        registered_at: profile.registered_at,
        partner: current.into_iter().next(),
        past_partners: past,
        pending,
        next_request_at,
        must_sign_notice,
        activity,
    })
}
