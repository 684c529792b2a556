//! Server plumbing, below every capability: configuration, the database (embedded by default),
//! passwords, the server key, caches and limits, the clock, and the call context services take.
//! It imports nothing from the capabilities; the router that serves them is in `web`.

pub mod batches;
pub mod cache;
pub mod call;
pub mod clock;
pub mod config;
pub mod db;
pub mod embedded_pg;
pub mod figures_cache;
pub mod limits;
pub mod once;
pub mod passwords;
pub mod sealer;
pub mod sessions;
pub mod state;

pub use call::{Call, Visit};
pub use state::AppState;

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
    Demo(String),
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

/// The server key that seals access keys' secrets: `PC_SECRET_KEY`, or else the key kept in
/// `PC_DATA_DIR/secret.key`, made (readable by its owner only) on the first start.
pub fn server_key(config: &Config) -> Result<[u8; 32], StartError> {
    if let Some(key) = config.secret_key {
        return Ok(key);
    }
    let path = config.data_dir.join("secret.key");
    if let Ok(text) = std::fs::read_to_string(&path) {
        return config::parse_key(&text).ok_or_else(|| {
            StartError::Io(std::io::Error::other(format!(
                "{} does not hold 64 hexadecimal digits",
                path.display()
            )))
        });
    }
    let mut key = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut key);
    std::fs::create_dir_all(&config.data_dir)?;
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)?;
        file.write_all(hex::encode(key).as_bytes())?;
    }
    tracing::warn!(path = %path.display(), "PC_SECRET_KEY unset: made a server key beside the data; back it up with the database");
    Ok(key)
}
