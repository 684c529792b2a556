//! Sealing secrets with the server key: AES-256-GCM, a random 96-bit nonce stored in front of
//! each ciphertext. Access keys' secrets are stored sealed, and so is a new secret while it waits
//! in the session to be shown once.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use rand::RngCore;

#[derive(Clone)]
pub struct Sealer(Aes256Gcm);

impl Sealer {
    pub fn new(key: &[u8; 32]) -> Sealer {
        Sealer(Aes256Gcm::new(key.into()))
    }

    /// The sealed bytes; `None` only if encryption failed, which AES-GCM does not for the sizes
    /// sealed here (it refuses inputs above 64 GiB).
    pub fn seal(&self, plain: &[u8]) -> Option<Vec<u8>> {
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = self.0.encrypt(Nonce::from_slice(&nonce), plain).ok()?;
        let mut out = nonce.to_vec();
        out.extend(sealed);
        Some(out)
    }

    /// `None` when the data was not sealed with this key (or was altered).
    pub fn open(&self, sealed: &[u8]) -> Option<Vec<u8>> {
        if sealed.len() < 12 {
            return None;
        }
        let (nonce, data) = sealed.split_at(12);
        self.0.decrypt(Nonce::from_slice(nonce), data).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secrets_open_only_with_their_key() {
        let sealer = Sealer::new(&[7u8; 32]);
        let sealed = sealer.seal(b"secret").unwrap();
        assert_ne!(&sealed[12..], b"secret");
        assert_eq!(sealer.open(&sealed).as_deref(), Some(&b"secret"[..]));
        assert_eq!(Sealer::new(&[8u8; 32]).open(&sealed), None);
        let mut tampered = sealed.clone();
        tampered[13] ^= 1;
        assert_eq!(sealer.open(&tampered), None);
        assert_ne!(
            sealer.seal(b"secret").unwrap(),
            sealed,
            "a fresh nonce each time"
        );
        assert_eq!(sealer.open(b"short"), None);
    }
}
