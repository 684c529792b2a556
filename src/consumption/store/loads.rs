//! The SQL of loads: a load's record (a refused one with its problems), a background import's
//! progress, the newest loads for the import page, and the data's version the loads move on.

use crate::consumption::{LoadReport, LoadStatus};
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// A load as recorded.
pub struct StoredLoad {
    pub id: Uuid,
    pub source: String,
    pub file_name: Option<String>,
    pub loaded_by: String,
    pub report: LoadReport,
    pub at: DateTime<Utc>,
}

/// A load as listed: what it did, or how far it has come.
pub struct ListedLoad {
    pub load: StoredLoad,
    pub status: LoadStatus,
    pub rows_done: u64,
}

/// Records a load as finished (a refused one with its problems). A background import's running
/// record becomes this, in the load's own transaction.
pub async fn record_load(conn: &mut PgConnection, load: &StoredLoad) -> sqlx::Result<()> {
    let problems = serde_json::to_string(&load.report.problems).unwrap_or_default();
    sqlx::query!(
        "insert into consumption_loads
              (id, source, file_name, loaded_by, rows_total, rows_added, problems, loaded_at,
               status, rows_done, heartbeat_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, 'done', $5, $8)
         on conflict (id) do update
            set rows_total = excluded.rows_total, rows_added = excluded.rows_added,
                problems = excluded.problems, loaded_at = excluded.loaded_at, status = 'done',
                rows_done = excluded.rows_total, heartbeat_at = excluded.loaded_at",
        load.id,
        load.source,
        load.file_name,
        load.loaded_by,
        load.report.rows as i32,
        load.report.added as i32,
        problems,
        load.at as _
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Records a background import as running, before its file is read.
pub async fn start_load(pool: &PgPool, load: &StoredLoad) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into consumption_loads
              (id, source, file_name, loaded_by, rows_total, rows_added, loaded_at, status,
               rows_done, heartbeat_at)
         values ($1, $2, $3, $4, 0, 0, $5, 'running', 0, $5)",
        load.id,
        load.source,
        load.file_name,
        load.loaded_by,
        load.at as _
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// A running import's progress: its records in all, and how many are loaded so far (not yet
/// visible: they show when the load commits).
pub async fn load_progress(
    pool: &PgPool,
    id: Uuid,
    (done, total): (u64, u64),
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query!(
        "update consumption_loads set rows_done = $2, rows_total = $3, heartbeat_at = $4
          where id = $1 and status = 'running'",
        id,
        done as i32,
        total as i32,
        now as _
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// A running import's heartbeat: its task is alive, whatever its load is waiting for.
pub async fn beat_load(pool: &PgPool, id: Uuid, now: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query!(
        "update consumption_loads set heartbeat_at = $2 where id = $1 and status = 'running'",
        id,
        now as _
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// A running import that stopped on an error (nothing of it was loaded).
pub async fn fail_load(conn: &mut PgConnection, id: Uuid, now: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query!(
        "update consumption_loads set status = 'failed', heartbeat_at = $2
          where id = $1 and status = 'running'",
        id,
        now as _
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The newest loads, newest first, and `chosen` first of all however old; a running one with no
/// heartbeat since `stale_before` was interrupted (its server stopped).
pub async fn recent_loads(
    conn: &mut PgConnection,
    limit: i64,
    chosen: Option<Uuid>,
    stale_before: DateTime<Utc>,
) -> sqlx::Result<Vec<ListedLoad>> {
    let rows = sqlx::query!(
        r#"select id, source, file_name, loaded_by, rows_total, rows_added, rows_done, problems,
                  loaded_at as "loaded_at: DateTime<Utc>",
                  case when status = 'running' and heartbeat_at < $2 then 'interrupted'
                       else status end as "status!"
             from consumption_loads
            where id = $3 or id in (select id from consumption_loads order by loaded_at desc limit $1)
            order by id = $3 desc nulls last, loaded_at desc"#,
        limit,
        stale_before as _,
        chosen
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ListedLoad {
            status: LoadStatus::parse(&r.status),
            rows_done: r.rows_done.max(0) as u64,
            load: StoredLoad {
                id: r.id,
                source: r.source,
                file_name: r.file_name,
                loaded_by: r.loaded_by,
                report: LoadReport {
                    rows: r.rows_total.max(0) as u64,
                    added: r.rows_added.max(0) as u64,
                    problems: serde_json::from_str(&r.problems).unwrap_or_default(),
                },
                at: r.loaded_at,
            },
        })
        .collect())
}

/// The consumption data's version and when the newest records were loaded ("data as of").
pub async fn version(conn: &mut PgConnection) -> sqlx::Result<(i64, Option<DateTime<Utc>>)> {
    let row =
        sqlx::query!(r#"select version, as_of as "as_of: DateTime<Utc>" from consumption_version"#)
            .fetch_one(conn)
            .await?;
    Ok((row.version, row.as_of))
}

/// When the newest records were loaded ("data as of").
pub async fn as_of(conn: &mut PgConnection) -> sqlx::Result<Option<DateTime<Utc>>> {
    Ok(version(conn).await?.1)
}
