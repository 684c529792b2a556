//! The caller of a service: an operator, a partner's main account, one of its members, or a
//! customer, with the permission items and the data scope it holds. Loaded by `identity` from
//! the session or the access key; plain data here.

use super::error::AppError;
use super::permissions::{DataScope, Permission};
use super::viewer::{ActorKind, PartnerType, Viewer};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq)]
pub struct Actor {
    pub kind: ActorKind,
    /// The operator, partner (for its main account), member or customer id.
    pub id: Uuid,
    pub partner_id: Option<Uuid>,
    pub name: String,
    pub display_name: String,
    pub partner_name: Option<String>,
    pub partner_type: Option<PartnerType>,
    pub permissions: Vec<Permission>,
    pub scope: DataScope,
}

impl Actor {
    /// The caller's partner, when the caller holds the permission item.
    pub fn require(&self, item: Permission) -> Result<Uuid, AppError> {
        let partner = self.require_partner()?;
        if self.holds(item) {
            Ok(partner)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Whether the caller holds the item (a partner user; nobody else holds items).
    pub fn holds(&self, item: Permission) -> bool {
        self.kind.is_partner() && self.permissions.contains(&item)
    }

    /// The caller's partner, for anything any partner user may see.
    pub fn require_partner(&self) -> Result<Uuid, AppError> {
        match (self.kind.is_partner(), self.partner_id) {
            (true, Some(id)) => Ok(id),
            _ => Err(AppError::Forbidden),
        }
    }

    pub fn require_operator(&self) -> Result<(), AppError> {
        if self.kind == ActorKind::Operator {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn require_customer(&self) -> Result<Uuid, AppError> {
        if self.kind == ActorKind::Customer {
            Ok(self.id)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The member id when the caller is an organisation member.
    pub fn member_id(&self) -> Option<Uuid> {
        (self.kind == ActorKind::Member).then_some(self.id)
    }

    /// The member whose assigned customers bound what the caller reaches, if its scope is
    /// narrowed to them (a customer manager). Fails closed: a narrowed scope without a member
    /// (which loading never produces) reaches no customer at all.
    pub fn assigned_to(&self) -> Option<Uuid> {
        match self.scope {
            DataScope::AssignedCustomers => Some(self.member_id().unwrap_or(Uuid::nil())),
            DataScope::WholePartner => None,
        }
    }

    pub fn viewer(&self) -> Viewer {
        Viewer {
            kind: self.kind,
            name: self.name.clone(),
            display_name: self.display_name.clone(),
            partner_name: self.partner_name.clone(),
            partner_type: self.partner_type,
            permissions: self.permissions.clone(),
            scope: self.scope,
        }
    }
}
