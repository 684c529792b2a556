//! Leaving a partner: a request by either side, answered by the other (or withdrawn by its
//! filer). Confirming settles money in the same transaction: a customer in debt cannot leave, a
//! resale customer's balance returns to the partner and its usable coupons are recalled.

use super::rules::next_disassociation_request;
use super::store::{self, Request};
use super::{Decision, PendingDisassociation};
use crate::audit::service::{record_call, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::core::error::AppError;
use crate::core::i18n::{Msg, Text};
use crate::core::permissions::Permission;
use crate::core::time::format_local_date;
use crate::scope::{self, Access};
use crate::server::Call;
use crate::{coupons, funds};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::PgConnection;
use uuid::Uuid;

/// The pending disassociation request of an association, if one waits.
pub async fn pending_request(
    conn: &mut PgConnection,
    association: Uuid,
) -> Result<Option<PendingDisassociation>, AppError> {
    Ok(store::pending_request(conn, association)
        .await?
        .map(|r| PendingDisassociation {
            id: r.id.to_string(),
            by_partner: r.requested_by == "partner",
            requested_at: r.requested_at,
        }))
}

/// When the customer may file its next request (`None`: now).
pub async fn next_customer_request(
    conn: &mut PgConnection,
    customer: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, AppError> {
    let last = store::last_customer_request(conn, customer).await?;
    Ok(next_disassociation_request(last, now))
}

async fn file_request(conn: &mut PgConnection, request: &Request) -> Result<(), AppError> {
    if store::insert_request(conn, request).await? {
        Ok(())
    } else {
        Err(AppError::Refused(Msg::ErrRequestPending.into()))
    }
}

/// The customer asks to leave its partner: once per 3 months.
pub async fn customer_requests(call: &Call) -> Result<(), AppError> {
    let customer = call.actor.require_customer()?;
    let now = call.now();
    let mut tx = call.begin().await?;
    // One request at a time per customer, so the 3-month rule holds under concurrency.
    store::lock_customer(&mut tx, customer).await?;
    let (association, partner) = store::current_of(&mut tx, customer)
        .await?
        .ok_or(AppError::Refused(Msg::NoPartner.into()))?;
    if store::pending_request(&mut tx, association)
        .await?
        .is_some()
    {
        return Err(AppError::Refused(Msg::ErrRequestPending.into()));
    }
    funds::service::refuse_debt(funds::service::debt_of(&mut tx, customer).await?)?;
    if let Some(next) = next_customer_request(&mut tx, customer, now).await? {
        return Err(AppError::Refused(
            Text::new(Msg::ErrDisassociationTooSoon).arg("date", format_local_date(next)),
        ));
    }
    let request = Request {
        id: Uuid::new_v4(),
        association_id: association,
        customer_id: customer,
        partner_id: partner,
        requested_by: "customer".into(),
        requested_at: now,
    };
    file_request(&mut tx, &request).await?;
    let entry = AuditEntry::success(AuditAction::DisassociationRequest, call.actor.name.clone())
        .for_partner(partner)
        .for_customer(customer);
    record_call(&mut tx, call, &entry).await?;
    tx.commit().await?;
    Ok(())
}

/// The partner asks to part with one of its customers.
pub async fn partner_requests(call: &Call, customer: &str) -> Result<(), AppError> {
    let mut tx = call.begin().await?;
    let c = scope::customer(
        &mut tx,
        &call.actor,
        Permission::SalesCustomersDisassociate,
        customer,
        Access::Act,
    )
    .await?;
    funds::service::refuse_debt(funds::service::debt_of(&mut tx, c.id).await?)?;
    let request = Request {
        id: Uuid::new_v4(),
        association_id: c.association_id,
        customer_id: c.id,
        partner_id: c.partner_id,
        requested_by: "partner".into(),
        requested_at: call.now(),
    };
    file_request(&mut tx, &request).await?;
    let entry =
        AuditEntry::success(AuditAction::DisassociationRequest, c.account_name).for_customer(c.id);
    record_call(&mut tx, call, &entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Settles a pending request: the other side confirms or declines it, or its filer withdraws it
/// (a withdrawn customer request still counts for the 3-month rule). Confirming ends the
/// association and revokes what the partner was authorised to do.
async fn settle(
    conn: &mut PgConnection,
    call: &Call,
    request: &Request,
    decision: Decision,
    target: String,
) -> Result<(), AppError> {
    let now = call.now();
    let status = match decision {
        Decision::Confirm => "confirmed",
        Decision::Decline => "declined",
        Decision::Withdraw => "cancelled",
    };
    store::settle_request(conn, request.id, status, now).await?;
    let action = match decision {
        Decision::Confirm => {
            // The association ends first: its row lock waits for an issue of coupons that has
            // read the customer as the partner's (it holds the row shared) and, once that has
            // committed, the recall below sees its coupons; an issue that comes later reads the
            // customer gone. Then money, under the customer account's lock: a customer in debt
            // cannot leave; a resale customer's balance returns to the partner and the
            // partner's usable coupons on it are recalled, all in this transaction.
            store::end_association(conn, request.association_id, now, &request.requested_by)
                .await?;
            let who = AuditActor::from(&call.actor);
            let (partner, customer) = (request.partner_id, request.customer_id);
            let returned =
                funds::service::return_on_disassociation(conn, &who, partner, customer, now)
                    .await?;
            if returned > Decimal::ZERO {
                let entry =
                    AuditEntry::success(AuditAction::FundsUnbindReturn, returned.to_string())
                        .for_partner(partner)
                        .for_customer(customer);
                record_call(conn, call, &entry).await?;
            }
            coupons::service::recall_on_disassociation(
                conn,
                &who,
                call.source,
                partner,
                customer,
                now,
            )
            .await?;
            crate::authorizations::store::revoke_all(
                conn,
                request.partner_id,
                request.customer_id,
                now,
                "disassociated",
            )
            .await?;
            AuditAction::DisassociationConfirm
        }
        Decision::Decline => AuditAction::DisassociationDecline,
        Decision::Withdraw => AuditAction::DisassociationWithdraw,
    };
    let entry = AuditEntry::success(action, target)
        .for_partner(request.partner_id)
        .for_customer(request.customer_id);
    record_call(conn, call, &entry).await?;
    Ok(())
}

/// The pending request `id`, locked, if the side named filed it.
async fn request_to_answer(
    conn: &mut PgConnection,
    id: &str,
    by_partner: bool,
) -> Result<Request, AppError> {
    let id = Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    let by = if by_partner { "partner" } else { "customer" };
    store::lock_pending_request(conn, id, by)
        .await?
        .ok_or(AppError::NotFound)
}

/// The customer answers its partner's request, or withdraws its own.
pub async fn customer_answers(
    call: &Call,
    request: &str,
    decision: Decision,
) -> Result<(), AppError> {
    let customer = call.actor.require_customer()?;
    let mut tx = call.begin().await?;
    let r = request_to_answer(&mut tx, request, decision != Decision::Withdraw).await?;
    if r.customer_id != customer {
        return Err(AppError::NotFound);
    }
    settle(&mut tx, call, &r, decision, call.actor.name.clone()).await?;
    tx.commit().await?;
    Ok(())
}

/// The partner answers its customer's request, or withdraws its own.
pub async fn partner_answers(
    call: &Call,
    request: &str,
    decision: Decision,
) -> Result<(), AppError> {
    let mut tx = call.begin().await?;
    let r = request_to_answer(&mut tx, request, decision == Decision::Withdraw).await?;
    let c = scope::customer(
        &mut tx,
        &call.actor,
        Permission::SalesCustomersDisassociate,
        &r.customer_id.to_string(),
        Access::Act,
    )
    .await?;
    if c.association_id != r.association_id {
        return Err(AppError::NotFound);
    }
    settle(&mut tx, call, &r, decision, c.account_name).await?;
    tx.commit().await?;
    Ok(())
}
