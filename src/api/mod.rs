//! The Huawei-compatible partner API (BSS v2 paths, fields and error codes), signed with
//! `SDK-HMAC-SHA256` access keys, so that partners' SDK code works against Partner Centre
//! unchanged. Handlers translate fields and call the capability services the portal calls.
//! Everything under `/v2` and `/v3` answers JSON, unknown paths and wrong methods included.

mod auth;
mod customers;
mod error;
mod fields;
pub mod signature;

pub use error::ApiError;

use crate::server::AppState;
use crate::web::security::client_addr;
use axum::handler::Handler;
use axum::middleware::from_fn_with_state;
use axum::response::IntoResponse;
use axum::routing::{any, post, MethodRouter};
use axum::Router;

/// The OpenAPI 3 document of the API, generated from the handlers and their types.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Partner Centre API",
        description = "Huawei Cloud BSS partner API, compatible: the same paths, fields and error codes. \
                       Requests are signed with SDK-HMAC-SHA256 access keys (X-Sdk-Date within 15 minutes). \
                       Unknown paths under /v2 answer 404 APIGW.0101 and wrong methods 405, both as JSON."
    ),
    paths(
        customers::list_sub_customers,
        customers::create_sub_customer,
        customers::list_indirect_partners
    ),
    modifiers(&SdkSignature, &ExactRules)
)]
pub struct ApiDoc;

/// States rules the server enforces that the derive cannot: the exact shape of UTC times, the
/// password rule (length, an ASCII letter, a digit, no control characters), and that no text
/// holds control characters.
struct ExactRules;

impl utoipa::Modify for ExactRules {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::schema::{AllOfBuilder, ObjectBuilder, Schema, SchemaType, Type};
        use utoipa::openapi::RefOr;
        // The fields are optional: null (or absent) is accepted as well.
        let text = |pattern: &str| {
            ObjectBuilder::new()
                .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
                .pattern(Some(pattern))
                .build()
        };
        let Some(components) = openapi.components.as_mut() else {
            return;
        };
        for schema in components.schemas.values_mut() {
            let RefOr::T(Schema::Object(object)) = schema else {
                continue;
            };
            for (name, property) in object.properties.iter_mut() {
                if name.starts_with("associated_on_") {
                    let time_or_empty = format!("^(?:{})?$", fields::UTC_PATTERN_BODY);
                    *property = RefOr::T(Schema::Object(text(&time_or_empty)));
                } else if name == "password" {
                    let rule = AllOfBuilder::new()
                        .item(text("^[^\\x00-\\x1f\\x7f-\\x9f]{10,128}$"))
                        .item(text("[A-Za-z]"))
                        .item(text("[0-9]"))
                        .build();
                    *property = RefOr::T(Schema::AllOf(rule));
                } else if let RefOr::T(Schema::Object(text)) = property {
                    let is_text = matches!(&text.schema_type,
                        SchemaType::Array(types) if types.contains(&Type::String));
                    if is_text && text.pattern.is_none() {
                        text.pattern = Some("^[^\\x00-\\x1f\\x7f-\\x9f]*$".into());
                    }
                }
            }
        }
    }
}

/// Declares the `Authorization: SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…` scheme.
struct SdkSignature;

impl utoipa::Modify for SdkSignature {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "sdk_hmac_sha256",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "Authorization",
                "SDK-HMAC-SHA256 Access=AK, SignedHeaders=…, Signature=… (huaweicloudsdkcore's signer)",
            ))),
        );
    }
}

/// A POST endpoint whose other methods get Huawei's JSON error, and the `Allow` header, instead
/// of an empty 405.
fn post_json<H, T>(handler: H) -> MethodRouter<AppState>
where
    H: Handler<T, AppState>,
    T: 'static,
{
    post(handler).fallback(|| async {
        let mut res = ApiError::method_not_allowed().into_response();
        res.headers_mut().insert(
            axum::http::header::ALLOW,
            axum::http::HeaderValue::from_static("POST"),
        );
        res
    })
}

pub fn router(state: AppState) -> Router {
    let unknown = || async { ApiError::unknown_path().into_response() };
    Router::new()
        .route(
            "/api/openapi.json",
            axum::routing::get(|| async { axum::Json(<ApiDoc as utoipa::OpenApi>::openapi()) }),
        )
        .route(
            "/v2/partners/sub-customers/query",
            post_json(customers::list_sub_customers),
        )
        .route(
            "/v2/partners/sub-customers",
            post_json(customers::create_sub_customer),
        )
        .route(
            "/v2/partners/indirect-partners/query",
            post_json(customers::list_indirect_partners),
        )
        .route("/v2", any(unknown))
        .route("/v2/{*rest}", any(unknown))
        .route("/v3", any(unknown))
        .route("/v3/{*rest}", any(unknown))
        .layer(from_fn_with_state(state.clone(), client_addr))
        .with_state(state)
}
