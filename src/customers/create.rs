//! Creating a customer associated with the caller's partner (the API's `create_sub_customer`).

use crate::association::store::{insert_association, NewAssociation};
use crate::audit::service::{record_call, AuditEntry};
use crate::audit::AuditAction;
use crate::auth::service::insert_customer;
use crate::core::error::AppError;
use crate::core::permissions::Permission;
use crate::core::validate::{AccountName, NewPassword};
use crate::server::Call;
use uuid::Uuid;

/// A customer account a partner creates.
pub struct CreateCustomer {
    pub account_name: AccountName,
    /// `None`: the customer has no password and signs in only after one is set for it.
    pub password: Option<NewPassword>,
    pub resale: bool,
}

/// Not a PHC string: no password ever verifies against it.
const NO_PASSWORD: &str = "!no-password";

/// Creates the customer and its association in one transaction; a customer manager becomes its
/// manager. Returns the customer's id. A distributor creates customers for itself only: it reads
/// its resellers' customers but does not act for them (`docs/decisions.md`).
pub async fn create_customer(call: &Call, new: CreateCustomer) -> Result<Uuid, AppError> {
    let partner = call.actor.require(Permission::SalesCustomersCreate)?;
    let hash = match &new.password {
        Some(p) => call.state.passwords.hash_new(p).await,
        None => NO_PASSWORD.to_string(),
    };
    let now = call.now();
    let mut tx = call.begin().await?;
    let name = new.account_name.as_str();
    let customer = insert_customer(
        &mut tx,
        &new.account_name,
        name,
        false,
        &hash,
        now,
        call.source,
    )
    .await?;
    let association = NewAssociation {
        customer,
        partner,
        mode: if new.resale { "resale" } else { "consulting" }.to_string(),
        at: now,
        invitation: None,
        manager_candidate: call.actor.assigned_to(),
    };
    if !insert_association(&mut tx, &association).await? {
        return Err(AppError::Internal);
    }
    let entry = AuditEntry::success(AuditAction::CustomerCreate, name).for_customer(customer);
    record_call(&mut tx, call, &entry).await?;
    tx.commit().await?;
    Ok(customer)
}
