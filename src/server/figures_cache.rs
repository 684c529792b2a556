//! Figures computed from data that carries a version (the consumption data's
//! `consumption_version`), kept per server by their query. A request that read version `v`
//! takes figures computed at `v` or later. Requests that miss together compute once: one takes
//! the query's turn and computes; the others meanwhile take the kept figures if a request found
//! them current less than [`FIGURES_LAG`] ago, else wait for the turn and look again. So no
//! figure served lags the newest commit by more than that, and a request that finds nobody
//! computing computes the version it read (views one after another always see the newest).
//!
//! The values are the capability's own types (this module knows none of them).

use moka::ops::compute::Op;
use moka::sync::Cache;
use std::any::Any;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// How long after kept figures were last found current they may still be served while another
/// request computes newer ones: the most they lag the newest load.
pub const FIGURES_LAG: Duration = Duration::from_secs(1);
/// Kept figures (a summary page each): at a few kilobytes, some tens of megabytes at most.
const MAX_FIGURES: u64 = 10_000;

/// Figures kept, with the version they were computed at and when a request last found that
/// version current (milliseconds since the cache began).
struct Kept {
    version: i64,
    current_at: AtomicU64,
    value: Arc<dyn Any + Send + Sync>,
}

pub struct FiguresCache {
    began: Instant,
    kept: Cache<String, Arc<Kept>>,
    /// One turn per query: who holds it computes.
    turns: Cache<String, Arc<Mutex<()>>>,
}

impl Default for FiguresCache {
    fn default() -> Self {
        FiguresCache {
            began: Instant::now(),
            kept: Cache::builder()
                .max_capacity(MAX_FIGURES)
                .time_to_idle(Duration::from_secs(600))
                .build(),
            turns: Cache::builder()
                .max_capacity(MAX_FIGURES)
                .time_to_idle(Duration::from_secs(60))
                .build(),
        }
    }
}

impl FiguresCache {
    /// The figures of `query` for a request that read `version`: kept ones, or those `compute`
    /// makes (then kept).
    pub async fn get_or_compute<T, E>(
        &self,
        query: String,
        version: i64,
        compute: impl Future<Output = Result<T, E>>,
    ) -> Result<Arc<T>, E>
    where
        T: Any + Send + Sync,
    {
        if let Some(hit) = self.current(&query, version) {
            return Ok(hit);
        }
        let turn = self
            .turns
            .get_with_by_ref(&query, || Arc::new(Mutex::new(())));
        let _held = match turn.clone().try_lock_owned() {
            Ok(held) => held,
            Err(_) => match self.recent(&query) {
                Some(recent) => return Ok(recent),
                None => turn.lock_owned().await,
            },
        };
        if let Some(hit) = self.current(&query, version) {
            return Ok(hit);
        }
        let fresh = Arc::new(compute.await?);
        self.keep(query, version, fresh.clone());
        Ok(fresh)
    }

    /// Figures computed at `version` or a later one; finding them at `version` marks them
    /// current now.
    fn current<T: Any + Send + Sync>(&self, query: &str, version: i64) -> Option<Arc<T>> {
        let kept = self.kept.get(query)?;
        if kept.version < version {
            return None;
        }
        if kept.version == version {
            kept.current_at.store(self.millis(), Ordering::Relaxed);
        }
        kept.value.clone().downcast::<T>().ok()
    }

    /// Figures of any version found current less than [`FIGURES_LAG`] ago.
    fn recent<T: Any + Send + Sync>(&self, query: &str) -> Option<Arc<T>> {
        let kept = self.kept.get(query)?;
        let age = self
            .millis()
            .saturating_sub(kept.current_at.load(Ordering::Relaxed));
        (u128::from(age) < FIGURES_LAG.as_millis())
            .then(|| kept.value.clone().downcast::<T>().ok())
            .flatten()
    }

    /// Keeps figures computed at `version`, unless figures of a later version are kept already
    /// (a request that read the version before a load may finish after one that read it after).
    fn keep<T: Any + Send + Sync>(&self, query: String, version: i64, value: Arc<T>) {
        let _ = self.kept.entry(query).and_compute_with(|kept| match kept {
            Some(kept) if kept.value().version > version => Op::Nop,
            _ => Op::Put(Arc::new(Kept {
                version,
                current_at: AtomicU64::new(self.millis()),
                value,
            })),
        });
    }

    fn millis(&self) -> u64 {
        u64::try_from(self.began.elapsed().as_millis()).unwrap_or(u64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn answer(value: i64) -> Result<i64, ()> {
        Ok(value)
    }

    #[tokio::test]
    async fn figures_serve_their_version_and_requests_that_saw_an_older_one() {
        let cache = FiguresCache::default();
        let get = |version, value| cache.get_or_compute("q".into(), version, answer(value));
        assert_eq!(*get(7, 42).await.unwrap(), 42, "computed");
        assert_eq!(*get(7, 0).await.unwrap(), 42, "kept");
        assert_eq!(*get(6, 0).await.unwrap(), 42, "newer than the request saw");
        assert_eq!(
            *get(8, 43).await.unwrap(),
            43,
            "a load moved the version on"
        );
        cache.keep("q".into(), 7, Arc::new(41_i64));
        assert_eq!(*get(8, 0).await.unwrap(), 43, "older never replace newer");
        assert!(
            cache.current::<String>("q", 8).is_none(),
            "another type misses"
        );
        assert!(cache.current::<i64>("other", 8).is_none());
    }

    #[tokio::test]
    async fn requests_missing_together_compute_once_and_others_take_recent_figures() {
        let cache = Arc::new(FiguresCache::default());
        cache
            .get_or_compute("q".into(), 7, answer(42))
            .await
            .unwrap();
        // A load: one request computes version 8 slowly, holding the turn.
        let (go, wait) = tokio::sync::oneshot::channel::<()>();
        let computing = {
            let cache = cache.clone();
            tokio::spawn(async move {
                let slow = async {
                    let _ = wait.await;
                    Ok::<_, ()>(43_i64)
                };
                *cache.get_or_compute("q".into(), 8, slow).await.unwrap()
            })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        let meanwhile = cache.get_or_compute("q".into(), 8, answer(-1)).await;
        assert_eq!(
            *meanwhile.unwrap(),
            42,
            "the figures of a moment ago, not a second computation"
        );
        go.send(()).unwrap();
        assert_eq!(computing.await.unwrap(), 43);
        assert_eq!(
            *cache
                .get_or_compute("q".into(), 8, answer(-1))
                .await
                .unwrap(),
            43
        );
    }

    #[tokio::test]
    async fn figures_not_found_current_within_the_lag_make_a_request_wait_for_the_turn() {
        let cache = Arc::new(FiguresCache::default());
        cache.keep("q".into(), 7, Arc::new(42_i64));
        std::thread::sleep(FIGURES_LAG + Duration::from_millis(50));
        assert!(cache.recent::<i64>("q").is_none());
        let turn = cache
            .turns
            .get_with_by_ref("q", || Arc::new(Mutex::new(())));
        let held = turn.clone().try_lock_owned().unwrap();
        let waiting = {
            let cache = cache.clone();
            tokio::spawn(async move {
                *cache
                    .get_or_compute("q".into(), 8, answer(44))
                    .await
                    .unwrap()
            })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!waiting.is_finished(), "waits for the one computing");
        cache.keep("q".into(), 8, Arc::new(43_i64));
        drop(held);
        assert_eq!(waiting.await.unwrap(), 43, "and then finds its result");
        // Found current again (a request read their version): recent again.
        assert!(cache.current::<i64>("q", 8).is_some());
        assert_eq!(cache.recent::<i64>("q").as_deref(), Some(&43));
    }
}
