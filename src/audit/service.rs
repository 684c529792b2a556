//! Writing audit records in the change's own transaction, and reading them back.

use super::store::{self, NewRecord, Search};
use super::{
    Activity, ActorOption, AuditAction, AuditFilter, AuditPage, AuditRow, AUDIT_PAGE_SIZE,
};
use crate::core::actor::Actor;
use crate::core::error::{AppError, FieldErrors};
use crate::core::i18n::Msg;
use crate::core::permissions::Permission;
use crate::core::time::Day;
use crate::core::viewer::ActorKind;
use crate::server::Call;
use sqlx::{PgConnection, Postgres, Transaction};
use std::net::IpAddr;
use uuid::Uuid;

/// Who did it, as the record names them.
#[derive(Clone, Debug)]
pub struct AuditActor {
    pub kind: ActorKind,
    pub id: Option<Uuid>,
    pub name: String,
    pub partner_id: Option<Uuid>,
}

impl From<&Actor> for AuditActor {
    fn from(actor: &Actor) -> Self {
        AuditActor {
            kind: actor.kind,
            id: Some(actor.id),
            name: actor.name.clone(),
            partner_id: actor.partner_id,
        }
    }
}

/// One record to write.
pub struct AuditEntry {
    pub action: AuditAction,
    pub target: String,
    pub success: bool,
    /// The partner the record belongs to, when it is not the actor's own (e.g. operator actions).
    pub partner_id: Option<Uuid>,
    pub customer_id: Option<Uuid>,
}

impl AuditEntry {
    pub fn success(action: AuditAction, target: impl Into<String>) -> Self {
        AuditEntry {
            action,
            target: target.into(),
            success: true,
            partner_id: None,
            customer_id: None,
        }
    }

    pub fn failure(action: AuditAction, target: impl Into<String>) -> Self {
        AuditEntry {
            success: false,
            ..AuditEntry::success(action, target)
        }
    }

    pub fn for_partner(mut self, partner: Uuid) -> Self {
        self.partner_id = Some(partner);
        self
    }

    pub fn for_customer(mut self, customer: Uuid) -> Self {
        self.customer_id = Some(customer);
        self
    }
}

/// Writes one record on the caller's connection: pass the transaction of the change itself.
pub async fn record(
    conn: &mut PgConnection,
    who: &AuditActor,
    source: Option<IpAddr>,
    entry: &AuditEntry,
) -> Result<(), sqlx::Error> {
    store::insert(
        conn,
        &NewRecord {
            partner_id: entry.partner_id.or(who.partner_id),
            actor_kind: who.kind,
            actor_id: who.id,
            actor_name: &who.name,
            action: entry.action.code(),
            target: &entry.target,
            success: entry.success,
            source,
            customer_id: entry.customer_id,
        },
    )
    .await
}

/// Writes one record per (target, customer) of the same action, in one statement.
pub async fn record_many(
    conn: &mut PgConnection,
    who: &AuditActor,
    source: Option<IpAddr>,
    action: AuditAction,
    partner: Option<Uuid>,
    items: &[(String, Option<Uuid>)],
) -> Result<(), sqlx::Error> {
    if items.is_empty() {
        return Ok(());
    }
    store::insert_many(
        conn,
        &NewRecord {
            partner_id: partner.or(who.partner_id),
            actor_kind: who.kind,
            actor_id: who.id,
            actor_name: &who.name,
            action: action.code(),
            target: "",
            success: true,
            source,
            customer_id: None,
        },
        items,
    )
    .await
}

/// Writes a record of the caller's action in the change's transaction.
pub async fn record_call(
    conn: &mut PgConnection,
    call: &Call,
    entry: &AuditEntry,
) -> Result<(), sqlx::Error> {
    record(conn, &AuditActor::from(&call.actor), call.source, entry).await
}

/// Writes the action's record and commits the action's transaction with it: the change and its
/// record land together or not at all. A change of who may do what (members, roles, partners,
/// keys) then clears this server's caches, so the next request reads it.
pub async fn commit(
    mut tx: Transaction<'_, Postgres>,
    call: &Call,
    entry: AuditEntry,
) -> Result<(), AppError> {
    record_call(&mut tx, call, &entry).await?;
    tx.commit().await?;
    if entry.action.changes_access() {
        call.state.caches.invalidate();
    }
    Ok(())
}

/// Whether an export writes personal data unmasked: only when the caller asked and holds
/// `sales.data.unmask`, and then with a record of who read what unmasked, on `conn` (pass the
/// transaction that starts a background export, so the job and its record land together).
pub async fn unmask(
    conn: &mut PgConnection,
    call: &Call,
    asked: bool,
    what: &str,
) -> Result<bool, AppError> {
    if !asked {
        return Ok(false);
    }
    call.actor.require(Permission::SalesDataUnmask)?;
    record_call(
        conn,
        call,
        &AuditEntry::success(AuditAction::DataUnmask, what),
    )
    .await?;
    Ok(true)
}

/// The search a filter asks for, with the Beijing days it spans: the last 7 days by default,
/// filtered by actor, action and dates. A member whose scope is narrowed to its assigned
/// customers sees only what it did itself.
pub fn search_of(call: &Call, filter: &AuditFilter) -> Result<(Search, Day, Day), AppError> {
    let partner = call.actor.require(Permission::AuditView)?;
    let mut errors = FieldErrors::new();
    let from = errors.check("from", Day::parse_optional(filter.from.as_deref()));
    let to = errors.check("to", Day::parse_optional(filter.to.as_deref()));
    let action = match filter.action.as_deref().filter(|a| !a.is_empty()) {
        None => None,
        Some(code) => {
            let found = AuditAction::from_code(code);
            if found.is_none() {
                errors.add("action", Msg::ErrBadChoice);
            }
            found
        }
    };
    // The actor filter: the main account, one member, or everyone.
    let (mut actor_kind, mut actor_id) = match filter.actor.as_deref().filter(|a| !a.is_empty()) {
        None => (None, None),
        Some("main") => (Some(ActorKind::PartnerMain.code()), None),
        Some(id) => match Uuid::parse_str(id) {
            Ok(id) => (Some(ActorKind::Member.code()), Some(id)),
            Err(_) => {
                errors.add("actor", Msg::ErrBadChoice);
                (None, None)
            }
        },
    };
    errors.into_result()?;
    if let Some(me) = call.actor.assigned_to() {
        if actor_id.is_some_and(|a| a != me) || actor_kind == Some(ActorKind::PartnerMain.code()) {
            // Asking for someone else's records: there are none to see.
            actor_id = Some(Uuid::nil());
        } else {
            actor_id = Some(me);
        }
        actor_kind = Some(ActorKind::Member.code());
    }
    let to = to.flatten().unwrap_or_else(|| Day::of(call.now()));
    let from = from.flatten().unwrap_or_else(|| to.minus_days(6));
    let search = Search {
        partner,
        from: from.start(),
        until: to.end(),
        actor_kind: actor_kind.map(str::to_string),
        actor_id,
        action: action.map(|a| a.code().to_string()),
    };
    Ok((search, from, to))
}

/// One page of the partner's records (see [`search_of`]).
pub async fn list(call: &Call, filter: &AuditFilter) -> Result<AuditPage, AppError> {
    let (search, from, to) = search_of(call, filter)?;
    let partner = search.partner;
    let own_only = call.actor.assigned_to();
    let page = filter.page.unwrap_or(1).clamp(1, 10_000);
    let mut conn = call.pool().acquire().await?;
    let rows = store::search(
        &mut conn,
        &search,
        (
            AUDIT_PAGE_SIZE as i64,
            ((page - 1) * AUDIT_PAGE_SIZE) as i64,
        ),
    )
    .await?;
    // Past the last page there is no row to carry the count; the pager then offers "previous".
    let total = rows.first().map_or(0, |r| r.total);
    let actors = match own_only {
        Some(_) => vec![],
        None => {
            let mut actors = vec![ActorOption {
                value: "main".into(),
                label: String::new(),
            }];
            actors.extend(store::members(&mut conn, partner).await?.into_iter().map(
                |(id, user, display)| ActorOption {
                    value: id.to_string(),
                    label: format!("{display} ({user})"),
                },
            ));
            actors
        }
    };
    Ok(AuditPage {
        rows: rows
            .into_iter()
            .map(|r| AuditRow {
                id: r.id,
                at: r.at,
                actor_name: r.actor_name,
                actor_kind: r.actor_kind,
                action: r.action,
                target: r.target,
                success: r.outcome == "success",
                source: r.source,
            })
            .collect(),
        total,
        page,
        page_size: AUDIT_PAGE_SIZE,
        from: from.to_string(),
        to: to.to_string(),
        actors,
    })
}

/// The latest records about a customer, by anyone (its Account Centre home).
pub async fn about_customer(
    conn: &mut PgConnection,
    customer: Uuid,
) -> Result<Vec<Activity>, AppError> {
    Ok(store::about_customer(conn, customer, 20)
        .await?
        .into_iter()
        .map(Activity::from)
        .collect())
}

impl From<store::ActivityRow> for Activity {
    fn from(r: store::ActivityRow) -> Self {
        Activity {
            at: r.at,
            actor_name: r.actor_name,
            action: r.action,
            target: r.target,
        }
    }
}
