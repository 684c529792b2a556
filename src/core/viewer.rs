//! What the page knows about the signed-in user: enough to draw menus. Every server function still
//! checks the caller itself (`core::actor`); this is never a guard on its own.

use super::i18n::Msg;
use super::permissions::{DataScope, Permission};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ActorKind {
    Operator,
    PartnerMain,
    Member,
    Customer,
    /// Background jobs (coupon expiry): never signed in, named in the audit records they write.
    System,
}

impl ActorKind {
    pub fn code(self) -> &'static str {
        match self {
            ActorKind::Operator => "operator",
            ActorKind::PartnerMain => "partner_main",
            ActorKind::Member => "member",
            ActorKind::Customer => "customer",
            ActorKind::System => "system",
        }
    }

    pub fn from_code(code: &str) -> Option<ActorKind> {
        [
            ActorKind::Operator,
            ActorKind::PartnerMain,
            ActorKind::Member,
            ActorKind::Customer,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }

    pub fn is_partner(self) -> bool {
        matches!(self, ActorKind::PartnerMain | ActorKind::Member)
    }

    /// Where this kind of user lands after signing in.
    pub fn home_path(self) -> &'static str {
        match self {
            ActorKind::Operator => "/operator",
            ActorKind::PartnerMain | ActorKind::Member => "/partner",
            ActorKind::Customer => "/account",
            ActorKind::System => "/",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PartnerType {
    SolutionProvider,
    Distributor,
    Reseller,
}

impl PartnerType {
    pub const ALL: &'static [PartnerType] = &[
        PartnerType::SolutionProvider,
        PartnerType::Distributor,
        PartnerType::Reseller,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PartnerType::SolutionProvider => "solution_provider",
            PartnerType::Distributor => "distributor",
            PartnerType::Reseller => "reseller",
        }
    }

    pub fn from_code(code: &str) -> Option<PartnerType> {
        PartnerType::ALL.iter().copied().find(|t| t.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            PartnerType::SolutionProvider => Msg::TypeSolutionProvider,
            PartnerType::Distributor => Msg::TypeDistributor,
            PartnerType::Reseller => Msg::TypeReseller,
        }
    }
}

/// The signed-in user as the browser sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Viewer {
    pub kind: ActorKind,
    /// The user's own name (member user name, customer or operator account name).
    pub name: String,
    pub display_name: String,
    pub partner_name: Option<String>,
    pub partner_type: Option<PartnerType>,
    pub permissions: Vec<Permission>,
    pub scope: DataScope,
}

impl Viewer {
    pub fn can(&self, item: Permission) -> bool {
        self.kind.is_partner() && self.permissions.contains(&item)
    }
}
