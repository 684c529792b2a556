//! Sessions in PostgreSQL, read through a short-lived cache: nearly every request reads its
//! session, and a page costs one query fewer when it comes from memory.
//!
//! Staleness is bounded as for cached actors (`server::cache`): this server updates or forgets a
//! session in its cache the moment it saves or deletes it (sign-in, sign-out, a touch); another
//! server may serve a session it has cached for at most [`TTL`] after it was deleted there. A
//! load that began before a save or delete is not cached (the generation it read has moved on),
//! so a signed-out session never comes back from a slow read.

use moka::sync::Cache;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};
use tower_sessions_sqlx_store::PostgresStore;

/// How long a session read from the database may be served from memory.
pub const TTL: Duration = Duration::from_secs(5);

#[derive(Clone)]
pub struct CachedSessions {
    store: PostgresStore,
    cache: Cache<Id, Record>,
    generation: Arc<AtomicU64>,
}

impl std::fmt::Debug for CachedSessions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CachedSessions").finish_non_exhaustive()
    }
}

impl CachedSessions {
    pub fn new(store: PostgresStore) -> CachedSessions {
        CachedSessions {
            store,
            cache: Cache::builder()
                .max_capacity(100_000)
                .time_to_live(TTL)
                .build(),
            generation: Arc::new(AtomicU64::new(0)),
        }
    }

    fn changed(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }
}

#[async_trait::async_trait]
impl SessionStore for CachedSessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        self.store.create(record).await?;
        self.changed();
        self.cache.insert(record.id, record.clone());
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.store.save(record).await?;
        self.changed();
        self.cache.insert(record.id, record.clone());
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        if let Some(record) = self.cache.get(id) {
            if record.expiry_date > time::OffsetDateTime::now_utc() {
                return Ok(Some(record));
            }
            self.cache.invalidate(id);
        }
        let began = self.generation.load(Ordering::Acquire);
        let loaded = self.store.load(id).await?;
        if let Some(record) = &loaded {
            if self.generation.load(Ordering::Acquire) == began {
                self.cache.insert(*id, record.clone());
            }
        }
        Ok(loaded)
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.store.delete(id).await?;
        self.changed();
        self.cache.invalidate(id);
        Ok(())
    }
}
