//! Agreement versions and signatures. A version never changes once published.

use chrono::{DateTime, Utc};
use sqlx::types::ipnetwork::IpNetwork;
use sqlx::PgConnection;
use std::net::IpAddr;
use uuid::Uuid;

/// The only kind of agreement so far: the Customer–Partner Association Notice.
pub const NOTICE: &str = "association_notice";

pub struct VersionRow {
    pub id: Uuid,
    pub title: String,
    pub version: i32,
    pub content_html: String,
    pub published_at: DateTime<Utc>,
}

/// The latest published notice, if any was published.
pub async fn current_notice(conn: &mut PgConnection) -> Result<Option<VersionRow>, sqlx::Error> {
    sqlx::query_as!(
        VersionRow,
        r#"select id, title, version, content_html, published_at as "published_at: DateTime<Utc>" from agreement_versions
            where kind = $1 order by version desc limit 1"#,
        NOTICE
    )
    .fetch_optional(conn)
    .await
}

/// Every published version of the notice, newest first.
pub async fn versions(conn: &mut PgConnection) -> Result<Vec<VersionRow>, sqlx::Error> {
    sqlx::query_as!(
        VersionRow,
        r#"select id, title, version, content_html, published_at as "published_at: DateTime<Utc>" from agreement_versions
            where kind = $1 order by version desc"#,
        NOTICE
    )
    .fetch_all(conn)
    .await
}

/// Whether the customer signed the latest notice (true when none was ever published).
pub async fn signed_current_notice(
    conn: &mut PgConnection,
    customer: Uuid,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select coalesce((
              select exists (select 1 from agreement_signatures s
                              where s.customer_id = $1 and s.agreement_id = v.id)
                from agreement_versions v where v.kind = $2
               order by v.version desc limit 1), true) as "signed!""#,
        customer,
        NOTICE
    )
    .fetch_one(conn)
    .await
}

pub struct SignedRow {
    pub signed_at: DateTime<Utc>,
    pub id: Uuid,
    pub title: String,
    pub version: i32,
    pub content_html: String,
    pub published_at: DateTime<Utc>,
}

pub async fn signed_by(
    conn: &mut PgConnection,
    customer: Uuid,
) -> Result<Vec<SignedRow>, sqlx::Error> {
    sqlx::query_as!(
        SignedRow,
        r#"select s.signed_at as "signed_at: DateTime<Utc>", v.id, v.title, v.version,
                  v.content_html, v.published_at as "published_at: DateTime<Utc>"
             from agreement_signatures s join agreement_versions v on v.id = s.agreement_id
            where s.customer_id = $1
            order by s.signed_at desc"#,
        customer
    )
    .fetch_all(conn)
    .await
}

/// Records a signature; `false` when the customer had signed this version already.
pub async fn insert_signature(
    conn: &mut PgConnection,
    customer: Uuid,
    agreement: Uuid,
    now: DateTime<Utc>,
    source: Option<IpAddr>,
) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query!(
        "insert into agreement_signatures (customer_id, agreement_id, signed_at, source_ip)
         values ($1, $2, $3, $4) on conflict do nothing",
        customer,
        agreement,
        now as _,
        source.map(IpNetwork::from)
    )
    .execute(conn)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

pub struct NewVersion<'a> {
    pub title: &'a str,
    pub content_md: &'a str,
    pub content_html: &'a str,
    pub published_at: DateTime<Utc>,
    pub published_by: Uuid,
}

/// Publishes the next version number of the notice; returns it. Publications are serialised so
/// that version numbers follow each other without a gap.
pub async fn publish(conn: &mut PgConnection, v: &NewVersion<'_>) -> Result<i32, sqlx::Error> {
    sqlx::query!("select pg_advisory_xact_lock(hashtext('agreement_versions'))")
        .execute(&mut *conn)
        .await?;
    sqlx::query_scalar!(
        r#"insert into agreement_versions
               (id, kind, version, title, content_md, content_html, published_at, published_by)
           select $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5, $6, $7
             from agreement_versions where kind = $2
           returning version"#,
        Uuid::new_v4(),
        NOTICE,
        v.title,
        v.content_md,
        v.content_html,
        v.published_at as _,
        v.published_by
    )
    .fetch_one(conn)
    .await
}
