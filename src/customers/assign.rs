//! Assigning customers to a customer manager (`sales.customers.assign`), one by one or in bulk.

use super::ASSIGN_LIMIT;
use crate::audit::service::{record_call, AuditEntry};
use crate::audit::AuditAction;
use crate::core::error::AppError;
use crate::core::i18n::{Msg, Text};
use crate::core::permissions::Permission;
use crate::server::Call;
use uuid::Uuid;

/// Assigns customers of the caller's partner to one of its customer managers (or to none), all
/// or nothing: an unknown customer, one outside the caller's scope, or an unknown manager changes
/// nothing. A customer manager holding the item reaches only its own customers.
pub async fn assign_manager(
    call: &Call,
    manager: &str,
    customers: &[String],
) -> Result<(), AppError> {
    let partner = call.actor.require(Permission::SalesCustomersAssign)?;
    let mut ids: Vec<Uuid> = customers
        .iter()
        .filter(|c| !c.trim().is_empty())
        .map(|c| Uuid::parse_str(c.trim()).map_err(|_| AppError::NotFound))
        .collect::<Result<_, _>>()?;
    if ids.is_empty() {
        return Err(AppError::field("customers", Msg::ErrNoCustomersChosen));
    }
    if ids.len() > ASSIGN_LIMIT {
        return Err(AppError::field(
            "customers",
            Text::new(Msg::ErrTooManyCustomers).arg("max", ASSIGN_LIMIT),
        ));
    }
    ids.sort();
    ids.dedup();
    let manager = match manager.trim() {
        "" => None,
        m => Some(Uuid::parse_str(m).map_err(|_| AppError::field("manager", Msg::ErrBadChoice))?),
    };
    let mut tx = call.begin().await?;
    if let Some(manager) = manager {
        if !super::store::is_active_manager(&mut tx, partner, manager).await? {
            return Err(AppError::field("manager", Msg::ErrBadChoice));
        }
    }
    let assigned = crate::association::store::assign_manager(
        &mut tx,
        partner,
        &ids,
        manager,
        call.actor.assigned_to(),
        call.now(),
    )
    .await?;
    if assigned.len() != ids.len() {
        // Some id is not a current customer within the caller's reach: change nothing.
        return Err(AppError::NotFound);
    }
    for (customer, account_name) in assigned {
        let entry =
            AuditEntry::success(AuditAction::CustomerAssign, account_name).for_customer(customer);
        record_call(&mut tx, call, &entry).await?;
    }
    tx.commit().await?;
    Ok(())
}
