//! Sessions in PostgreSQL, read through a short-lived cache: nearly every request reads its
//! session, and a page costs one query fewer when it comes from memory.
//!
//! Staleness is bounded as for cached actors (`server::cache`): this server updates or forgets a
//! session in its cache the moment it saves or deletes it (sign-in, sign-out, a touch); another
//! server may serve a session it has cached for at most [`TTL`] after it was deleted there. A
//! load that began before a save or delete is not cached (the generation it read has moved on),
//! so a signed-out session never comes back from a slow read.
//!
//! Nor from a slow request: a save updates a stored session and never inserts one. A request
//! that loaded its session before a sign-out ended it (a page still rendering, a key being
//! created) changes the session when it finishes; the store's own save, an upsert, would write
//! the deleted session back, signed in. New sessions are made by `create` (sign-in cycles the
//! id, so it creates), the one place a row is inserted.

use moka::sync::Cache;
use sqlx::PgPool;
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
    pool: PgPool,
    cache: Cache<Id, Record>,
    generation: Arc<AtomicU64>,
}

impl std::fmt::Debug for CachedSessions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CachedSessions").finish_non_exhaustive()
    }
}

impl CachedSessions {
    pub fn new(pool: PgPool) -> CachedSessions {
        CachedSessions {
            store: PostgresStore::new(pool.clone()),
            pool,
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
        let data =
            rmp_serde::to_vec(record).map_err(|e| session_store::Error::Encode(e.to_string()))?;
        let expiry = record.expiry_date;
        let expiry = chrono::DateTime::from_timestamp(expiry.unix_timestamp(), expiry.nanosecond())
            .ok_or_else(|| session_store::Error::Encode("expiry date out of range".into()))?;
        // The table and the encoding are the store's (`PostgresStore`): only the insert is left out.
        let updated = sqlx::query(
            r#"update "tower_sessions"."session" set data = $2, expiry_date = $3 where id = $1"#,
        )
        .bind(record.id.to_string())
        .bind(data)
        .bind(expiry)
        .execute(&self.pool)
        .await
        .map_err(|e| session_store::Error::Backend(e.to_string()))?
        .rows_affected();
        self.changed();
        if updated == 1 {
            self.cache.insert(record.id, record.clone());
        } else {
            // Deleted meanwhile (signed out, expired): it stays deleted.
            self.cache.invalidate(&record.id);
        }
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
