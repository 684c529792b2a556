//! The Partner Centre home page's figures, and a distributor's resellers.

use super::store::{self, Reseller, ResellerSearch};
use super::{CustomerFigures, PartnerFigures, ResellerFigures};
use crate::core::error::AppError;
use crate::core::permissions::Permission;
use crate::core::viewer::PartnerType;
use crate::server::Call;

/// The home page's figures, each part only for the items the caller holds; a customer manager
/// counts only the customers assigned to it.
pub async fn home_figures(call: &Call) -> Result<PartnerFigures, AppError> {
    let partner = call.actor.require_partner()?;
    let sees_customers = call.actor.holds(Permission::SalesCustomersView);
    let sees_members = call.actor.holds(Permission::OrgMembersView);
    let assigned_to = call.actor.assigned_to();
    let now = call.now();
    let mut conn = call.pool().acquire().await?;
    let row = store::figures(
        &mut conn,
        partner,
        assigned_to,
        (sees_customers, sees_members),
        now,
    )
    .await?;
    let partner_type = PartnerType::from_code(&row.partner_type).ok_or(AppError::Internal)?;
    Ok(PartnerFigures {
        partner_name: row.partner_name,
        partner_type,
        distributor_name: row.distributor_name,
        customers: sees_customers.then_some(CustomerFigures {
            total: row.total,
            resale: row.resale,
            consulting: row.consulting,
            new_last_30_days: row.new_last_30_days,
            assigned_only: assigned_to.is_some(),
        }),
        members: row.members,
        resellers: row
            .resellers
            .zip(row.reseller_customers)
            .map(|(resellers, their_customers)| ResellerFigures {
                resellers,
                their_customers,
            }),
        as_of: now,
    })
}

/// A tier-1 distributor's resellers, filtered; anyone else holds none. A customer manager,
/// whose scope is its own customers, reaches no reseller.
pub async fn resellers(call: &Call, search: &ResellerSearch) -> Result<Vec<Reseller>, AppError> {
    let distributor = call.actor.require(Permission::SalesCustomersView)?;
    if call.actor.assigned_to().is_some() {
        return Err(AppError::Forbidden);
    }
    let mut conn = call.pool().acquire().await?;
    Ok(store::resellers(&mut conn, distributor, search).await?)
}
