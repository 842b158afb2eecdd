//! Player tokens: short-lived, signed by the operator's backend, naming one operator,
//! one tournament and one player.
//!
//! ```text
//! base64url(claims JSON) "." base64url(HMAC-SHA256(key, base64url(claims JSON)))
//! claims = {"kid":"2026-11","operator":"operator-1","tournament":"weekend",
//!           "player":"p-42","iat":1764633600,"exp":1764634500}
//! ```
//!
//! Both parts are unpadded base64url. `kid` names one of the operator's keys (see
//! [`super::keys`]); `iat` and `exp` are Unix seconds. The signature is checked in
//! constant time before any claim is trusted.

use super::keys::PlayerKeys;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Longest token accepted, in bytes.
pub const MAX_TOKEN_LEN: usize = 2048;
/// Longest lifetime a token may claim (`exp - iat`), in seconds.
pub const MAX_TTL_S: i64 = 24 * 3600;
/// How far in the future `iat` may be, for clocks a little ahead.
pub const CLOCK_SKEW_S: i64 = 60;

/// What a player token says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claims {
    /// The id of the operator's key that signed it.
    pub kid: String,
    pub operator: String,
    pub tournament: String,
    pub player: String,
    /// Issued at, Unix seconds.
    pub iat: i64,
    /// Expires at, Unix seconds (refused from this second on).
    pub exp: i64,
}

/// Why a token was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("this needs a player token (`Authorization: Bearer <player token>`)")]
    Missing,
    #[error("not a player token")]
    Malformed,
    #[error("the token's key is not known")]
    UnknownKey,
    #[error("the token's signature does not match")]
    BadSignature,
    #[error("the token has expired")]
    Expired,
    #[error("the token is not valid yet")]
    NotYetValid,
    #[error("the token's lifetime is longer than {MAX_TTL_S} seconds")]
    TooLong,
    #[error("the token is for another tournament")]
    WrongTournament,
}

fn tag(secret: &[u8], payload: &str) -> Result<Vec<u8>, TokenError> {
    let mut mac = HmacSha256::new_from_slice(secret).map_err(|_| TokenError::UnknownKey)?;
    mac.update(payload.as_bytes());
    Ok(mac.finalize().into_bytes().to_vec())
}

/// Signs `claims` with `secret` (the key `claims.kid` names).
pub fn mint(claims: &Claims, secret: &[u8]) -> Result<String, TokenError> {
    let json = serde_json::to_vec(claims).map_err(|_| TokenError::Malformed)?;
    let payload = URL_SAFE_NO_PAD.encode(json);
    let sig = URL_SAFE_NO_PAD.encode(tag(secret, &payload)?);
    Ok(format!("{payload}.{sig}"))
}

/// Checks `token`'s signature against the keys, then its times at `now_s`.
pub fn verify(token: &str, keys: &PlayerKeys, now_s: i64) -> Result<Claims, TokenError> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(TokenError::Malformed);
    }
    let (payload, sig) = token.split_once('.').ok_or(TokenError::Malformed)?;
    let sig = URL_SAFE_NO_PAD
        .decode(sig)
        .map_err(|_| TokenError::Malformed)?;
    let json = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| TokenError::Malformed)?;
    let claims: Claims = serde_json::from_slice(&json).map_err(|_| TokenError::Malformed)?;
    let secret = keys
        .secret(&claims.operator, &claims.kid)
        .ok_or(TokenError::UnknownKey)?;
    let mut mac = HmacSha256::new_from_slice(secret).map_err(|_| TokenError::UnknownKey)?;
    mac.update(payload.as_bytes());
    mac.verify_slice(&sig)
        .map_err(|_| TokenError::BadSignature)?;
    check_times(&claims, now_s)?;
    Ok(claims)
}

fn check_times(c: &Claims, now_s: i64) -> Result<(), TokenError> {
    if c.exp.saturating_sub(c.iat) > MAX_TTL_S || c.exp < c.iat {
        return Err(TokenError::TooLong);
    }
    if c.iat > now_s.saturating_add(CLOCK_SKEW_S) {
        return Err(TokenError::NotYetValid);
    }
    if now_s >= c.exp {
        return Err(TokenError::Expired);
    }
    Ok(())
}

impl Claims {
    /// Whether the token names exactly this tournament of this operator.
    pub fn allows(&self, operator: &str, tournament: &str) -> Result<(), TokenError> {
        if self.operator == operator && self.tournament == tournament {
            Ok(())
        } else {
            Err(TokenError::WrongTournament)
        }
    }
}

/// Unix seconds now.
pub fn now_s() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "a-test-secret-of-at-least-32-characters";

    fn keys() -> PlayerKeys {
        PlayerKeys::parse(&format!(
            "[op-a]\norigins = []\nkeys = {{ k1 = \"{SECRET}\" }}\n"
        ))
        .unwrap_or_default()
    }

    fn claims(iat: i64, exp: i64) -> Claims {
        Claims {
            kid: "k1".into(),
            operator: "op-a".into(),
            tournament: "race".into(),
            player: "p1".into(),
            iat,
            exp,
        }
    }

    #[test]
    fn a_minted_token_verifies_until_it_expires() {
        let c = claims(1000, 1900);
        let t = mint(&c, SECRET.as_bytes()).unwrap_or_default();
        assert_eq!(verify(&t, &keys(), 1000), Ok(c));
        assert_eq!(verify(&t, &keys(), 1900), Err(TokenError::Expired));
    }

    #[test]
    fn a_changed_payload_or_signature_is_refused() {
        let t = mint(&claims(1000, 1900), SECRET.as_bytes()).unwrap_or_default();
        let other = mint(
            &Claims {
                player: "p2".into(),
                ..claims(1000, 1900)
            },
            b"another-secret-of-at-least-32-characters",
        )
        .unwrap_or_default();
        let (payload, _) = other.split_once('.').unwrap_or_default();
        let (_, sig) = t.split_once('.').unwrap_or_default();
        let forged = format!("{payload}.{sig}");
        assert_eq!(
            verify(&forged, &keys(), 1000),
            Err(TokenError::BadSignature)
        );
        assert_eq!(verify("x.y", &keys(), 1000), Err(TokenError::Malformed));
        assert_eq!(verify("", &keys(), 1000), Err(TokenError::Malformed));
    }

    #[test]
    fn lifetimes_beyond_a_day_and_tokens_from_the_future_are_refused() {
        let long = mint(&claims(0, MAX_TTL_S + 1), SECRET.as_bytes()).unwrap_or_default();
        assert_eq!(verify(&long, &keys(), 1), Err(TokenError::TooLong));
        let ahead = mint(&claims(5000, 5100), SECRET.as_bytes()).unwrap_or_default();
        assert_eq!(verify(&ahead, &keys(), 1000), Err(TokenError::NotYetValid));
    }
}
