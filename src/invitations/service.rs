//! Making, listing and revoking invitation links. A customer manager sees and revokes only the
//! links it made.

use super::rules::link_state;
use super::store::{self, NewLink};
use super::{InvitationLink, LinkState, MAX_USES, MAX_VALID_DAYS};
use crate::audit::service::{commit, AuditEntry};
use crate::audit::AuditAction;
use crate::core::error::{AppError, FieldErrors};
use crate::core::i18n::{Msg, Text};
use crate::core::permissions::Permission;
use crate::server::Call;
use chrono::Duration;
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
    call: &Call,
    mode: &str,
    valid_days: &str,
    max_uses: &str,
) -> Result<(), AppError> {
    let partner = call.actor.require(Permission::SalesCustomersInvite)?;
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
    let now = call.now();
    let mut tx = call.begin().await?;
    store::insert(
        &mut tx,
        &NewLink {
            partner,
            token: &new_token(),
            mode,
            expires_at: now + Duration::days(days),
            max_uses: uses.and_then(|u| i32::try_from(u).ok()),
            created_by_member: call.actor.member_id(),
            created_by_name: &call.actor.display_name,
            created_at: now,
        },
    )
    .await?;
    let entry = AuditEntry::success(AuditAction::InvitationCreate, format!("{mode}, {days}d"));
    commit(tx, call, entry).await
}

pub async fn revoke(call: &Call, id: &str) -> Result<(), AppError> {
    let partner = call.actor.require(Permission::SalesCustomersInvite)?;
    let id = Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    let mut tx = call.begin().await?;
    if !store::revoke(&mut tx, partner, id, call.actor.assigned_to(), call.now()).await? {
        return Err(AppError::NotFound);
    }
    let entry = AuditEntry::success(AuditAction::InvitationRevoke, id.to_string());
    commit(tx, call, entry).await
}

/// The newest links of the partner (at most 100; older ones have long expired).
pub async fn list(call: &Call) -> Result<Vec<InvitationLink>, AppError> {
    let partner = call.actor.require(Permission::SalesCustomersInvite)?;
    let mut conn = call.pool().acquire().await?;
    let rows = store::newest(&mut conn, partner, call.actor.assigned_to(), 100).await?;
    let now = call.now();
    Ok(rows
        .into_iter()
        .map(|r| {
            let state = link_state(&r.facts(), now);
            let url = format!("{}/join/{}", call.origin, r.token);
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
