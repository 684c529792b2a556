//! The SQL of export jobs.

use super::{ExportFormat, ExportKind, ExportRow};
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

pub struct NewJob<'a> {
    pub id: Uuid,
    pub partner: Uuid,
    pub actor_kind: &'a str,
    pub actor: Uuid,
    pub kind: ExportKind,
    pub format: ExportFormat,
    pub unmasked: bool,
    pub search: String,
    pub at: DateTime<Utc>,
}

pub async fn insert(conn: &mut PgConnection, job: &NewJob<'_>) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into export_jobs
             (id, partner_id, actor_kind, actor_id, kind, format, unmasked, search, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        job.id,
        job.partner,
        job.actor_kind,
        job.actor,
        job.kind.code(),
        job.format.code(),
        job.unmasked,
        job.search,
        job.at as _
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// How many of a user's jobs wait or run.
pub async fn unfinished(
    conn: &mut PgConnection,
    actor_kind: &str,
    actor: Uuid,
) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"select count(*) as "n!" from export_jobs
            where actor_kind = $1 and actor_id = $2 and status in ('queued', 'running')"#,
        actor_kind,
        actor
    )
    .fetch_one(conn)
    .await
}

/// A job taken by this server, with the claim it holds.
pub struct Claimed {
    pub id: Uuid,
    pub attempt: i32,
    pub kind: String,
    pub format: String,
    pub unmasked: bool,
    pub search: String,
}

/// Takes the oldest queued job, or a running one whose server stopped (no heartbeat since
/// `stale_before`); no other server can take the same one at the same time.
pub async fn claim(
    pool: &PgPool,
    now: DateTime<Utc>,
    stale_before: DateTime<Utc>,
) -> sqlx::Result<Option<Claimed>> {
    let row = sqlx::query!(
        "update export_jobs
            set status = 'running', started_at = $1, heartbeat_at = $1, attempt = attempt + 1,
                rows_done = 0, parts = 0
          where id = (select id from export_jobs
                       where status = 'queued' or (status = 'running' and heartbeat_at < $2)
                       order by created_at for update skip locked limit 1)
          returning id, attempt, kind, format, unmasked, search",
        now as _,
        stale_before as _
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| Claimed {
        id: r.id,
        attempt: r.attempt,
        kind: r.kind,
        format: r.format,
        unmasked: r.unmasked,
        search: r.search,
    }))
}

/// Reports progress and beats the heart; false when the claim is no longer this worker's.
pub async fn progress(
    pool: &PgPool,
    (id, attempt): (Uuid, i32),
    total: Option<i64>,
    (done, parts): (i64, i32),
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let updated = sqlx::query!(
        "update export_jobs
            set rows_total = coalesce($3, rows_total), rows_done = $4, parts = $5, heartbeat_at = $6
          where id = $1 and attempt = $2 and status = 'running'",
        id,
        attempt,
        total,
        done,
        parts,
        now as _
    )
    .execute(pool)
    .await?;
    Ok(updated.rows_affected() == 1)
}

pub async fn finish(
    pool: &PgPool,
    (id, attempt): (Uuid, i32),
    ok: bool,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query!(
        "update export_jobs set status = case when $3 then 'done' else 'failed' end, finished_at = $4
          where id = $1 and attempt = $2 and status = 'running'",
        id,
        attempt,
        ok,
        now as _
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Marks finished exports older than `before` expired; returns their ids, whose files go.
pub async fn expire(pool: &PgPool, before: DateTime<Utc>) -> sqlx::Result<Vec<Uuid>> {
    Ok(sqlx::query!(
        "update export_jobs set status = 'expired'
          where status in ('done', 'failed') and finished_at < $1 returning id",
        before as _
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| r.id)
    .collect())
}

/// The user's exports, newest first.
pub async fn mine(conn: &mut PgConnection, actor: Uuid) -> sqlx::Result<Vec<ExportRow>> {
    let rows = sqlx::query!(
        r#"select id, kind, format, unmasked, status, rows_done, rows_total, parts,
                  created_at as "created_at: DateTime<Utc>", finished_at as "finished_at: DateTime<Utc>"
             from export_jobs where actor_id = $1 order by created_at desc limit 50"#,
        actor
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ExportRow {
            id: r.id.to_string(),
            kind: ExportKind::parse(&r.kind).unwrap_or(ExportKind::ConsumptionRecords),
            format: ExportFormat::parse(&r.format).unwrap_or(ExportFormat::Csv),
            unmasked: r.unmasked,
            status: r.status,
            rows_done: r.rows_done,
            rows_total: r.rows_total,
            parts: r.parts,
            created_at: r.created_at,
            finished_at: r.finished_at,
        })
        .collect())
}

/// One of the user's finished exports: its kind, format and number of files.
pub async fn done_of(
    conn: &mut PgConnection,
    id: Uuid,
    actor: Uuid,
) -> sqlx::Result<Option<(String, String, i32)>> {
    Ok(sqlx::query!(
        "select kind, format, parts from export_jobs
          where id = $1 and actor_id = $2 and status = 'done'",
        id,
        actor
    )
    .fetch_optional(conn)
    .await?
    .map(|r| (r.kind, r.format, r.parts)))
}
