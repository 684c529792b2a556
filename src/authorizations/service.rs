//! Filing, answering, revoking and checking authorizations.

use super::rules::{check_end_date, effective_status, AuthorizationStatus, EndDateError, Scope};
use super::{Activity, AuthorizationView};
use crate::audit::service::{record_and_commit, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::core::actor::Actor;
use crate::core::error::{AppError, FieldErrors};
use crate::core::i18n::{Msg, Text};
use crate::core::permissions::Permission;
use crate::core::time::{local_day, local_day_start};
use crate::core::validate::{parse_long_text, parse_optional_date};
use crate::customers::service::{scoped_customer, Access};
use crate::server::RequestContext;
use chrono::{DateTime, Duration, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    partner_id: Uuid,
    partner_name: String,
    scopes: Vec<String>,
    ends_at: DateTime<Utc>,
    status: String,
    requested_at: DateTime<Utc>,
    requested_by_name: String,
    decided_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
    revoke_reason: Option<String>,
}

const SELECT: &str = "select r.id, r.partner_id, p.display_name as partner_name, r.scopes,
        r.ends_at, r.status, r.requested_at, r.requested_by_name, r.decided_at, r.revoked_at,
        r.revoke_reason
   from authorization_requests r join partners p on p.id = r.partner_id";

fn view_of(r: Row, now: DateTime<Utc>, activity: Vec<Activity>) -> AuthorizationView {
    AuthorizationView {
        id: r.id.to_string(),
        partner_name: r.partner_name,
        scopes: r
            .scopes
            .iter()
            .filter_map(|s| Scope::from_code(s))
            .collect(),
        ends_at: r.ends_at,
        status: effective_status(&r.status, r.requested_at, r.ends_at, now),
        requested_at: r.requested_at,
        requested_by: r.requested_by_name,
        decided_at: r.decided_at,
        revoke_reason: r.revoke_reason,
        activity,
    }
}

/// The partner's actions on the customer between approval and the end of the authorization.
async fn activity(
    conn: &mut PgConnection,
    customer: Uuid,
    r: &Row,
    now: DateTime<Utc>,
) -> Result<Vec<Activity>, AppError> {
    let Some(from) = r.decided_at.filter(|_| r.status != "rejected") else {
        return Ok(vec![]);
    };
    let until = r.revoked_at.unwrap_or(r.ends_at).min(now);
    let rows: Vec<(DateTime<Utc>, String, String, String)> = sqlx::query_as(
        "select at, actor_name, action, target from audit_log
          where customer_id = $1 and partner_id = $2
            and actor_kind in ('partner_main', 'member')
            and at >= $3 and at <= $4
          order by at desc, id desc limit 50",
    )
    .bind(customer)
    .bind(r.partner_id)
    .bind(from)
    .bind(until)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(at, actor_name, action, target)| Activity {
            at,
            actor_name,
            action,
            target,
        })
        .collect())
}

pub async fn for_customer(
    ctx: &RequestContext,
    actor: &Actor,
) -> Result<Vec<AuthorizationView>, AppError> {
    let customer = actor.require_customer()?;
    let mut conn = ctx.state.pool.acquire().await?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} where r.customer_id = $1 order by r.requested_at desc limit 100"
    ))
    .bind(customer)
    .fetch_all(&mut *conn)
    .await?;
    let now = ctx.state.clock.now();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let activity = activity(&mut conn, customer, &r, now).await?;
        out.push(view_of(r, now, activity));
    }
    Ok(out)
}

/// The partner's requests to one of its customers (the customer detail page).
pub async fn for_partner_customer(
    conn: &mut PgConnection,
    partner: Uuid,
    customer: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<AuthorizationView>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} where r.partner_id = $1 and r.customer_id = $2
          order by r.requested_at desc limit 20"
    ))
    .bind(partner)
    .bind(customer)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| view_of(r, now, vec![])).collect())
}

/// The active authorization of `partner` on `customer` covering `scope`: what every action on
/// the customer's behalf checks first. Returns the authorization's id.
pub async fn require_active(
    conn: &mut PgConnection,
    partner: Uuid,
    customer: Uuid,
    scope: Scope,
    now: DateTime<Utc>,
) -> Result<Uuid, AppError> {
    let found: Option<Uuid> = sqlx::query_scalar(
        "select r.id from authorization_requests r
           join associations a on a.customer_id = r.customer_id and a.partner_id = r.partner_id
                              and a.ended_at is null
          where r.partner_id = $1 and r.customer_id = $2 and r.status = 'approved'
            and r.ends_at > $4 and $3 = any(r.scopes)
          order by r.ends_at desc limit 1",
    )
    .bind(partner)
    .bind(customer)
    .bind(scope.code())
    .bind(now)
    .fetch_optional(conn)
    .await?;
    found.ok_or_else(|| {
        AppError::Refused(Text::new(Msg::ErrNotAuthorized).arg("scope", scope.code()))
    })
}

pub async fn request(
    ctx: &RequestContext,
    actor: &Actor,
    customer: &str,
    scopes: &[String],
    ends_on: &str,
) -> Result<(), AppError> {
    let now = ctx.state.clock.now();
    let mut errors = FieldErrors::new();
    let mut chosen: Vec<Scope> = Vec::new();
    for code in scopes.iter().filter(|s| !s.is_empty()) {
        match Scope::from_code(code) {
            Some(s) if !chosen.contains(&s) => chosen.push(s),
            Some(_) => {}
            None => errors.add("scopes", Msg::ErrBadChoice),
        }
    }
    if chosen.is_empty() {
        errors.add("scopes", Msg::ErrChooseScope);
    }
    let ends_on = match errors.check("ends_on", parse_optional_date(Some(ends_on))) {
        Some(None) => {
            errors.add("ends_on", Msg::ErrRequired);
            None
        }
        Some(Some(day)) => match check_end_date(day, local_day(now)) {
            Ok(()) => Some(day),
            Err(EndDateError::NotInFuture) => {
                errors.add("ends_on", Msg::ErrEndDateFuture);
                None
            }
            Err(EndDateError::TooFar) => {
                errors.add("ends_on", Msg::ErrEndDateTooFar);
                None
            }
        },
        None => None,
    };
    let mut tx = ctx.state.pool.begin().await?;
    let c = scoped_customer(
        &mut tx,
        actor,
        Permission::SalesCustomersAuthorize,
        customer,
        Access::Act,
    )
    .await?;
    errors.into_result()?;
    let ends_on = ends_on.ok_or(AppError::Internal)?;
    if !c.resale {
        return Err(AppError::Refused(Msg::ErrAuthorizationResaleOnly.into()));
    }
    // One open request per customer: serialise on the association.
    sqlx::query("select 1 from associations where id = $1 for update")
        .bind(c.association_id)
        .execute(&mut *tx)
        .await?;
    let pending: bool = sqlx::query_scalar(
        "select exists (select 1 from authorization_requests
                         where partner_id = $1 and customer_id = $2 and status = 'pending'
                           and requested_at > $3)",
    )
    .bind(c.partner_id)
    .bind(c.id)
    .bind(now - Duration::days(super::rules::PENDING_DAYS))
    .fetch_one(&mut *tx)
    .await?;
    if pending {
        return Err(AppError::Refused(Msg::ErrAuthorizationPending.into()));
    }
    let codes: Vec<&str> = chosen.iter().map(|s| s.code()).collect();
    // The authorization lasts to the end of the chosen Beijing day.
    let ends_at = local_day_start(ends_on + Duration::days(1));
    sqlx::query(
        "insert into authorization_requests
             (id, partner_id, customer_id, scopes, ends_at, requested_at, requested_by_name)
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(Uuid::new_v4())
    .bind(c.partner_id)
    .bind(c.id)
    .bind(&codes)
    .bind(ends_at)
    .bind(now)
    .bind(&actor.display_name)
    .execute(&mut *tx)
    .await?;
    let target = format!("{}: {}", c.account_name, codes.join(","));
    let entry = AuditEntry::success(AuditAction::AuthorizationRequest, target).for_customer(c.id);
    record_and_commit(tx, &AuditActor::from(actor), ctx.source, entry).await
}

/// The customer's own request `id`, locked for the change.
async fn own_request(conn: &mut PgConnection, customer: Uuid, id: &str) -> Result<Row, AppError> {
    let id = Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    sqlx::query_as(&format!(
        "{SELECT} where r.id = $1 and r.customer_id = $2 for update of r"
    ))
    .bind(id)
    .bind(customer)
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)
}

pub async fn answer(
    ctx: &RequestContext,
    actor: &Actor,
    id: &str,
    decision: &str,
) -> Result<(), AppError> {
    let customer = actor.require_customer()?;
    let (status, action) = match decision {
        "approve" => ("approved", AuditAction::AuthorizationApprove),
        "reject" => ("rejected", AuditAction::AuthorizationReject),
        _ => return Err(AppError::field("decision", Msg::ErrBadChoice)),
    };
    let now = ctx.state.clock.now();
    let mut tx = ctx.state.pool.begin().await?;
    let r = own_request(&mut tx, customer, id).await?;
    match effective_status(&r.status, r.requested_at, r.ends_at, now) {
        AuthorizationStatus::Pending => {}
        AuthorizationStatus::Expired => {
            return Err(AppError::Refused(Msg::ErrAuthorizationExpired.into()))
        }
        _ => return Err(AppError::Refused(Msg::ErrAuthorizationAnswered.into())),
    }
    sqlx::query("update authorization_requests set status = $2, decided_at = $3 where id = $1")
        .bind(r.id)
        .bind(status)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    let entry = AuditEntry::success(action, r.partner_name.clone())
        .for_partner(r.partner_id)
        .for_customer(customer);
    record_and_commit(tx, &AuditActor::from(actor), ctx.source, entry).await
}

pub async fn revoke(
    ctx: &RequestContext,
    actor: &Actor,
    id: &str,
    reason: &str,
) -> Result<(), AppError> {
    let customer = actor.require_customer()?;
    let reason = parse_long_text(reason, 200).map_err(|t| AppError::field("reason", t))?;
    let now = ctx.state.clock.now();
    let mut tx = ctx.state.pool.begin().await?;
    let r = own_request(&mut tx, customer, id).await?;
    if effective_status(&r.status, r.requested_at, r.ends_at, now) != AuthorizationStatus::Approved
    {
        return Err(AppError::Refused(Msg::ErrAuthorizationNotActive.into()));
    }
    sqlx::query(
        "update authorization_requests
            set status = 'revoked', revoked_at = $2, revoke_reason = $3 where id = $1",
    )
    .bind(r.id)
    .bind(now)
    .bind(&reason)
    .execute(&mut *tx)
    .await?;
    let entry = AuditEntry::success(
        AuditAction::AuthorizationRevoke,
        format!("{}: {reason}", r.partner_name),
    )
    .for_partner(r.partner_id)
    .for_customer(customer);
    record_and_commit(tx, &AuditActor::from(actor), ctx.source, entry).await
}
