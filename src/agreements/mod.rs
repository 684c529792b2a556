//! Agreements (协议): the operator publishes versions of the Customer–Partner Association Notice
//! (《客户关联合作伙伴须知》); customers sign the latest one and keep each signed version as it was.

pub mod pages;
pub mod rules;
mod server;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;

pub use server::*;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One published version; its content never changes after publication.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgreementVersion {
    pub id: String,
    pub title: String,
    pub version: i32,
    /// Sanitised HTML rendered from the operator's Markdown at publication.
    pub content_html: String,
    pub published_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignedAgreement {
    pub agreement: AgreementVersion,
    pub signed_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgreementsOverview {
    /// The latest notice, when the customer has not signed it yet.
    pub to_sign: Option<AgreementVersion>,
    pub signed: Vec<SignedAgreement>,
}
