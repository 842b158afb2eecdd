//! Sessions in memory: a random 256-bit id in the cookie, a random 256-bit CSRF token
//! per session, a fixed lifetime. Only the SHA-256 digest of an id is kept, so the
//! table holds no usable secret and a lookup compares no secret.

use super::Role;
use parking_lot::Mutex;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Default lifetime of a session.
pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(12 * 3600);
/// Most sessions open at once; signing in beyond it is refused until some expire.
pub const MAX_SESSIONS: usize = 100_000;

/// Who a session is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub operator: String,
    pub user: String,
    pub role: Role,
    pub csrf: String,
    expires: Instant,
}

/// The open sessions.
pub struct Sessions {
    lifetime: Duration,
    by_digest: Mutex<HashMap<[u8; 32], Session>>,
}

/// 32 random bytes as 64 hex digits.
pub fn random_token() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| format!("no randomness from the system: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn digest(id: &str) -> [u8; 32] {
    Sha256::digest(id.as_bytes()).into()
}

impl Sessions {
    pub fn new(lifetime: Duration) -> Self {
        Sessions {
            lifetime,
            by_digest: Mutex::new(HashMap::new()),
        }
    }

    /// How long a session lasts, in seconds (the cookie's `Max-Age`).
    pub fn lifetime_s(&self) -> u64 {
        self.lifetime.as_secs()
    }

    /// Opens a session; returns its id (for the cookie) and the session.
    pub fn open(
        &self,
        operator: &str,
        user: &str,
        role: Role,
    ) -> Result<(String, Session), String> {
        let id = random_token()?;
        let session = Session {
            operator: operator.to_string(),
            user: user.to_string(),
            role,
            csrf: random_token()?,
            expires: Instant::now() + self.lifetime,
        };
        let mut map = self.by_digest.lock();
        if map.len() >= MAX_SESSIONS {
            let now = Instant::now();
            map.retain(|_, s| s.expires > now);
            if map.len() >= MAX_SESSIONS {
                return Err("too many open sessions; try again later".into());
            }
        }
        map.insert(digest(&id), session.clone());
        Ok((id, session))
    }

    /// The live session of a cookie id; an expired one is closed.
    pub fn get(&self, id: &str) -> Option<Session> {
        let d = digest(id);
        let mut map = self.by_digest.lock();
        match map.get(&d) {
            Some(s) if s.expires > Instant::now() => Some(s.clone()),
            Some(_) => {
                map.remove(&d);
                None
            }
            None => None,
        }
    }

    /// Closes a session (sign-out).
    pub fn close(&self, id: &str) {
        self.by_digest.lock().remove(&digest(id));
    }
}

/// The read API accepts a signed-in session for its reads.
impl crate::serve::api::CookieAuth for Sessions {
    fn operator(&self, headers: &axum::http::HeaderMap) -> Option<String> {
        super::session_of(headers, self).map(|s| s.operator)
    }
}

impl Default for Sessions {
    fn default() -> Self {
        Sessions::new(DEFAULT_LIFETIME)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_is_found_by_its_id_until_closed_or_expired() {
        let sessions = Sessions::default();
        let Ok((id, s)) = sessions.open("op-a", "ann", Role::Viewer) else {
            return;
        };
        assert_eq!(id.len(), 64);
        assert_ne!(id, s.csrf);
        assert_eq!(sessions.get(&id).map(|s| s.user), Some("ann".to_string()));
        assert!(sessions.get(&s.csrf).is_none());
        sessions.close(&id);
        assert!(sessions.get(&id).is_none());
        let short = Sessions::new(Duration::ZERO);
        let id = short
            .open("op-a", "ann", Role::Viewer)
            .map(|(id, _)| id)
            .unwrap_or_default();
        assert!(short.get(&id).is_none());
    }
}
