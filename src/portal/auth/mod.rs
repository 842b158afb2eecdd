//! Who is asking the portal: a signed-in user (the `tourney_session` cookie) or an
//! operator API token (`Authorization: Bearer`), with a role.
//!
//! - [`users`]: the users file, people of an operator with their role and password hash.
//! - [`password`]: Argon2id hashes.
//! - [`sessions`]: sessions in memory, each with its CSRF token.
//!
//! A request authenticated by the cookie that changes something (any method but GET,
//! HEAD and OPTIONS) must carry the session's CSRF token in `X-CSRF-Token`, else it is
//! refused with 403 and code `csrf`. A bearer token involves no cookie and needs no
//! CSRF token; it acts as its operator with the role `approver`.

pub mod password;
pub mod sessions;
pub mod users;

pub use sessions::{Session, Sessions};
pub use users::{OperatorSettings, User, Users};

use super::api::{PortalError, PortalState};
use axum::extract::FromRequestParts;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method};
use serde::{Deserialize, Serialize};

/// The session cookie's name.
pub const COOKIE_NAME: &str = "tourney_session";
/// The header that carries the CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The user name of requests made with an operator API token.
pub const TOKEN_USER: &str = "api-token";

/// What a user may do; each role may do what the ones before it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads tournaments, versions, boards and the audit log.
    Viewer,
    /// Also saves, previews, dry-runs, plans, asks for approval, and activates when
    /// four eyes is off.
    Editor,
    /// Also approves or rejects other people's versions.
    Approver,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Approver => "approver",
        }
    }
}

/// The signed-in user or token of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub operator: String,
    pub user: String,
    pub role: Role,
    /// The session, when the cookie authenticated the request.
    pub session: Option<Session>,
}

impl Principal {
    /// Refuses a user whose role is below `role` (403 code `forbidden`).
    pub fn require(&self, role: Role) -> Result<(), PortalError> {
        if self.role >= role {
            return Ok(());
        }
        Err(PortalError::forbidden(format!(
            "`{}` is {} {}; this needs the role `{}`",
            self.user,
            article(self.role),
            self.role.name(),
            role.name()
        )))
    }
}

fn article(role: Role) -> &'static str {
    match role {
        Role::Approver => "an",
        _ => "a",
    }
}

impl FromRequestParts<PortalState> for Principal {
    type Rejection = PortalError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &PortalState,
    ) -> Result<Self, PortalError> {
        if let Some(value) = parts.headers.get(AUTHORIZATION) {
            let token = crate::serve::auth::bearer(value).ok_or_else(|| {
                PortalError::unauthorized("the `Authorization` header is not `Bearer <token>`")
            })?;
            let operator = state
                .api
                .tokens
                .operator(token)
                .ok_or_else(|| PortalError::unauthorized("unknown token"))?;
            return Ok(Principal {
                operator: operator.to_string(),
                user: TOKEN_USER.to_string(),
                role: Role::Approver,
                session: None,
            });
        }
        let session = session_of(&parts.headers, &state.sessions)
            .ok_or_else(|| PortalError::unauthorized("not signed in"))?;
        if changes_state(&parts.method) && !csrf_matches(&parts.headers, &session.csrf) {
            return Err(PortalError::new(
                axum::http::StatusCode::FORBIDDEN,
                "csrf",
                "this request changes state: send the session's CSRF token in `X-CSRF-Token`",
            ));
        }
        Ok(Principal {
            operator: session.operator.clone(),
            user: session.user.clone(),
            role: session.role,
            session: Some(session),
        })
    }
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The value of the session cookie, if the request has one.
pub fn cookie_value(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.trim())
}

/// The live session of the request's cookie.
pub fn session_of(headers: &HeaderMap, sessions: &Sessions) -> Option<Session> {
    cookie_value(headers).and_then(|id| sessions.get(id))
}

fn csrf_matches(headers: &HeaderMap, expected: &str) -> bool {
    let Some(given) = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let (a, b) = (given.trim().as_bytes(), expected.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The `Set-Cookie` value that opens a session (`secure` when served over https).
pub fn set_cookie(id: &str, secure: bool, max_age_s: u64) -> String {
    format!(
        "{COOKIE_NAME}={id}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age_s}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that ends a session.
pub fn clear_cookie(secure: bool) -> String {
    set_cookie("", secure, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            COOKIE,
            HeaderValue::from_static("a=1; tourney_session=abc ; b=2"),
        );
        assert_eq!(cookie_value(&h), Some("abc"));
        h.insert(COOKIE, HeaderValue::from_static("tourney_session_x=abc"));
        assert_eq!(cookie_value(&h), None);
    }

    #[test]
    fn roles_are_ordered_and_csrf_must_match_exactly() {
        assert!(Role::Approver > Role::Editor && Role::Editor > Role::Viewer);
        let mut h = HeaderMap::new();
        assert!(!csrf_matches(&h, "abc"));
        h.insert(CSRF_HEADER, HeaderValue::from_static("abd"));
        assert!(!csrf_matches(&h, "abc"));
        h.insert(CSRF_HEADER, HeaderValue::from_static("abc"));
        assert!(csrf_matches(&h, "abc"));
        assert!(set_cookie("x", true, 60).ends_with("; Secure"));
    }
}
