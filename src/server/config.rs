//! Configuration from environment variables (all documented in the README).

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct Config {
    /// `PC_ADDR`: where the server listens (default `127.0.0.1:3000`).
    pub addr: SocketAddr,
    /// `DATABASE_URL`: an existing PostgreSQL server; unset means the embedded cluster.
    pub database_url: Option<String>,
    /// `PC_DATA_DIR`: where the embedded cluster lives (default `.data` in the project).
    pub data_dir: PathBuf,
    /// `PC_EMBEDDED_PG_PORT`: the embedded cluster's port on 127.0.0.1 (default 54329).
    pub embedded_pg_port: u16,
    /// `PC_COOKIE_SECURE`: mark the session cookie `Secure` (set it behind HTTPS).
    pub cookie_secure: bool,
    /// `PC_PUBLIC_ORIGIN`: the origin browsers use, e.g. `https://partners.example.com`; when
    /// unset, state-changing requests must come from the origin named by their `Host` header.
    pub public_origin: Option<String>,
    /// `PC_TRUST_PROXY`: take the client address from `X-Forwarded-For` (only behind a proxy).
    pub trust_proxy: bool,
    /// `PC_SESSION_IDLE_MINUTES`: sign out after this much inactivity (default 30).
    pub session_idle_minutes: i64,
    /// `PC_SESSION_MAX_HOURS`: sign out this long after sign-in, active or not (default 12).
    pub session_max_hours: i64,
    /// `PC_SECRET_KEY`: the server key (64 hex digits) that encrypts access keys' secrets; when
    /// unset, a key kept in `PC_DATA_DIR/secret.key` (made on first start).
    pub secret_key: Option<[u8; 32]>,
    /// `PC_API_RATE_PER_SECOND`: API requests per second per access key (default 50, bursts of
    /// twice that).
    pub api_rate_per_second: u32,
}

/// 64 hex digits to 32 bytes.
pub fn parse_key(hex_text: &str) -> Option<[u8; 32]> {
    hex::decode(hex_text.trim()).ok()?.try_into().ok()
}

#[derive(Debug, thiserror::Error)]
#[error("configuration: {name} = {value:?} is not valid ({expected})")]
pub struct ConfigError {
    name: &'static str,
    value: String,
    expected: &'static str,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn parsed<T: std::str::FromStr>(
    name: &'static str,
    default: T,
    expected: &'static str,
) -> Result<T, ConfigError> {
    match var(name) {
        None => Ok(default),
        Some(value) => value.trim().parse().map_err(|_| ConfigError {
            name,
            value,
            expected,
        }),
    }
}

fn flag(name: &'static str) -> Result<bool, ConfigError> {
    match var(name).as_deref().map(str::trim) {
        None | Some("0") | Some("false") | Some("no") => Ok(false),
        Some("1") | Some("true") | Some("yes") => Ok(true),
        Some(other) => Err(ConfigError {
            name,
            value: other.to_string(),
            expected: "true or false",
        }),
    }
}

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        let default_addr: SocketAddr = var("LEPTOS_SITE_ADDR")
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 3000)));
        Ok(Config {
            addr: parsed("PC_ADDR", default_addr, "an address like 127.0.0.1:3000")?,
            database_url: var("DATABASE_URL"),
            data_dir: var("PC_DATA_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(".data")),
            embedded_pg_port: parsed("PC_EMBEDDED_PG_PORT", 54329, "a port number")?,
            cookie_secure: flag("PC_COOKIE_SECURE")?,
            public_origin: var("PC_PUBLIC_ORIGIN").map(|o| o.trim_end_matches('/').to_string()),
            trust_proxy: flag("PC_TRUST_PROXY")?,
            session_idle_minutes: parsed("PC_SESSION_IDLE_MINUTES", 30, "minutes")?,
            session_max_hours: parsed("PC_SESSION_MAX_HOURS", 12, "hours")?,
            secret_key: match var("PC_SECRET_KEY") {
                None => None,
                Some(value) => Some(parse_key(&value).ok_or(ConfigError {
                    name: "PC_SECRET_KEY",
                    value: "(hidden)".into(),
                    expected: "64 hexadecimal digits",
                })?),
            },
            api_rate_per_second: parsed("PC_API_RATE_PER_SECOND", 50, "requests per second")?,
        })
    }

    /// A configuration for tests: nothing read from the environment.
    pub fn for_tests() -> Config {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            database_url: None,
            data_dir: PathBuf::from(".data"),
            embedded_pg_port: 54329,
            cookie_secure: false,
            public_origin: None,
            trust_proxy: false,
            session_idle_minutes: 30,
            session_max_hours: 12,
            secret_key: Some([42; 32]),
            api_rate_per_second: 1000,
        }
    }
}
