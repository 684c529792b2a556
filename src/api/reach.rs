//! Whose money a request is about, from Huawei's `indirect_partner_id`: a tier-1 distributor may
//! READ one of its tier-2 resellers' accounts, quotas, coupons and records by naming it, but
//! never acts for it; a reseller's own id, or none, means the caller's own partner.

use super::error::ApiError;
use super::fields::optional_text;
use crate::core::permissions::Permission;
use crate::server::Call;
use uuid::Uuid;

/// Another partner's data is not the caller's to read (Huawei: access denied).
pub fn not_your_reseller() -> ApiError {
    ApiError::forbidden("indirect_partner_id: not a tier-2 reseller of yours.")
}

/// The partner whose data a read returns, once the caller holds `item`: its own, or the tier-2
/// reseller `indirect_partner_id` names when the caller is that reseller's distributor with its
/// whole partner's scope (a customer manager's scope holds customers, never resellers).
pub async fn read_as(
    call: &Call,
    item: Permission,
    indirect_partner_id: Option<String>,
) -> Result<Uuid, ApiError> {
    let partner = call.actor.require(item)?;
    let Some(text) = optional_text("indirect_partner_id", indirect_partner_id)? else {
        return Ok(partner);
    };
    let id = Uuid::parse_str(&text).map_err(|_| not_your_reseller())?;
    if id == partner {
        return Ok(partner);
    }
    if call.actor.assigned_to().is_some() {
        return Err(not_your_reseller());
    }
    let mut conn = call.pool().acquire().await?;
    match crate::partners::store::reseller_name(&mut conn, partner, id).await? {
        Some(_) => Ok(id),
        None => Err(not_your_reseller()),
    }
}

/// Whether `indirect_partner_id`, when a request names one, names a reseller of the caller's
/// (for filters that narrow a distributor's own records to one reseller): its id, or 403.
pub async fn own_reseller(
    call: &Call,
    item: Permission,
    indirect_partner_id: Option<String>,
) -> Result<Option<Uuid>, ApiError> {
    let partner = call.actor.require(item)?;
    match read_as(call, item, indirect_partner_id).await? {
        id if id == partner => Ok(None),
        reseller => Ok(Some(reseller)),
    }
}

/// A write acts for the caller's own partner only: an `indirect_partner_id` naming anyone else
/// (a distributor's reseller included) is refused, and changes nothing.
pub fn act_as_self(call: &Call, indirect_partner_id: Option<String>) -> Result<(), ApiError> {
    let Some(text) = optional_text("indirect_partner_id", indirect_partner_id)? else {
        return Ok(());
    };
    if Uuid::parse_str(&text)
        .ok()
        .is_some_and(|id| Some(id) == call.actor.partner_id)
    {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "indirect_partner_id: a distributor reads its resellers' accounts but does not act for them; the reseller does.",
        ))
    }
}

/// Partner-wide records (the partner's own account, what it granted its resellers) are not in a
/// customer manager's reach.
pub fn whole_partner(call: &Call) -> Result<(), ApiError> {
    match call.actor.assigned_to() {
        None => Ok(()),
        Some(_) => Err(ApiError::forbidden(
            "Access denied: a customer manager's key reaches its assigned customers only.",
        )),
    }
}
