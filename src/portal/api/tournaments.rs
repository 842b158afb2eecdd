//! `GET/POST /v1/portal/tournaments`, `GET/PUT /v1/portal/tournaments/{id}`: the
//! operator's tournaments, created and saved as versions in the store.

use super::source::compile_for;
use super::versions::schedule_of;
use super::{audit, store, PortalError, PortalState};
use crate::portal::auth::{Principal, Role};
use crate::portal::store::Version;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// One line of the list.
#[derive(Debug, Serialize)]
pub struct Listed {
    id: String,
    title: String,
    phase: String,
    players: Option<usize>,
    counted: Option<u64>,
    /// Events received and not yet scored (live tournaments only).
    lag: Option<u64>,
    head: String,
    saved_at: Option<chrono::DateTime<chrono::Utc>>,
}

pub async fn list(
    State(state): State<PortalState>,
    who: Principal,
) -> Result<Json<Vec<Listed>>, PortalError> {
    let op = who.operator.clone();
    let rows = store(&state, move |s| {
        let mut out = Vec::new();
        for row in s.list(&op)? {
            let head = s.get(&op, &row.tournament)?;
            out.push((row, head.source));
        }
        Ok(out)
    })
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (row, source) in rows {
        let compiled = compile_for(&state, &who.operator, source).await?;
        let title = compiled
            .tournaments()
            .next()
            .map_or_else(|| row.tournament.clone(), |t| t.title.clone());
        let live = state.activator.live(&who.operator, &row.tournament);
        out.push(Listed {
            phase: state.activator.phase(&who.operator, &row.tournament),
            players: live.as_ref().map(|l| l.status().players),
            counted: live.as_ref().map(|l| l.status().counted),
            lag: live
                .as_ref()
                .map(|_| state.activator.lag(&who.operator, &row.tournament)),
            id: row.tournament,
            title,
            head: row.head,
            saved_at: row.saved_at,
        });
    }
    Ok(Json(out))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateBody {
    source: String,
}

pub async fn create(
    State(state): State<PortalState>,
    who: Principal,
    Json(body): Json<CreateBody>,
) -> Result<(StatusCode, Json<Version>), PortalError> {
    who.require(Role::Editor)?;
    let compiled = compile_for(&state, &who.operator, body.source.clone()).await?;
    let id = compiled.single(&who.operator)?.id.clone();
    let v = save(&state, &who, &id, body.source, None).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateBody {
    source: String,
    /// The head the source was edited from.
    base: String,
}

pub async fn update(
    State(state): State<PortalState>,
    who: Principal,
    Path(id): Path<String>,
    Json(body): Json<UpdateBody>,
) -> Result<Json<Version>, PortalError> {
    who.require(Role::Editor)?;
    // Another operator's tournament is not found, whatever the body says.
    let (op, tid) = (who.operator.clone(), id.clone());
    store(&state, move |s| s.get(&op, &tid)).await?;
    let compiled = compile_for(&state, &who.operator, body.source.clone()).await?;
    let t = compiled.single(&who.operator)?;
    if t.id != id {
        return Err(PortalError::invalid(format!(
            "the source defines `{}`, not `{id}`: create it as a new tournament",
            t.id
        )));
    }
    save(&state, &who, &id, body.source, Some(body.base))
        .await
        .map(Json)
}

async fn save(
    state: &PortalState,
    who: &Principal,
    id: &str,
    source: String,
    base: Option<String>,
) -> Result<Version, PortalError> {
    let (op, tid, user) = (who.operator.clone(), id.to_string(), who.user.clone());
    let saved = store(state, move |s| {
        s.save(&op, &tid, &source, base.as_deref(), &user)
    })
    .await;
    let (result, version, detail) = match &saved {
        Ok(v) => ("ok", Some(v.hash.as_str()), String::new()),
        Err(e) => ("refused", None, e.message.clone()),
    };
    audit(state, who, "save", Some(id), version, result, detail).await;
    saved
}

pub async fn get(
    State(state): State<PortalState>,
    who: Principal,
    Path(id): Path<String>,
) -> Result<Json<Value>, PortalError> {
    let (op, tid) = (who.operator.clone(), id.clone());
    let (head, versions) = store(&state, move |s| {
        Ok((s.get(&op, &tid)?, s.versions(&op, &tid)?))
    })
    .await?;
    let compiled = compile_for(&state, &who.operator, head.source.clone()).await?;
    let schedule = compiled.tournaments().next().map(schedule_of);
    Ok(Json(json!({
        "id": id,
        "source": head.source,
        "head": head.hash,
        "versions": versions,
        "phase": state.activator.phase(&who.operator, &id),
        "schedule": schedule,
        "live_version": state.activator.live_version(&who.operator, &id),
    })))
}
