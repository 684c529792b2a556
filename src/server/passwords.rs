//! Password hashing with argon2id at OWASP's recommended parameters (19 MiB, 2 passes, 1 lane).
//!
//! Hashing runs on the blocking pool, and at most `cores - 1` hashes run at once, so a burst of
//! sign-ins queues for its own core instead of starving page requests.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Params, PasswordVerifier, Version};
use std::sync::{Arc, OnceLock};
use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct Passwords {
    permits: Arc<Semaphore>,
}

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("OWASP parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A hash of a random password, verified against when the account does not exist, so that an
/// unknown account costs the same time as a wrong password.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_now("dummy password never used 0"))
}

fn hash_now(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing does not fail with valid parameters")
        .to_string()
}

impl Default for Passwords {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Passwords {
            permits: Arc::new(Semaphore::new(cores.saturating_sub(1).max(1))),
        }
    }
}

impl Passwords {
    pub async fn hash(&self, password: String) -> String {
        let _permit = self
            .permits
            .acquire()
            .await
            .expect("semaphore never closed");
        tokio::task::spawn_blocking(move || hash_now(&password))
            .await
            .expect("hashing task does not panic")
    }

    /// The hash of a new password that passed the password rules.
    pub async fn hash_new(&self, password: &crate::core::validate::NewPassword) -> String {
        self.hash(password.expose().to_string()).await
    }

    /// Verifies against the stored hash, or against a dummy hash when there is none.
    pub async fn verify(&self, password: String, stored: Option<String>) -> bool {
        let _permit = self
            .permits
            .acquire()
            .await
            .expect("semaphore never closed");
        tokio::task::spawn_blocking(move || {
            let exists = stored.is_some();
            let hash = stored.unwrap_or_else(|| dummy_hash().to_string());
            let ok = PasswordHash::new(&hash)
                .map(|parsed| {
                    argon2()
                        .verify_password(password.as_bytes(), &parsed)
                        .is_ok()
                })
                .unwrap_or(false);
            ok && exists
        })
        .await
        .expect("verification task does not panic")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_only_its_password() {
        let passwords = Passwords::default();
        let hash = passwords.hash("correct horse 42".into()).await;
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(
            passwords
                .verify("correct horse 42".into(), Some(hash.clone()))
                .await
        );
        assert!(!passwords.verify("wrong horse 42".into(), Some(hash)).await);
        assert!(
            !passwords
                .verify("dummy password never used 0".into(), None)
                .await
        );
    }
}
