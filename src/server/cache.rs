//! Short-lived caches of what nearly every request reads: the actor behind a session or an
//! access key, and an access key with its opened secret.
//!
//! Staleness is bounded twice. On this server, every change of a member, role, partner or key
//! calls [`Caches::invalidate`] right after its commit (`audit::service::commit`), so the next
//! request reads the database again. Across several servers an entry lives at most [`TTL`]: a
//! member disabled through server A is refused by server B within that time.
//!
//! A load that started before a change could finish after it; it is stored only if no
//! invalidation happened meanwhile (the generation it read is still current).

use crate::core::actor::Actor;
use crate::core::viewer::ActorKind;
use chrono::{DateTime, Utc};
use moka::sync::Cache;
use std::any::Any;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How long an entry may be served without reading the database again.
pub const TTL: Duration = Duration::from_secs(5);
const MAX_ENTRIES: u64 = 100_000;
/// Cached figures (a summary page each): at a few kilobytes, some tens of megabytes at most.
const MAX_FIGURES: u64 = 10_000;

/// An active account as loaded, with what decides whether a given session may still use it.
#[derive(Clone, Debug)]
pub struct CachedActor {
    pub actor: Actor,
    /// Sessions signed in before this (a password reset) no longer count.
    pub credentials_changed_at: Option<DateTime<Utc>>,
}

/// An active access key with its secret opened, and the user it acts for.
#[derive(Clone)]
pub struct VerifiedKey {
    pub id: Uuid,
    pub secret: Vec<u8>,
    /// The user's kind: a partner's main account, a member, or a customer.
    pub kind: ActorKind,
    /// The partner for a main account's key, the member for a member's, the customer for a
    /// customer's.
    pub owner_id: Uuid,
    /// The account the key belongs to, which a signed `X-Domain-Id` must name: the partner for
    /// its users' keys, the customer for a customer's.
    pub domain_id: Uuid,
}

pub struct Caches {
    began: Instant,
    generation: AtomicU64,
    /// `None` records an account that does not exist or is disabled.
    actors: Cache<(ActorKind, Uuid), Arc<Option<CachedActor>>>,
    /// `None` records an unknown or disabled key.
    keys: Cache<String, Arc<Option<VerifiedKey>>>,
    /// Figures computed from the consumption data at a version (`consumption_version`), by
    /// their query: valid exactly while the version is the same, so no time bounds them. The
    /// value is the capability's own type (this module knows none of them).
    figures: Cache<String, Arc<KeptFigures>>,
    /// One turn per figures' query: requests that miss together wait for the first one's
    /// result instead of each computing the same figures.
    figures_turns: Cache<String, Arc<tokio::sync::Mutex<()>>>,
}

/// How long after kept figures were last found current they may still be served while another
/// request computes newer ones: the most they lag the newest load.
pub const FIGURES_LAG: Duration = Duration::from_secs(1);

/// Figures kept, with the version they were computed at and when a request last found that
/// version current (milliseconds since the caches began).
struct KeptFigures {
    version: i64,
    current_at: AtomicU64,
    value: Arc<dyn Any + Send + Sync>,
}

/// The generation a load started in; pass it back when storing the result.
#[derive(Clone, Copy)]
pub struct Generation(u64);

impl Default for Caches {
    fn default() -> Self {
        Caches::with_ttl(TTL)
    }
}

impl Caches {
    pub fn with_ttl(ttl: Duration) -> Caches {
        Caches {
            began: Instant::now(),
            generation: AtomicU64::new(0),
            actors: Cache::builder()
                .max_capacity(MAX_ENTRIES)
                .time_to_live(ttl)
                .build(),
            keys: Cache::builder()
                .max_capacity(MAX_ENTRIES)
                .time_to_live(ttl)
                .build(),
            figures: Cache::builder()
                .max_capacity(MAX_FIGURES)
                .time_to_idle(Duration::from_secs(600))
                .build(),
            figures_turns: Cache::builder()
                .max_capacity(MAX_FIGURES)
                .time_to_idle(Duration::from_secs(60))
                .build(),
        }
    }

    /// Figures of `query` computed at `version` or a later one, if these are cached: a request
    /// that read `version` takes figures at least as new as what it saw.
    pub fn figures<T: Any + Send + Sync>(&self, query: &str, version: i64) -> Option<Arc<T>> {
        let kept = self.figures.get(query)?;
        if kept.version < version {
            return None;
        }
        if kept.version == version {
            kept.current_at.store(self.millis(), Ordering::Relaxed);
        }
        kept.value.clone().downcast::<T>().ok()
    }

    /// Figures of `query` of any version, if a request found them current less than
    /// [`FIGURES_LAG`] ago: what a request takes while another computes newer ones.
    pub fn recent_figures<T: Any + Send + Sync>(&self, query: &str) -> Option<Arc<T>> {
        let kept = self.figures.get(query)?;
        let age = self
            .millis()
            .saturating_sub(kept.current_at.load(Ordering::Relaxed));
        (u128::from(age) < FIGURES_LAG.as_millis())
            .then(|| kept.value.clone().downcast::<T>().ok())
            .flatten()
    }

    fn millis(&self) -> u64 {
        u64::try_from(self.began.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Keeps figures computed at `version`, unless figures of a later version are kept already
    /// (a request that read the version before a load may finish after one that read it after).
    pub fn store_figures<T: Any + Send + Sync>(&self, query: String, version: i64, value: Arc<T>) {
        let _ = self
            .figures
            .entry(query)
            .and_compute_with(|kept| match kept {
                Some(kept) if kept.value().version > version => moka::ops::compute::Op::Nop,
                _ => moka::ops::compute::Op::Put(Arc::new(KeptFigures {
                    version,
                    current_at: AtomicU64::new(self.millis()),
                    value,
                })),
            });
    }

    /// The turn to compute the figures of `query`: hold it, look again, and compute only if
    /// they are still missing.
    pub async fn figures_turn(&self, query: &str) -> tokio::sync::OwnedMutexGuard<()> {
        self.turn(query).lock_owned().await
    }

    /// The turn, if no other request holds it.
    pub fn try_figures_turn(&self, query: &str) -> Option<tokio::sync::OwnedMutexGuard<()>> {
        self.turn(query).try_lock_owned().ok()
    }

    fn turn(&self, query: &str) -> Arc<tokio::sync::Mutex<()>> {
        self.figures_turns
            .get_with_by_ref(query, || Arc::new(tokio::sync::Mutex::new(())))
    }

    pub fn generation(&self) -> Generation {
        Generation(self.generation.load(Ordering::Acquire))
    }

    /// Forgets everything: a member, role, partner or key changed.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.actors.invalidate_all();
        self.keys.invalidate_all();
    }

    pub fn actor(&self, kind: ActorKind, id: Uuid) -> Option<Arc<Option<CachedActor>>> {
        self.actors.get(&(kind, id))
    }

    pub fn store_actor(
        &self,
        loaded_in: Generation,
        kind: ActorKind,
        id: Uuid,
        actor: Option<CachedActor>,
    ) {
        if self.generation().0 == loaded_in.0 {
            self.actors.insert((kind, id), Arc::new(actor));
        }
    }

    pub fn key(&self, access_key: &str) -> Option<Arc<Option<VerifiedKey>>> {
        self.keys.get(access_key)
    }

    pub fn store_key(&self, loaded_in: Generation, access_key: &str, key: Option<VerifiedKey>) {
        if self.generation().0 == loaded_in.0 {
            self.keys.insert(access_key.to_string(), Arc::new(key));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::permissions::DataScope;

    fn actor(id: Uuid) -> CachedActor {
        CachedActor {
            actor: Actor {
                kind: ActorKind::Customer,
                id,
                partner_id: None,
                name: "c".into(),
                display_name: "c".into(),
                partner_name: None,
                partner_type: None,
                permissions: vec![],
                scope: DataScope::WholePartner,
            },
            credentials_changed_at: None,
        }
    }

    #[test]
    fn an_invalidation_forgets_and_refuses_loads_that_started_before_it() {
        let caches = Caches::default();
        let id = Uuid::new_v4();
        let before = caches.generation();
        caches.store_actor(before, ActorKind::Customer, id, Some(actor(id)));
        assert!(caches.actor(ActorKind::Customer, id).is_some());
        caches.invalidate();
        assert!(caches.actor(ActorKind::Customer, id).is_none());
        // A load that began before the change must not come back as fresh.
        caches.store_actor(before, ActorKind::Customer, id, Some(actor(id)));
        assert!(caches.actor(ActorKind::Customer, id).is_none());
        caches.store_actor(caches.generation(), ActorKind::Customer, id, None);
        assert!(caches
            .actor(ActorKind::Customer, id)
            .is_some_and(|a| a.is_none()));
    }

    #[test]
    fn entries_expire_after_the_ttl() {
        let caches = Caches::with_ttl(Duration::from_millis(50));
        let g = caches.generation();
        caches.store_key(g, "AK", None);
        assert!(caches.key("AK").is_some());
        std::thread::sleep(Duration::from_millis(120));
        assert!(caches.key("AK").is_none());
    }

    #[test]
    fn figures_serve_their_version_and_requests_that_saw_an_older_one() {
        let caches = Caches::default();
        caches.store_figures("q".into(), 7, Arc::new(42_i64));
        assert_eq!(caches.figures::<i64>("q", 7).as_deref(), Some(&42));
        assert_eq!(caches.figures::<i64>("q", 6).as_deref(), Some(&42));
        assert!(
            caches.figures::<i64>("q", 8).is_none(),
            "a newer version misses"
        );
        caches.store_figures("q".into(), 6, Arc::new(41_i64));
        assert_eq!(
            caches.figures::<i64>("q", 7).as_deref(),
            Some(&42),
            "older figures never replace newer ones"
        );
        assert!(
            caches.figures::<String>("q", 7).is_none(),
            "another type misses"
        );
        assert!(caches.figures::<i64>("other", 7).is_none());
    }

    #[tokio::test]
    async fn requests_missing_the_same_figures_take_turns_and_others_do_not_wait() {
        let caches = Arc::new(Caches::default());
        let first = caches.figures_turn("summary a").await;
        let waiting = {
            let caches = caches.clone();
            tokio::spawn(async move {
                let _turn = caches.figures_turn("summary a").await;
                caches.figures::<i64>("summary a", 7).map(|v| *v)
            })
        };
        // Another query has its own turn, free at once.
        drop(caches.figures_turn("summary b").await);
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!waiting.is_finished(), "the second waits for the first");
        caches.store_figures("summary a".into(), 7, Arc::new(42_i64));
        drop(first);
        assert_eq!(
            waiting.await.unwrap(),
            Some(42),
            "and then finds its result"
        );
    }

    #[test]
    fn figures_found_current_less_than_the_lag_ago_serve_while_newer_ones_are_computed() {
        let caches = Caches::default();
        caches.store_figures("q".into(), 7, Arc::new(42_i64));
        assert!(
            caches.figures::<i64>("q", 8).is_none(),
            "a load moved the version on"
        );
        assert_eq!(caches.recent_figures::<i64>("q").as_deref(), Some(&42));
        let turn = caches.try_figures_turn("q");
        assert!(turn.is_some());
        assert!(caches.try_figures_turn("q").is_none(), "one computes");
        std::thread::sleep(FIGURES_LAG + Duration::from_millis(50));
        assert!(
            caches.recent_figures::<i64>("q").is_none(),
            "figures not found current for longer than the lag are not served"
        );
        // Found current again (a request read their version): recent again.
        assert!(caches.figures::<i64>("q", 7).is_some());
        assert_eq!(caches.recent_figures::<i64>("q").as_deref(), Some(&42));
    }
}
