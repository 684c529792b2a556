//! Partners as the operator creates and lists them.

use super::{AssociationRow, PartnerSummary};
use crate::audit::service::{record, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::auth::service::is_unique_violation;
use crate::core::actor::Actor;
use crate::core::error::{AppError, FieldErrors};
use crate::core::i18n::Msg;
use crate::core::validate::{parse_display_name, AccountName, NewPassword};
use crate::core::viewer::PartnerType;
use crate::server::RequestContext;
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

pub struct NewPartner {
    pub account_name: AccountName,
    pub display_name: String,
    pub partner_type: PartnerType,
    pub distributor: Option<Uuid>,
    pub password: NewPassword,
}

impl NewPartner {
    pub fn parse(
        account_name: &str,
        display_name: &str,
        partner_type: &str,
        distributor: Option<&str>,
        password: &str,
    ) -> Result<NewPartner, AppError> {
        let mut errors = FieldErrors::new();
        let account_name = errors.check("account_name", AccountName::parse(account_name));
        let display_name = errors.check("display_name", parse_display_name(display_name));
        let partner_type = PartnerType::from_code(partner_type);
        if partner_type.is_none() {
            errors.add("partner_type", Msg::ErrBadChoice);
        }
        let distributor = match distributor.map(str::trim).filter(|d| !d.is_empty()) {
            None => None,
            Some(d) => match Uuid::parse_str(d) {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.add("distributor_id", Msg::ErrBadChoice);
                    None
                }
            },
        };
        match (partner_type, distributor) {
            (Some(PartnerType::Reseller), None) => {
                errors.add("distributor_id", Msg::ErrDistributorRequired)
            }
            (Some(PartnerType::SolutionProvider | PartnerType::Distributor), Some(_)) => {
                errors.add("distributor_id", Msg::ErrDistributorNotAllowed)
            }
            _ => {}
        }
        let password = errors.check("password", NewPassword::parse(password));
        errors.into_result()?;
        match (account_name, display_name, partner_type, password) {
            (Some(account_name), Some(display_name), Some(partner_type), Some(password)) => {
                Ok(NewPartner {
                    account_name,
                    display_name,
                    partner_type,
                    distributor,
                    password,
                })
            }
            _ => Err(AppError::Internal),
        }
    }
}

pub async fn create_partner(
    ctx: &RequestContext,
    actor: &Actor,
    form: NewPartner,
) -> Result<Uuid, AppError> {
    actor.require_operator()?;
    let hash = ctx.state.passwords.hash_new(&form.password).await;
    let mut tx = ctx.state.pool.begin().await?;
    if let Some(distributor) = form.distributor {
        let is_distributor: Option<String> = sqlx::query_scalar(
            "select partner_type from partners where id = $1 and partner_type = 'distributor' for share",
        )
        .bind(distributor)
        .fetch_optional(&mut *tx)
        .await?;
        if is_distributor.is_none() {
            return Err(AppError::field("distributor_id", Msg::ErrBadChoice));
        }
    }
    let id = Uuid::new_v4();
    let inserted = sqlx::query(
        "insert into partners (id, account_name, display_name, partner_type, distributor_id, password_hash)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(form.account_name.as_str())
    .bind(&form.display_name)
    .bind(form.partner_type.code())
    .bind(form.distributor)
    .bind(hash)
    .execute(&mut *tx)
    .await;
    match inserted {
        Err(e) if is_unique_violation(&e) => {
            return Err(AppError::field("account_name", Msg::ErrNameTaken))
        }
        other => other?,
    };
    let entry =
        AuditEntry::success(AuditAction::PartnerCreate, form.account_name.as_str()).for_partner(id);
    record(&mut tx, &AuditActor::from(actor), ctx.source, entry).await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    account_name: String,
    display_name: String,
    partner_type: String,
    distributor_name: Option<String>,
    customers: i64,
    members: i64,
    created_at: chrono::DateTime<chrono::Utc>,
}

pub async fn list_partners(pool: &PgPool) -> Result<Vec<PartnerSummary>, AppError> {
    let rows = sqlx::query_as::<_, Row>(
        "select p.id, p.account_name, p.display_name, p.partner_type, d.display_name as distributor_name,
                (select count(*) from associations a where a.partner_id = p.id and a.ended_at is null) as customers,
                (select count(*) from members m where m.partner_id = p.id) as members,
                p.created_at
           from partners p left join partners d on d.id = p.distributor_id
          order by p.created_at, lower(p.account_name)",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(PartnerSummary {
                id: r.id.to_string(),
                account_name: r.account_name,
                display_name: r.display_name,
                partner_type: PartnerType::from_code(&r.partner_type)?,
                distributor_name: r.distributor_name,
                customers: r.customers,
                members: r.members,
                created_at: r.created_at,
            })
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct AssociationDbRow {
    partner_name: String,
    customer_account: String,
    mode: String,
    associated_at: DateTime<Utc>,
    ended_at: Option<DateTime<Utc>>,
}

pub async fn list_associations(
    pool: &PgPool,
    q: Option<&str>,
) -> Result<Vec<AssociationRow>, AppError> {
    let q = q
        .map(|q| q.trim().to_lowercase())
        .filter(|q| !q.is_empty() && q.chars().count() <= 64);
    let rows: Vec<AssociationDbRow> = sqlx::query_as(
        "select p.display_name as partner_name, c.account_name as customer_account, a.mode,
                a.associated_at, a.ended_at
               from associations a
               join partners p on p.id = a.partner_id
               join customers c on c.id = a.customer_id
              where $1::text is null
                 or position($1 in lower(p.account_name)) > 0
                 or position($1 in lower(p.display_name)) > 0
                 or position($1 in lower(c.account_name)) > 0
              order by greatest(a.associated_at, coalesce(a.ended_at, a.associated_at)) desc
              limit 200",
    )
    .bind(q)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| AssociationRow {
            partner_name: r.partner_name,
            customer_account: r.customer_account,
            resale: r.mode == "resale",
            associated_at: r.associated_at,
            ended_at: r.ended_at,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reseller_needs_a_distributor_and_only_a_reseller_has_one() {
        let d = Uuid::new_v4().to_string();
        assert!(NewPartner::parse("acme", "Acme", "reseller", None, "long enough 1").is_err());
        assert!(NewPartner::parse("acme", "Acme", "reseller", Some(&d), "long enough 1").is_ok());
        assert!(
            NewPartner::parse("acme", "Acme", "distributor", Some(&d), "long enough 1").is_err()
        );
        assert!(NewPartner::parse(
            "acme",
            "Acme",
            "solution_provider",
            Some(""),
            "long enough 1"
        )
        .is_ok());
        assert!(NewPartner::parse("acme", "Acme", "overlord", None, "long enough 1").is_err());
    }
}
