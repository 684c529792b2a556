//! Partners as the operator creates and lists them.

use super::store;
use super::{AssociationRow, PartnerSummary};
use crate::audit::service::{commit, AuditEntry};
use crate::audit::AuditAction;
use crate::core::error::{AppError, FieldErrors};
use crate::core::i18n::Msg;
use crate::core::validate::{parse_display_name, AccountName, NewPassword};
use crate::core::viewer::PartnerType;
use crate::server::Call;
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

/// Creates a partner (operator); returns its id.
pub async fn create_partner(call: &Call, form: NewPartner) -> Result<Uuid, AppError> {
    call.actor.require_operator()?;
    let hash = call.state.passwords.hash_new(&form.password).await;
    let mut tx = call.begin().await?;
    if let Some(distributor) = form.distributor {
        if !store::is_distributor(&mut tx, distributor).await? {
            return Err(AppError::field("distributor_id", Msg::ErrBadChoice));
        }
    }
    let id = Uuid::new_v4();
    let new = store::NewPartner {
        id,
        account_name: form.account_name.as_str(),
        display_name: &form.display_name,
        partner_type: form.partner_type.code(),
        distributor: form.distributor,
        password_hash: &hash,
    };
    if !store::insert_partner(&mut tx, &new).await? {
        return Err(AppError::field("account_name", Msg::ErrNameTaken));
    }
    let entry =
        AuditEntry::success(AuditAction::PartnerCreate, form.account_name.as_str()).for_partner(id);
    commit(tx, call, entry).await?;
    Ok(id)
}

pub async fn list_partners(call: &Call) -> Result<Vec<PartnerSummary>, AppError> {
    call.actor.require_operator()?;
    let mut conn = call.pool().acquire().await?;
    Ok(store::partners(&mut conn)
        .await?
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
                balance: r.balance,
                created_at: r.created_at,
            })
        })
        .collect())
}

/// The newest associations across partners (at most 200), narrowed by partner or customer name.
pub async fn list_associations(
    call: &Call,
    q: Option<&str>,
) -> Result<Vec<AssociationRow>, AppError> {
    call.actor.require_operator()?;
    let q = q
        .map(|q| q.trim().to_lowercase())
        .filter(|q| !q.is_empty() && q.chars().count() <= 64 && !q.chars().any(char::is_control));
    let mut conn = call.pool().acquire().await?;
    Ok(store::associations(&mut conn, q.as_deref())
        .await?
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
