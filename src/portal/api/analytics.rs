//! `GET .../analytics`: events over time by outcome, players over time, the score
//! distribution, who is in the money and the prize budget of a tournament running in the
//! embedded runtime: the read API's analytics answer, for the signed-in operator.

use super::{PortalError, PortalState};
use crate::portal::auth::Principal;
use crate::serve::api::analytics::{build, Analytics};
use axum::extract::{Path, State};
use axum::Json;

pub async fn analytics(
    State(state): State<PortalState>,
    who: Principal,
    Path(id): Path<String>,
) -> Result<Json<Analytics>, PortalError> {
    let live = state
        .activator
        .live(&who.operator, &id)
        .ok_or_else(|| PortalError::not_found(format!("tournament `{id}` is not running")))?;
    Ok(Json(build(&live)))
}
