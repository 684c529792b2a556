//! Writing and reading audit records.

use super::{ActorOption, AuditAction, AuditFilter, AuditPage, AuditRow, AUDIT_PAGE_SIZE};
use crate::core::actor::Actor;
use crate::core::error::{AppError, FieldErrors};
use crate::core::time::{format_local_date, local_day, local_day_start};
use crate::core::validate::parse_optional_date;
use crate::core::viewer::ActorKind;
use chrono::{Duration, Utc};
use sqlx::{PgConnection, PgPool};
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
    actor: &AuditActor,
    source: Option<IpAddr>,
    entry: AuditEntry,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into audit_log
             (partner_id, actor_kind, actor_id, actor_name, action, target, outcome, source_ip,
              customer_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(entry.partner_id.or(actor.partner_id))
    .bind(actor.kind.code())
    .bind(actor.id)
    .bind(&actor.name)
    .bind(entry.action.code())
    .bind(&entry.target)
    .bind(if entry.success { "success" } else { "failure" })
    .bind(source.map(sqlx::types::ipnetwork::IpNetwork::from))
    .bind(entry.customer_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes the action's audit record and commits the action's transaction with it: the change and
/// its record land together or not at all.
pub async fn record_and_commit(
    mut tx: sqlx::Transaction<'_, sqlx::Postgres>,
    actor: &AuditActor,
    source: Option<IpAddr>,
    entry: AuditEntry,
) -> Result<(), AppError> {
    record(&mut tx, actor, source, entry).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    at: chrono::DateTime<Utc>,
    actor_name: String,
    actor_kind: String,
    action: String,
    target: String,
    outcome: String,
    source: Option<String>,
    total: i64,
}

pub async fn list_for_partner(
    pool: &PgPool,
    partner: Uuid,
    filter: &AuditFilter,
) -> Result<AuditPage, AppError> {
    let mut errors = FieldErrors::new();
    let from = errors.check("from", parse_optional_date(filter.from.as_deref()));
    let to = errors.check("to", parse_optional_date(filter.to.as_deref()));
    let action = match filter.action.as_deref().filter(|a| !a.is_empty()) {
        None => None,
        Some(code) => match AuditAction::from_code(code) {
            Some(a) => Some(a),
            None => {
                errors.add("action", crate::core::i18n::Msg::ErrBadChoice);
                None
            }
        },
    };
    // The actor filter: the main account, one member, or everyone.
    let (actor_kind, actor_id) = match filter.actor.as_deref().filter(|a| !a.is_empty()) {
        None => (None, None),
        Some("main") => (Some(ActorKind::PartnerMain.code()), None),
        Some(id) => match Uuid::parse_str(id) {
            Ok(id) => (Some(ActorKind::Member.code()), Some(id)),
            Err(_) => {
                errors.add("actor", crate::core::i18n::Msg::ErrBadChoice);
                (None, None)
            }
        },
    };
    errors.into_result()?;

    let today = local_day(Utc::now());
    let to = to.flatten().unwrap_or(today);
    let from = from.flatten().unwrap_or(to - Duration::days(6));
    let page = filter.page.unwrap_or(1).clamp(1, 10_000);
    let rows = sqlx::query_as::<_, Row>(
        "select id, at, actor_name, actor_kind, action, target, outcome,
                host(source_ip) as source, count(*) over () as total
           from audit_log
          where partner_id = $1
            and at >= $2 and at < $3
            and ($4::text is null or actor_kind = $4)
            and ($5::uuid is null or actor_id = $5)
            and ($6::text is null or action = $6)
          order by at desc, id desc
          limit $7 offset $8",
    )
    .bind(partner)
    .bind(local_day_start(from))
    .bind(local_day_start(to + Duration::days(1)))
    .bind(actor_kind)
    .bind(actor_id)
    .bind(action.map(|a| a.code()))
    .bind(AUDIT_PAGE_SIZE as i64)
    .bind(((page - 1) * AUDIT_PAGE_SIZE) as i64)
    .fetch_all(pool)
    .await?;
    // Past the last page there is no row to carry the count; the pager then offers "previous".
    let total = rows.first().map_or(0, |r| r.total);
    let members: Vec<(Uuid, String, String)> = sqlx::query_as(
        "select id, user_name, display_name from members where partner_id = $1 order by lower(user_name)",
    )
    .bind(partner)
    .fetch_all(pool)
    .await?;
    let mut actors = vec![ActorOption {
        value: "main".into(),
        label: String::new(),
    }];
    actors.extend(members.into_iter().map(|(id, user, display)| ActorOption {
        value: id.to_string(),
        label: format!("{display} ({user})"),
    }));
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
        from: format_local_date(local_day_start(from)),
        to: format_local_date(local_day_start(to)),
        actors,
    })
}
