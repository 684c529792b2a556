//! Organisation management (组织管理): the partner's members (IAM users), their 1 to 3 roles, and
//! custom roles built from permission items.

pub mod pages;
pub mod rules;
mod server;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;

pub use server::*;

use crate::core::permissions::{BuiltinRole, Permission};
use serde::{Deserialize, Serialize};

/// A role as the pages show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum RoleLabel {
    Builtin(BuiltinRole),
    Custom { id: String, name: String },
}

impl RoleLabel {
    pub fn form_value(&self) -> String {
        match self {
            RoleLabel::Builtin(r) => format!("builtin:{}", r.key()),
            RoleLabel::Custom { id, .. } => format!("custom:{id}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberSummary {
    pub id: String,
    pub user_name: String,
    pub display_name: String,
    pub active: bool,
    pub roles: Vec<RoleLabel>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Whether the caller may change this member: its rights lie within the caller's.
    pub manageable: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MembersPage {
    pub members: Vec<MemberSummary>,
    /// Every role that can be given: built-in first, then the partner's custom roles.
    pub roles: Vec<RoleLabel>,
    /// Whether the caller may change members (`org.members.manage`).
    pub can_manage: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomRole {
    pub id: String,
    pub name: String,
    pub items: Vec<Permission>,
    pub member_count: i64,
    /// Whether the caller holds every item of the role, and so may edit or delete it.
    pub editable: bool,
}

/// The permission items chosen in the role form, as `items[N]=code` checkboxes.
pub type ItemChoices = Option<Vec<String>>;
