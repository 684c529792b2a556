//! The SQL of export jobs.

use super::ExportRow;
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

pub struct NewJob<'a> {
    pub id: Uuid,
    pub partner: Uuid,
    pub actor_kind: &'a str,
    pub actor: Uuid,
    pub format: &'a str,
    pub search: String,
    pub at: DateTime<Utc>,
}

pub async fn insert(conn: &mut PgConnection, job: &NewJob<'_>) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into export_jobs (id, partner_id, actor_kind, actor_id, kind, format, search, created_at)
         values ($1, $2, $3, $4, 'consumption_records', $5, $6, $7)",
        job.id,
        job.partner,
        job.actor_kind,
        job.actor,
        job.format,
        job.search,
        job.at as _
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// A job taken by this server: the oldest queued one, which no other server can take too.
pub struct Claimed {
    pub id: Uuid,
    pub format: String,
    pub search: String,
}

pub async fn claim(pool: &PgPool, now: DateTime<Utc>) -> sqlx::Result<Option<Claimed>> {
    let row = sqlx::query!(
        "update export_jobs set status = 'running', started_at = $1
          where id = (select id from export_jobs where status = 'queued'
                       order by created_at for update skip locked limit 1)
          returning id, format, search",
        now as _
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| Claimed {
        id: r.id,
        format: r.format,
        search: r.search,
    }))
}

pub async fn progress(
    pool: &PgPool,
    id: Uuid,
    total: Option<i64>,
    done: i64,
    parts: i32,
) -> sqlx::Result<()> {
    sqlx::query!(
        "update export_jobs set rows_total = coalesce($2, rows_total), rows_done = $3, parts = $4
          where id = $1",
        id,
        total,
        done,
        parts
    )
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn finish(pool: &PgPool, id: Uuid, ok: bool, now: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query!(
        "update export_jobs set status = case when $2 then 'done' else 'failed' end, finished_at = $3
          where id = $1",
        id,
        ok,
        now as _
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// A server stopped while running jobs: they start again from the beginning.
pub async fn requeue_running(pool: &PgPool) -> sqlx::Result<()> {
    sqlx::query!("update export_jobs set status = 'queued', rows_done = 0, parts = 0 where status = 'running'")
        .execute(pool)
        .await?;
    Ok(())
}

/// The user's exports, newest first.
pub async fn mine(conn: &mut PgConnection, actor: Uuid) -> sqlx::Result<Vec<ExportRow>> {
    let rows = sqlx::query!(
        r#"select id, format, status, rows_done, rows_total, parts,
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
            format: super::ExportFormat::parse(&r.format).unwrap_or(super::ExportFormat::Csv),
            status: r.status,
            rows_done: r.rows_done,
            rows_total: r.rows_total,
            parts: r.parts,
            created_at: r.created_at,
            finished_at: r.finished_at,
        })
        .collect())
}

/// One of the user's finished exports: its format and number of files.
pub async fn done_of(
    conn: &mut PgConnection,
    id: Uuid,
    actor: Uuid,
) -> sqlx::Result<Option<(String, i32)>> {
    Ok(sqlx::query!(
        "select format, parts from export_jobs where id = $1 and actor_id = $2 and status = 'done'",
        id,
        actor
    )
    .fetch_optional(conn)
    .await?
    .map(|r| (r.format, r.parts)))
}
