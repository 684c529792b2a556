//! Publishing, reading and signing agreement versions.

use super::{AgreementVersion, AgreementsOverview, SignedAgreement};
use crate::audit::service::{record, record_and_commit, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::core::actor::Actor;
use crate::core::error::{AppError, FieldErrors};
use crate::core::i18n::Msg;
use crate::core::validate::{parse_long_text, parse_text};
use crate::server::RequestContext;
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use std::net::IpAddr;
use uuid::Uuid;

/// The only kind of agreement so far: the Customer–Partner Association Notice.
const NOTICE: &str = "association_notice";
pub const CONTENT_MAX_CHARS: usize = 20_000;

/// Markdown to HTML that is safe to show: raw HTML, scripts, event handlers and `javascript:`
/// links are removed by ammonia's allow-list.
pub fn render_markdown(markdown: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    ammonia::clean(&html)
}

#[derive(sqlx::FromRow)]
struct VersionRow {
    id: Uuid,
    title: String,
    version: i32,
    content_html: String,
    published_at: DateTime<Utc>,
}

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

#[derive(sqlx::FromRow)]
struct SignedRow {
    signed_at: DateTime<Utc>,
    #[sqlx(flatten)]
    version: VersionRow,
}

const VERSION_COLUMNS: &str = "v.id, v.title, v.version, v.content_html, v.published_at";

/// The latest published notice, if any was published.
pub async fn current_notice(conn: &mut PgConnection) -> Result<Option<AgreementVersion>, AppError> {
    let row: Option<VersionRow> = sqlx::query_as(&format!(
        "select {VERSION_COLUMNS} from agreement_versions v
          where v.kind = $1 order by v.version desc limit 1"
    ))
    .bind(NOTICE)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(Into::into))
}

/// Whether the customer signed the latest notice (true when none was ever published).
pub async fn signed_current_notice(
    conn: &mut PgConnection,
    customer: Uuid,
) -> Result<bool, AppError> {
    let signed: bool = sqlx::query_scalar(
        "select coalesce((
            select exists (select 1 from agreement_signatures s
                            where s.customer_id = $1 and s.agreement_id = v.id)
              from agreement_versions v where v.kind = $2
             order by v.version desc limit 1), true)",
    )
    .bind(customer)
    .bind(NOTICE)
    .fetch_one(conn)
    .await?;
    Ok(signed)
}

pub async fn my_agreements(pool: &PgPool, customer: Uuid) -> Result<AgreementsOverview, AppError> {
    let mut conn = pool.acquire().await?;
    let current = current_notice(&mut conn).await?;
    let rows: Vec<SignedRow> = sqlx::query_as(&format!(
        "select s.signed_at, {VERSION_COLUMNS}
           from agreement_signatures s join agreement_versions v on v.id = s.agreement_id
          where s.customer_id = $1
          order by s.signed_at desc"
    ))
    .bind(customer)
    .fetch_all(&mut *conn)
    .await?;
    let signed: Vec<SignedAgreement> = rows
        .into_iter()
        .map(|r| SignedAgreement {
            agreement: r.version.into(),
            signed_at: r.signed_at,
        })
        .collect();
    let to_sign = current.filter(|c| !signed.iter().any(|s| s.agreement.id == c.id));
    Ok(AgreementsOverview { to_sign, signed })
}

/// Records the customer's signature of a version inside the caller's transaction. Signing a
/// version twice keeps the first signature.
pub async fn sign_in_tx(
    conn: &mut PgConnection,
    who: &AuditActor,
    source: Option<IpAddr>,
    customer: Uuid,
    agreement: &AgreementVersion,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let id = Uuid::parse_str(&agreement.id).map_err(|_| AppError::NotFound)?;
    let inserted = sqlx::query(
        "insert into agreement_signatures (customer_id, agreement_id, signed_at, source_ip)
         values ($1, $2, $3, $4) on conflict do nothing",
    )
    .bind(customer)
    .bind(id)
    .bind(now)
    .bind(source.map(sqlx::types::ipnetwork::IpNetwork::from))
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if inserted == 1 {
        let target = format!("{} v{}", agreement.title, agreement.version);
        let entry = AuditEntry::success(AuditAction::AgreementSign, target).for_customer(customer);
        record(conn, who, source, entry).await?;
    }
    Ok(())
}

/// The customer signs the latest notice. Only the latest can be signed: an older page that
/// shows a superseded version is refused with a prompt to read the new one.
pub async fn sign(
    ctx: &RequestContext,
    actor: &Actor,
    agreement_id: &str,
    agree: bool,
) -> Result<(), AppError> {
    let customer = actor.require_customer()?;
    if !agree {
        return Err(AppError::field("agree", Msg::ErrMustAgree));
    }
    let mut tx = ctx.state.pool.begin().await?;
    let current = current_notice(&mut tx).await?.ok_or(AppError::NotFound)?;
    if current.id != agreement_id {
        return Err(AppError::Refused(Msg::ErrNoticeSuperseded.into()));
    }
    let who = AuditActor::from(actor);
    let now = ctx.state.clock.now();
    sign_in_tx(&mut tx, &who, ctx.source, customer, &current, now).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn versions(pool: &PgPool) -> Result<Vec<AgreementVersion>, AppError> {
    let rows: Vec<VersionRow> = sqlx::query_as(&format!(
        "select {VERSION_COLUMNS} from agreement_versions v
          where v.kind = $1 order by v.version desc"
    ))
    .bind(NOTICE)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Publishes the next version number of the notice.
pub async fn publish(
    ctx: &RequestContext,
    actor: &Actor,
    title: &str,
    content: &str,
) -> Result<(), AppError> {
    actor.require_operator()?;
    let mut errors = FieldErrors::new();
    let title = errors.check("title", parse_text(title, 64));
    let content = errors.check("content", parse_long_text(content, CONTENT_MAX_CHARS));
    errors.into_result()?;
    let (Some(title), Some(content)) = (title, content) else {
        return Err(AppError::Internal);
    };
    let html = render_markdown(&content);
    let mut tx = ctx.state.pool.begin().await?;
    // Publications are serialised so that version numbers follow each other without a gap.
    sqlx::query("select pg_advisory_xact_lock(hashtext('agreement_versions'))")
        .execute(&mut *tx)
        .await?;
    let version: i32 = sqlx::query_scalar(
        "insert into agreement_versions
             (id, kind, version, title, content_md, content_html, published_at, published_by)
         select $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5, $6, $7
           from agreement_versions where kind = $2
         returning version",
    )
    .bind(Uuid::new_v4())
    .bind(NOTICE)
    .bind(&title)
    .bind(&content)
    .bind(&html)
    .bind(ctx.state.clock.now())
    .bind(actor.id)
    .fetch_one(&mut *tx)
    .await?;
    let entry = AuditEntry::success(AuditAction::AgreementPublish, format!("{title} v{version}"));
    record_and_commit(tx, &AuditActor::from(actor), ctx.source, entry).await
}

#[cfg(test)]
mod tests {
    use super::render_markdown;

    #[test]
    fn markdown_renders_and_scripts_do_not() {
        let html = render_markdown(
            "# 须知\n\n**加粗** <script>alert(1)</script> [x](javascript:alert(1))",
        );
        assert!(html.contains("<h1>须知</h1>"));
        assert!(html.contains("<strong>加粗</strong>"));
        assert!(!html.contains("<script"));
        assert!(!html.contains("javascript:"));
    }
}
