//! Request limits kept in memory on each server: API requests per second per access key
//! (bursts of twice as many), and how often a key's last use is written.

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// The limits of API traffic: requests per second per access key (bursts of twice as many), and
/// how often a key's last use is written (once a minute, so a busy key costs no extra query).
pub struct ApiLimits {
    rate: DefaultKeyedRateLimiter<String>,
    noted: Mutex<HashMap<Uuid, Instant>>,
}

const NOTE_USE_EVERY: Duration = Duration::from_secs(60);

impl ApiLimits {
    pub fn per_second(rate: u32) -> ApiLimits {
        let rate = NonZeroU32::new(rate.max(1)).unwrap_or(NonZeroU32::MIN);
        let burst = rate.saturating_mul(NonZeroU32::new(2).unwrap_or(NonZeroU32::MIN));
        ApiLimits {
            rate: RateLimiter::keyed(Quota::per_second(rate).allow_burst(burst)),
            noted: Mutex::default(),
        }
    }

    /// `Err(wait)` when the key has used up its allowance.
    pub fn check(&self, access_key: &str) -> Result<(), Duration> {
        self.rate
            .check_key(&access_key.to_string())
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// Whether the key's use should be written now (and, if so, remembers that it is).
    pub fn use_to_note(&self, key: Uuid) -> bool {
        let now = Instant::now();
        let Ok(mut noted) = self.noted.lock() else {
            return true;
        };
        match noted.get(&key) {
            Some(at) if now.duration_since(*at) < NOTE_USE_EVERY => false,
            _ => {
                noted.insert(key, now);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keys_use_is_noted_once_a_minute() {
        let limits = ApiLimits::per_second(10);
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        assert!(limits.use_to_note(a));
        assert!(!limits.use_to_note(a));
        assert!(limits.use_to_note(b));
    }

    #[test]
    fn bursts_of_twice_the_rate_then_a_wait() {
        let limits = ApiLimits::per_second(2);
        let allowed = (0..10).filter(|_| limits.check("AK").is_ok()).count();
        assert_eq!(allowed, 4);
        assert!(limits.check("AK").unwrap_err() <= Duration::from_secs(1));
        assert!(limits.check("OTHER").is_ok());
    }
}
