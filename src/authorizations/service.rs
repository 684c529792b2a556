//! Filing, answering, revoking and checking authorizations.

use super::rules::{check_end_date, effective_status, AuthorizationStatus, EndDateError, Scope};
use super::store::{self, NewRequest, Row};
use super::AuthorizationView;
use crate::audit::service::{commit, AuditEntry};
use crate::audit::{Activity, AuditAction};
use crate::core::error::{AppError, FieldErrors};
use crate::core::i18n::{Msg, Text};
use crate::core::permissions::Permission;
use crate::core::time::Day;
use crate::core::validate::parse_long_text;
use crate::scope::{self, Access};
use crate::server::Call;
use chrono::{DateTime, Duration, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

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
    let rows =
        crate::audit::store::partner_activity(conn, customer, r.partner_id, (from, until), 50)
            .await?;
    Ok(rows.into_iter().map(Activity::from).collect())
}

/// The signed-in customer's authorizations, newest first, each with what was done under it.
pub async fn for_customer(call: &Call) -> Result<Vec<AuthorizationView>, AppError> {
    let customer = call.actor.require_customer()?;
    let mut conn = call.pool().acquire().await?;
    let rows = store::of_customer(&mut conn, customer).await?;
    let now = call.now();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let activity = activity(&mut conn, customer, &r, now).await?;
        out.push(view_of(r, now, activity));
    }
    Ok(out)
}

/// The partner's requests to one of its customers (the customer overview).
pub async fn for_partner_customer(
    conn: &mut PgConnection,
    partner: Uuid,
    customer: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<AuthorizationView>, AppError> {
    let rows = store::of_partner_customer(conn, partner, customer).await?;
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
    store::active_covering(conn, partner, customer, scope.code(), now)
        .await?
        .ok_or_else(|| {
            AppError::Refused(Text::new(Msg::ErrNotAuthorized).arg("scope", scope.code()))
        })
}

/// The scopes chosen (`scopes[N]` checkboxes) and the end day, checked.
fn parse_request(
    scopes: &[String],
    ends_on: &str,
    today: Day,
) -> Result<(Vec<Scope>, Day), AppError> {
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
    let ends_on = match errors.check("ends_on", Day::parse_optional(Some(ends_on))) {
        Some(None) => {
            errors.add("ends_on", Msg::ErrRequired);
            None
        }
        Some(Some(day)) => match check_end_date(day.date(), today.date()) {
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
    errors.into_result()?;
    Ok((chosen, ends_on.ok_or(AppError::Internal)?))
}

/// The partner asks a resale customer for scopes until a Beijing day (inclusive).
pub async fn request(
    call: &Call,
    customer: &str,
    scopes: &[String],
    ends_on: &str,
) -> Result<(), AppError> {
    let now = call.now();
    let mut tx = call.begin().await?;
    let c = scope::customer(
        &mut tx,
        &call.actor,
        Permission::SalesCustomersAuthorize,
        customer,
        Access::Act,
    )
    .await?;
    let (chosen, ends_on) = parse_request(scopes, ends_on, Day::of(now))?;
    if !c.resale {
        return Err(AppError::Refused(Msg::ErrAuthorizationResaleOnly.into()));
    }
    // One open request per customer: serialise on the association.
    store::lock_association(&mut tx, c.association_id).await?;
    let since = now - Duration::days(super::rules::PENDING_DAYS);
    if store::pending_since(&mut tx, c.partner_id, c.id, since).await? {
        return Err(AppError::Refused(Msg::ErrAuthorizationPending.into()));
    }
    let codes: Vec<String> = chosen.iter().map(|s| s.code().to_string()).collect();
    store::insert(
        &mut tx,
        &NewRequest {
            partner: c.partner_id,
            customer: c.id,
            scopes: &codes,
            ends_at: ends_on.end(),
            requested_at: now,
            requested_by_name: &call.actor.display_name,
        },
    )
    .await?;
    let target = format!("{}: {}", c.account_name, codes.join(","));
    let entry = AuditEntry::success(AuditAction::AuthorizationRequest, target).for_customer(c.id);
    commit(tx, call, entry).await
}

/// The customer's own request `id`, locked for the change.
async fn own_request(conn: &mut PgConnection, customer: Uuid, id: &str) -> Result<Row, AppError> {
    let id = Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    store::lock_of_customer(conn, customer, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// The customer approves or rejects a pending request.
pub async fn answer(call: &Call, id: &str, decision: &str) -> Result<(), AppError> {
    let customer = call.actor.require_customer()?;
    let (status, action) = match decision {
        "approve" => ("approved", AuditAction::AuthorizationApprove),
        "reject" => ("rejected", AuditAction::AuthorizationReject),
        _ => return Err(AppError::field("decision", Msg::ErrBadChoice)),
    };
    let now = call.now();
    let mut tx = call.begin().await?;
    let r = own_request(&mut tx, customer, id).await?;
    match effective_status(&r.status, r.requested_at, r.ends_at, now) {
        AuthorizationStatus::Pending => {}
        AuthorizationStatus::Expired => {
            return Err(AppError::Refused(Msg::ErrAuthorizationExpired.into()))
        }
        _ => return Err(AppError::Refused(Msg::ErrAuthorizationAnswered.into())),
    }
    store::decide(&mut tx, r.id, status, now).await?;
    let entry = AuditEntry::success(action, r.partner_name.clone())
        .for_partner(r.partner_id)
        .for_customer(customer);
    commit(tx, call, entry).await
}

/// The customer revokes an approved authorization, giving a reason.
pub async fn revoke(call: &Call, id: &str, reason: &str) -> Result<(), AppError> {
    let customer = call.actor.require_customer()?;
    let reason = parse_long_text(reason, 200).map_err(|t| AppError::field("reason", t))?;
    let now = call.now();
    let mut tx = call.begin().await?;
    let r = own_request(&mut tx, customer, id).await?;
    if effective_status(&r.status, r.requested_at, r.ends_at, now) != AuthorizationStatus::Approved
    {
        return Err(AppError::Refused(Msg::ErrAuthorizationNotActive.into()));
    }
    store::revoke(&mut tx, r.id, now, &reason).await?;
    let target = format!("{}: {reason}", r.partner_name);
    let entry = AuditEntry::success(AuditAction::AuthorizationRevoke, target)
        .for_partner(r.partner_id)
        .for_customer(customer);
    commit(tx, call, entry).await
}
