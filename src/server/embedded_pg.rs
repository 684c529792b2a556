//! The embedded default database: a PostgreSQL cluster of the project's own, in a folder, made with
//! the machine's `initdb` and run with its `pg_ctl`. Used when `DATABASE_URL` is unset.
//!
//! PostgreSQL refuses to run as root, so when the server runs as root the cluster belongs to the
//! unprivileged `postgres` user and every command runs through `runuser`.

use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, thiserror::Error)]
pub enum EmbeddedPgError {
    #[error("no PostgreSQL binaries: put initdb and pg_ctl on PATH or install PostgreSQL (apt-get install postgresql)")]
    NoBinaries,
    #[error("`{command}` failed: {output}")]
    Command { command: String, output: String },
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
}

const DATABASE: &str = "partner_centre";

/// A cluster this process started, stopped again by `stop`.
pub struct StartedCluster {
    bin: PathBuf,
    pgdata: PathBuf,
    owner: Option<&'static str>,
}

impl StartedCluster {
    pub fn stop(&self) {
        let result = run(
            Command::new(self.bin.join("pg_ctl"))
                .args(["stop", "-m", "fast", "-D"])
                .arg(&self.pgdata),
            self.owner,
        );
        if let Err(e) = result {
            tracing::warn!(error = %e, "stopping the embedded PostgreSQL cluster");
        }
    }
}

/// Makes (once) and starts (if stopped) the cluster; returns the URL of its database, and the
/// cluster when this call started it.
pub async fn ensure_running(
    data_dir: &Path,
    port: u16,
) -> Result<(String, Option<StartedCluster>), EmbeddedPgError> {
    let bin = find_bin_dir().ok_or(EmbeddedPgError::NoBinaries)?;
    let owner = if running_as_root() {
        Some("postgres")
    } else {
        None
    };
    let dir = std::path::absolute(data_dir)?;
    let pgdata = dir.join("pg");
    std::fs::create_dir_all(&pgdata)?;
    if let Some(user) = owner {
        run(Command::new("chown").args(["-R", user]).arg(&dir), None)?;
        // The cluster's user must reach the folder through every parent (e.g. not under /root).
        if run(Command::new("test").arg("-w").arg(&pgdata), owner).is_err() {
            return Err(EmbeddedPgError::Command {
                command: format!("access to {} as {user}", pgdata.display()),
                output:
                    "that user cannot reach the folder; set PC_DATA_DIR to a folder it can reach"
                        .into(),
            });
        }
    }
    if !pgdata.join("PG_VERSION").exists() {
        tracing::info!(dir = %pgdata.display(), "creating the embedded PostgreSQL cluster");
        run(
            Command::new(bin.join("initdb"))
                .arg("-D")
                .arg(&pgdata)
                .args(["-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C"]),
            owner,
        )?;
    }
    let running = as_user(
        Command::new(bin.join("pg_ctl"))
            .arg("status")
            .arg("-D")
            .arg(&pgdata),
        owner,
    )
    .output()?
    .status
    .success();
    let started = (!running).then(|| StartedCluster {
        bin: bin.clone(),
        pgdata: pgdata.clone(),
        owner,
    });
    if !running {
        tracing::info!(port, "starting the embedded PostgreSQL cluster");
        let options = format!(
            "-p {port} -c listen_addresses=127.0.0.1 -k {} -c max_connections=200",
            pgdata.display()
        );
        run(
            Command::new(bin.join("pg_ctl"))
                .arg("start")
                .arg("-w")
                .arg("-D")
                .arg(&pgdata)
                .arg("-l")
                .arg(dir.join("postgres.log"))
                .arg("-o")
                .arg(options),
            owner,
        )?;
    }
    let admin_url = format!("postgres://postgres@127.0.0.1:{port}/postgres");
    create_database_if_missing(&admin_url)
        .await
        .map_err(|e| EmbeddedPgError::Command {
            command: "create database".into(),
            output: e.to_string(),
        })?;
    Ok((
        format!("postgres://postgres@127.0.0.1:{port}/{DATABASE}"),
        started,
    ))
}

async fn create_database_if_missing(admin_url: &str) -> Result<(), sqlx::Error> {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(admin_url).await?;
    let exists: bool =
        sqlx::query_scalar("select exists (select 1 from pg_database where datname = $1)")
            .bind(DATABASE)
            .fetch_one(&mut conn)
            .await?;
    if !exists {
        sqlx::query(&format!("create database {DATABASE}"))
            .execute(&mut conn)
            .await?;
    }
    Ok(())
}

/// `initdb` on PATH, else the newest `/usr/lib/postgresql/*/bin`.
fn find_bin_dir() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .find(|p| p.join("initdb").is_file() && p.join("pg_ctl").is_file())
    });
    on_path.or_else(|| {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
            .filter(|p| p.join("initdb").is_file())
            .collect();
        dirs.sort_by_key(|p| {
            p.parent()
                .and_then(|v| v.file_name())
                .and_then(|v| v.to_str())
                .and_then(|v| v.parse::<u32>().ok())
                .unwrap_or(0)
        });
        dirs.pop()
    })
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn as_user(command: &mut Command, user: Option<&str>) -> Command {
    match user {
        None => {
            let mut c = Command::new(command.get_program());
            c.args(command.get_args());
            c
        }
        Some(user) => {
            let mut c = Command::new("runuser");
            c.args(["-u", user, "--"])
                .arg(command.get_program())
                .args(command.get_args());
            c
        }
    }
}

fn run(command: &mut Command, user: Option<&str>) -> Result<(), EmbeddedPgError> {
    let mut command = as_user(command, user);
    let output = command.output()?;
    if output.status.success() {
        Ok(())
    } else {
        Err(EmbeddedPgError::Command {
            command: format!("{command:?}"),
            output: format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ),
        })
    }
}
