//! The partner itself: the Partner Centre home page and its figures.

pub mod pages;

use crate::core::error::AppError;
use crate::core::viewer::PartnerType;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerFigures {
    pub total: i64,
    pub resale: i64,
    pub consulting: i64,
    pub new_last_30_days: i64,
    /// True when the figures cover only the caller's assigned customers.
    pub assigned_only: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResellerFigures {
    pub resellers: i64,
    pub their_customers: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartnerFigures {
    pub partner_name: String,
    pub partner_type: PartnerType,
    pub distributor_name: Option<String>,
    /// Shown to holders of `sales.customers.view`.
    pub customers: Option<CustomerFigures>,
    /// Shown to holders of `org.members.view`.
    pub members: Option<i64>,
    /// For a tier-1 distributor, to holders of `sales.customers.view`.
    pub resellers: Option<ResellerFigures>,
    pub as_of: chrono::DateTime<chrono::Utc>,
}

/// The home page's figures, each part only for the items the caller holds.
#[server]
pub async fn home_figures() -> Result<PartnerFigures, AppError> {
    use crate::core::permissions::{DataScope, Permission};
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    let partner = actor.require_partner()?;
    let pool = &ctx.state.pool;
    let (partner_name, partner_type, distributor_name): (String, String, Option<String>) =
        sqlx::query_as(
            "select p.display_name, p.partner_type, d.display_name
               from partners p left join partners d on d.id = p.distributor_id
              where p.id = $1",
        )
        .bind(partner)
        .fetch_one(pool)
        .await?;
    let partner_type = PartnerType::from_code(&partner_type).ok_or(AppError::Internal)?;
    let sees_customers = actor.permissions.contains(&Permission::SalesCustomersView);
    let customers = if sees_customers {
        let assigned_to = match actor.scope {
            DataScope::AssignedCustomers => actor.member_id(),
            DataScope::WholePartner => None,
        };
        let (total, resale, consulting, new_last_30_days): (i64, i64, i64, i64) = sqlx::query_as(
            "select count(*),
                    count(*) filter (where mode = 'resale'),
                    count(*) filter (where mode = 'consulting'),
                    count(*) filter (where associated_at > now() - interval '30 days')
               from associations
              where partner_id = $1 and ended_at is null
                and ($2::uuid is null or manager_member_id = $2)",
        )
        .bind(partner)
        .bind(assigned_to)
        .fetch_one(pool)
        .await?;
        Some(CustomerFigures {
            total,
            resale,
            consulting,
            new_last_30_days,
            assigned_only: assigned_to.is_some(),
        })
    } else {
        None
    };
    let members = if actor.permissions.contains(&Permission::OrgMembersView) {
        Some(
            sqlx::query_scalar("select count(*) from members where partner_id = $1")
                .bind(partner)
                .fetch_one(pool)
                .await?,
        )
    } else {
        None
    };
    let resellers = if partner_type == PartnerType::Distributor
        && sees_customers
        && actor.scope == DataScope::WholePartner
    {
        let (resellers, their_customers): (i64, i64) = sqlx::query_as(
            "select (select count(*) from partners where distributor_id = $1),
                    (select count(*) from associations a join partners r on r.id = a.partner_id
                      where r.distributor_id = $1 and a.ended_at is null)",
        )
        .bind(partner)
        .fetch_one(pool)
        .await?;
        Some(ResellerFigures {
            resellers,
            their_customers,
        })
    } else {
        None
    };
    Ok(PartnerFigures {
        partner_name,
        partner_type,
        distributor_name,
        customers,
        members,
        resellers,
        as_of: chrono::Utc::now(),
    })
}
