//! What the session stores about the signed-in user, and when a session ends.

use crate::core::viewer::ActorKind;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const PRINCIPAL_KEY: &str = "principal";

/// The session's only record of who signed in: the account is read from the database (or the
/// short-lived cache) on every request, so a disabled member or a changed role takes effect at
/// once.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Principal {
    pub kind: ActorKind,
    pub id: Uuid,
    pub signed_in_at: DateTime<Utc>,
    /// The last request seen, to the minute: the idle expiry counts from here.
    pub last_seen: DateTime<Utc>,
}

/// What a request does with its session, given the session lifetimes.
#[derive(Debug, PartialEq, Eq)]
pub enum SessionCheck {
    /// Past the absolute or the idle lifetime: sign out.
    Expired,
    /// Alive, and `last_seen` is recent enough to leave the store alone.
    Alive,
    /// Alive; record this request as `last_seen` (at most once a minute, to spare the store).
    Touch,
}

pub fn check_session(
    principal: &Principal,
    now: DateTime<Utc>,
    idle: chrono::Duration,
    max_age: chrono::Duration,
) -> SessionCheck {
    if now - principal.signed_in_at > max_age || now - principal.last_seen > idle {
        SessionCheck::Expired
    } else if now - principal.last_seen > chrono::Duration::minutes(1) {
        SessionCheck::Touch
    } else {
        SessionCheck::Alive
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn principal(signed_in_ago: i64, seen_ago: i64, now: DateTime<Utc>) -> Principal {
        Principal {
            kind: ActorKind::Customer,
            id: Uuid::nil(),
            signed_in_at: now - Duration::minutes(signed_in_ago),
            last_seen: now - Duration::minutes(seen_ago),
        }
    }

    #[test]
    fn sessions_expire_when_idle_or_too_old() {
        let now = Utc::now();
        let (idle, max) = (Duration::minutes(30), Duration::hours(12));
        assert_eq!(
            check_session(&principal(5, 0, now), now, idle, max),
            SessionCheck::Alive
        );
        assert_eq!(
            check_session(&principal(60, 10, now), now, idle, max),
            SessionCheck::Touch
        );
        assert_eq!(
            check_session(&principal(60, 31, now), now, idle, max),
            SessionCheck::Expired
        );
        // Active all along, but past the absolute lifetime.
        assert_eq!(
            check_session(&principal(12 * 60 + 1, 0, now), now, idle, max),
            SessionCheck::Expired
        );
    }
}
