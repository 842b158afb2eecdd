//! Who is asking: the operator a bearer token belongs to (or a signed-in session's), and the tournament lookup
//! that always goes through that operator.

use super::error::ApiError;
use super::ApiState;
use crate::serve::live::LiveTournament;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use std::sync::Arc;

/// The operator of the request's `Authorization: Bearer <token>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator(pub String);

impl FromRequestParts<ApiState> for Operator {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Self, ApiError> {
        let Some(value) = parts.headers.get(AUTHORIZATION) else {
            if let Some(op) = state
                .cookies
                .as_ref()
                .and_then(|c| c.operator(&parts.headers))
            {
                return Ok(Operator(op));
            }
            return Err(ApiError::unauthorized(
                "missing `Authorization: Bearer <token>` header",
            ));
        };
        let token = crate::serve::auth::bearer(value).ok_or_else(|| {
            ApiError::unauthorized("the `Authorization` header is not `Bearer <token>`")
        })?;
        state
            .tokens
            .operator(token)
            .map(|op| Operator(op.to_string()))
            .ok_or_else(|| ApiError::unauthorized("unknown token"))
    }
}

impl Operator {
    /// The operator's tournament `id`; another operator's tournament is not found.
    pub fn tournament(&self, state: &ApiState, id: &str) -> Result<Arc<LiveTournament>, ApiError> {
        state.registry.get(&self.0, id).ok_or_else(|| {
            ApiError::not_found(format!("no tournament `{id}` for operator `{}`", self.0))
        })
    }
}
