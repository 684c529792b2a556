//! Storing and reading knowledge recommendations.

use super::{Category, KnowledgeItem};
use crate::audit::service::{record_and_commit, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::core::actor::Actor;
use crate::core::error::{AppError, FieldErrors};
use crate::core::i18n::Msg;
use crate::core::validate::parse_text;
use crate::server::RequestContext;
use sqlx::PgConnection;
use uuid::Uuid;

/// Only web links: a `javascript:` or `data:` link would run in the partner's page.
pub fn parse_link(input: &str) -> Result<String, crate::core::i18n::Text> {
    let link = parse_text(input, 300)?;
    if link.starts_with("https://") || link.starts_with("http://") {
        Ok(link)
    } else {
        Err(Msg::ErrBadLink.into())
    }
}

pub async fn all(conn: &mut PgConnection) -> Result<Vec<KnowledgeItem>, AppError> {
    let rows: Vec<(Uuid, String, String, String, String)> = sqlx::query_as(
        "select id, category, title, summary, link from knowledge_items
          order by category, created_at desc",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, category, title, summary, link)| {
            Some(KnowledgeItem {
                id: id.to_string(),
                category: Category::from_code(&category)?,
                title,
                summary,
                link,
            })
        })
        .collect())
}

pub async fn create(
    ctx: &RequestContext,
    actor: &Actor,
    category: &str,
    title: &str,
    summary: &str,
    link: &str,
) -> Result<(), AppError> {
    actor.require_operator()?;
    let mut errors = FieldErrors::new();
    let category = Category::from_code(category);
    if category.is_none() {
        errors.add("category", Msg::ErrBadChoice);
    }
    let title = errors.check("title", parse_text(title, 64));
    let summary = errors.check("summary", parse_text(summary, 300));
    let link = errors.check("link", parse_link(link));
    errors.into_result()?;
    let (Some(category), Some(title), Some(summary), Some(link)) = (category, title, summary, link)
    else {
        return Err(AppError::Internal);
    };
    let mut tx = ctx.state.pool.begin().await?;
    sqlx::query(
        "insert into knowledge_items (id, category, title, summary, link, created_at)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(Uuid::new_v4())
    .bind(category.code())
    .bind(&title)
    .bind(&summary)
    .bind(&link)
    .bind(ctx.state.clock.now())
    .execute(&mut *tx)
    .await?;
    let entry = AuditEntry::success(AuditAction::KnowledgeCreate, title);
    record_and_commit(tx, &AuditActor::from(actor), ctx.source, entry).await
}

pub async fn delete(ctx: &RequestContext, actor: &Actor, id: &str) -> Result<(), AppError> {
    actor.require_operator()?;
    let id = Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    let mut tx = ctx.state.pool.begin().await?;
    let title: String =
        sqlx::query_scalar("delete from knowledge_items where id = $1 returning title")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(AppError::NotFound)?;
    let entry = AuditEntry::success(AuditAction::KnowledgeDelete, title);
    record_and_commit(tx, &AuditActor::from(actor), ctx.source, entry).await
}

#[cfg(test)]
mod tests {
    use super::parse_link;

    #[test]
    fn only_web_links() {
        assert!(parse_link("https://example.com/case").is_ok());
        assert!(parse_link("javascript:alert(1)").is_err());
        assert!(parse_link("data:text/html,x").is_err());
    }
}
