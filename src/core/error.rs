//! The one error type of the service layer, shared with the browser.
//!
//! Server functions return `Result<T, AppError>`; with JavaScript off the error travels back in the
//! redirect URL, so it is small and serialisable. Internals are logged, never sent.

use super::i18n::{Lang, Msg, Text};
use super::permissions::RoleRuleError;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// A message tied to one form field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub text: Text,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// Input failed validation; each message belongs to a field.
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    /// A business rule refused the action; the message says why and what to do.
    #[error("refused: {0:?}")]
    Refused(Text),
    /// A money rule refused the action: the rule (which the API answers with its own Huawei
    /// code) and the message for the page.
    #[error("refused by {rule:?}: {text:?}")]
    Rule { rule: Rule, text: Text },
    #[error("too many attempts")]
    Throttled { retry_after_secs: u64 },
    #[error("cross-origin request refused")]
    CrossOrigin,
    /// Something failed on the server; the cause went to the log.
    #[error("internal error")]
    Internal,
    /// The request did not reach the function (network, encoding).
    #[error("transport: {0}")]
    Transport(String),
}

impl AppError {
    pub fn field(field: &str, text: impl Into<Text>) -> Self {
        AppError::Invalid(vec![FieldError {
            field: field.to_string(),
            text: text.into(),
        }])
    }

    /// The message for a field, if this error names it.
    pub fn field_message(&self, field: &str, lang: Lang) -> Option<String> {
        match self {
            AppError::Invalid(errors) => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.text.render(lang)),
            _ => None,
        }
    }

    /// The message shown above a form: everything that is not tied to a field.
    pub fn form_message(&self, lang: Lang) -> Option<String> {
        let text = match self {
            AppError::Invalid(_) => return None,
            AppError::Unauthenticated => Text::new(Msg::ErrNotSignedIn),
            AppError::Forbidden => Text::new(Msg::ErrForbidden),
            AppError::NotFound => Text::new(Msg::ErrNotFound),
            AppError::Refused(text) | AppError::Rule { text, .. } => text.clone(),
            AppError::Throttled { retry_after_secs } => {
                Text::new(Msg::ErrThrottled).arg("minutes", retry_after_secs.div_ceil(60).max(1))
            }
            AppError::CrossOrigin => Text::new(Msg::ErrCrossOrigin),
            AppError::Internal | AppError::Transport(_) => Text::new(Msg::ErrInternal),
        };
        Some(text.render(lang))
    }
}

impl AppError {
    /// The HTTP status of this error when a server function returns it.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden | AppError::CrossOrigin => 403,
            AppError::NotFound => 404,
            AppError::Invalid(_) | AppError::Refused(_) | AppError::Transport(_) => 400,
            AppError::Rule { rule, .. } => rule.status(),
            AppError::Throttled { .. } => 429,
            AppError::Internal => 500,
        }
    }
}

/// The rules of money that refuse an action, each with the code Huawei's API answers it with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rule {
    /// Another fund operation on the same account is under way (one at a time per account).
    Busy,
    /// The paying account holds less than the amount.
    InsufficientBalance,
    /// Funds and coupons go to resale customers only; consulting customers pay for themselves.
    NotResale,
    /// The quota holds less than the coupons would take.
    InsufficientQuota,
    /// The quota, coupon or customer is not in a state that allows this (expired, recalled,
    /// used, in debt).
    NotAllowedNow,
    /// A coupon's validity or limits reach beyond its quota's.
    BeyondQuota,
    /// An `X-Client-Token` was sent again with a different request.
    TokenReused,
    /// A consumption query spans more than one year.
    SpanTooLong,
}

impl Rule {
    /// Huawei's error code for the rule.
    pub fn code(self) -> &'static str {
        match self {
            Rule::Busy => "CBC.99007461",
            Rule::InsufficientBalance | Rule::InsufficientQuota => "CBC.99005003",
            Rule::NotResale => "CBC.5021",
            Rule::NotAllowedNow => "CBC.99007004",
            Rule::BeyondQuota | Rule::TokenReused => "CBC.0100",
            Rule::SpanTooLong => "CBC.80021021",
        }
    }

    /// The HTTP status of the refusal: 409 when waiting and trying again may succeed.
    pub fn status(self) -> u16 {
        match self {
            Rule::Busy => 409,
            _ => 400,
        }
    }

    pub fn refuse(self, text: impl Into<Text>) -> AppError {
        AppError::Rule {
            rule: self,
            text: text.into(),
        }
    }
}

impl From<RoleRuleError> for AppError {
    fn from(e: RoleRuleError) -> Self {
        let msg = match e {
            RoleRuleError::NoRole => Msg::ErrRoleNone,
            RoleRuleError::TooManyRoles => Msg::ErrRoleTooMany,
            RoleRuleError::DuplicateRole => Msg::ErrRoleDuplicate,
            RoleRuleError::AdminNotExclusive => Msg::ErrRoleAdminExclusive,
            RoleRuleError::ManagerWithSupervisor => Msg::ErrRoleManagerSupervisor,
        };
        AppError::field("roles", msg)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    /// Internals go to the log. A value the database refused as data (SQLSTATE class 22: a NUL
    /// byte, a number out of range) came from outside and slipped past a parser: the parser is
    /// the bug to fix, but the user still gets a 400, not a 500.
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Database(db) if db.code().is_some_and(|c| c.starts_with("22")) => {
                tracing::error!(error = %e, "input reached the database unparsed");
                AppError::Invalid(vec![FieldError {
                    field: "input".into(),
                    text: Text::new(Msg::ErrBadInput),
                }])
            }
            // A deadlock (40P01), a lock wait past `lock_timeout` (55P03) or a serialization
            // failure (40001): two changes met on the same rows and the database undid this one
            // whole. Nothing was written, and trying again is the remedy: busy, not a fault.
            sqlx::Error::Database(db)
                if matches!(db.code().as_deref(), Some("40P01" | "55P03" | "40001")) =>
            {
                tracing::warn!(error = %e, "concurrent change refused; the caller may retry");
                Rule::Busy.refuse(Msg::ErrTryAgain)
            }
            _ => {
                tracing::error!(error = %e, "database error");
                AppError::Internal
            }
        }
    }
}

/// Collects field errors while parsing a form, so that every bad field is reported at once.
#[derive(Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps the parsed value, or records the field's error.
    pub fn check<T>(&mut self, field: &str, result: Result<T, Text>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(text) => {
                self.0.push(FieldError {
                    field: field.to_string(),
                    text,
                });
                None
            }
        }
    }

    pub fn add(&mut self, field: &str, text: impl Into<Text>) {
        self.0.push(FieldError {
            field: field.to_string(),
            text: text.into(),
        });
    }

    pub fn into_result(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self.0))
        }
    }
}

/// For plain axum handlers (downloads): the status, and the message in the default language.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = http::StatusCode::from_u16(self.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let text = self
            .form_message(Lang::default())
            .unwrap_or_else(|| Msg::ErrBadChoice.text(Lang::default()).to_string());
        (status, text).into_response()
    }
}
