//! Sign-in and sign-up rules, free of IO: what a form must hold, the throttling keys and limits.

use crate::core::error::{AppError, FieldErrors};
use crate::core::i18n::Msg;
use crate::core::validate::{local_path, parse_display_name, AccountName, NewPassword};
use crate::core::viewer::ActorKind;

/// Attempts are counted over this window.
pub const THROTTLE_WINDOW_MINUTES: i32 = 15;
/// Failed sign-ins per account within the window before that account's sign-in pauses.
pub const ACCOUNT_FAILURE_LIMIT: i64 = 5;
/// Failed sign-ins per source address within the window before that address pauses.
pub const ADDRESS_FAILURE_LIMIT: i64 = 30;
/// New accounts (sign-up, or registration through an invitation link) per source address within
/// the window: each costs a password hash, like a sign-in.
pub const ADDRESS_REGISTRATION_LIMIT: i64 = 20;

/// What a sign-in form submitted.
pub struct Credentials {
    pub kind: ActorKind,
    pub partner_account: Option<String>,
    pub name: String,
    pub password: String,
}

impl Credentials {
    pub fn partner(account_name: String, password: String) -> Self {
        Credentials {
            kind: ActorKind::PartnerMain,
            partner_account: None,
            name: account_name,
            password,
        }
    }

    pub fn member(partner_account: String, user_name: String, password: String) -> Self {
        Credentials {
            kind: ActorKind::Member,
            partner_account: Some(partner_account),
            name: user_name,
            password,
        }
    }

    pub fn customer(account_name: String, password: String) -> Self {
        Credentials {
            kind: ActorKind::Customer,
            partner_account: None,
            name: account_name,
            password,
        }
    }

    pub fn operator(account_name: String, password: String) -> Self {
        Credentials {
            kind: ActorKind::Operator,
            partner_account: None,
            name: account_name,
            password,
        }
    }

    /// Empty or oversized fields are reported by name; the format of a name is not checked at
    /// sign-in, so that a typo gets the same answer as a wrong password.
    pub fn check_filled(&self) -> Result<(), AppError> {
        let mut errors = FieldErrors::new();
        let name_field = if self.kind == ActorKind::Member {
            "user_name"
        } else {
            "account_name"
        };
        if let Some(partner) = &self.partner_account {
            check_field(&mut errors, "partner_account", partner.trim(), 64);
        }
        check_field(&mut errors, name_field, self.name.trim(), 64);
        check_field(&mut errors, "password", &self.password, 128);
        errors.into_result()
    }

    /// The throttling key of the account: the same whether or not the account exists.
    pub fn account_key(&self) -> String {
        let name = self.name.trim().to_lowercase();
        match &self.partner_account {
            Some(partner) => format!("account:member:{}/{name}", partner.trim().to_lowercase()),
            None => format!("account:{}:{name}", self.kind.code()),
        }
    }

    /// How the audit log names the attempt.
    pub fn display(&self) -> String {
        match &self.partner_account {
            Some(partner) => format!("{}/{}", partner.trim(), self.name.trim()),
            None => self.name.trim().to_string(),
        }
    }
}

fn check_field(errors: &mut FieldErrors, field: &str, value: &str, max: usize) {
    if value.is_empty() {
        errors.add(field, Msg::ErrRequired);
    } else if value.chars().any(char::is_control) {
        errors.add(field, Msg::ErrControlCharacters);
    } else if value.chars().count() > max {
        errors.add(
            field,
            crate::core::i18n::Text::new(Msg::ErrTooLong).arg("max", max),
        );
    }
}

pub fn address_key(source: std::net::IpAddr) -> String {
    format!("address:{source}")
}

pub fn registration_key(source: std::net::IpAddr) -> String {
    format!("registration:{source}")
}

/// Where to go after signing in, when it is one of the portal's own join pages; anything else
/// (another site, a protocol-relative `//host`, a path that climbs out) is ignored.
pub fn safe_next(next: Option<&str>) -> Option<&str> {
    next.and_then(local_path).filter(|n| {
        n.strip_prefix("/join/").is_some_and(|token| {
            !token.is_empty()
                && token
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
    })
}

/// A parsed customer sign-up form.
pub struct SignUp {
    pub account_name: AccountName,
    pub display_name: String,
    pub enterprise: bool,
    pub password: NewPassword,
}

impl SignUp {
    pub fn parse(
        account_name: &str,
        display_name: &str,
        kind: &str,
        password: &str,
        confirm: &str,
    ) -> Result<SignUp, AppError> {
        let mut errors = FieldErrors::new();
        let account_name = errors.check("account_name", AccountName::parse(account_name));
        let display_name = errors.check("display_name", parse_display_name(display_name));
        let enterprise = match kind {
            "individual" => Some(false),
            "enterprise" => Some(true),
            _ => {
                errors.add("kind", Msg::ErrBadChoice);
                None
            }
        };
        let password = errors.check("password", NewPassword::parse(password));
        if password.is_some() && password.as_ref().map(|p| p.expose()) != Some(confirm) {
            errors.add("confirm_password", Msg::ErrPasswordMismatch);
        }
        errors.into_result()?;
        match (account_name, display_name, enterprise, password) {
            (Some(account_name), Some(display_name), Some(enterprise), Some(password)) => {
                Ok(SignUp {
                    account_name,
                    display_name,
                    enterprise,
                    password,
                })
            }
            _ => Err(AppError::Internal),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttling_keys_do_not_depend_on_case_or_existence() {
        let a = Credentials::partner(" Acme ".into(), "x".into());
        let b = Credentials::partner("acme".into(), "y".into());
        assert_eq!(a.account_key(), b.account_key());
        let m = Credentials::member("Acme".into(), "Li".into(), "x".into());
        assert_eq!(m.account_key(), "account:member:acme/li");
        assert_ne!(
            Credentials::customer("acme".into(), "x".into()).account_key(),
            a.account_key()
        );
    }

    #[test]
    fn oversized_sign_in_fields_are_refused_before_anything_else() {
        let c = Credentials::partner("a".repeat(65), "p".repeat(129));
        let Err(AppError::Invalid(errors)) = c.check_filled() else {
            panic!("expected field errors");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["account_name", "password"]);
        let nul = Credentials::member("acme\u{0}".into(), "li".into(), "x".into());
        assert!(nul.check_filled().is_err());
    }

    #[test]
    fn only_join_pages_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/join/ab12")), Some("/join/ab12"));
        assert_eq!(safe_next(Some("//evil.example/join/x")), None);
        assert_eq!(safe_next(Some("/join/../partner")), None);
        assert_eq!(safe_next(Some("/join/")), None);
        assert_eq!(safe_next(Some("https://evil.example")), None);
        assert_eq!(safe_next(Some("/join/a\tb")), None);
        assert_eq!(safe_next(None), None);
    }

    #[test]
    fn sign_up_reports_every_bad_field() {
        let Err(AppError::Invalid(errors)) = SignUp::parse("1x", "", "robot", "short", "other")
        else {
            panic!("expected field errors");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["account_name", "display_name", "kind", "password"]);
    }

    #[test]
    fn sign_up_needs_matching_passwords() {
        let err = SignUp::parse(
            "zhang-san",
            "张三",
            "individual",
            "long enough 1",
            "long enough 2",
        )
        .err()
        .unwrap();
        assert_eq!(
            err.field_message("confirm_password", crate::core::i18n::Lang::En)
                .as_deref(),
            Some(Msg::ErrPasswordMismatch.text(crate::core::i18n::Lang::En))
        );
        assert!(SignUp::parse(
            "zhang-san",
            "张三",
            "enterprise",
            "long enough 1",
            "long enough 1"
        )
        .is_ok());
    }
}
