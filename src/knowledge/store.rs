//! Knowledge recommendations' SQL.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

pub struct Row {
    pub id: Uuid,
    pub category: String,
    pub title: String,
    pub summary: String,
    pub link: String,
}

pub async fn all(conn: &mut PgConnection) -> Result<Vec<Row>, sqlx::Error> {
    sqlx::query_as!(
        Row,
        "select id, category, title, summary, link from knowledge_items
          order by category, created_at desc"
    )
    .fetch_all(conn)
    .await
}

pub async fn insert(
    conn: &mut PgConnection,
    category: &str,
    title: &str,
    summary: &str,
    link: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into knowledge_items (id, category, title, summary, link, created_at)
         values ($1, $2, $3, $4, $5, $6)",
        Uuid::new_v4(),
        category,
        title,
        summary,
        link,
        now as _
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Deletes an item; its title, or `None` when there was none.
pub async fn delete(conn: &mut PgConnection, id: Uuid) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "delete from knowledge_items where id = $1 returning title",
        id
    )
    .fetch_optional(conn)
    .await
}
