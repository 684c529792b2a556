//! Publishing and reading knowledge recommendations.

use super::store;
use super::{Category, KnowledgeItem};
use crate::audit::service::{commit, AuditEntry};
use crate::audit::AuditAction;
use crate::core::error::{AppError, FieldErrors};
use crate::core::i18n::Msg;
use crate::core::validate::parse_text;
use crate::server::Call;
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

/// Every item, by category (what a partner sees on an eligible customer's overview).
pub async fn all(conn: &mut PgConnection) -> Result<Vec<KnowledgeItem>, AppError> {
    Ok(store::all(conn)
        .await?
        .into_iter()
        .filter_map(|r| {
            Some(KnowledgeItem {
                id: r.id.to_string(),
                category: Category::from_code(&r.category)?,
                title: r.title,
                summary: r.summary,
                link: r.link,
            })
        })
        .collect())
}

/// The operator's list.
pub async fn list(call: &Call) -> Result<Vec<KnowledgeItem>, AppError> {
    call.actor.require_operator()?;
    all(&mut *call.pool().acquire().await?).await
}

pub async fn create(
    call: &Call,
    category: &str,
    title: &str,
    summary: &str,
    link: &str,
) -> Result<(), AppError> {
    call.actor.require_operator()?;
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
    let mut tx = call.begin().await?;
    store::insert(
        &mut tx,
        category.code(),
        &title,
        &summary,
        &link,
        call.now(),
    )
    .await?;
    commit(
        tx,
        call,
        AuditEntry::success(AuditAction::KnowledgeCreate, title),
    )
    .await
}

pub async fn delete(call: &Call, id: &str) -> Result<(), AppError> {
    call.actor.require_operator()?;
    let id = Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    let mut tx = call.begin().await?;
    let title = store::delete(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    commit(
        tx,
        call,
        AuditEntry::success(AuditAction::KnowledgeDelete, title),
    )
    .await
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
