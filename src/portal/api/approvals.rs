//! Four eyes: asking for a second person's approval of a version, approving or
//! rejecting it (never one's own), and the approvals waiting for a decision.

use super::{audit, store, PortalError, PortalState};
use crate::portal::auth::{Principal, Role};
use crate::portal::store::Approval;
use axum::extract::{Path, State};
use axum::Json;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionBody {
    pub version: String,
}

pub async fn request(
    State(state): State<PortalState>,
    who: Principal,
    Path(id): Path<String>,
    Json(body): Json<VersionBody>,
) -> Result<Json<Approval>, PortalError> {
    who.require(Role::Editor)?;
    let (op, tid, v, user) = (
        who.operator.clone(),
        id.clone(),
        body.version.clone(),
        who.user.clone(),
    );
    let asked = store(&state, move |s| s.request_approval(&op, &tid, &v, &user)).await;
    let result = if asked.is_ok() { "ok" } else { "refused" };
    audit(
        &state,
        &who,
        "request-approval",
        Some(&id),
        Some(&body.version),
        result,
        String::new(),
    )
    .await;
    asked.map(Json)
}

pub async fn approve(
    state: State<PortalState>,
    who: Principal,
    path: Path<(String, String)>,
) -> Result<Json<Approval>, PortalError> {
    decide(state, who, path, true).await
}

pub async fn reject(
    state: State<PortalState>,
    who: Principal,
    path: Path<(String, String)>,
) -> Result<Json<Approval>, PortalError> {
    decide(state, who, path, false).await
}

async fn decide(
    State(state): State<PortalState>,
    who: Principal,
    Path((id, hash)): Path<(String, String)>,
    approve: bool,
) -> Result<Json<Approval>, PortalError> {
    // Another operator's tournament is not found, whatever the user's role.
    let (op, tid) = (who.operator.clone(), id.clone());
    store(&state, move |s| s.get(&op, &tid)).await?;
    who.require(Role::Approver)?;
    let (op, tid, v, user) = (
        who.operator.clone(),
        id.clone(),
        hash.clone(),
        who.user.clone(),
    );
    let decided = store(&state, move |s| s.decide(&op, &tid, &v, &user, approve)).await;
    let action = if approve { "approve" } else { "reject" };
    let (result, detail) = match &decided {
        Ok(_) => ("ok", String::new()),
        Err(e) => ("refused", e.message.clone()),
    };
    audit(&state, &who, action, Some(&id), Some(&hash), result, detail).await;
    decided.map(Json)
}

pub async fn pending(
    State(state): State<PortalState>,
    who: Principal,
) -> Result<Json<Vec<Approval>>, PortalError> {
    let op = who.operator.clone();
    store(&state, move |s| s.pending(&op)).await.map(Json)
}
