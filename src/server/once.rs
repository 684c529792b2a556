//! Writes applied once: a retry carrying the same token (`X-Client-Token`, or a form's one-time
//! token) gets the first attempt's answer instead of a second movement.
//!
//! The token is claimed as the first statement of the write's transaction: a concurrent retry
//! waits on that row until the first attempt commits (then it replays the stored result) or rolls
//! back (then it runs, since nothing was applied). The result is stored before the commit, in the
//! same transaction as the change, so a change never lands without its answer.

use super::Call;
use crate::core::error::{AppError, Rule};
use crate::core::i18n::Msg;
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::PgConnection;

/// What claiming a token found.
pub enum Claim<T> {
    /// No token, or a new one: do the work, then [`complete`].
    Run,
    /// The write was already applied: its answer.
    Done(T),
}

/// Claims the caller's token for `operation` on `fingerprint` (what the request asked, so that a
/// token reused for another request is refused rather than answered with the wrong result).
pub async fn claim<T: DeserializeOwned>(
    conn: &mut PgConnection,
    call: &Call,
    operation: &str,
    fingerprint: &str,
) -> Result<Claim<T>, AppError> {
    let Some(token) = &call.token else {
        return Ok(Claim::Run);
    };
    let inserted = sqlx::query!(
        "insert into client_tokens (actor_id, token, operation, fingerprint, result, at)
         values ($1, $2, $3, $4, 'null'::jsonb, $5)
         on conflict (actor_id, token) do nothing",
        call.actor.id,
        token.as_str(),
        operation,
        fingerprint,
        call.now() as _
    )
    .execute(&mut *conn)
    // The first attempt still running past the caller's lock wait is the busy refusal, as
    // every lock timeout is (`AppError: From<sqlx::Error>`).
    .await?
    .rows_affected();
    if inserted == 1 {
        return Ok(Claim::Run);
    }
    let stored = sqlx::query!(
        "select operation, fingerprint, result from client_tokens
          where actor_id = $1 and token = $2",
        call.actor.id,
        token.as_str()
    )
    .fetch_one(conn)
    .await?;
    if stored.operation != operation || stored.fingerprint != fingerprint {
        return Err(Rule::TokenReused.refuse(Msg::ErrTokenReused));
    }
    serde_json::from_value(stored.result)
        .map(Claim::Done)
        .map_err(|e| {
            tracing::error!(error = %e, "a stored result no longer reads as its type");
            AppError::Internal
        })
}

/// Stores the result of a claimed write, in its transaction.
pub async fn complete<T: Serialize>(
    conn: &mut PgConnection,
    call: &Call,
    result: &T,
) -> Result<(), AppError> {
    let Some(token) = &call.token else {
        return Ok(());
    };
    let value = serde_json::to_value(result).map_err(|e| {
        tracing::error!(error = %e, "a result could not be stored");
        AppError::Internal
    })?;
    sqlx::query!(
        "update client_tokens set result = $3 where actor_id = $1 and token = $2",
        call.actor.id,
        token.as_str(),
        value
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Forgets tokens older than a day: a retry comes within minutes, not days.
pub async fn forget_old(
    conn: &mut PgConnection,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!(
        "delete from client_tokens where at < $1",
        (now - chrono::Duration::days(1)) as _
    )
    .execute(conn)
    .await?
    .rows_affected())
}
