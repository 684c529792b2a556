//! Publishing, reading and signing agreement versions.

use super::rules::{render_markdown, CONTENT_MAX_CHARS};
use super::store::{self, NewVersion, VersionRow};
use super::{AgreementVersion, AgreementsOverview, SignedAgreement};
use crate::audit::service::{commit, record, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::core::error::{AppError, FieldErrors};
use crate::core::i18n::Msg;
use crate::core::validate::{parse_long_text, parse_text};
use crate::server::Call;
use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use std::net::IpAddr;
use uuid::Uuid;

impl From<VersionRow> for AgreementVersion {
    fn from(r: VersionRow) -> Self {
        AgreementVersion {
            id: r.id.to_string(),
            title: r.title,
            version: r.version,
            content_html: r.content_html,
            published_at: r.published_at,
        }
    }
}

/// The latest published notice, if any was published.
pub async fn current_notice(conn: &mut PgConnection) -> Result<Option<AgreementVersion>, AppError> {
    Ok(store::current_notice(conn).await?.map(Into::into))
}

/// Whether the customer signed the latest notice (true when none was ever published).
pub async fn signed_current_notice(
    conn: &mut PgConnection,
    customer: Uuid,
) -> Result<bool, AppError> {
    Ok(store::signed_current_notice(conn, customer).await?)
}

/// The signed-in customer's agreements: what waits for signing and what was signed.
pub async fn my_agreements(call: &Call) -> Result<AgreementsOverview, AppError> {
    let customer = call.actor.require_customer()?;
    let mut conn = call.pool().acquire().await?;
    let current = current_notice(&mut conn).await?;
    let signed: Vec<SignedAgreement> = store::signed_by(&mut conn, customer)
        .await?
        .into_iter()
        .map(|r| SignedAgreement {
            signed_at: r.signed_at,
            agreement: AgreementVersion {
                id: r.id.to_string(),
                title: r.title,
                version: r.version,
                content_html: r.content_html,
                published_at: r.published_at,
            },
        })
        .collect();
    let to_sign = current.filter(|c| !signed.iter().any(|s| s.agreement.id == c.id));
    Ok(AgreementsOverview { to_sign, signed })
}

/// Records the customer's signature of a version inside the caller's transaction. Signing a
/// version twice keeps the first signature.
pub async fn sign_within(
    conn: &mut PgConnection,
    who: &AuditActor,
    source: Option<IpAddr>,
    customer: Uuid,
    agreement: &AgreementVersion,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let id = Uuid::parse_str(&agreement.id).map_err(|_| AppError::NotFound)?;
    if store::insert_signature(conn, customer, id, now, source).await? {
        let target = format!("{} v{}", agreement.title, agreement.version);
        let entry = AuditEntry::success(AuditAction::AgreementSign, target).for_customer(customer);
        record(conn, who, source, &entry).await?;
    }
    Ok(())
}

/// The customer signs the latest notice. Only the latest can be signed: an older page that
/// shows a superseded version is refused with a prompt to read the new one.
pub async fn sign(call: &Call, agreement_id: &str, agree: bool) -> Result<(), AppError> {
    let customer = call.actor.require_customer()?;
    if !agree {
        return Err(AppError::field("agree", Msg::ErrMustAgree));
    }
    let mut tx = call.begin().await?;
    let current = current_notice(&mut tx).await?.ok_or(AppError::NotFound)?;
    if current.id != agreement_id.trim() {
        return Err(AppError::Refused(Msg::ErrNoticeSuperseded.into()));
    }
    let who = AuditActor::from(&call.actor);
    sign_within(&mut tx, &who, call.source, customer, &current, call.now()).await?;
    tx.commit().await?;
    Ok(())
}

/// Every published version, newest first (operator).
pub async fn versions(call: &Call) -> Result<Vec<AgreementVersion>, AppError> {
    call.actor.require_operator()?;
    let mut conn = call.pool().acquire().await?;
    Ok(store::versions(&mut conn)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Publishes the next version of the notice (operator). Content is Markdown.
pub async fn publish(call: &Call, title: &str, content: &str) -> Result<(), AppError> {
    call.actor.require_operator()?;
    let mut errors = FieldErrors::new();
    let title = errors.check("title", parse_text(title, 64));
    let content = errors.check("content", parse_long_text(content, CONTENT_MAX_CHARS));
    errors.into_result()?;
    let (Some(title), Some(content)) = (title, content) else {
        return Err(AppError::Internal);
    };
    let html = render_markdown(&content);
    let mut tx = call.begin().await?;
    let version = store::publish(
        &mut tx,
        &NewVersion {
            title: &title,
            content_md: &content,
            content_html: &html,
            published_at: call.now(),
            published_by: call.actor.id,
        },
    )
    .await?;
    let entry = AuditEntry::success(AuditAction::AgreementPublish, format!("{title} v{version}"));
    commit(tx, call, entry).await
}
