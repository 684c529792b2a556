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

#[cfg(feature = "ssr")]
#[derive(sqlx::FromRow)]
struct FiguresRow {
    partner_name: String,
    partner_type: String,
    distributor_name: Option<String>,
    total: i64,
    resale: i64,
    consulting: i64,
    new_last_30_days: i64,
    members: Option<i64>,
    resellers: Option<i64>,
    reseller_customers: Option<i64>,
}

/// The home page's figures, each part only for the items the caller holds.
#[server(endpoint = "home_figures")]
pub async fn home_figures() -> Result<PartnerFigures, AppError> {
    use crate::core::permissions::{DataScope, Permission};
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    let partner = actor.require_partner()?;
    let sees_customers = actor.permissions.contains(&Permission::SalesCustomersView);
    let sees_members = actor.permissions.contains(&Permission::OrgMembersView);
    // Customer managers count only the customers assigned to them.
    let assigned_to = match actor.scope {
        DataScope::AssignedCustomers => actor.member_id(),
        DataScope::WholePartner => None,
    };
    // One round trip: figures the caller may not see are not computed ($3, $4 false).
    let row: FiguresRow = sqlx::query_as(
        "select p.display_name as partner_name, p.partner_type, d.display_name as distributor_name,
                c.total, c.resale, c.consulting, c.new_last_30_days,
                case when $4 then (select count(*) from members m where m.partner_id = p.id) end as members,
                case when $3 and $2::uuid is null and p.partner_type = 'distributor' then
                    (select count(*) from partners r where r.distributor_id = p.id) end as resellers,
                case when $3 and $2::uuid is null and p.partner_type = 'distributor' then
                    (select count(*) from associations a join partners r on r.id = a.partner_id
                      where r.distributor_id = p.id and a.ended_at is null) end as reseller_customers
           from partners p
           left join partners d on d.id = p.distributor_id
           cross join lateral (
               select count(*) as total,
                      count(*) filter (where mode = 'resale') as resale,
                      count(*) filter (where mode = 'consulting') as consulting,
                      count(*) filter (where associated_at > now() - interval '30 days') as new_last_30_days
                 from associations
                where $3 and partner_id = p.id and ended_at is null
                  and ($2::uuid is null or manager_member_id = $2)
           ) c
          where p.id = $1",
    )
    .bind(partner)
    .bind(assigned_to)
    .bind(sees_customers)
    .bind(sees_members)
    .fetch_one(&ctx.state.pool)
    .await?;
    let partner_type = PartnerType::from_code(&row.partner_type).ok_or(AppError::Internal)?;
    let customers = sees_customers.then_some(CustomerFigures {
        total: row.total,
        resale: row.resale,
        consulting: row.consulting,
        new_last_30_days: row.new_last_30_days,
        assigned_only: assigned_to.is_some(),
    });
    let resellers =
        row.resellers
            .zip(row.reseller_customers)
            .map(|(resellers, their_customers)| ResellerFigures {
                resellers,
                their_customers,
            });
    Ok(PartnerFigures {
        partner_name: row.partner_name,
        partner_type,
        distributor_name: row.distributor_name,
        customers,
        members: row.members,
        resellers,
        as_of: chrono::Utc::now(),
    })
}
