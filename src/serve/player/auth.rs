//! Who is asking on a player route: an optional player token, checked against the
//! route's operator and tournament before anything is read.

use super::token::{now_s, verify, Claims, TokenError};
use super::PlayerState;
use crate::serve::api::ApiError;
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, StatusCode};

/// The error a refused token answers: 403 when it is valid for another tournament,
/// 401 otherwise.
pub fn token_error(e: TokenError) -> ApiError {
    let status = match e {
        TokenError::WrongTournament => StatusCode::FORBIDDEN,
        _ => StatusCode::UNAUTHORIZED,
    };
    ApiError::new(status, format!("player token refused: {e}"))
}

/// Checks a presented token for `operator`'s tournament `id`.
pub fn check(
    player: &PlayerState,
    token: &str,
    operator: &str,
    id: &str,
) -> Result<Claims, ApiError> {
    let claims = verify(token, &player.keys, now_s()).map_err(token_error)?;
    claims.allows(operator, id).map_err(token_error)?;
    Ok(claims)
}

/// The claims of `Authorization: Bearer <player token>`, `None` without the header.
pub fn from_headers(
    player: &PlayerState,
    headers: &HeaderMap,
    operator: &str,
    id: &str,
) -> Result<Option<Claims>, ApiError> {
    let Some(value) = headers.get(AUTHORIZATION) else {
        return Ok(None);
    };
    let token = crate::serve::auth::bearer(value).ok_or_else(|| {
        ApiError::unauthorized("the `Authorization` header is not `Bearer <player token>`")
    })?;
    check(player, token, operator, id).map(Some)
}
