//! The customer overview a partner opens from the list.

use super::CustomerProfile;
use crate::agreements::service::signed_current_notice;
use crate::association::disassociation::pending_request;
use crate::authorizations::service::for_partner_customer;
use crate::core::error::AppError;
use crate::core::permissions::Permission;
use crate::core::time::format_local_date;
use crate::scope::{self, Access};
use crate::server::Call;
use chrono::Duration;

pub async fn detail(call: &Call, id: &str) -> Result<CustomerProfile, AppError> {
    let mut conn = call.pool().acquire().await?;
    let c = scope::customer(
        &mut conn,
        &call.actor,
        Permission::SalesCustomersView,
        id,
        Access::Read,
    )
    .await?;
    let row = super::store::detail(&mut conn, c.association_id).await?;
    let now = call.now();
    let signed = signed_current_notice(&mut conn, c.id).await?;
    let knowledge = if signed {
        Some(crate::knowledge::service::all(&mut conn).await?)
    } else {
        None
    };
    let can = |item| c.direct && call.actor.holds(item);
    let funds = if call.actor.holds(Permission::SalesFundsView) {
        crate::funds::records::balances(&mut conn, &[c.id])
            .await?
            .pop()
            .map(|(_, b)| b)
    } else {
        None
    };
    Ok(CustomerProfile {
        id: c.id.to_string(),
        account_name: c.account_name,
        display_name: row.display_name,
        enterprise: row.kind == "enterprise",
        registered_at: row.registered_at,
        resale: c.resale,
        associated_at: row.associated_at,
        reseller: (!c.direct).then_some(row.owner_name),
        manager: row.manager,
        manager_assigned_at: row.manager_assigned_at,
        signed_latest_notice: signed,
        authorizations: for_partner_customer(&mut conn, c.partner_id, c.id, now).await?,
        pending_disassociation: pending_request(&mut conn, c.association_id).await?,
        knowledge,
        can_authorize: can(Permission::SalesCustomersAuthorize) && c.resale,
        can_disassociate: can(Permission::SalesCustomersDisassociate),
        can_allocate: c.resale && can(Permission::SalesFundsAllocate),
        can_reclaim: c.resale && can(Permission::SalesFundsReclaim),
        can_see_coupons: call.actor.holds(Permission::SalesCouponsView),
        funds,
        suggested_end: format_local_date(now + Duration::days(365)),
    })
}
