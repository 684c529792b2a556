//! Joining a partner through an invitation link, and leaving it by a confirmed request.

use super::rules::{
    customer_problems, link_problems, next_disassociation_request, CustomerFacts, Ineligibility,
    LinkFacts,
};
use super::{Decision, JoinDetails, PendingDisassociation};
use crate::agreements::service::{current_notice, sign_in_tx};
use crate::agreements::AgreementVersion;
use crate::audit::service::{record, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::auth::service::{
    customer_audit_actor, insert_customer, is_unique_violation, start_session, SignUp,
};
use crate::core::actor::{optional_actor, Actor};
use crate::core::error::{AppError, FieldError};
use crate::core::i18n::{Msg, Text};
use crate::core::permissions::Permission;
use crate::core::time::format_local_date;
use crate::core::viewer::ActorKind;
use crate::customers::service::{scoped_customer, Access};
use crate::server::RequestContext;
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

#[derive(sqlx::FromRow)]
struct Link {
    id: Uuid,
    partner_id: Uuid,
    partner_name: String,
    partner_active: bool,
    mode: String,
    expires_at: DateTime<Utc>,
    max_uses: Option<i32>,
    uses: i32,
    revoked: bool,
    created_by_member: Option<Uuid>,
}

impl Link {
    fn facts(&self) -> LinkFacts {
        LinkFacts {
            expires_at: self.expires_at,
            revoked: self.revoked || !self.partner_active,
            max_uses: self.max_uses,
            uses: self.uses,
        }
    }
}

/// The link of a token; `lock` holds it until the transaction ends, so that uses are counted
/// one at a time.
async fn find_link(conn: &mut PgConnection, token: &str, lock: bool) -> Result<Link, AppError> {
    let token = token.trim();
    if token.is_empty() || token.len() > 64 {
        return Err(AppError::NotFound);
    }
    let sql = format!(
        "select l.id, l.partner_id, p.display_name as partner_name,
                p.status = 'active' as partner_active, l.mode, l.expires_at, l.max_uses, l.uses,
                l.revoked_at is not null as revoked, l.created_by_member
           from invitation_links l join partners p on p.id = l.partner_id
          where l.token = $1 {}",
        if lock { "for update of l" } else { "" }
    );
    sqlx::query_as(&sql)
        .bind(token)
        .fetch_optional(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// An existing customer's facts; `lock` holds its row so that two links cannot both associate it.
async fn customer_facts(
    conn: &mut PgConnection,
    customer: Uuid,
    lock: bool,
) -> Result<CustomerFacts, AppError> {
    if lock {
        sqlx::query("select 1 from customers where id = $1 for update")
            .bind(customer)
            .execute(&mut *conn)
            .await?;
    }
    let (registered_at, current_partner): (DateTime<Utc>, Option<String>) = sqlx::query_as(
        "select c.registered_at,
                (select p.display_name from associations a join partners p on p.id = a.partner_id
                  where a.customer_id = c.id and a.ended_at is null)
           from customers c where c.id = $1",
    )
    .bind(customer)
    .fetch_one(conn)
    .await?;
    Ok(CustomerFacts {
        registered_at,
        current_partner,
    })
}

/// What the join page shows: the partner, the notice to accept, and every rule that fails for
/// the link and for the signed-in customer.
pub async fn join_info(ctx: &RequestContext, token: &str) -> Result<JoinDetails, AppError> {
    let mut conn = ctx.state.pool.acquire().await?;
    let now = ctx.state.clock.now();
    let link = find_link(&mut conn, token, false).await?;
    let mut problems = link_problems(&link.facts(), now);
    let actor = optional_actor(ctx).await?;
    let customer = match &actor {
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
        Some(c) if c.id != shown => Err(AppError::Refused(Msg::ErrNoticeSuperseded.into())),
        Some(_) if !agree => Err(refuse(vec![Ineligibility::NoticeNotAccepted])),
        _ => Ok(()),
    }
}

/// Associates `customer` through the locked link: signs the notice, counts the use, and picks
/// the link's creator as customer manager when it is one. All in the caller's transaction.
#[allow(clippy::too_many_arguments)]
async fn associate(
    conn: &mut PgConnection,
    link: &Link,
    customer: Uuid,
    who: &AuditActor,
    source: Option<IpAddr>,
    notice: &Option<AgreementVersion>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if let Some(notice) = notice {
        sign_in_tx(conn, who, source, customer, notice, now).await?;
    }
    sqlx::query("update invitation_links set uses = uses + 1 where id = $1")
        .bind(link.id)
        .execute(&mut *conn)
        .await?;
    let inserted = sqlx::query(
        "insert into associations (id, customer_id, partner_id, mode, associated_at, invitation_id,
                                   manager_member_id, manager_assigned_at)
         select $1, $2, $3, $4, $5, $6, m.id, case when m.id is null then null else $5 end
           from (select 1) one
           left join members m on m.id = $7 and m.status = 'active'
                and exists (select 1 from member_roles r
                             where r.member_id = m.id and r.builtin_role = 'customer_manager')",
    )
    .bind(Uuid::new_v4())
    .bind(customer)
    .bind(link.partner_id)
    .bind(&link.mode)
    .bind(now)
    .bind(link.id)
    .bind(link.created_by_member)
    .execute(&mut *conn)
    .await;
    match inserted {
        // The customer's row lock makes this rare; the unique index makes it impossible.
        Err(e) if is_unique_violation(&e) => {
            return Err(AppError::Refused(Msg::ErrAlreadyAssociated.into()))
        }
        other => other?,
    };
    let entry = AuditEntry::success(AuditAction::CustomerAssociate, who.name.clone())
        .for_partner(link.partner_id)
        .for_customer(customer);
    record(conn, who, source, entry).await?;
    Ok(())
}

/// A signed-in customer joins the link's partner.
pub async fn join_existing(
    ctx: &RequestContext,
    actor: &Actor,
    token: &str,
    notice_id: &str,
    agree: bool,
) -> Result<(), AppError> {
    let customer = actor.require_customer()?;
    let now = ctx.state.clock.now();
    let mut tx = ctx.state.pool.begin().await?;
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
    let who = AuditActor::from(actor);
    associate(&mut tx, &link, customer, &who, ctx.source, &notice, now).await?;
    tx.commit().await?;
    Ok(())
}

/// A new customer registers through the link and is associated at once, then signed in.
pub async fn join_new(
    ctx: &RequestContext,
    token: &str,
    notice_id: &str,
    agree: bool,
    form: SignUp,
) -> Result<(), AppError> {
    let now = ctx.state.clock.now();
    // Refuse cheaply before hashing the password; the check is repeated under the lock.
    {
        let mut conn = ctx.state.pool.acquire().await?;
        let link = find_link(&mut conn, token, false).await?;
        let problems = link_problems(&link.facts(), now);
        if !problems.is_empty() {
            return Err(refuse(problems));
        }
        accepted_notice(&current_notice(&mut conn).await?, notice_id, agree)?;
    }
    let hash = ctx.state.passwords.hash_new(&form.password).await;
    let mut tx = ctx.state.pool.begin().await?;
    let link = find_link(&mut tx, token, true).await?;
    let problems = link_problems(&link.facts(), now);
    if !problems.is_empty() {
        return Err(refuse(problems));
    }
    let notice = current_notice(&mut tx).await?;
    accepted_notice(&notice, notice_id, agree)?;
    let customer = insert_customer(&mut tx, &form.new_customer(), hash, now, ctx.source).await?;
    let who = customer_audit_actor(customer, form.account_name.as_str());
    associate(&mut tx, &link, customer, &who, ctx.source, &notice, now).await?;
    tx.commit().await?;
    start_session(ctx, ActorKind::Customer, customer).await
}

#[derive(sqlx::FromRow)]
struct Request {
    id: Uuid,
    association_id: Uuid,
    customer_id: Uuid,
    partner_id: Uuid,
    requested_by: String,
    requested_at: DateTime<Utc>,
}

/// The pending disassociation request of an association, if one waits.
pub async fn pending_request(
    conn: &mut PgConnection,
    association: Uuid,
) -> Result<Option<PendingDisassociation>, AppError> {
    let row: Option<Request> = sqlx::query_as(
        "select id, association_id, customer_id, partner_id, requested_by, requested_at
           from disassociation_requests where association_id = $1 and status = 'pending'",
    )
    .bind(association)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| PendingDisassociation {
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
    let last: Option<DateTime<Utc>> = sqlx::query_scalar(
        "select max(requested_at) from disassociation_requests
          where customer_id = $1 and requested_by = 'customer'",
    )
    .bind(customer)
    .fetch_one(conn)
    .await?;
    Ok(next_disassociation_request(last, now))
}

async fn file_request(
    conn: &mut PgConnection,
    association: Uuid,
    customer: Uuid,
    partner: Uuid,
    by_partner: bool,
    now: DateTime<Utc>,
) -> Result<Uuid, AppError> {
    let id = Uuid::new_v4();
    let inserted = sqlx::query(
        "insert into disassociation_requests
             (id, association_id, customer_id, partner_id, requested_by, requested_at)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(association)
    .bind(customer)
    .bind(partner)
    .bind(if by_partner { "partner" } else { "customer" })
    .bind(now)
    .execute(conn)
    .await;
    match inserted {
        Err(e) if is_unique_violation(&e) => Err(AppError::Refused(Msg::ErrRequestPending.into())),
        other => other.map(|_| id).map_err(Into::into),
    }
}

/// The customer asks to leave its partner: once per 3 months.
pub async fn customer_requests(ctx: &RequestContext, actor: &Actor) -> Result<(), AppError> {
    let customer = actor.require_customer()?;
    let now = ctx.state.clock.now();
    let mut tx = ctx.state.pool.begin().await?;
    // One request at a time per customer, so the 3-month rule holds under concurrency.
    sqlx::query("select 1 from customers where id = $1 for update")
        .bind(customer)
        .execute(&mut *tx)
        .await?;
    let (association, partner): (Uuid, Uuid) = sqlx::query_as(
        "select id, partner_id from associations where customer_id = $1 and ended_at is null",
    )
    .bind(customer)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::Refused(Msg::NoPartner.into()))?;
    if pending_request(&mut tx, association).await?.is_some() {
        return Err(AppError::Refused(Msg::ErrRequestPending.into()));
    }
    if let Some(next) = next_customer_request(&mut tx, customer, now).await? {
        return Err(AppError::Refused(
            Text::new(Msg::ErrDisassociationTooSoon).arg("date", format_local_date(next)),
        ));
    }
    file_request(&mut tx, association, customer, partner, false, now).await?;
    let entry = AuditEntry::success(AuditAction::DisassociationRequest, actor.name.clone())
        .for_partner(partner)
        .for_customer(customer);
    record(&mut tx, &AuditActor::from(actor), ctx.source, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// The partner asks to part with one of its customers.
pub async fn partner_requests(
    ctx: &RequestContext,
    actor: &Actor,
    customer: &str,
) -> Result<(), AppError> {
    let now = ctx.state.clock.now();
    let mut tx = ctx.state.pool.begin().await?;
    let c = scoped_customer(
        &mut tx,
        actor,
        Permission::SalesCustomersDisassociate,
        customer,
        Access::Act,
    )
    .await?;
    file_request(&mut tx, c.association_id, c.id, c.partner_id, true, now).await?;
    let entry =
        AuditEntry::success(AuditAction::DisassociationRequest, c.account_name).for_customer(c.id);
    record(&mut tx, &AuditActor::from(actor), ctx.source, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Settles a pending request: the other side confirms or declines it, or its filer withdraws it
/// (a withdrawn customer request still counts for the 3-month rule). Confirming ends the
/// association and revokes what the partner was authorised to do.
async fn answer(
    conn: &mut PgConnection,
    request: &Request,
    decision: Decision,
    who: &AuditActor,
    source: Option<IpAddr>,
    target: String,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let status = match decision {
        Decision::Confirm => "confirmed",
        Decision::Decline => "declined",
        Decision::Withdraw => "cancelled",
    };
    sqlx::query("update disassociation_requests set status = $2, decided_at = $3 where id = $1")
        .bind(request.id)
        .bind(status)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    let action = match decision {
        Decision::Confirm => {
            sqlx::query("update associations set ended_at = $2, ended_by = $3 where id = $1")
                .bind(request.association_id)
                .bind(now)
                .bind(&request.requested_by)
                .execute(&mut *conn)
                .await?;
            sqlx::query(
                "update authorization_requests
                    set status = 'revoked', revoked_at = $3, revoke_reason = 'disassociated'
                  where customer_id = $1 and partner_id = $2 and status in ('pending', 'approved')",
            )
            .bind(request.customer_id)
            .bind(request.partner_id)
            .bind(now)
            .execute(&mut *conn)
            .await?;
            AuditAction::DisassociationConfirm
        }
        Decision::Decline => AuditAction::DisassociationDecline,
        Decision::Withdraw => AuditAction::DisassociationWithdraw,
    };
    let entry = AuditEntry::success(action, target)
        .for_partner(request.partner_id)
        .for_customer(request.customer_id);
    record(conn, who, source, entry).await?;
    Ok(())
}

/// The pending request `id`, locked, if the side `by_partner` names filed it.
async fn request_to_answer(
    conn: &mut PgConnection,
    id: &str,
    by_partner: bool,
) -> Result<Request, AppError> {
    let id = Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    sqlx::query_as(
        "select id, association_id, customer_id, partner_id, requested_by, requested_at
           from disassociation_requests
          where id = $1 and status = 'pending' and requested_by = $2
          for update",
    )
    .bind(id)
    .bind(if by_partner { "partner" } else { "customer" })
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)
}

/// The customer answers its partner's request, or withdraws its own.
pub async fn customer_answers(
    ctx: &RequestContext,
    actor: &Actor,
    request: &str,
    decision: Decision,
) -> Result<(), AppError> {
    let customer = actor.require_customer()?;
    let mut tx = ctx.state.pool.begin().await?;
    // The customer answers the partner's requests and withdraws its own.
    let r = request_to_answer(&mut tx, request, decision != Decision::Withdraw).await?;
    if r.customer_id != customer {
        return Err(AppError::NotFound);
    }
    let now = ctx.state.clock.now();
    let who = AuditActor::from(actor);
    answer(
        &mut tx,
        &r,
        decision,
        &who,
        ctx.source,
        actor.name.clone(),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The partner answers its customer's request, or withdraws its own.
pub async fn partner_answers(
    ctx: &RequestContext,
    actor: &Actor,
    request: &str,
    decision: Decision,
) -> Result<(), AppError> {
    let mut tx = ctx.state.pool.begin().await?;
    // The partner answers the customer's requests and withdraws its own.
    let r = request_to_answer(&mut tx, request, decision == Decision::Withdraw).await?;
    let c = scoped_customer(
        &mut tx,
        actor,
        Permission::SalesCustomersDisassociate,
        &r.customer_id.to_string(),
        Access::Act,
    )
    .await?;
    if c.association_id != r.association_id {
        return Err(AppError::NotFound);
    }
    let now = ctx.state.clock.now();
    let who = AuditActor::from(actor);
    answer(&mut tx, &r, decision, &who, ctx.source, c.account_name, now).await?;
    tx.commit().await?;
    Ok(())
}
