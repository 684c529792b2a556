//! Customer and reseller endpoints: `list_sub_customers`, `create_sub_customer`,
//! `list_indirect_partners`. They translate Huawei's fields and call the same capability
//! functions as the portal, where the permission and scope checks live.

use super::auth::authenticate;
use super::error::ApiError;
use super::fields::{json_body, optional_text, optional_utc, paging, time_utc};
use crate::core::i18n::Lang;
use crate::core::validate::{AccountName, NewPassword};
use crate::customers::service::{
    contains_pattern, create_customer, resellers, search, CreateCustomer, Query,
};
use crate::server::AppState;
use axum::extract::{Request, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `QuerySubCustomerListReq`. Unknown fields are ignored, as Huawei does.
#[derive(Deserialize, Default, utoipa::ToSchema)]
pub struct SubCustomerQuery {
    account_name: Option<String>,
    customer: Option<String>,
    offset: Option<i64>,
    limit: Option<i64>,
    label: Option<String>,
    association_type: Option<String>,
    associated_on_begin: Option<String>,
    associated_on_end: Option<String>,
    customer_id: Option<String>,
    indirect_partner_id: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AccountManager {
    account_name: String,
}

/// `CustomerInformation`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CustomerInformation {
    customer: String,
    account_name: String,
    customer_id: String,
    associated_on: String,
    association_type: &'static str,
    /// 0 individual, 1 enterprise.
    customer_type: i32,
    account_managers: Vec<AccountManager>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SubCustomerList {
    customer_infos: Vec<CustomerInformation>,
    count: i64,
}

/// An id field: at most 64 characters; one that is not ours can match nothing.
fn optional_id(field: &str, value: Option<String>) -> Result<Option<Option<Uuid>>, ApiError> {
    Ok(optional_text(field, value)?.map(|v| Uuid::parse_str(&v).ok()))
}

/// POST /v2/partners/sub-customers/query
#[utoipa::path(post, path = "/v2/partners/sub-customers/query", tag = "customers",
    operation_id = "list_sub_customers",
    description = "Lists the caller's customers. Permission item: sales.customers.view; a customer manager's key sees its assigned customers only.",
    request_body = SubCustomerQuery,
    responses((status = 200, body = SubCustomerList), (status = 400, body = super::error::ErrorBody),
              (status = 401, body = super::error::ErrorBody), (status = 403, body = super::error::ErrorBody),
              (status = 429, body = super::error::ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn list_sub_customers(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<SubCustomerList>, ApiError> {
    let signed = authenticate(&state, req).await?;
    let body: SubCustomerQuery = json_body(&signed.body)?;
    let (offset, limit) = paging(body.offset, body.limit)?;
    let mut q = Query::scoped(&signed.actor)?;
    q.account = contains_pattern(optional_text("account_name", body.account_name)?.as_deref());
    q.name = contains_pattern(optional_text("customer", body.customer)?.as_deref());
    q.mode = match optional_text("association_type", body.association_type)?.as_deref() {
        None => None,
        Some("1") => Some("consulting"),
        Some("2") => Some("resale"),
        Some(_) => return Err(ApiError::parameter("association_type: must be 1 or 2.")),
    };
    q.from = optional_utc("associated_on_begin", body.associated_on_begin)?;
    // Huawei's end is inclusive to the second.
    q.until = optional_utc("associated_on_end", body.associated_on_end)?
        .map(|t| t + chrono::Duration::seconds(1));
    // Labels are not kept here, so a label filter matches no customer.
    let no_match = optional_text("label", body.label)?.is_some();
    match optional_id("customer_id", body.customer_id)? {
        Some(Some(id)) => q.customer_id = Some(id),
        Some(None) => {
            return Ok(Json(SubCustomerList {
                customer_infos: vec![],
                count: 0,
            }))
        }
        None => {}
    }
    match optional_id("indirect_partner_id", body.indirect_partner_id)? {
        Some(Some(id)) => q.indirect = Some(id),
        Some(None) => {
            return Err(ApiError::parameter(
                "indirect_partner_id: not a reseller of yours.",
            ))
        }
        None => {}
    }
    if no_match {
        return Ok(Json(SubCustomerList {
            customer_infos: vec![],
            count: 0,
        }));
    }
    let (rows, count, _) = search(&state.pool, q, (limit, offset), None).await?;
    Ok(Json(SubCustomerList {
        count,
        customer_infos: rows
            .into_iter()
            .map(|r| CustomerInformation {
                customer: r.display_name,
                account_name: r.account_name,
                customer_id: r.id,
                associated_on: time_utc(r.associated_at),
                association_type: if r.resale { "2" } else { "1" },
                customer_type: i32::from(r.enterprise),
                account_managers: r
                    .manager_account
                    .map(|account_name| AccountManager { account_name })
                    .into_iter()
                    .collect(),
            })
            .collect(),
    }))
}

/// `CreateCustomerV2Req`.
#[derive(Deserialize, Default, utoipa::ToSchema)]
pub struct CreateCustomerBody {
    domain_name: Option<String>,
    password: Option<String>,
    cooperation_type: Option<String>,
    indirect_partner_id: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedCustomer {
    domain_id: String,
    domain_name: String,
}

/// An account name like Huawei makes when none is given: `pc_` and 12 random letters or digits.
fn random_account_name() -> String {
    use rand::distributions::{Alphanumeric, DistString};
    let suffix = Alphanumeric.sample_string(&mut rand::rngs::OsRng, 12);
    format!("pc_{}", suffix.to_ascii_lowercase())
}

/// POST /v2/partners/sub-customers
#[utoipa::path(post, path = "/v2/partners/sub-customers", tag = "customers",
    operation_id = "create_sub_customer",
    description = "Creates a customer associated with the caller's partner (or a reseller's, with indirect_partner_id). Permission item: sales.customers.create.",
    request_body = CreateCustomerBody,
    responses((status = 200, body = CreatedCustomer), (status = 400, body = super::error::ErrorBody),
              (status = 401, body = super::error::ErrorBody), (status = 403, body = super::error::ErrorBody),
              (status = 429, body = super::error::ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn create_sub_customer(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<CreatedCustomer>, ApiError> {
    let signed = authenticate(&state, req).await?;
    let body: CreateCustomerBody = json_body(&signed.body)?;
    let name = optional_text("domain_name", body.domain_name)?.unwrap_or_else(random_account_name);
    let account_name = AccountName::parse(&name)
        .map_err(|t| ApiError::parameter(format!("domain_name: {}", t.render(Lang::En))))?;
    let password = match body.password {
        None => None,
        Some(p) => Some(
            NewPassword::parse(&p)
                .map_err(|t| ApiError::parameter(format!("password: {}", t.render(Lang::En))))?,
        ),
    };
    let resale = optional_text("cooperation_type", body.cooperation_type)?.as_deref() != Some("1");
    let indirect = match optional_id("indirect_partner_id", body.indirect_partner_id)? {
        None => None,
        Some(Some(id)) => Some(id),
        Some(None) => {
            return Err(ApiError::parameter(
                "indirect_partner_id: not a reseller of yours.",
            ))
        }
    };
    let id = create_customer(
        &state,
        &signed.actor,
        signed.source,
        CreateCustomer {
            account_name,
            password,
            resale,
            indirect,
        },
    )
    .await?;
    Ok(Json(CreatedCustomer {
        domain_id: id.to_string(),
        domain_name: name,
    }))
}

/// `QueryIndirectPartnersReq`.
#[derive(Deserialize, Default, utoipa::ToSchema)]
pub struct IndirectPartnerQuery {
    account_name: Option<String>,
    associated_on_begin: Option<String>,
    associated_on_end: Option<String>,
    offset: Option<i64>,
    limit: Option<i64>,
    indirect_partner_id: Option<String>,
}

/// `IndirectPartnerInfo`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct IndirectPartnerInfo {
    indirect_partner_id: String,
    account_name: String,
    name: String,
    associated_on: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct IndirectPartnerList {
    count: i64,
    indirect_partners: Vec<IndirectPartnerInfo>,
}

/// POST /v2/partners/indirect-partners/query
#[utoipa::path(post, path = "/v2/partners/indirect-partners/query", tag = "customers",
    operation_id = "list_indirect_partners",
    description = "A tier-1 distributor lists its tier-2 resellers. Permission item: sales.customers.view.",
    request_body = IndirectPartnerQuery,
    responses((status = 200, body = IndirectPartnerList), (status = 400, body = super::error::ErrorBody),
              (status = 401, body = super::error::ErrorBody), (status = 403, body = super::error::ErrorBody),
              (status = 429, body = super::error::ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn list_indirect_partners(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<IndirectPartnerList>, ApiError> {
    let signed = authenticate(&state, req).await?;
    let body: IndirectPartnerQuery = json_body(&signed.body)?;
    let (offset, limit) = paging(body.offset, body.limit)?;
    let account = contains_pattern(optional_text("account_name", body.account_name)?.as_deref());
    let range = (
        optional_utc("associated_on_begin", body.associated_on_begin)?,
        optional_utc("associated_on_end", body.associated_on_end)?,
    );
    let id = match optional_id("indirect_partner_id", body.indirect_partner_id)? {
        Some(None) => {
            return Ok(Json(IndirectPartnerList {
                count: 0,
                indirect_partners: vec![],
            }))
        }
        Some(Some(id)) => Some(id),
        None => None,
    };
    let rows = resellers(
        &state.pool,
        &signed.actor,
        account,
        range,
        id,
        (limit, offset),
    )
    .await?;
    Ok(Json(IndirectPartnerList {
        count: rows.first().map_or(0, |r| r.total),
        indirect_partners: rows
            .into_iter()
            .map(|r| IndirectPartnerInfo {
                indirect_partner_id: r.id.to_string(),
                account_name: r.account_name,
                name: r.display_name,
                associated_on: time_utc(r.associated_at),
            })
            .collect(),
    }))
}
