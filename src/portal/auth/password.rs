//! Password hashes: Argon2id in the PHC string format (`$argon2id$v=19$...`), the
//! salt random per hash.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// The PHC string of `password` with a fresh salt.
pub fn hash(password: &str) -> Result<String, String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| format!("no randomness from the system: {e}"))?;
    let salt = SaltString::encode_b64(&bytes).map_err(|e| format!("cannot make a salt: {e}"))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("cannot hash the password: {e}"))
}

/// Whether `phc` is a hash this module can check.
pub fn parse(phc: &str) -> Result<(), String> {
    PasswordHash::new(phc)
        .map(|_| ())
        .map_err(|e| format!("not an argon2 PHC string ({e})"))
}

/// Whether `password` matches the hash `phc` (in constant time over the hash).
pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash that no password matches, checked when the user is unknown so that an
/// unknown name takes as long to refuse as a wrong password.
pub fn decoy() -> &'static str {
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Z3rKhcbrnBhqyR0wSaePqXLDHoRtP8uA7WHfd2cBs3o"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_accepts_its_password_only() {
        let h = hash("correct horse").unwrap_or_default();
        assert!(h.starts_with("$argon2id$"));
        assert!(parse(&h).is_ok());
        assert!(verify("correct horse", &h));
        assert!(!verify("correct horse ", &h));
        assert!(!verify("anything", decoy()));
        assert!(parse("plain-text").is_err());
    }
}
