//! `POST .../plan`, `.../activate`, `.../retire`: what going live would do, going live
//! (embedded run or ksqlDB deploy), and stopping. Four eyes: with the operator's
//! `four_eyes` on, only an approved version is activated.

use super::source::compile_for;
use super::{audit, store, PortalError, PortalState};
use crate::portal::activate::{complete, short, Feed, Planned, Step};
use crate::portal::auth::{Principal, Role};
use crate::portal::store::{Activation, ApprovalState, Outcome};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanBody {
    version: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivateBody {
    version: String,
    #[serde(default)]
    feed: Option<Feed>,
}

/// The tournament of version `hash` of `id`, checked.
async fn load(
    state: &PortalState,
    who: &Principal,
    id: &str,
    hash: &str,
) -> Result<(crate::ir::Tournament, String), PortalError> {
    let (op, tid, h) = (who.operator.clone(), id.to_string(), hash.to_string());
    let stored = store(state, move |s| s.version(&op, &tid, &h)).await?;
    let compiled = compile_for(state, &who.operator, stored.source.clone()).await?;
    let t = compiled.single(&who.operator)?.clone();
    Ok((t, stored.source))
}

pub async fn plan(
    State(state): State<PortalState>,
    who: Principal,
    Path(id): Path<String>,
    Json(body): Json<PlanBody>,
) -> Result<Json<Value>, PortalError> {
    who.require(Role::Editor)?;
    let (t, source) = load(&state, &who, &id, &body.version).await?;
    let actions: Vec<Planned> = state
        .activator
        .plan(&t, &source)
        .await
        .map_err(|e| PortalError::new(StatusCode::BAD_GATEWAY, "plan_failed", e))?;
    Ok(Json(
        json!({ "version": body.version, "target": state.activator.target(), "actions": actions }),
    ))
}

pub async fn activate(
    State(state): State<PortalState>,
    who: Principal,
    Path(id): Path<String>,
    Json(body): Json<ActivateBody>,
) -> Result<Json<Value>, PortalError> {
    who.require(Role::Editor)?;
    let (t, source) = load(&state, &who, &id, &body.version).await?;
    if state.users.settings(&who.operator).four_eyes {
        let (op, tid, v) = (who.operator.clone(), id.clone(), body.version.clone());
        let approval = store(&state, move |s| s.approval(&op, &tid, &v)).await?;
        if approval.map(|a| a.state) != Some(ApprovalState::Approved) {
            let message = format!(
                "four eyes is on: version {} goes live only once another user approves it",
                short(&body.version)
            );
            audit(
                &state,
                &who,
                "activate",
                Some(&id),
                Some(&body.version),
                "refused",
                message.clone(),
            )
            .await;
            return Err(PortalError::conflict("approval_required", message));
        }
    }
    let steps = state
        .activator
        .activate(&t, &source, &body.version, body.feed.unwrap_or_default())
        .await;
    let ok = complete(&steps);
    record(&state, &who, &id, &body.version, "activate", &steps).await;
    answer(&body.version, &state.activator.target(), steps, ok)
}

pub async fn retire(
    State(state): State<PortalState>,
    who: Principal,
    Path(id): Path<String>,
) -> Result<Json<Value>, PortalError> {
    who.require(Role::Editor)?;
    let (op, tid) = (who.operator.clone(), id.clone());
    let head = store(&state, move |s| s.get(&op, &tid)).await?;
    let steps = state.activator.retire(&who.operator, &id).await;
    let ok = complete(&steps);
    record(&state, &who, &id, &head.hash, "retire", &steps).await;
    answer(&head.hash, &state.activator.target(), steps, ok)
}

/// The activation record and the audit entry.
async fn record(
    state: &PortalState,
    who: &Principal,
    id: &str,
    version: &str,
    action: &str,
    steps: &[Step],
) {
    let ok = complete(steps);
    let detail = serde_json::to_string(steps).unwrap_or_default();
    if action == "activate" {
        let activation = Activation {
            operator: who.operator.clone(),
            tournament: id.to_string(),
            version: version.to_string(),
            at: chrono::Utc::now(),
            by: who.user.clone(),
            target: state.activator.target(),
            result: if ok {
                Outcome::Succeeded
            } else {
                Outcome::Failed
            },
            detail: detail.clone(),
        };
        if let Err(e) = store(state, move |s| s.record_activation(&activation)).await {
            tracing::error!(error = e.message, "cannot record the activation");
        }
    }
    let result = if ok { "ok" } else { "failed" };
    audit(state, who, action, Some(id), Some(version), result, detail).await;
}

fn answer(
    version: &str,
    target: &str,
    steps: Vec<Step>,
    ok: bool,
) -> Result<Json<Value>, PortalError> {
    if ok {
        return Ok(Json(
            json!({ "version": version, "target": target, "state": "done", "steps": steps }),
        ));
    }
    let done = steps
        .iter()
        .filter(|s| s.state == crate::portal::activate::StepState::Done)
        .count();
    Err(PortalError::new(
        StatusCode::BAD_GATEWAY,
        "incomplete",
        format!(
            "{done} of {} steps done; run it again to finish",
            steps.len()
        ),
    )
    .with(json!({ "steps": steps, "version": version, "target": target })))
}
