//! Results of batch operations (funds, coupons, quotas to up to 100 at once), kept so that the
//! page a form leads to shows each line's outcome, with or without JavaScript. A result is shown
//! only to the user who ran it: it may name customers outside another member's scope.

use super::Call;
use crate::core::error::AppError;
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

/// Keeps a batch's result, in the batch's own transaction.
pub async fn store<T: Serialize>(
    conn: &mut PgConnection,
    call: &Call,
    partner: Uuid,
    kind: &str,
    id: Uuid,
    result: &T,
) -> Result<(), AppError> {
    let value = serde_json::to_value(result).map_err(|e| {
        tracing::error!(error = %e, "a batch result could not be stored");
        AppError::Internal
    })?;
    sqlx::query!(
        "insert into operation_batches (id, partner_id, kind, actor_id, result, at)
         values ($1, $2, $3, $4, $5, $6)",
        id,
        partner,
        kind,
        call.actor.id,
        value,
        call.now() as _
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// A result the caller itself produced; "not found" for anyone else's.
pub async fn load<T: DeserializeOwned>(
    conn: &mut PgConnection,
    call: &Call,
    partner: Uuid,
    kind: &str,
    id: &str,
) -> Result<T, AppError> {
    let id = Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    let value = sqlx::query_scalar!(
        "select result from operation_batches
          where id = $1 and partner_id = $2 and kind = $3 and actor_id = $4",
        id,
        partner,
        kind,
        call.actor.id
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    serde_json::from_value(value).map_err(|e| {
        tracing::error!(error = %e, "a stored batch result no longer reads as its type");
        AppError::Internal
    })
}
