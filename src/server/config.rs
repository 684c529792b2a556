//! Configuration from environment variables (all documented in the README).

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone)]
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
    /// `PC_TRUST_PROXY`: how many proxies of yours stand in front of the server (`true` is one);
    /// the client address is the `X-Forwarded-For` entry that many places from the right.
    pub trusted_proxies: usize,
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

/// `false`/`0` (none), `true` (one proxy), or a number of proxies (at most 10).
fn proxies(name: &'static str) -> Result<usize, ConfigError> {
    match var(name).as_deref().map(str::trim) {
        None => Ok(0),
        Some(v) if v.parse::<usize>().is_ok_and(|n| n <= 10) => Ok(v.parse().unwrap_or(0)),
        Some(_) => flag(name).map(usize::from),
    }
}

/// Never prints the server key, nor the database password.
impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("addr", &self.addr)
            .field(
                "database_url",
                &self.database_url.as_deref().map(redact_password),
            )
            .field("data_dir", &self.data_dir)
            .field("embedded_pg_port", &self.embedded_pg_port)
            .field("cookie_secure", &self.cookie_secure)
            .field("public_origin", &self.public_origin)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("session_idle_minutes", &self.session_idle_minutes)
            .field("session_max_hours", &self.session_max_hours)
            .field("secret_key", &self.secret_key.map(|_| "(set, not shown)"))
            .field("api_rate_per_second", &self.api_rate_per_second)
            .finish()
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
fn redact_password(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
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
            trusted_proxies: proxies("PC_TRUST_PROXY")?,
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
            trusted_proxies: 0,
            session_idle_minutes: 30,
            session_max_hours: 12,
            secret_key: Some([42; 32]),
            api_rate_per_second: 1000,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_the_server_key_or_the_database_password() {
        let mut config = Config::for_tests();
        config.database_url = Some("postgres://pc:hunter2@db.example/pc".into());
        let printed = format!("{config:?}");
        assert!(!printed.contains("42, 42"), "{printed}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(
            printed.contains("postgres://pc:***@db.example/pc"),
            "{printed}"
        );
        assert!(printed.contains("(set, not shown)"));
    }
}
