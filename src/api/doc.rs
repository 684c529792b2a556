//! What the OpenAPI document states beyond what the derives can: the exact shapes of times and
//! dates, the password rule, that no text holds control characters, and the signature scheme.
//! The rules apply alike to body fields and query parameters of the same name, so that the
//! document states exactly what the parsers in `fields` enforce.

use super::fields::{DAY_PATTERN_BODY, UTC_PATTERN_BODY};
use utoipa::openapi::schema::{AllOfBuilder, ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::{OpenApi, RefOr};

/// No control characters (C0, DEL, C1): what every text field refuses.
const NO_CONTROLS: &str = "^[^\\x00-\\x1f\\x7f-\\x9f]*$";

/// The rule for a field or parameter named `name`, when it is one of the shaped ones.
fn rule_for(name: &str) -> Option<Schema> {
    // The fields are optional: null (or absent) is accepted as well.
    let text = |pattern: &str| {
        Schema::Object(
            ObjectBuilder::new()
                .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
                .pattern(Some(pattern))
                .build(),
        )
    };
    // Huawei's dates of account changes are Beijing days; every other time is UTC.
    if name.starts_with("trade_time_") || name.starts_with("bill_date_") {
        return Some(text(&format!("^(?:{DAY_PATTERN_BODY})?$")));
    }
    let is_time = name.starts_with("associated_on_")
        || ["_time_begin", "_time_end", "_start_time", "_end_time"]
            .iter()
            .any(|end| name.ends_with(end))
        || matches!(name, "valid_time" | "expire_time");
    if is_time {
        return Some(text(&format!("^(?:{UTC_PATTERN_BODY})?$")));
    }
    (name == "password").then(|| {
        Schema::AllOf(
            AllOfBuilder::new()
                .item(text("^[^\\x00-\\x1f\\x7f-\\x9f]{10,128}$"))
                .item(text("[A-Za-z]"))
                .item(text("[0-9]"))
                .build(),
        )
    })
}

/// Applies the rules to one field or parameter's schema: its own rule, or else (for text without
/// a pattern of its own) no control characters.
fn apply(name: &str, schema: &mut RefOr<Schema>) {
    if let Some(mut rule) = rule_for(name) {
        // The field's own description stays.
        if let (RefOr::T(Schema::Object(field)), Schema::Object(ruled)) = (&*schema, &mut rule) {
            ruled.description = field.description.clone();
        }
        *schema = RefOr::T(rule);
    } else if let RefOr::T(Schema::Object(text)) = schema {
        let is_text = matches!(&text.schema_type,
            SchemaType::Array(types) if types.contains(&Type::String))
            || matches!(&text.schema_type, SchemaType::Type(Type::String));
        if is_text && text.pattern.is_none() {
            text.pattern = Some(NO_CONTROLS.into());
        }
    }
}

pub struct ExactRules;

impl utoipa::Modify for ExactRules {
    fn modify(&self, openapi: &mut OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            for schema in components.schemas.values_mut() {
                if let RefOr::T(Schema::Object(object)) = schema {
                    for (name, property) in object.properties.iter_mut() {
                        apply(name, property);
                    }
                }
            }
        }
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.delete,
            ];
            for operation in operations.into_iter().flatten() {
                for parameter in operation.parameters.iter_mut().flatten() {
                    if let Some(schema) = parameter.schema.as_mut() {
                        apply(&parameter.name, schema);
                    }
                }
            }
        }
    }
}

/// Declares the `Authorization: SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…` scheme.
pub struct SdkSignature;

impl utoipa::Modify for SdkSignature {
    fn modify(&self, openapi: &mut OpenApi) {
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

/// A Partner Centre id in a list a write names: a UUID, hyphenated (`fields::id_list`).
#[derive(utoipa::ToSchema)]
#[schema(pattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
pub struct ListedId(#[allow(dead_code)] String);

/// A service type or product a coupon is limited to (`coupons::rules::check_items`).
#[derive(utoipa::ToSchema)]
#[schema(pattern = "^[A-Za-z0-9._:-]{1,64}$")]
pub struct LimitItem(#[allow(dead_code)] String);

/// An id a filter lists: up to 64 characters, no control characters (`fields::id_filter`).
#[derive(utoipa::ToSchema)]
#[schema(pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]{0,64}$")]
pub struct FilterId(#[allow(dead_code)] String);

/// Huawei's coupon operation types, "1" to "9".
#[derive(utoipa::ToSchema)]
#[schema(pattern = "^[1-9]$")]
pub struct OperationTypeCode(#[allow(dead_code)] String);

/// A quota status as Huawei numbers them, 0 to 6 (`quotas::list_quota_coupons`).
pub struct QuotaStatusCode;

impl utoipa::PartialSchema for QuotaStatusCode {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(0))
            .maximum(Some(6))
            .into()
    }
}

impl utoipa::ToSchema for QuotaStatusCode {}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    fn document() -> Value {
        serde_json::to_value(<super::super::ApiDoc as utoipa::OpenApi>::openapi()).unwrap()
    }

    /// Every field and parameter named like a time carries the exact shape the parsers take.
    #[test]
    fn times_dates_and_amounts_are_stated_exactly() {
        let doc = document();
        let utc = format!("^(?:{})?$", super::UTC_PATTERN_BODY);
        let day = format!("^(?:{})?$", super::DAY_PATTERN_BODY);
        let quotas = &doc["components"]["schemas"]["QueryCouponQuotasReqExt"]["properties"];
        assert_eq!(quotas["create_time_begin"]["pattern"], utc.as_str());
        let changes = &doc["paths"]["/v2/accounts/partner-accounts/account-change-records"]["get"];
        let param = |name: &str| {
            changes["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["name"] == name)
                .unwrap()
                .clone()
        };
        assert_eq!(param("trade_time_begin")["schema"]["pattern"], day.as_str());
        assert_eq!(param("balance_type")["required"], true);
        for (schema, field) in [
            ("CustomerAmountReq", "amount"),
            ("ResellerAmountReq", "amount"),
            ("AdjustCouponQuotasReq", "quota_amount"),
            ("CreatePartnerCouponsReq", "face_value"),
        ] {
            let amount = &doc["components"]["schemas"][schema]["properties"][field];
            assert_eq!(amount["type"], "number", "{schema}.{field}");
            assert_eq!(amount["multipleOf"], 0.01, "{schema}.{field}");
            assert_eq!(amount["exclusiveMinimum"], 0, "{schema}.{field}");
            let required = &doc["components"]["schemas"][schema]["required"];
            assert!(
                required.as_array().unwrap().contains(&field.into()),
                "{schema}.{field}"
            );
        }
    }

    /// The API reference page lists exactly the operations the document describes.
    #[test]
    fn the_reference_page_lists_every_operation() {
        let doc = document();
        let mut documented: Vec<(String, String)> = vec![];
        for (path, item) in doc["paths"].as_object().unwrap() {
            for method in item.as_object().unwrap().keys() {
                documented.push((method.to_uppercase(), path.clone()));
            }
        }
        let mut listed: Vec<(String, String)> = crate::api_reference::ENDPOINTS
            .iter()
            .map(|e| (e.method.to_string(), e.path.to_string()))
            .collect();
        documented.sort();
        listed.sort();
        assert_eq!(documented, listed);
    }

    /// Every endpoint documents the refusals every request can meet.
    #[test]
    fn every_operation_documents_its_refusals() {
        let doc = document();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                let responses = operation["responses"].as_object().unwrap();
                for status in ["400", "401", "403", "405", "429"] {
                    assert!(responses.contains_key(status), "{method} {path}: {status}");
                }
                assert_eq!(
                    operation["security"][0]["sdk_hmac_sha256"],
                    Value::Array(vec![])
                );
            }
        }
    }
}
