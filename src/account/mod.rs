//! The customer's Account Centre: its profile and its partner.

pub mod pages;

use crate::core::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartnerLink {
    pub partner_name: String,
    pub resale: bool,
    pub since: chrono::DateTime<chrono::Utc>,
    pub ended: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountOverview {
    pub account_name: String,
    pub display_name: String,
    pub enterprise: bool,
    pub registered_at: chrono::DateTime<chrono::Utc>,
    pub partner: Option<PartnerLink>,
    pub past_partners: Vec<PartnerLink>,
    /// A disassociation request waiting for an answer.
    pub pending: Option<crate::association::PendingDisassociation>,
    /// When the customer may file its next disassociation request, if not now.
    pub next_request_at: Option<chrono::DateTime<chrono::Utc>>,
    /// A newer association notice waits for the customer's signature.
    pub must_sign_notice: bool,
    /// The latest audit entries about this customer, by anyone (its partner's users included).
    pub activity: Vec<crate::authorizations::Activity>,
}

#[cfg(feature = "ssr")]
#[derive(sqlx::FromRow)]
struct LinkRow {
    id: uuid::Uuid,
    partner_name: String,
    mode: String,
    associated_at: chrono::DateTime<chrono::Utc>,
    ended_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The signed-in customer's own account and partner links; nobody else's.
#[server(endpoint = "my_account")]
pub async fn my_account() -> Result<AccountOverview, AppError> {
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    let customer = actor.require_customer()?;
    let pool = &ctx.state.pool;
    let (account_name, display_name, kind, registered_at): (
        String,
        String,
        String,
        chrono::DateTime<chrono::Utc>,
    ) = sqlx::query_as(
        "select account_name, display_name, kind, registered_at from customers where id = $1",
    )
    .bind(customer)
    .fetch_one(pool)
    .await?;
    let links: Vec<LinkRow> = sqlx::query_as(
        "select a.id, p.display_name as partner_name, a.mode, a.associated_at, a.ended_at
           from associations a join partners p on p.id = a.partner_id
          where a.customer_id = $1
          order by a.associated_at desc",
    )
    .bind(customer)
    .fetch_all(pool)
    .await?;
    let mut conn = pool.acquire().await?;
    let pending = match links.iter().find(|l| l.ended_at.is_none()) {
        Some(current) => {
            crate::association::service::pending_request(&mut conn, current.id).await?
        }
        None => None,
    };
    let now = ctx.state.clock.now();
    let next_request_at =
        crate::association::service::next_customer_request(&mut conn, customer, now).await?;
    let must_sign_notice =
        !crate::agreements::service::signed_current_notice(&mut conn, customer).await?;
    let activity: Vec<(chrono::DateTime<chrono::Utc>, String, String, String)> = sqlx::query_as(
        "select at, actor_name, action, target from audit_log
          where customer_id = $1 order by at desc, id desc limit 20",
    )
    .bind(customer)
    .fetch_all(&mut *conn)
    .await?;
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
        account_name,
        display_name,
        enterprise: kind == "enterprise",
        registered_at,
        partner: current.into_iter().next(),
        past_partners: past,
        pending,
        next_request_at,
        must_sign_notice,
        activity: activity
            .into_iter()
            .map(
                |(at, actor_name, action, target)| crate::authorizations::Activity {
                    at,
                    actor_name,
                    action,
                    target,
                },
            )
            .collect(),
    })
}
