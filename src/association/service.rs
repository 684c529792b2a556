//! Joining a partner through an invitation link, and leaving it by a confirmed request.

use super::rules::{customer_problems, CustomerFacts, Ineligibility};
use super::store::{self, NewAssociation};
use super::JoinDetails;
use crate::agreements::service::{current_notice, sign_within};
use crate::agreements::AgreementVersion;
use crate::audit::service::{record, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::auth::rules::SignUp;
use crate::auth::service::{customer_audit_actor, insert_customer, throttle_registration};
use crate::core::actor::Actor;
use crate::core::error::{AppError, FieldError};
use crate::core::i18n::Msg;
use crate::core::viewer::ActorKind;
use crate::invitations::rules::link_problems;
use crate::invitations::store::{self as links, Link};
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
    let (registered_at, current_partner, debt) = store::customer_facts(conn, customer)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(CustomerFacts {
        registered_at,
        current_partner,
        debt,
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
