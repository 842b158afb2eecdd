//! `GET /v1/tournaments/{id}`: phase, window and counters.

use super::error::ApiError;
use super::operator::Operator;
use super::ApiState;
use crate::serve::status::Status;
use axum::extract::{Path, State};
use axum::Json;

pub async fn status(
    State(state): State<ApiState>,
    op: Operator,
    Path(id): Path<String>,
) -> Result<Json<Status>, ApiError> {
    Ok(Json(op.tournament(&state, &id)?.status()))
}
