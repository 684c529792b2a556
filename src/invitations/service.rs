//! Making, listing and revoking invitation links.

use super::{InvitationLink, LinkState, MAX_USES, MAX_VALID_DAYS};
use crate::association::rules::{link_problems, Ineligibility, LinkFacts};
use crate::audit::service::{record_and_commit, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::core::actor::Actor;
use crate::core::error::{AppError, FieldErrors};
use crate::core::i18n::{Msg, Text};
use crate::core::permissions::Permission;
use crate::server::RequestContext;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use uuid::Uuid;

/// 128 random bits, hex: unguessable, and safe in a URL path.
fn new_token() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The link as a QR code in SVG; error correction M so a phone reads it from a screen.
pub fn qr_svg(url: &str) -> String {
    match qrcode::QrCode::with_error_correction_level(url, qrcode::EcLevel::M) {
        Ok(code) => code
            .render::<qrcode::render::svg::Color>()
            .min_dimensions(160, 160)
            .quiet_zone(true)
            .build(),
        Err(e) => {
            tracing::error!(error = %e, "qr code");
            String::new()
        }
    }
}

fn parse_number(errors: &mut FieldErrors, field: &str, value: &str, max: i64) -> Option<i64> {
    match value.trim().parse::<i64>() {
        Ok(n) if (1..=max).contains(&n) => Some(n),
        _ => {
            errors.add(
                field,
                Text::new(Msg::ErrNumberRange).arg("min", 1).arg("max", max),
            );
            None
        }
    }
}

pub async fn create(
    ctx: &RequestContext,
    actor: &Actor,
    mode: &str,
    valid_days: &str,
    max_uses: &str,
) -> Result<(), AppError> {
    let partner = actor.require(Permission::SalesCustomersInvite)?;
    let mut errors = FieldErrors::new();
    if !matches!(mode, "resale" | "consulting") {
        errors.add("mode", Msg::ErrBadChoice);
    }
    let days = parse_number(&mut errors, "valid_days", valid_days, MAX_VALID_DAYS);
    let uses = match max_uses.trim() {
        "" => None,
        n => parse_number(&mut errors, "max_uses", n, MAX_USES.into()),
    };
    errors.into_result()?;
    let days = days.ok_or(AppError::Internal)?;
    let now = ctx.state.clock.now();
    let mut tx = ctx.state.pool.begin().await?;
    sqlx::query(
        "insert into invitation_links (id, partner_id, token, mode, expires_at, max_uses,
                                       created_by_member, created_by_name, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(Uuid::new_v4())
    .bind(partner)
    .bind(new_token())
    .bind(mode)
    .bind(now + Duration::days(days))
    .bind(uses.map(|u| u as i32))
    .bind(actor.member_id())
    .bind(&actor.display_name)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let target = format!("{mode}, {days}d");
    let entry = AuditEntry::success(AuditAction::InvitationCreate, target);
    record_and_commit(tx, &AuditActor::from(actor), ctx.source, entry).await
}

pub async fn revoke(ctx: &RequestContext, actor: &Actor, id: &str) -> Result<(), AppError> {
    let partner = actor.require(Permission::SalesCustomersInvite)?;
    let id = Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    let mut tx = ctx.state.pool.begin().await?;
    let revoked = sqlx::query(
        "update invitation_links set revoked_at = $3
          where id = $1 and partner_id = $2 and revoked_at is null",
    )
    .bind(id)
    .bind(partner)
    .bind(ctx.state.clock.now())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if revoked == 0 {
        return Err(AppError::NotFound);
    }
    let entry = AuditEntry::success(AuditAction::InvitationRevoke, id.to_string());
    record_and_commit(tx, &AuditActor::from(actor), ctx.source, entry).await
}

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    token: String,
    mode: String,
    expires_at: DateTime<Utc>,
    max_uses: Option<i32>,
    uses: i32,
    revoked: bool,
    created_by_name: String,
    created_at: DateTime<Utc>,
}

/// The newest links of the partner (at most 100; older ones have long expired).
pub async fn list(ctx: &RequestContext, actor: &Actor) -> Result<Vec<InvitationLink>, AppError> {
    let partner = actor.require(Permission::SalesCustomersInvite)?;
    let rows: Vec<Row> = sqlx::query_as(
        "select id, token, mode, expires_at, max_uses, uses, revoked_at is not null as revoked,
                created_by_name, created_at
           from invitation_links where partner_id = $1
          order by created_at desc limit 100",
    )
    .bind(partner)
    .fetch_all(&ctx.state.pool)
    .await?;
    let now = ctx.state.clock.now();
    Ok(rows
        .into_iter()
        .map(|r| {
            let facts = LinkFacts {
                expires_at: r.expires_at,
                revoked: r.revoked,
                max_uses: r.max_uses,
                uses: r.uses,
            };
            let state = match link_problems(&facts, now).first() {
                None => LinkState::Active,
                Some(Ineligibility::LinkRevoked) => LinkState::Revoked,
                Some(Ineligibility::LinkUsedUp) => LinkState::UsedUp,
                Some(_) => LinkState::Expired,
            };
            let url = format!("{}/join/{}", ctx.origin, r.token);
            InvitationLink {
                id: r.id.to_string(),
                qr_svg: if state == LinkState::Active {
                    qr_svg(&url)
                } else {
                    String::new()
                },
                url,
                resale: r.mode == "resale",
                expires_at: r.expires_at,
                max_uses: r.max_uses,
                uses: r.uses,
                state,
                created_by: r.created_by_name,
                created_at: r.created_at,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_hex_and_differ() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn qr_code_is_an_svg() {
        let svg = qr_svg("http://127.0.0.1:3000/join/0123456789abcdef0123456789abcdef");
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
    }
}
