//! Credentials, throttling and sessions.

use crate::audit::service::{record, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::core::actor::{forget_cached_actor, optional_actor, Principal, PRINCIPAL_KEY};
use crate::core::error::{AppError, FieldErrors};
use crate::core::i18n::Msg;
use crate::core::validate::{parse_display_name, AccountName, NewPassword};
use crate::core::viewer::ActorKind;
use crate::server::RequestContext;
use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

/// Failed attempts are counted over this window.
pub const THROTTLE_WINDOW_MINUTES: i64 = 15;
/// Failures per account within the window before that account's sign-in pauses.
pub const ACCOUNT_FAILURE_LIMIT: i64 = 5;
/// Failures per source address within the window before that address pauses.
pub const ADDRESS_FAILURE_LIMIT: i64 = 30;

/// What a sign-in form submitted.
pub struct Credentials {
    kind: ActorKind,
    partner_account: Option<String>,
    name: String,
    password: String,
}

impl Credentials {
    pub fn partner(account_name: String, password: String) -> Self {
        Credentials {
            kind: ActorKind::PartnerMain,
            partner_account: None,
            name: account_name,
            password,
        }
    }

    pub fn member(partner_account: String, user_name: String, password: String) -> Self {
        Credentials {
            kind: ActorKind::Member,
            partner_account: Some(partner_account),
            name: user_name,
            password,
        }
    }

    pub fn customer(account_name: String, password: String) -> Self {
        Credentials {
            kind: ActorKind::Customer,
            partner_account: None,
            name: account_name,
            password,
        }
    }

    pub fn operator(account_name: String, password: String) -> Self {
        Credentials {
            kind: ActorKind::Operator,
            partner_account: None,
            name: account_name,
            password,
        }
    }

    /// Empty fields are reported by name; the format of a name is not checked at sign-in, so that
    /// a typo gets the same answer as a wrong password.
    fn check_filled(&self) -> Result<(), AppError> {
        let mut errors = FieldErrors::new();
        let name_field = if self.kind == ActorKind::Member {
            "user_name"
        } else {
            "account_name"
        };
        if self
            .partner_account
            .as_deref()
            .is_some_and(|p| p.trim().is_empty())
        {
            errors.add("partner_account", Msg::ErrRequired);
        }
        if self.name.trim().is_empty() {
            errors.add(name_field, Msg::ErrRequired);
        }
        if self.password.is_empty() {
            errors.add("password", Msg::ErrRequired);
        }
        errors.into_result()
    }

    /// The throttling key of the account: the same whether or not the account exists.
    fn account_key(&self) -> String {
        let name = self.name.trim().to_lowercase();
        match &self.partner_account {
            Some(partner) => format!("account:member:{}/{name}", partner.trim().to_lowercase()),
            None => format!("account:{}:{name}", self.kind.code()),
        }
    }

    fn display(&self) -> String {
        match &self.partner_account {
            Some(partner) => format!("{}/{}", partner.trim(), self.name.trim()),
            None => self.name.trim().to_string(),
        }
    }
}

/// An account found by its sign-in name.
#[derive(sqlx::FromRow)]
struct Found {
    id: Uuid,
    password_hash: String,
    partner_id: Option<Uuid>,
}

async fn find_account(
    conn: &mut PgConnection,
    c: &Credentials,
) -> Result<Option<Found>, sqlx::Error> {
    let name = c.name.trim();
    match c.kind {
        ActorKind::Operator => {
            sqlx::query_as(
                "select id, password_hash, null::uuid as partner_id
                   from operators where lower(account_name) = lower($1)",
            )
            .bind(name)
            .fetch_optional(conn)
            .await
        }
        ActorKind::Customer => {
            sqlx::query_as(
                "select id, password_hash, null::uuid as partner_id
                   from customers where lower(account_name) = lower($1)",
            )
            .bind(name)
            .fetch_optional(conn)
            .await
        }
        ActorKind::PartnerMain => {
            sqlx::query_as(
                "select id, password_hash, id as partner_id
                   from partners where lower(account_name) = lower($1) and status = 'active'",
            )
            .bind(name)
            .fetch_optional(conn)
            .await
        }
        ActorKind::Member => {
            sqlx::query_as(
                "select m.id, m.password_hash, m.partner_id
                   from members m join partners p on p.id = m.partner_id
                  where lower(p.account_name) = lower($1) and p.status = 'active'
                    and lower(m.user_name) = lower($2) and m.status = 'active'",
            )
            .bind(c.partner_account.as_deref().unwrap_or_default().trim())
            .bind(name)
            .fetch_optional(conn)
            .await
        }
    }
}

/// Seconds until `key` may try again, if it is paused.
async fn paused_for(
    conn: &mut PgConnection,
    key: &str,
    limit: i64,
) -> Result<Option<u64>, sqlx::Error> {
    let (count, oldest): (i64, Option<DateTime<Utc>>) = sqlx::query_as(
        "select count(*), min(at) from sign_in_failures
          where key = $1 and at > now() - make_interval(mins => $2::int)",
    )
    .bind(key)
    .bind(THROTTLE_WINDOW_MINUTES as i32)
    .fetch_one(conn)
    .await?;
    Ok(match oldest {
        Some(oldest) if count >= limit => {
            let until = oldest + chrono::Duration::minutes(THROTTLE_WINDOW_MINUTES);
            Some((until - Utc::now()).num_seconds().max(1) as u64)
        }
        _ => None,
    })
}

async fn record_failure(conn: &mut PgConnection, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "delete from sign_in_failures
          where key = $1 and at <= now() - make_interval(mins => $2::int)",
    )
    .bind(key)
    .bind(THROTTLE_WINDOW_MINUTES as i32)
    .execute(&mut *conn)
    .await?;
    sqlx::query("insert into sign_in_failures (key) values ($1)")
        .bind(key)
        .execute(conn)
        .await?;
    Ok(())
}

/// Checks the credentials and, when they are right, starts a new session for the account.
pub async fn sign_in(ctx: &RequestContext, creds: Credentials) -> Result<ActorKind, AppError> {
    creds.check_filled()?;
    let account_key = creds.account_key();
    let address_key = ctx.source.map(|ip| format!("address:{ip}"));

    let mut tx = ctx.state.pool.begin().await?;
    // Attempts on one account queue here, so parallel guesses cannot outrun the counter.
    sqlx::query("select pg_advisory_xact_lock(hashtextextended($1, 0))")
        .bind(&account_key)
        .execute(&mut *tx)
        .await?;
    let mut paused = paused_for(&mut tx, &account_key, ACCOUNT_FAILURE_LIMIT).await?;
    if let Some(key) = &address_key {
        paused = paused.max(paused_for(&mut tx, key, ADDRESS_FAILURE_LIMIT).await?);
    }
    if let Some(retry_after_secs) = paused {
        return Err(AppError::Throttled { retry_after_secs });
    }

    let found = find_account(&mut tx, &creds).await?;
    let (stored_hash, account) = match found {
        Some(f) => (Some(f.password_hash), Some((f.id, f.partner_id))),
        None => (None, None),
    };
    let ok = ctx
        .state
        .passwords
        .verify(creds.password.clone(), stored_hash)
        .await;
    let audit_actor = AuditActor {
        kind: creds.kind,
        id: account.map(|(id, _)| id),
        name: creds.display(),
        partner_id: account.and_then(|(_, partner)| partner),
    };
    let Some((id, _)) = account.filter(|_| ok) else {
        record_failure(&mut tx, &account_key).await?;
        if let Some(key) = &address_key {
            record_failure(&mut tx, key).await?;
        }
        let entry = AuditEntry::failure(AuditAction::SignInFailed, creds.display());
        record(&mut tx, &audit_actor, ctx.source, entry).await?;
        tx.commit().await?;
        return Err(AppError::Refused(Msg::ErrBadCredentials.into()));
    };

    sqlx::query("delete from sign_in_failures where key = $1")
        .bind(&account_key)
        .execute(&mut *tx)
        .await?;
    let entry = AuditEntry::success(AuditAction::SignIn, creds.display());
    record(&mut tx, &audit_actor, ctx.source, entry).await?;
    tx.commit().await?;
    start_session(ctx, creds.kind, id).await?;
    Ok(creds.kind)
}

/// Signs in and sends the browser to the user's home.
pub async fn sign_in_and_redirect(creds: Credentials) -> Result<(), AppError> {
    let ctx = crate::server::request_context().await?;
    let kind = sign_in(&ctx, creds).await?;
    leptos_axum::redirect(kind.home_path());
    Ok(())
}

/// Where to go after signing in, when it is one of the portal's own join pages; anything else
/// (another site, a protocol-relative `//host`) is ignored.
pub fn safe_next(next: Option<&str>) -> Option<&str> {
    next.filter(|n| {
        n.starts_with("/join/")
            && n[6..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    })
}

/// A fresh session id for the new principal, so that an id known before sign-in is worthless.
pub async fn start_session(
    ctx: &RequestContext,
    kind: ActorKind,
    id: Uuid,
) -> Result<(), AppError> {
    let session_error = |e: tower_sessions::session::Error| {
        tracing::error!(error = %e, "session store");
        AppError::Internal
    };
    ctx.session.cycle_id().await.map_err(session_error)?;
    let now = Utc::now();
    let principal = Principal {
        kind,
        id,
        signed_in_at: now,
        last_seen: now,
    };
    ctx.session
        .insert(PRINCIPAL_KEY, principal)
        .await
        .map_err(session_error)?;
    forget_cached_actor();
    Ok(())
}

pub async fn sign_out(ctx: &RequestContext) -> Result<(), AppError> {
    if let Some(actor) = optional_actor(ctx).await? {
        let mut tx = ctx.state.pool.begin().await?;
        let entry = AuditEntry::success(AuditAction::SignOut, actor.name.clone());
        record(&mut tx, &AuditActor::from(&actor), ctx.source, entry).await?;
        tx.commit().await?;
    }
    ctx.session.flush().await.map_err(|e| {
        tracing::error!(error = %e, "session store");
        AppError::Internal
    })?;
    forget_cached_actor();
    Ok(())
}

/// A parsed customer sign-up form.
pub struct SignUp {
    pub account_name: AccountName,
    pub display_name: String,
    pub enterprise: bool,
    pub password: NewPassword,
}

impl SignUp {
    pub fn parse(
        account_name: &str,
        display_name: &str,
        kind: &str,
        password: &str,
        confirm: &str,
    ) -> Result<SignUp, AppError> {
        let mut errors = FieldErrors::new();
        let account_name = errors.check("account_name", AccountName::parse(account_name));
        let display_name = errors.check("display_name", parse_display_name(display_name));
        let enterprise = match kind {
            "individual" => Some(false),
            "enterprise" => Some(true),
            _ => {
                errors.add("kind", Msg::ErrBadChoice);
                None
            }
        };
        let password = errors.check("password", NewPassword::parse(password));
        if password.is_some() && password.as_ref().map(|p| p.expose()) != Some(confirm) {
            errors.add("confirm_password", Msg::ErrPasswordMismatch);
        }
        errors.into_result()?;
        match (account_name, display_name, enterprise, password) {
            (Some(account_name), Some(display_name), Some(enterprise), Some(password)) => {
                Ok(SignUp {
                    account_name,
                    display_name,
                    enterprise,
                    password,
                })
            }
            _ => Err(AppError::Internal),
        }
    }
}

pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// Creates the customer account and signs it in. Returns the new customer's id.
pub async fn sign_up_customer(ctx: &RequestContext, form: SignUp) -> Result<Uuid, AppError> {
    let hash = ctx.state.passwords.hash_new(&form.password).await;
    let mut tx = ctx.state.pool.begin().await?;
    let id = insert_customer(
        &mut tx,
        &form.new_customer(),
        hash,
        ctx.state.clock.now(),
        ctx.source,
    )
    .await?;
    tx.commit().await?;
    start_session(ctx, ActorKind::Customer, id).await?;
    Ok(id)
}

/// A customer account to create: by sign-up, through a link, or by a partner through the API.
pub struct NewCustomer<'a> {
    pub account_name: &'a AccountName,
    pub display_name: &'a str,
    pub enterprise: bool,
}

impl SignUp {
    pub fn new_customer(&self) -> NewCustomer<'_> {
        NewCustomer {
            account_name: &self.account_name,
            display_name: &self.display_name,
            enterprise: self.enterprise,
        }
    }
}

/// Inserts a new customer and its sign-up record in the caller's transaction, so that joining
/// through an invitation link creates the account and the association together.
pub async fn insert_customer(
    conn: &mut PgConnection,
    form: &NewCustomer<'_>,
    password_hash: String,
    now: DateTime<Utc>,
    source: Option<std::net::IpAddr>,
) -> Result<Uuid, AppError> {
    let id = Uuid::new_v4();
    let inserted = sqlx::query(
        "insert into customers (id, account_name, display_name, kind, password_hash, registered_at)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(form.account_name.as_str())
    .bind(form.display_name)
    .bind(if form.enterprise {
        "enterprise"
    } else {
        "individual"
    })
    .bind(password_hash)
    .bind(now)
    .execute(&mut *conn)
    .await;
    match inserted {
        Err(e) if is_unique_violation(&e) => {
            return Err(AppError::field("account_name", Msg::ErrNameTaken))
        }
        other => other?,
    };
    let entry = AuditEntry::success(AuditAction::CustomerSignUp, form.account_name.as_str())
        .for_customer(id);
    record(
        conn,
        &customer_audit_actor(id, form.account_name.as_str()),
        source,
        entry,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttling_keys_do_not_depend_on_case_or_existence() {
        let a = Credentials::partner(" Acme ".into(), "x".into());
        let b = Credentials::partner("acme".into(), "y".into());
        assert_eq!(a.account_key(), b.account_key());
        let m = Credentials::member("Acme".into(), "Li".into(), "x".into());
        assert_eq!(m.account_key(), "account:member:acme/li");
        assert_ne!(
            Credentials::customer("acme".into(), "x".into()).account_key(),
            a.account_key()
        );
    }

    #[test]
    fn only_join_pages_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/join/ab12")), Some("/join/ab12"));
        assert_eq!(safe_next(Some("//evil.example/join/x")), None);
        assert_eq!(safe_next(Some("/join/../partner")), None);
        assert_eq!(safe_next(Some("https://evil.example")), None);
        assert_eq!(safe_next(None), None);
    }

    #[test]
    fn sign_up_reports_every_bad_field() {
        let Err(AppError::Invalid(errors)) = SignUp::parse("1x", "", "robot", "short", "other")
        else {
            panic!("expected field errors");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["account_name", "display_name", "kind", "password"]);
    }

    #[test]
    fn sign_up_needs_matching_passwords() {
        let err = SignUp::parse(
            "zhang-san",
            "张三",
            "individual",
            "long enough 1",
            "long enough 2",
        )
        .err()
        .unwrap();
        assert_eq!(
            err.field_message("confirm_password", crate::core::i18n::Lang::En)
                .as_deref(),
            Some(Msg::ErrPasswordMismatch.text(crate::core::i18n::Lang::En))
        );
        assert!(SignUp::parse(
            "zhang-san",
            "张三",
            "enterprise",
            "long enough 1",
            "long enough 1"
        )
        .is_ok());
    }
}
