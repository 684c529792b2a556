//! Coupon server functions. Forms that issue, recall or grant carry a one-time `token`, so a
//! double submit acts once.
// `grant_quota` takes one argument per form field, more than clippy allows by default; the
// allowance must cover what the `server` macro generates for the browser too.
#![allow(clippy::too_many_arguments)]

use super::{
    CouponFilter, CouponPage, IssueBatch, MyCoupons, OperationFilter, OperationPage, QuotaDetail,
    QuotaOverview, ReclaimLine,
};
use crate::core::error::AppError;
#[cfg(feature = "ssr")]
use crate::core::{error::FieldErrors, ids::ClientToken, money::Money, time::Day};
#[cfg(feature = "ssr")]
use crate::identity::call;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The terms of an issue as the form sends them (dates are Beijing days, both ends included;
/// empty limits take the quota's).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IssueForm {
    pub quota: String,
    pub face_value: String,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    pub service_types: Option<String>,
    pub products: Option<String>,
    pub min_order_amount: Option<String>,
    pub selected_only: Option<String>,
    pub remark: Option<String>,
    pub customers: Option<Vec<String>>,
}

/// Limits as typed in a form.
#[cfg(feature = "ssr")]
pub fn parse_limits(
    errors: &mut FieldErrors,
    service_types: Option<&str>,
    products: Option<&str>,
    min_order_amount: Option<&str>,
    selected_only: Option<&str>,
) -> super::Limits {
    use super::rules::parse_items;
    let min = min_order_amount.map(str::trim).filter(|m| !m.is_empty());
    super::Limits {
        service_types: errors
            .check(
                "service_types",
                parse_items(service_types.unwrap_or_default()),
            )
            .unwrap_or_default(),
        products: errors
            .check("products", parse_items(products.unwrap_or_default()))
            .unwrap_or_default(),
        min_order_amount: min.and_then(|m| {
            errors
                .check("min_order_amount", Money::parse(m).map_err(|e| e.text()))
                .map(|m| m.amount())
        }),
        selected_only: selected_only.is_some_and(|v| !v.is_empty()),
    }
}

#[cfg(feature = "ssr")]
impl IssueForm {
    pub fn terms(&self) -> Result<super::issue::IssueTerms, AppError> {
        let mut errors = FieldErrors::new();
        let face_value = errors.check(
            "face_value",
            Money::parse(&self.face_value).map_err(|e| e.text()),
        );
        let from = errors.check(
            "valid_from",
            Day::parse_optional(self.valid_from.as_deref()),
        );
        let until = errors.check(
            "valid_until",
            Day::parse_optional(self.valid_until.as_deref()),
        );
        let limits = parse_limits(
            &mut errors,
            self.service_types.as_deref(),
            self.products.as_deref(),
            self.min_order_amount.as_deref(),
            self.selected_only.as_deref(),
        );
        errors.into_result()?;
        Ok(super::issue::IssueTerms {
            quota: self.quota.clone(),
            face_value: face_value.ok_or(AppError::Internal)?,
            valid_from: from.flatten().map(Day::start),
            valid_until: until.flatten().map(Day::end),
            limits,
            remark: self.remark.clone().unwrap_or_default(),
            customers: self.customers.clone().unwrap_or_default(),
        })
    }
}

#[server(endpoint = "coupon_quotas")]
pub async fn coupon_quotas() -> Result<QuotaOverview, AppError> {
    super::holdings::overview(&call().await?).await
}

#[server(endpoint = "coupon_quota")]
pub async fn coupon_quota(id: String) -> Result<QuotaDetail, AppError> {
    super::holdings::quota_detail(&call().await?, &id).await
}

/// What an issue would do to each chosen customer, before anything is written.
#[server(endpoint = "preview_coupon_issue")]
pub async fn preview_coupon_issue(form: IssueForm) -> Result<IssueBatch, AppError> {
    let terms = form.terms()?;
    super::issue::preview(&call().await?, &terms).await
}

/// Issues the coupons, then shows the result page.
#[server(endpoint = "issue_coupons")]
pub async fn issue_coupons(form: IssueForm, token: Option<String>) -> Result<IssueBatch, AppError> {
    let terms = form.terms()?;
    let call = call().await?.with_token(ClientToken::from_form(token)?);
    let batch = super::issue::apply(&call, &terms).await?;
    if let Some(id) = &batch.id {
        leptos_axum::redirect(&format!("/partner/coupons/issues/{id}"));
    }
    Ok(batch)
}

#[server(endpoint = "coupon_issue_result")]
pub async fn coupon_issue_result(id: String) -> Result<IssueBatch, AppError> {
    super::issue::stored(&call().await?, &id).await
}

#[server(endpoint = "issued_coupons")]
pub async fn issued_coupons(filter: CouponFilter) -> Result<CouponPage, AppError> {
    super::records::coupons(&call().await?, &filter).await
}

#[server(endpoint = "recall_coupon")]
pub async fn recall_coupon(coupon: String, token: Option<String>) -> Result<(), AppError> {
    let call = call().await?.with_token(ClientToken::from_form(token)?);
    super::service::recall(&call, &coupon).await
}

#[server(endpoint = "coupon_operations")]
pub async fn coupon_operations(filter: OperationFilter) -> Result<OperationPage, AppError> {
    super::records::operations(&call().await?, &filter).await
}

/// A distributor grants `amount` of quota `quota` to each chosen reseller (`resellers[N]=id`).
#[server(endpoint = "grant_reseller_quota")]
pub async fn grant_reseller_quota(
    quota: String,
    amount: String,
    resellers: Option<Vec<String>>,
    token: Option<String>,
) -> Result<IssueBatch, AppError> {
    let amount = Money::parse_field("amount", &amount)?;
    let call = call().await?.with_token(ClientToken::from_form(token)?);
    let resellers = resellers.unwrap_or_default();
    let batch = super::quotas::grant_to_resellers(&call, &quota, &resellers, amount).await?;
    if let Some(id) = &batch.id {
        leptos_axum::redirect(&format!("/partner/coupons/grants/{id}"));
    }
    Ok(batch)
}

#[server(endpoint = "reseller_quota_grant")]
pub async fn reseller_quota_grant(id: String) -> Result<IssueBatch, AppError> {
    super::quotas::stored_grant(&call().await?, &id).await
}

/// A distributor takes back what a reseller's quota holds.
#[server(endpoint = "reclaim_reseller_quota")]
pub async fn reclaim_reseller_quota(
    quota: String,
    remark: Option<String>,
    token: Option<String>,
) -> Result<Vec<ReclaimLine>, AppError> {
    let call = call().await?.with_token(ClientToken::from_form(token)?);
    let lines = super::quotas::reclaim_from_resellers(
        &call,
        &[quota],
        remark.as_deref().unwrap_or_default(),
    )
    .await?;
    // A quota not granted by the caller is refused: tell the form, rather than report "done".
    if lines.iter().any(|l| l.refusal.is_some()) {
        return Err(AppError::NotFound);
    }
    Ok(lines)
}

/// The signed-in customer's coupons.
#[server(endpoint = "list_my_coupons")]
pub async fn list_my_coupons() -> Result<MyCoupons, AppError> {
    super::records::my_coupons(&call().await?).await
}

/// Every partner's quotas, for the operator.
#[server(endpoint = "operator_quotas")]
pub async fn operator_quotas() -> Result<Vec<super::QuotaView>, AppError> {
    super::holdings::all_quotas(&call().await?).await
}

/// The operator's grant of a quota as its form sends it (dates are Beijing days, both ends
/// included; empty limits: none).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QuotaForm {
    pub partner: String,
    pub kind: String,
    pub amount: String,
    pub valid_from: String,
    pub valid_until: String,
    pub service_types: Option<String>,
    pub products: Option<String>,
    pub min_order_amount: Option<String>,
    pub selected_only: Option<String>,
    pub remark: Option<String>,
}

#[cfg(feature = "ssr")]
impl QuotaForm {
    pub fn terms(self) -> Result<super::quotas::QuotaTerms, AppError> {
        let mut errors = FieldErrors::new();
        let kind = super::CouponKind::from_code(self.kind.trim());
        if kind.is_none() {
            errors.add("kind", crate::core::i18n::Msg::ErrBadChoice);
        }
        let amount = errors.check("amount", Money::parse(&self.amount).map_err(|e| e.text()));
        let from = errors.check("valid_from", Day::parse(&self.valid_from));
        let until = errors.check("valid_until", Day::parse(&self.valid_until));
        let limits = parse_limits(
            &mut errors,
            self.service_types.as_deref(),
            self.products.as_deref(),
            self.min_order_amount.as_deref(),
            self.selected_only.as_deref(),
        );
        errors.into_result()?;
        let (Some(kind), Some(amount), Some(from), Some(until)) = (kind, amount, from, until)
        else {
            return Err(AppError::Internal);
        };
        Ok(super::quotas::QuotaTerms {
            partner: self.partner,
            kind,
            amount,
            valid_from: from.start(),
            valid_until: until.end(),
            limits,
            remark: self.remark.unwrap_or_default(),
        })
    }
}

/// The operator grants a partner a quota (`form[…]`); the form's one-time `token` makes a
/// double submit grant once.
#[server(endpoint = "grant_quota")]
pub async fn grant_quota(form: QuotaForm, token: Option<String>) -> Result<(), AppError> {
    let terms = form.terms()?;
    let call = call().await?.with_token(ClientToken::from_form(token)?);
    super::quotas::grant(&call, &terms).await?;
    Ok(())
}
