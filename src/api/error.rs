//! Huawei's error model: `{"error_code": "CBC.0100", "error_msg": "..."}` with the HTTP status.
//! Every service error is mapped here, once.

use crate::core::error::AppError;
use crate::core::i18n::Lang;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub msg: String,
    pub retry_after_secs: Option<u64>,
}

/// Huawei's error body.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    error_code: &'static str,
    error_msg: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, msg: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            msg: msg.into(),
            retry_after_secs: None,
        }
    }

    /// 400 `CBC.0100`: a parameter is missing, malformed or out of range.
    pub fn parameter(msg: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "CBC.0100", msg)
    }

    /// 401 `CBC.0105`: the credentials (key or signature) are not valid.
    pub fn credentials() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "CBC.0105",
            "Authentication failed: the access key or the signature is not valid.",
        )
    }

    /// 401 `CBC.0154`: the request's date is too far from the server's clock.
    pub fn expired() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "CBC.0154",
            "The request has expired: X-Sdk-Date must be within 15 minutes of the server time.",
        )
    }

    /// 403 `CBC.0151`: the caller may not do this.
    pub fn forbidden(msg: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "CBC.0151", msg)
    }

    /// 409 `CBC.0100`: the request is well formed, but a name in it is taken.
    pub fn conflict(msg: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, "CBC.0100", msg)
    }

    /// 404 `APIGW.0101`: no such API (Huawei's gateway answers unknown paths so).
    pub fn unknown_path() -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "APIGW.0101",
            "The API does not exist or has not been published.",
        )
    }

    /// 405 `CBC.0100`: the path exists, with another method.
    pub fn method_not_allowed() -> ApiError {
        ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "CBC.0100",
            "Method not allowed for this path; see /api/openapi.json.",
        )
    }

    /// 429 `CBC.0250`: too many requests with this key.
    pub fn flow_control(retry_after_secs: u64) -> ApiError {
        ApiError {
            retry_after_secs: Some(retry_after_secs),
            ..ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "CBC.0250",
                "Flow control: too many requests with this access key; retry later.",
            )
        }
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        let lang = Lang::En;
        match e {
            AppError::Unauthenticated => ApiError::credentials(),
            AppError::Forbidden | AppError::CrossOrigin => ApiError::forbidden(
                "Access denied: the key's user lacks the permission for this operation.",
            ),
            AppError::NotFound => ApiError::new(
                StatusCode::NOT_FOUND,
                "CBC.0100",
                "The resource does not exist.",
            ),
            AppError::Invalid(errors) => ApiError::parameter(
                errors
                    .iter()
                    .map(|f| format!("{}: {}", f.field, f.text.render(lang)))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            AppError::Refused(text) => ApiError::parameter(text.render(lang)),
            AppError::Rule { rule, text } => {
                ApiError::new(StatusCode::BAD_REQUEST, rule.code(), text.render(lang))
            }
            AppError::Throttled { retry_after_secs } => ApiError::flow_control(retry_after_secs),
            AppError::Internal | AppError::Transport(_) => ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "CBC.0999",
                "Internal error.",
            ),
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        AppError::from(e).into()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error_code: self.code,
            error_msg: self.msg,
        };
        let mut res = (self.status, axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after_secs {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }
}
