//! Parsing of user input into domain values. Each `parse` returns the field's message on failure.

use super::i18n::{Msg, Text};

/// An account name (partner, customer, operator) or a member's user name: 3–32 characters of
/// ASCII letters, digits, `-`, `_`, `.`, starting with a letter. Compared case-insensitively.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountName(String);

impl AccountName {
    pub fn parse(input: &str) -> Result<AccountName, Text> {
        let s = input.trim();
        if s.is_empty() {
            return Err(Msg::ErrRequired.into());
        }
        let ok_len = (3..=32).contains(&s.len());
        let ok_first = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        let ok_chars = s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if ok_len && ok_first && ok_chars {
            Ok(AccountName(s.to_string()))
        } else {
            Err(Msg::ErrAccountNameFormat.into())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form under which names are unique and looked up.
    pub fn normalized(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}

/// A new password: 10–128 characters, no control characters, with at least one ASCII letter and
/// one digit (a rule the API's OpenAPI document can state exactly).
#[derive(Clone)]
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(input: &str) -> Result<NewPassword, Text> {
        if input.is_empty() {
            return Err(Msg::ErrRequired.into());
        }
        if input.chars().any(char::is_control) {
            return Err(Msg::ErrControlCharacters.into());
        }
        let len = input.chars().count();
        let has_letter = input.chars().any(|c| c.is_ascii_alphabetic());
        let has_digit = input.chars().any(|c| c.is_ascii_digit());
        if (10..=128).contains(&len) && has_letter && has_digit {
            Ok(NewPassword(input.to_string()))
        } else {
            Err(Msg::ErrPasswordWeak.into())
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// A display name: trimmed, 1–64 characters of any script.
pub fn parse_display_name(input: &str) -> Result<String, Text> {
    parse_text(input, 64)
}

/// Required free text of at most `max` characters, trimmed.
pub fn parse_text(input: &str, max: usize) -> Result<String, Text> {
    let s = input.trim();
    if s.is_empty() {
        Err(Msg::ErrRequired.into())
    } else if s.chars().count() > max {
        Err(Text::new(Msg::ErrTooLong).arg("max", max))
    } else if s.chars().any(|c| c.is_control()) {
        Err(Msg::ErrBadChoice.into())
    } else {
        Ok(s.to_string())
    }
}

/// An optional remark (an issuer's memo, a top-up's note): at most 256 characters, one line.
pub fn parse_remark(input: &str) -> Result<String, Text> {
    match input.trim() {
        "" => Ok(String::new()),
        s => parse_text(s, 256),
    }
}

/// Required multi-line text (Markdown, reasons) of at most `max` characters: line breaks and tabs
/// are kept, other control characters refused.
pub fn parse_long_text(input: &str, max: usize) -> Result<String, Text> {
    let s = input.trim();
    if s.is_empty() {
        Err(Msg::ErrRequired.into())
    } else if s.chars().count() > max {
        Err(Text::new(Msg::ErrTooLong).arg("max", max))
    } else if s
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        Err(Msg::ErrBadChoice.into())
    } else {
        Ok(s.replace("\r\n", "\n"))
    }
}

/// Where to send the browser back to: a path of this site, or `None`. Anything a browser could
/// read as another site is refused — a scheme (`https:`, `javascript:`), an authority (`//host`,
/// `/\\host`), and control characters or spaces (browsers drop a tab or a newline, turning
/// `/<TAB>/evil.example` into `//evil.example`).
pub fn local_path(input: &str) -> Option<&str> {
    let ok = input.starts_with('/')
        && input.len() <= 2048
        && !input.starts_with("//")
        && !input.contains('\\')
        && !input.chars().any(|c| c.is_control() || c.is_whitespace());
    // The path part alone must not look like an authority once percent-decoding is undone.
    let path = input.split(['?', '#']).next().unwrap_or_default();
    let decoded = urlencoding::decode(path).ok()?;
    let safe_decoded = !decoded.starts_with("//")
        && !decoded.contains('\\')
        && !decoded.chars().any(|c| c.is_control() || c.is_whitespace());
    (ok && safe_decoded).then_some(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_names_follow_the_format() {
        assert!(AccountName::parse("acme-cloud").is_ok());
        assert_eq!(
            AccountName::parse("  Acme.Cloud_1 ").unwrap().normalized(),
            "acme.cloud_1"
        );
        assert_eq!(AccountName::parse("").unwrap_err().msg, Msg::ErrRequired);
        for bad in [
            "ab",
            "1acme",
            "acme cloud",
            "acme!",
            "é-cloud",
            &"a".repeat(33),
        ] {
            assert_eq!(
                AccountName::parse(bad).unwrap_err().msg,
                Msg::ErrAccountNameFormat,
                "{bad}"
            );
        }
    }

    #[test]
    fn passwords_need_length_letters_and_digits() {
        assert!(NewPassword::parse("correct horse 42").is_ok());
        assert_eq!(NewPassword::parse("").unwrap_err().msg, Msg::ErrRequired);
        for bad in [
            "short1",
            "onlyletterslong",
            "1234567890123",
            &"a1".repeat(65),
        ] {
            assert_eq!(
                NewPassword::parse(bad).unwrap_err().msg,
                Msg::ErrPasswordWeak
            );
        }
        assert_eq!(
            format!("{:?}", NewPassword::parse("secret-pass-1").unwrap()),
            "NewPassword(***)"
        );
    }

    #[test]
    fn display_names_are_trimmed_and_bounded() {
        assert_eq!(parse_display_name("  华为 伙伴 ").unwrap(), "华为 伙伴");
        assert_eq!(parse_display_name("   ").unwrap_err().msg, Msg::ErrRequired);
        assert_eq!(
            parse_display_name(&"名".repeat(65)).unwrap_err().msg,
            Msg::ErrTooLong
        );
        assert!(parse_display_name(&"名".repeat(64)).is_ok());
        assert!(parse_display_name("a\u{0}b").is_err());
        assert_eq!(parse_long_text(" a\r\nb\tc ", 10).unwrap(), "a\nb\tc");
        assert!(parse_long_text("a\u{7}b", 10).is_err());
        assert_eq!(
            parse_long_text("\n ", 10).unwrap_err().msg,
            Msg::ErrRequired
        );
    }

    #[test]
    fn passwords_refuse_control_characters() {
        assert_eq!(
            NewPassword::parse("correct horse\u{0} 42").unwrap_err().msg,
            Msg::ErrControlCharacters
        );
        assert!(NewPassword::parse("correct\thorse 42").is_err());
    }

    #[test]
    fn only_paths_of_this_site_are_returned_to() {
        for good in [
            "/",
            "/partner",
            "/partner/customers?q=a&page=2",
            "/join/ab12#top",
        ] {
            assert_eq!(local_path(good), Some(good), "{good}");
        }
        for bad in [
            "//evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ /evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "evil.example",
            "",
            "/%2F/evil.example",
            "/%09/evil.example",
            "/%5Cevil.example",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
    }
}
