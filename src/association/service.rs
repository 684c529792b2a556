//! Joining a partner through an invitation link, and leaving it by a confirmed request.

use super::rules::{customer_problems, next_disassociation_request, CustomerFacts, Ineligibility};
use super::store::{self, NewAssociation, Request};
use super::{Decision, JoinDetails, PendingDisassociation};
use crate::agreements::service::{current_notice, sign_within};
use crate::agreements::AgreementVersion;
use crate::audit::service::{record, record_call, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::auth::rules::SignUp;
use crate::auth::service::{customer_audit_actor, insert_customer, throttle_registration};
use crate::core::actor::Actor;
use crate::core::error::{AppError, FieldError};
use crate::core::i18n::{Msg, Text};
use crate::core::permissions::Permission;
use crate::core::time::format_local_date;
use crate::core::viewer::ActorKind;
use crate::invitations::rules::link_problems;
use crate::invitations::store::{self as links, Link};
use crate::scope::{self, Access};
use crate::server::{Call, Visit};
use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use std::net::IpAddr;
use uuid::Uuid;

/// Each failed rule as a message of the form's eligibility area.
fn refuse(problems: Vec<Ineligibility>) -> AppError {
    AppError::Invalid(
        problems
            .into_iter()
            .map(|p| FieldError {
                field: "eligibility".into(),
                text: p.text(),
            })
            .collect(),
    )
}

/// A token is what `invitations` makes: letters and digits. Anything else names no link.
fn checked_token(token: &str) -> Result<&str, AppError> {
    let token = token.trim();
    if token.is_empty() || token.len() > 64 || !token.chars().all(|c| c.is_ascii_alphanumeric()) {
        Err(AppError::NotFound)
    } else {
        Ok(token)
    }
}

/// The link of a token; `lock` holds it until the transaction ends.
async fn find_link(conn: &mut PgConnection, token: &str, lock: bool) -> Result<Link, AppError> {
    let token = checked_token(token)?;
    let link = if lock {
        links::lock_by_token(conn, token).await?
    } else {
        links::by_token(conn, token).await?
    };
    link.ok_or(AppError::NotFound)
}

/// An existing customer's facts; `lock` holds its row so that two links cannot both associate it.
async fn customer_facts(
    conn: &mut PgConnection,
    customer: Uuid,
    lock: bool,
) -> Result<CustomerFacts, AppError> {
    if lock {
        store::lock_customer(conn, customer).await?;
    }
    let (registered_at, current_partner) = store::customer_facts(conn, customer)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(CustomerFacts {
        registered_at,
        current_partner,
    })
}

/// What the join page shows: the partner, the notice to accept, and every rule that fails for
/// the link and for the signed-in customer.
pub async fn join_info(
    visit: &Visit,
    actor: Option<&Actor>,
    token: &str,
) -> Result<JoinDetails, AppError> {
    let mut conn = visit.pool().acquire().await?;
    let now = visit.now();
    let link = find_link(&mut conn, token, false).await?;
    let mut problems = link_problems(&link.facts(), now);
    let customer = match actor {
        Some(a) if a.kind == ActorKind::Customer => {
            problems.extend(customer_problems(
                &customer_facts(&mut conn, a.id, false).await?,
                now,
            ));
            Some(a.name.clone())
        }
        _ => None,
    };
    Ok(JoinDetails {
        partner_name: link.partner_name,
        resale: link.mode == "resale",
        expires_at: link.expires_at,
        notice: current_notice(&mut conn).await?,
        problems,
        customer,
        signed_in_other: actor.is_some_and(|a| a.kind != ActorKind::Customer),
    })
}

/// The notice the form showed must still be the latest, and accepted.
fn accepted_notice(
    current: &Option<AgreementVersion>,
    shown: &str,
    agree: bool,
) -> Result<(), AppError> {
    match current {
        Some(c) if c.id != shown.trim() => Err(AppError::Refused(Msg::ErrNoticeSuperseded.into())),
        Some(_) if !agree => Err(refuse(vec![Ineligibility::NoticeNotAccepted])),
        _ => Ok(()),
    }
}

/// Associates `customer` through the locked link: signs the notice, counts the use, and picks
/// the link's creator as customer manager when it is one. All in the caller's transaction.
async fn associate(
    conn: &mut PgConnection,
    link: &Link,
    customer: Uuid,
    (who, source): (&AuditActor, Option<IpAddr>),
    notice: &Option<AgreementVersion>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if let Some(notice) = notice {
        sign_within(conn, who, source, customer, notice, now).await?;
    }
    links::count_use(conn, link.id).await?;
    let association = NewAssociation {
        customer,
        partner: link.partner_id,
        mode: link.mode.clone(),
        at: now,
        invitation: Some(link.id),
        manager_candidate: link.created_by_member,
    };
    // The customer's row lock makes a second association rare; the unique index makes it
    // impossible.
    if !store::insert_association(conn, &association).await? {
        return Err(AppError::Refused(Msg::ErrAlreadyAssociated.into()));
    }
    let entry = AuditEntry::success(AuditAction::CustomerAssociate, who.name.clone())
        .for_partner(link.partner_id)
        .for_customer(customer);
    record(conn, who, source, &entry).await?;
    Ok(())
}

/// A signed-in customer joins the link's partner.
pub async fn join_existing(
    call: &Call,
    token: &str,
    notice_id: &str,
    agree: bool,
) -> Result<(), AppError> {
    let customer = call.actor.require_customer()?;
    let now = call.now();
    let mut tx = call.begin().await?;
    let link = find_link(&mut tx, token, true).await?;
    let mut problems = link_problems(&link.facts(), now);
    problems.extend(customer_problems(
        &customer_facts(&mut tx, customer, true).await?,
        now,
    ));
    if !problems.is_empty() {
        return Err(refuse(problems));
    }
    let notice = current_notice(&mut tx).await?;
    accepted_notice(&notice, notice_id, agree)?;
    let who = AuditActor::from(&call.actor);
    associate(&mut tx, &link, customer, (&who, call.source), &notice, now).await?;
    tx.commit().await?;
    Ok(())
}

/// A new customer registers through the link and is associated at once; returns its id, for the
/// session to start.
pub async fn join_new(
    visit: &Visit,
    token: &str,
    notice_id: &str,
    agree: bool,
    form: SignUp,
) -> Result<Uuid, AppError> {
    let now = visit.now();
    // Refuse cheaply before hashing the password; the check is repeated under the lock.
    {
        let mut conn = visit.pool().acquire().await?;
        let link = find_link(&mut conn, token, false).await?;
        let problems = link_problems(&link.facts(), now);
        if !problems.is_empty() {
            return Err(refuse(problems));
        }
        accepted_notice(&current_notice(&mut conn).await?, notice_id, agree)?;
    }
    throttle_registration(visit).await?;
    let hash = visit.state.passwords.hash_new(&form.password).await;
    let mut tx = visit.pool().begin().await?;
    let link = find_link(&mut tx, token, true).await?;
    let problems = link_problems(&link.facts(), now);
    if !problems.is_empty() {
        return Err(refuse(problems));
    }
    let notice = current_notice(&mut tx).await?;
    accepted_notice(&notice, notice_id, agree)?;
    let customer = insert_customer(
        &mut tx,
        &form.account_name,
        &form.display_name,
        form.enterprise,
        &hash,
        now,
        visit.source,
    )
    .await?;
    let who = customer_audit_actor(customer, form.account_name.as_str());
    associate(&mut tx, &link, customer, (&who, visit.source), &notice, now).await?;
    tx.commit().await?;
    Ok(customer)
}

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
            store::end_association(conn, request.association_id, now, &request.requested_by)
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
