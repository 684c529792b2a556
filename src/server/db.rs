//! The connection pool and migrations.

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;
use std::str::FromStr;
use std::time::Duration;

pub async fn connect(url: &str) -> Result<PgPool, sqlx::Error> {
    // A summary of 5,000 customers over 12 months groups about 60,000 rollup rows: with the
    // default 4 MB PostgreSQL sorts them (about twice the time of hashing them in memory).
    let options = PgConnectOptions::from_str(url)?
        .application_name("partner_centre")
        .options([("work_mem", "32MB")]);
    // No test query before each use of a pooled connection: it cost a round trip per query on
    // every page (sqlx still checks a connection when it comes back to the pool, and a broken
    // one fails its query, which the caller sees as an error). Connections idle for a minute
    // are closed, so few are left for a network's idle cut-off or a restarted database to break.
    PgPoolOptions::new()
        .max_connections(16)
        .test_before_acquire(false)
        .idle_timeout(Duration::from_secs(60))
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
}

/// Applies the project's migrations, then the session store's own table.
pub async fn migrate(pool: &PgPool) -> Result<(), sqlx::migrate::MigrateError> {
    sqlx::migrate!("./migrations").run(pool).await?;
    tower_sessions_sqlx_store::PostgresStore::new(pool.clone())
        .migrate()
        .await?;
    Ok(())
}

/// Whether an insert failed on a unique index (a name taken, a second pending request).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}
