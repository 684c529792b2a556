//! Partner Centre's server.
//!
//! `partner_centre [serve] [--demo]`: serve (with `--demo`, load the demo data first when the
//! database is empty); `partner_centre demo-data`: load the demo data and exit. The demo manifest
//! goes to `PC_DEMO_MANIFEST` (default `demo-manifest.json`). `partner_centre generate-consumption`
//! fills fee records for measuring (see [`generate_consumption`]).

use axum::serve::ListenerExt;
use partner_centre::demo;
use partner_centre::server::clock::Clock;
use partner_centre::server::config::Config;
use partner_centre::server::passwords::Passwords;
use partner_centre::server::sealer::Sealer;
use partner_centre::server::{open_database, server_key, AppState, StartError};
use std::net::SocketAddr;
use std::process::ExitCode;

// Server-side rendering allocates and frees many small strings per page: glibc's malloc took a
// fifth of the server's time (perf), mimalloc a fraction of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_sessions=warn".into()),
        )
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let demo_flag = args.iter().any(|a| a == "--demo");
    let result = match args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(String::as_str)
    {
        None | Some("serve") => serve(demo_flag).await,
        Some("demo-data") => load_demo().await.map(|_| ()),
        Some("generate-consumption") => generate_consumption(&args).await,
        Some(other) => {
            eprintln!(
                "unknown command {other:?}; use `serve [--demo]`, `demo-data` or \
                 `generate-consumption [--months=18] [--per-customer-month=28] [--seed=1] \
                 [--partners=a,b]`"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn manifest_path() -> String {
    std::env::var("PC_DEMO_MANIFEST").unwrap_or_else(|_| "demo-manifest.json".into())
}

async fn write_manifest(manifest: &demo::Manifest) -> Result<(), StartError> {
    let json = serde_json::to_vec_pretty(manifest).map_err(std::io::Error::other)?;
    tokio::fs::write(manifest_path(), json).await?;
    tracing::info!(path = %manifest_path(), accounts = manifest.accounts.len(), "demo manifest written");
    Ok(())
}

async fn load_demo() -> Result<(), StartError> {
    let config = Config::from_env()?;
    let (pool, cluster) = open_database(&config).await?;
    let sealer = Sealer::new(&server_key(&config)?);
    let loaded = demo::load(&pool, &Passwords::default(), &sealer)
        .await
        .map_err(|e| StartError::Demo(e.to_string()));
    pool.close().await;
    if let Some(cluster) = cluster {
        cluster.stop();
    }
    write_manifest(&loaded?).await
}

/// `generate-consumption [--months=N] [--per-customer-month=N] [--seed=N] [--partners=a,b]`:
/// loads `N` months (the current one included) of generated fee records, `per-customer-month`
/// a month for every customer now associated with the named partners (all when none is
/// named), through the same load as an import (one whole-or-nothing load per month). The same
/// arguments give the same records; a second run adds nothing. Prints what it added and how
/// fast.
async fn generate_consumption(args: &[String]) -> Result<(), StartError> {
    use partner_centre::consumption::generate::{fill, Plan};
    let value = |name: &str| {
        args.iter()
            .find_map(|a| a.strip_prefix(&format!("--{name}=")))
            .map(str::to_string)
    };
    let number = |name: &str, default: u64, max: u64| -> Result<u64, StartError> {
        match value(name) {
            None => Ok(default),
            Some(v) => v
                .parse::<u64>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| StartError::Demo(format!("--{name} takes 1 to {max}, not {v:?}"))),
        }
    };
    let plan = Plan {
        months: number("months", 18, 18)? as u32,
        per_customer_month: number("per-customer-month", 28, 10_000)? as u32,
        seed: number("seed", 1, u64::MAX)?,
    };
    let partners: Vec<String> = value("partners")
        .map(|p| p.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    let config = Config::from_env()?;
    let (pool, cluster) = open_database(&config).await?;
    let mut conn = pool.acquire().await?;
    let customers =
        partner_centre::consumption::store::associated_customers(&mut conn, &partners).await?;
    drop(conn);
    let started = std::time::Instant::now();
    let filled = fill(&pool, &customers, plan, chrono::Utc::now())
        .await
        .map_err(|e| StartError::Demo(format!("{e:?}")));
    let seconds = started.elapsed().as_secs_f64();
    pool.close().await;
    if let Some(cluster) = cluster {
        cluster.stop();
    }
    let report = filled?;
    println!(
        "generated {} records ({} new) for {} customers over {} months in {seconds:.1} s: {:.0} records/s",
        report.rows,
        report.added,
        customers.len(),
        plan.months,
        report.rows as f64 / seconds.max(0.001)
    );
    Ok(())
}

/// Leptos reads its options from `LEPTOS_*` variables, which cargo-leptos sets; a server started
/// on its own gets the same defaults as `Cargo.toml`'s `[package.metadata.leptos]`.
fn leptos_options(addr: SocketAddr) -> leptos::config::LeptosOptions {
    for (name, value) in [
        ("LEPTOS_OUTPUT_NAME", "partner_centre"),
        ("LEPTOS_SITE_ROOT", "target/site"),
        ("LEPTOS_SITE_PKG_DIR", "pkg"),
    ] {
        if std::env::var_os(name).is_none() {
            std::env::set_var(name, value);
        }
    }
    let mut options = match leptos::config::get_configuration(None) {
        Ok(conf) => conf.leptos_options,
        Err(e) => {
            tracing::warn!(error = %e, "LEPTOS_* configuration; using the defaults");
            leptos::config::LeptosOptions::builder()
                .output_name("partner_centre")
                .build()
        }
    };
    options.site_addr = addr;
    options
}

async fn serve(demo_flag: bool) -> Result<(), StartError> {
    let config = Config::from_env()?;
    let (pool, cluster) = open_database(&config).await?;
    let passwords = Passwords::default();
    let key = server_key(&config)?;
    let sealer = Sealer::new(&key);
    if demo_flag {
        if demo::is_empty(&pool).await? {
            let manifest = demo::load(&pool, &passwords, &sealer)
                .await
                .map_err(|e| StartError::Demo(e.to_string()))?;
            write_manifest(&manifest).await?;
        } else {
            tracing::info!("database not empty: demo data not loaded again");
        }
    }
    let addr = config.addr;
    let state = AppState::new(
        pool.clone(),
        config,
        leptos_options(addr),
        passwords,
        Clock::system(),
        key,
    );
    let sweeper = tokio::spawn(sweep_expired_sessions(pool.clone()));
    let expiry = partner_centre::coupons::expiry::spawn(state.clone());
    let bills = partner_centre::bills::job::spawn(state.clone());
    let exports = partner_centre::exports::worker::spawn(state.clone());
    let app = partner_centre::web::build(state);
    // No Nagle delay: a response written in two parts (headers, then a file) would otherwise wait
    // for the client's delayed ACK, about 40 ms on keep-alive connections.
    let listener = tokio::net::TcpListener::bind(addr).await?.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "TCP_NODELAY");
        }
    });
    tracing::info!("Partner Centre listening on http://{addr}");
    let served = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await;
    sweeper.abort();
    expiry.abort();
    bills.abort();
    exports.abort();
    pool.close().await;
    if let Some(cluster) = cluster {
        tracing::info!("stopping the embedded PostgreSQL cluster");
        cluster.stop();
    }
    served.map_err(StartError::Io)
}

/// Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, "no SIGTERM handler; stopping on Ctrl-C only");
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

/// Expired sessions are deleted from the store every few minutes.
async fn sweep_expired_sessions(pool: sqlx::PgPool) {
    use tower_sessions::ExpiredDeletion;
    let store = tower_sessions_sqlx_store::PostgresStore::new(pool);
    if let Err(e) = store
        .continuously_delete_expired(tokio::time::Duration::from_secs(300))
        .await
    {
        tracing::error!(error = %e, "session sweeper stopped");
    }
}
