//! Short-lived caches of what nearly every request reads: the actor behind a session or an
//! access key, and an access key with its opened secret; and the figures of versioned data
//! (`figures_cache`, bounded by versions, not by this module's time).
//!
//! Staleness is bounded twice. On this server, every change of a member, role, partner or key
//! calls [`Caches::invalidate`] right after its commit (`audit::service::commit`), so the next
//! request reads the database again. Across several servers an entry lives at most [`TTL`]: a
//! member disabled through server A is refused by server B within that time.
//!
//! A load that started before a change could finish after it; it is stored only if no
//! invalidation happened meanwhile (the generation it read is still current), and taken out
//! again if one happened while it was being stored.

use crate::core::actor::Actor;
use crate::core::viewer::ActorKind;
use crate::server::figures_cache::FiguresCache;
use chrono::{DateTime, Utc};
use moka::sync::Cache;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

/// How long an entry may be served without reading the database again.
pub const TTL: Duration = Duration::from_secs(5);
const MAX_ENTRIES: u64 = 100_000;

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

/// A partner's short lists that change only with its members, roles and partners: the list
/// filters' choices, read on every page of a large partner's customer list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PartnerList {
    /// Its customer managers.
    Managers,
    /// A tier-1 distributor's resellers.
    Resellers,
}

/// A partner's list as (id, display name) of each entry.
pub type Entries = Arc<Vec<(Uuid, String)>>;

pub struct Caches {
    generation: AtomicU64,
    /// `None` records an account that does not exist or is disabled.
    actors: Cache<(ActorKind, Uuid), Arc<Option<CachedActor>>>,
    /// `None` records an unknown or disabled key.
    keys: Cache<String, Arc<Option<VerifiedKey>>>,
    lists: Cache<(PartnerList, Uuid), Entries>,
    /// Figures of versioned data (the consumption summaries), kept by their query.
    pub figures: FiguresCache,
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
            generation: AtomicU64::new(0),
            actors: Cache::builder()
                .max_capacity(MAX_ENTRIES)
                .time_to_live(ttl)
                .build(),
            keys: Cache::builder()
                .max_capacity(MAX_ENTRIES)
                .time_to_live(ttl)
                .build(),
            lists: Cache::builder()
                .max_capacity(MAX_ENTRIES)
                .time_to_live(ttl)
                .build(),
            figures: FiguresCache::default(),
        }
    }

    pub fn generation(&self) -> Generation {
        Generation(self.generation.load(Ordering::Acquire))
    }

    /// Forgets everything: a member, role, partner or key changed.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.actors.invalidate_all();
        self.keys.invalidate_all();
        self.lists.invalidate_all();
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
        self.store(&self.actors, loaded_in, (kind, id), Arc::new(actor));
    }

    pub fn partner_list(&self, list: PartnerList, partner: Uuid) -> Option<Entries> {
        self.lists.get(&(list, partner))
    }

    pub fn store_partner_list(
        &self,
        loaded_in: Generation,
        list: PartnerList,
        partner: Uuid,
        entries: Entries,
    ) {
        self.store(&self.lists, loaded_in, (list, partner), entries);
    }

    pub fn key(&self, access_key: &str) -> Option<Arc<Option<VerifiedKey>>> {
        self.keys.get(access_key)
    }

    pub fn store_key(&self, loaded_in: Generation, access_key: &str, key: Option<VerifiedKey>) {
        self.store(&self.keys, loaded_in, access_key.to_string(), Arc::new(key));
    }

    /// Stores what was loaded in `loaded_in` if nothing was invalidated since, and takes it out
    /// again if an invalidation came while it was being stored.
    fn store<K, V>(&self, cache: &Cache<K, V>, loaded_in: Generation, key: K, value: V)
    where
        K: std::hash::Hash + Eq + Clone + Send + Sync + 'static,
        V: Clone + Send + Sync + 'static,
    {
        if self.generation().0 == loaded_in.0 {
            cache.insert(key.clone(), value);
            if self.generation().0 != loaded_in.0 {
                cache.invalidate(&key);
            }
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
        let managers = Arc::new(vec![(Uuid::new_v4(), "m".to_string())]);
        caches.store_partner_list(before, PartnerList::Managers, id, managers.clone());
        assert!(caches.actor(ActorKind::Customer, id).is_some());
        assert!(caches.partner_list(PartnerList::Managers, id).is_some());
        assert!(caches.partner_list(PartnerList::Resellers, id).is_none());
        caches.invalidate();
        assert!(caches.actor(ActorKind::Customer, id).is_none());
        assert!(caches.partner_list(PartnerList::Managers, id).is_none());
        caches.store_partner_list(before, PartnerList::Managers, id, managers);
        assert!(caches.partner_list(PartnerList::Managers, id).is_none());
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
}
