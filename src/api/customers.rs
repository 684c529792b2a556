//! Customer and reseller endpoints: `list_sub_customers`, `create_sub_customer`,
//! `list_indirect_partners`. They translate Huawei's fields and call the same capability
//! functions as the portal, where the permission and scope checks live.

use super::auth::authenticate;
use super::error::{ApiError, ErrorBody};
use super::fields::{
    json_body, json_integer, optional_text, optional_utc, paging, rename_fields, time_utc,
};
use super::reach::not_your_reseller;
use crate::core::i18n::Lang;
use crate::core::validate::{AccountName, NewPassword};
use crate::customers::create::{create_customer, CreateCustomer};
use crate::customers::rules::contains_pattern;
use crate::customers::search::{count, offset_page, Query};
use crate::partners::store::ResellerSearch;
use crate::server::AppState;
use axum::extract::{Request, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `QuerySubCustomerListReq`. Unknown fields are ignored, as Huawei does.
#[derive(Deserialize, Default, utoipa::ToSchema)]
pub struct SubCustomerQuery {
    /// Account name contains.
    #[schema(max_length = 64)]
    account_name: Option<String>,
    /// Real (display) name contains.
    #[schema(max_length = 64)]
    customer: Option<String>,
    #[schema(minimum = 0, maximum = 100_000_000, default = 0)]
    #[serde(default, deserialize_with = "json_integer")]
    offset: Option<i64>,
    #[schema(minimum = 1, maximum = 100, default = 10)]
    #[serde(default, deserialize_with = "json_integer")]
    limit: Option<i64>,
    /// Labels are not kept: a label filter matches no customer.
    #[schema(max_length = 64)]
    label: Option<String>,
    /// "1" consulting, "2" resale; empty: either.
    #[schema(pattern = "^[12]?$")]
    association_type: Option<String>,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    associated_on_begin: Option<String>,
    associated_on_end: Option<String>,
    #[schema(max_length = 64)]
    customer_id: Option<String>,
    /// A tier-1 distributor reads one of its tier-2 resellers' customers.
    #[schema(max_length = 64)]
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

fn nothing() -> Json<SubCustomerList> {
    Json(SubCustomerList {
        customer_infos: vec![],
        count: 0,
    })
}

/// POST /v2/partners/sub-customers/query
#[utoipa::path(post, path = "/v2/partners/sub-customers/query", tag = "customers",
    operation_id = "list_sub_customers",
    description = "Lists the caller's customers. Permission item: sales.customers.view; a customer manager's key sees its assigned customers only.",
    request_body = SubCustomerQuery,
    responses((status = 200, body = SubCustomerList), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 405, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn list_sub_customers(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<SubCustomerList>, ApiError> {
    let signed = authenticate(&state, req).await?;
    let body: SubCustomerQuery = json_body(&signed.body)?;
    let page = paging(body.offset, body.limit)?;
    let mut q = Query::scoped(&signed.call.actor)?;
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
        Some(None) => return Ok(nothing()),
        None => {}
    }
    match optional_id("indirect_partner_id", body.indirect_partner_id)? {
        Some(Some(id)) => q.indirect = Some(id),
        Some(None) => return Err(not_your_reseller()),
        None => {}
    }
    if no_match {
        return Ok(nothing());
    }
    let mut conn = signed
        .call
        .pool()
        .acquire()
        .await
        .map_err(crate::core::error::AppError::from)?;
    q.apply_indirect(&mut conn).await.map_err(|e| match e {
        crate::core::error::AppError::Invalid(_) => not_your_reseller(),
        other => other.into(),
    })?;
    let rows = offset_page(&mut conn, &q, page.limit, page.offset).await?;
    let count = if page.offset == 0 && (rows.len() as i64) < page.limit {
        rows.len() as i64
    } else {
        count(&mut conn, &q, None).await?
    };
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
    /// 3–32 ASCII letters, digits, `-`, `_`, `.`, starting with a letter; generated when absent.
    #[schema(
        min_length = 3,
        max_length = 32,
        pattern = "^[A-Za-z][A-Za-z0-9._-]{2,31}$"
    )]
    domain_name: Option<String>,
    /// 10–128 characters with an ASCII letter and a digit, no control characters (the exact
    /// rule is in the document); without one the customer cannot sign in until a password is set.
    password: Option<String>,
    /// "1" consulting, "2" resale (the default, also when empty).
    #[schema(pattern = "^[12]?$")]
    cooperation_type: Option<String>,
    /// Refused: a distributor reads its resellers' customers but does not create them.
    #[schema(max_length = 64)]
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
    description = "Creates a customer associated with the caller's partner. Permission item: sales.customers.create.",
    request_body = CreateCustomerBody,
    responses((status = 200, body = CreatedCustomer), (status = 400, body = ErrorBody),
              (status = 409, description = "The domain_name is taken.", body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 405, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn create_sub_customer(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<CreatedCustomer>, ApiError> {
    let signed = authenticate(&state, req).await?;
    let body: CreateCustomerBody = json_body(&signed.body)?;
    let field_error = |field: &str, t: crate::core::i18n::Text| {
        ApiError::parameter(format!("{field}: {}", t.render(Lang::En)))
    };
    if body.domain_name.as_deref().is_some_and(|n| n != n.trim()) {
        return Err(ApiError::parameter(
            "domain_name: no spaces before or after the name.",
        ));
    }
    let name = optional_text("domain_name", body.domain_name)?.unwrap_or_else(random_account_name);
    let account_name = AccountName::parse(&name).map_err(|t| field_error("domain_name", t))?;
    let password = match body.password {
        None => None,
        Some(p) => Some(NewPassword::parse(&p).map_err(|t| field_error("password", t))?),
    };
    let resale = match optional_text("cooperation_type", body.cooperation_type)?.as_deref() {
        Some("1") => false,
        None | Some("2") => true,
        Some(_) => return Err(ApiError::parameter("cooperation_type: must be 1 or 2.")),
    };
    if optional_text("indirect_partner_id", body.indirect_partner_id)?.is_some() {
        return Err(ApiError::forbidden(
            "indirect_partner_id: a distributor reads its resellers' customers but does not create them; the reseller does.",
        ));
    }
    let new = CreateCustomer {
        account_name,
        password,
        resale,
    };
    let id = match create_customer(&signed.call, new).await {
        Err(crate::core::error::AppError::Invalid(fields))
            if fields
                .iter()
                .any(|f| f.text.msg == crate::core::i18n::Msg::ErrNameTaken) =>
        {
            return Err(ApiError::conflict("domain_name: the name is taken."));
        }
        other => other.map_err(|e| rename_fields(e, &[("account_name", "domain_name")]))?,
    };
    Ok(Json(CreatedCustomer {
        domain_id: id.to_string(),
        domain_name: name,
    }))
}

/// `QueryIndirectPartnersReq`.
#[derive(Deserialize, Default, utoipa::ToSchema)]
pub struct IndirectPartnerQuery {
    #[schema(max_length = 64)]
    account_name: Option<String>,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    associated_on_begin: Option<String>,
    associated_on_end: Option<String>,
    #[schema(minimum = 0, maximum = 100_000_000, default = 0)]
    #[serde(default, deserialize_with = "json_integer")]
    offset: Option<i64>,
    #[schema(minimum = 1, maximum = 100, default = 10)]
    #[serde(default, deserialize_with = "json_integer")]
    limit: Option<i64>,
    #[schema(max_length = 64)]
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
    responses((status = 200, body = IndirectPartnerList), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 405, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn list_indirect_partners(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<IndirectPartnerList>, ApiError> {
    let signed = authenticate(&state, req).await?;
    let body: IndirectPartnerQuery = json_body(&signed.body)?;
    let page = paging(body.offset, body.limit)?;
    let search = ResellerSearch {
        account: contains_pattern(optional_text("account_name", body.account_name)?.as_deref()),
        from: optional_utc("associated_on_begin", body.associated_on_begin)?,
        until: optional_utc("associated_on_end", body.associated_on_end)?,
        id: match optional_id("indirect_partner_id", body.indirect_partner_id)? {
            Some(None) => {
                return Ok(Json(IndirectPartnerList {
                    count: 0,
                    indirect_partners: vec![],
                }))
            }
            Some(Some(id)) => Some(id),
            None => None,
        },
        limit: page.limit,
        offset: page.offset,
    };
    let rows = crate::partners::service::resellers(&signed.call, &search).await?;
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
