//! Ed25519 signing keys and their encryption at rest.
//!
//! A profile's private key is kept in the database only encrypted: a key is
//! derived from the passphrase with Argon2id (memory-hard, salted) and the 32
//! secret bytes are sealed with XChaCha20-Poly1305, with the public key as
//! associated data so a sealed key cannot be moved to another profile. This
//! works headless (CI, scripts); an OS keyring is not needed.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// Why a key could not be made, opened or used.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The passphrase does not open the sealed key (or the sealed key was altered).
    #[error("wrong passphrase (the private key could not be decrypted)")]
    WrongPassphrase,
    /// A passphrase shorter than [`MIN_PASSPHRASE_CHARS`].
    #[error("the passphrase must have at least {MIN_PASSPHRASE_CHARS} characters")]
    WeakPassphrase,
    /// A public key that is not 32 bytes of hex or not a valid curve point.
    #[error("not a valid Ed25519 public key: {0}")]
    BadPublicKey(String),
    /// A signature that is not 64 bytes of hex.
    #[error("not a valid Ed25519 signature encoding")]
    BadSignatureEncoding,
    /// A well-formed signature that does not match the message and key.
    #[error("the signature does not match the signed data and the signer's public key")]
    SignatureMismatch,
    /// The sealed key record is malformed or uses unknown parameters.
    #[error("the stored private key record is malformed: {0}")]
    MalformedSealedKey(String),
}

/// Shortest passphrase accepted for a new key.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// A private key sealed with a passphrase, as stored (JSON) in the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedKey {
    /// Always "argon2id+xchacha20poly1305".
    pub scheme: String,
    /// Argon2 memory cost in KiB.
    pub m_cost: u32,
    /// Argon2 iterations.
    pub t_cost: u32,
    /// Argon2 parallelism.
    pub p_cost: u32,
    /// Random salt, hex.
    pub salt: String,
    /// Random 24-byte nonce, hex.
    pub nonce: String,
    /// The sealed 32 secret-key bytes plus the 16-byte tag, hex.
    pub ciphertext: String,
}

const SCHEME: &str = "argon2id+xchacha20poly1305";

/// Makes a new random signing key from the operating system's generator.
pub fn generate_signing_key() -> SigningKey {
    SigningKey::generate(&mut OsRng)
}

/// Hex of a public key (64 characters).
pub fn public_key_hex(key: &VerifyingKey) -> String {
    hex::encode(key.as_bytes())
}

/// Groups in a [`fingerprint`] and hex characters per group.
const FINGERPRINT_GROUPS: usize = 8;
const FINGERPRINT_GROUP_CHARS: usize = 4;

/// A public key's fingerprint as two people compare it over the phone before
/// one trusts the other's key: the first 128 bits of SHA-256 over a label and
/// the key, as 8 groups of 4 upper-case hex characters ("3F2A 9B1C ...").
/// 128 bits keep forging a key with the same fingerprint out of reach
/// (second preimage) while staying short enough to read aloud; the label keeps
/// the hash distinct from any other SHA-256 of the key bytes.
pub fn fingerprint(key: &VerifyingKey) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::new()
        .chain_update(b"clearpost-key-fingerprint/1\0")
        .chain_update(key.as_bytes())
        .finalize();
    let hex = hex::encode_upper(&digest[..FINGERPRINT_GROUPS * FINGERPRINT_GROUP_CHARS / 2]);
    hex.as_bytes()
        .chunks(FINGERPRINT_GROUP_CHARS)
        .map(|group| std::str::from_utf8(group).expect("hex is ASCII"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses a hex public key.
pub fn parse_public_key(text: &str) -> Result<VerifyingKey, KeyError> {
    let bytes: [u8; 32] = hex::decode(text)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| KeyError::BadPublicKey(text.to_string()))?;
    let key =
        VerifyingKey::from_bytes(&bytes).map_err(|_| KeyError::BadPublicKey(text.to_string()))?;
    // A small-order key would accept forged signatures under batch verification.
    if key.is_weak() {
        return Err(KeyError::BadPublicKey(text.to_string()));
    }
    Ok(key)
}

/// Signs `message`, returning the signature as hex.
pub fn sign_hex(key: &SigningKey, message: &[u8]) -> String {
    hex::encode(key.sign(message).to_bytes())
}

/// Checks a hex signature over `message` by `public_key` (strict verification:
/// rejects malleable and small-order forms).
pub fn verify_hex(
    public_key: &VerifyingKey,
    message: &[u8],
    signature: &str,
) -> Result<(), KeyError> {
    let bytes: [u8; 64] = hex::decode(signature)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(KeyError::BadSignatureEncoding)?;
    let signature = Signature::from_bytes(&bytes);
    public_key
        .verify_strict(message, &signature)
        .map_err(|_| KeyError::SignatureMismatch)
}

/// Seals `key` with `passphrase` (Argon2id with OWASP's recommended minimum
/// parameters: 19 MiB, 2 passes, 1 lane).
pub fn seal(key: &SigningKey, passphrase: &str) -> Result<SealedKey, KeyError> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(KeyError::WeakPassphrase);
    }
    let (m_cost, t_cost, p_cost) = (19 * 1024, 2, 1);
    let mut salt = [0u8; 16];
    OsRng.fill_bytes(&mut salt);
    let mut nonce = [0u8; 24];
    OsRng.fill_bytes(&mut nonce);
    let cipher = cipher_for(passphrase, &salt, m_cost, t_cost, p_cost)?;
    let public = key.verifying_key();
    let secret = Zeroizing::new(key.to_bytes());
    let ciphertext = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: secret.as_slice(),
                aad: public.as_bytes(),
            },
        )
        .map_err(|_| KeyError::MalformedSealedKey("encryption failed".into()))?;
    Ok(SealedKey {
        scheme: SCHEME.to_string(),
        m_cost,
        t_cost,
        p_cost,
        salt: hex::encode(salt),
        nonce: hex::encode(nonce),
        ciphertext: hex::encode(ciphertext),
    })
}

/// Opens a sealed key with `passphrase`, checking it belongs to `public_key`.
pub fn open(
    sealed: &SealedKey,
    passphrase: &str,
    public_key: &VerifyingKey,
) -> Result<SigningKey, KeyError> {
    if sealed.scheme != SCHEME {
        return Err(KeyError::MalformedSealedKey(format!(
            "unknown scheme {:?}",
            sealed.scheme
        )));
    }
    let malformed = |what: &str| KeyError::MalformedSealedKey(what.to_string());
    let salt = hex::decode(&sealed.salt).map_err(|_| malformed("salt"))?;
    let nonce: [u8; 24] = hex::decode(&sealed.nonce)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| malformed("nonce"))?;
    let ciphertext = hex::decode(&sealed.ciphertext).map_err(|_| malformed("ciphertext"))?;
    let cipher = cipher_for(
        passphrase,
        &salt,
        sealed.m_cost,
        sealed.t_cost,
        sealed.p_cost,
    )?;
    let secret = Zeroizing::new(
        cipher
            .decrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &ciphertext,
                    aad: public_key.as_bytes(),
                },
            )
            .map_err(|_| KeyError::WrongPassphrase)?,
    );
    let bytes: [u8; 32] = secret
        .as_slice()
        .try_into()
        .map_err(|_| malformed("secret length"))?;
    let key = SigningKey::from_bytes(&bytes);
    if key.verifying_key() != *public_key {
        return Err(KeyError::WrongPassphrase);
    }
    Ok(key)
}

fn cipher_for(
    passphrase: &str,
    salt: &[u8],
    m: u32,
    t: u32,
    p: u32,
) -> Result<XChaCha20Poly1305, KeyError> {
    let params =
        Params::new(m, t, p, Some(32)).map_err(|e| KeyError::MalformedSealedKey(e.to_string()))?;
    let mut derived = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, derived.as_mut_slice())
        .map_err(|e| KeyError::MalformedSealedKey(e.to_string()))?;
    Ok(XChaCha20Poly1305::new_from_slice(derived.as_slice()).expect("32-byte key"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_key_opens_only_with_its_passphrase_and_profile() {
        let key = generate_signing_key();
        let public = key.verifying_key();
        let sealed = seal(&key, "correct horse battery").unwrap();
        let opened = open(&sealed, "correct horse battery", &public).unwrap();
        assert_eq!(opened.to_bytes(), key.to_bytes());
        assert!(matches!(
            open(&sealed, "correct horse batterY", &public),
            Err(KeyError::WrongPassphrase)
        ));
        let other = generate_signing_key().verifying_key();
        assert!(matches!(
            open(&sealed, "correct horse battery", &other),
            Err(KeyError::WrongPassphrase)
        ));
        assert!(matches!(seal(&key, "short"), Err(KeyError::WeakPassphrase)));
    }

    #[test]
    fn fingerprints_are_grouped_stable_and_differ_between_keys() {
        let key = generate_signing_key().verifying_key();
        let print = fingerprint(&key);
        let groups: Vec<&str> = print.split(' ').collect();
        assert_eq!(groups.len(), 8, "{print}");
        assert!(
            groups.iter().all(|g| g.len() == 4
                && g.chars()
                    .all(|c| c.is_ascii_digit() || ('A'..='F').contains(&c))),
            "{print}"
        );
        assert_eq!(
            fingerprint(&key),
            print,
            "the same key, the same fingerprint"
        );
        let other = generate_signing_key().verifying_key();
        assert_ne!(fingerprint(&other), print);
        // A known answer, computed outside Rust (Python's `cryptography` and
        // hashlib), so the CLI, the app and key files shared between versions
        // never drift apart silently.
        let fixed = SigningKey::from_bytes(&[7u8; 32]).verifying_key();
        assert_eq!(
            public_key_hex(&fixed),
            "ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c"
        );
        assert_eq!(
            fingerprint(&fixed),
            "2E8E 4D3A E57B E61D 944E 0EE9 2AC8 3BB8"
        );
    }

    #[test]
    fn signatures_verify_only_for_the_signed_message_and_key() {
        let key = generate_signing_key();
        let signature = sign_hex(&key, b"hello");
        verify_hex(&key.verifying_key(), b"hello", &signature).unwrap();
        assert!(matches!(
            verify_hex(&key.verifying_key(), b"hellp", &signature),
            Err(KeyError::SignatureMismatch)
        ));
        let other = generate_signing_key().verifying_key();
        assert!(verify_hex(&other, b"hello", &signature).is_err());
        assert!(matches!(
            verify_hex(&other, b"hello", "zz"),
            Err(KeyError::BadSignatureEncoding)
        ));
        let text = public_key_hex(&key.verifying_key());
        assert_eq!(parse_public_key(&text).unwrap(), key.verifying_key());
        assert!(parse_public_key("abcd").is_err());
    }
}
