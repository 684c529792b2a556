//! Signing in, signing out and signing up.
//!
//! A password hash takes a core for a fifth of a second, so nothing waits for one while holding
//! a database connection or a transaction: an attempt is counted first in a short transaction
//! (so that parallel guesses cannot outrun the counter), the password is checked with nothing
//! held, and the outcome is settled in a second short transaction.

use super::rules::{
    address_key, registration_key, Credentials, SignUp, ACCOUNT_FAILURE_LIMIT,
    ADDRESS_FAILURE_LIMIT, ADDRESS_REGISTRATION_LIMIT,
};
use super::store::{self, NewCustomer};
use crate::audit::service::{record, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::core::error::AppError;
use crate::core::i18n::Msg;
use crate::core::validate::AccountName;
use crate::core::viewer::ActorKind;
use crate::server::{Call, Visit};
use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use std::net::IpAddr;
use uuid::Uuid;

/// Checks the credentials; returns who signed in, for the session to start.
pub async fn sign_in(visit: &Visit, creds: Credentials) -> Result<(ActorKind, Uuid), AppError> {
    creds.check_filled()?;
    let now = visit.now();
    let account_key = creds.account_key();
    let address_key = visit.source.map(address_key);

    // 1. Count the attempt, unless the account or the address is paused.
    let (found, attempts) = {
        let mut tx = visit.pool().begin().await?;
        store::lock_key(&mut tx, &account_key).await?;
        let mut paused =
            store::paused_for(&mut tx, &account_key, ACCOUNT_FAILURE_LIMIT, now).await?;
        if let Some(key) = &address_key {
            paused = paused.max(store::paused_for(&mut tx, key, ADDRESS_FAILURE_LIMIT, now).await?);
        }
        if let Some(retry_after_secs) = paused {
            return Err(AppError::Throttled { retry_after_secs });
        }
        let found = store::find_account(&mut tx, &creds).await?;
        let mut attempts = vec![store::count_attempt(&mut tx, &account_key, now).await?];
        if let Some(key) = &address_key {
            attempts.push(store::count_attempt(&mut tx, key, now).await?);
        }
        tx.commit().await?;
        (found, attempts)
    };

    // 2. Check the password, holding nothing (an unknown account costs the same time).
    let stored_hash = found.as_ref().map(|f| f.password_hash.clone());
    let ok = visit
        .state
        .passwords
        .verify(creds.password.clone(), stored_hash)
        .await;

    // 3. Settle: a right password takes its attempts back; a wrong one leaves them counted.
    let who = AuditActor {
        kind: creds.kind,
        id: found.as_ref().map(|f| f.id),
        name: creds.display(),
        partner_id: found.as_ref().and_then(|f| f.partner_id),
    };
    let mut tx = visit.pool().begin().await?;
    let signed_in = found.filter(|_| ok);
    let entry = match &signed_in {
        Some(_) => {
            store::clear(&mut tx, &account_key, &attempts).await?;
            AuditEntry::success(AuditAction::SignIn, creds.display())
        }
        None => AuditEntry::failure(AuditAction::SignInFailed, creds.display()),
    };
    record(&mut tx, &who, visit.source, &entry).await?;
    tx.commit().await?;
    match signed_in {
        Some(account) => Ok((creds.kind, account.id)),
        None => Err(AppError::Refused(Msg::ErrBadCredentials.into())),
    }
}

/// Records the sign-out; the door then ends the session.
pub async fn sign_out(call: &Call) -> Result<(), AppError> {
    let mut tx = call.begin().await?;
    let entry = AuditEntry::success(AuditAction::SignOut, call.actor.name.clone());
    crate::audit::service::record_call(&mut tx, call, &entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Counts a registration from the visitor's address, refusing it past the limit: a new account
/// costs a password hash, so sign-ups are throttled like sign-ins.
pub async fn throttle_registration(visit: &Visit) -> Result<(), AppError> {
    let Some(source) = visit.source else {
        return Ok(());
    };
    let key = registration_key(source);
    let now = visit.now();
    let mut tx = visit.pool().begin().await?;
    store::lock_key(&mut tx, &key).await?;
    if let Some(retry_after_secs) =
        store::paused_for(&mut tx, &key, ADDRESS_REGISTRATION_LIMIT, now).await?
    {
        return Err(AppError::Throttled { retry_after_secs });
    }
    store::count_attempt(&mut tx, &key, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Creates the customer account of a sign-up; returns its id, for the session to start.
pub async fn sign_up(visit: &Visit, form: SignUp) -> Result<Uuid, AppError> {
    throttle_registration(visit).await?;
    let hash = visit.state.passwords.hash_new(&form.password).await;
    let mut tx = visit.pool().begin().await?;
    let id = insert_customer(
        &mut tx,
        &form.account_name,
        &form.display_name,
        form.enterprise,
        &hash,
        visit.now(),
        visit.source,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Inserts a new customer and its sign-up record in the caller's transaction, so that joining
/// through an invitation link creates the account and the association together.
pub async fn insert_customer(
    conn: &mut PgConnection,
    account_name: &AccountName,
    display_name: &str,
    enterprise: bool,
    password_hash: &str,
    now: DateTime<Utc>,
    source: Option<IpAddr>,
) -> Result<Uuid, AppError> {
    let id = store::insert_customer(
        conn,
        &NewCustomer {
            account_name: account_name.as_str(),
            display_name,
            enterprise,
            password_hash,
            registered_at: now,
        },
    )
    .await?
    .ok_or_else(|| AppError::field("account_name", Msg::ErrNameTaken))?;
    let entry =
        AuditEntry::success(AuditAction::CustomerSignUp, account_name.as_str()).for_customer(id);
    record(
        conn,
        &customer_audit_actor(id, account_name.as_str()),
        source,
        &entry,
    )
    .await?;
    Ok(id)
}

/// A customer as the audit log names it.
pub fn customer_audit_actor(id: Uuid, account_name: &str) -> AuditActor {
    AuditActor {
        kind: ActorKind::Customer,
        id: Some(id),
        name: account_name.to_string(),
        partner_id: None,
    }
}
