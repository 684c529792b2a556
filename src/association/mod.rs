//! Association (关联): a customer joins a partner through an invitation link (registering, or
//! signed in), and either side asks to part, confirmed by the other. The rules are in `rules`.

#[cfg(feature = "ssr")]
pub mod disassociation;
pub mod pages;
pub mod rules;
mod server;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;

pub use server::*;

use crate::agreements::AgreementVersion;
use crate::core::error::AppError;
use chrono::{DateTime, Utc};
use rules::Ineligibility;
use serde::{Deserialize, Serialize};

/// The join page (`/join/{token}`): the inviting partner and what stands in the way.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JoinDetails {
    pub partner_name: String,
    pub resale: bool,
    pub expires_at: DateTime<Utc>,
    /// The association notice to accept (none before the operator publishes one).
    pub notice: Option<AgreementVersion>,
    /// Every failed rule for the link and, when one is signed in, the customer.
    pub problems: Vec<Ineligibility>,
    /// The signed-in customer's account name.
    pub customer: Option<String>,
    /// Signed in, but not as a customer (a partner or operator opening a link).
    pub signed_in_other: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingDisassociation {
    pub id: String,
    /// Filed by the partner (the customer answers) or by the customer (the partner answers).
    pub by_partner: bool,
    pub requested_at: DateTime<Utc>,
}

/// What becomes of a pending disassociation request: the other side confirms or declines it,
/// or the side that filed it withdraws it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Confirm,
    Decline,
    Withdraw,
}

impl Decision {
    pub fn parse(value: &str) -> Result<Decision, AppError> {
        match value {
            "confirm" => Ok(Decision::Confirm),
            "decline" => Ok(Decision::Decline),
            "withdraw" => Ok(Decision::Withdraw),
            _ => Err(AppError::field(
                "decision",
                crate::core::i18n::Msg::ErrBadChoice,
            )),
        }
    }
}
