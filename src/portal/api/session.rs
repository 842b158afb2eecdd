//! `POST /v1/session` (sign in), `GET /v1/session` (who am I), `DELETE /v1/session`.

use super::{audit, joined, PortalError, PortalState};
use crate::portal::auth::{self, Principal, Role, TOKEN_USER};
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

/// A user's password or an operator API token.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    operator: String,
    #[serde(default)]
    user: Option<String>,
    #[serde(default)]
    password: Option<String>,
    #[serde(default)]
    token: Option<String>,
}

/// Who is signed in, and the CSRF token their changes must carry.
#[derive(Debug, Serialize)]
pub struct SessionView {
    operator: String,
    user: String,
    role: Role,
    /// Empty for a bearer token (no cookie, no CSRF).
    csrf: String,
    four_eyes: bool,
}

fn view(state: &PortalState, p: &Principal) -> SessionView {
    SessionView {
        operator: p.operator.clone(),
        user: p.user.clone(),
        role: p.role,
        csrf: p
            .session
            .as_ref()
            .map(|s| s.csrf.clone())
            .unwrap_or_default(),
        four_eyes: state.users.settings(&p.operator).four_eyes,
    }
}

pub async fn sign_in(
    State(state): State<PortalState>,
    Json(body): Json<SignIn>,
) -> Result<Response, PortalError> {
    let (user, role) = match (&body.user, &body.password, &body.token) {
        (Some(user), Some(password), None) => {
            let users = state.users.clone();
            let (op, name, pw) = (body.operator.clone(), user.clone(), password.clone());
            let found = joined(
                tokio::task::spawn_blocking(move || {
                    users.authenticate(&op, &name, &pw).map(|u| u.role)
                })
                .await,
            )?;
            (user.clone(), found)
        }
        (None, None, Some(token)) => {
            let ok = state.api.tokens.operator(token) == Some(body.operator.as_str());
            (TOKEN_USER.to_string(), ok.then_some(Role::Approver))
        }
        _ => {
            return Err(PortalError::bad_request(
                "send `operator` with `user` and `password`, or `operator` with `token`",
            ))
        }
    };
    let Some(role) = role else {
        tracing::info!(operator = body.operator, user, "sign-in refused");
        return Err(PortalError::unauthorized(
            "unknown operator, user or password",
        ));
    };
    let (id, session) = state
        .sessions
        .open(&body.operator, &user, role)
        .map_err(PortalError::unavailable)?;
    let who = Principal {
        operator: session.operator.clone(),
        user: session.user.clone(),
        role,
        session: Some(session),
    };
    audit(&state, &who, "sign-in", None, None, "ok", String::new()).await;
    let cookie = auth::set_cookie(&id, state.secure_cookie, state.sessions.lifetime_s());
    Ok(([(SET_COOKIE, cookie)], Json(view(&state, &who))).into_response())
}

pub async fn current(State(state): State<PortalState>, who: Principal) -> Json<SessionView> {
    Json(view(&state, &who))
}

pub async fn sign_out(
    State(state): State<PortalState>,
    headers: HeaderMap,
    who: Principal,
) -> Response {
    if let Some(id) = auth::cookie_value(&headers) {
        state.sessions.close(id);
    }
    audit(&state, &who, "sign-out", None, None, "ok", String::new()).await;
    let cookie = auth::clear_cookie(state.secure_cookie);
    ([(SET_COOKIE, cookie)], axum::http::StatusCode::NO_CONTENT).into_response()
}
