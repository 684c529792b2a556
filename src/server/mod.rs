//! Server plumbing: configuration, the database (embedded by default), request security, the
//! router, and the state every server function reads.

pub mod clock;
pub mod config;
pub mod db;
pub mod embedded_pg;
pub mod passwords;
pub mod router;
pub mod security;
pub mod state;

pub use state::{request_context, AppState, RequestContext};

use config::Config;
use sqlx::PgPool;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error("embedded database: {0}")]
    Embedded(#[from] embedded_pg::EmbeddedPgError),
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("demo data: {0}")]
    Demo(#[from] crate::demo::DemoError),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
}

/// Connects to `DATABASE_URL`, or to the embedded cluster when it is unset, and migrates.
/// Returns the embedded cluster too when this call started it, for stopping at shutdown.
pub async fn open_database(
    config: &Config,
) -> Result<(PgPool, Option<embedded_pg::StartedCluster>), StartError> {
    let (url, started) = match &config.database_url {
        Some(url) => (url.clone(), None),
        None => embedded_pg::ensure_running(&config.data_dir, config.embedded_pg_port).await?,
    };
    let pool = db::connect(&url).await?;
    db::migrate(&pool).await?;
    Ok((pool, started))
}
