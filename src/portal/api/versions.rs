//! Versions of a tournament: the list, one version's source, the diff of two, and the
//! schedule of the head in the tournament's time zone and in UTC.

use super::source::compile_for;
use super::{store, PortalError, PortalState};
use crate::ir::Tournament;
use crate::portal::auth::Principal;
use crate::portal::store::{DiffLine, Stored, Version};
use axum::extract::{Path, Query, State};
use axum::Json;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{json, Value};

pub async fn list(
    State(state): State<PortalState>,
    who: Principal,
    Path(id): Path<String>,
) -> Result<Json<Vec<Version>>, PortalError> {
    let (op, tid) = (who.operator.clone(), id.clone());
    let versions = store(&state, move |s| s.versions(&op, &tid)).await?;
    // A tournament has a version from its first save on: none means there is no such
    // tournament for this operator, which answers 404 like every other route.
    if versions.is_empty() {
        return Err(PortalError::not_found(format!("no tournament `{id}`")));
    }
    Ok(Json(versions))
}

pub async fn one(
    State(state): State<PortalState>,
    who: Principal,
    Path((id, hash)): Path<(String, String)>,
) -> Result<Json<Stored>, PortalError> {
    let op = who.operator.clone();
    store(&state, move |s| s.version(&op, &id, &hash))
        .await
        .map(Json)
}

#[derive(Debug, Deserialize)]
pub struct DiffQuery {
    from: String,
    to: String,
}

pub async fn diff(
    State(state): State<PortalState>,
    who: Principal,
    Path(id): Path<String>,
    Query(q): Query<DiffQuery>,
) -> Result<Json<Value>, PortalError> {
    let op = who.operator.clone();
    let (from, to) = (q.from.clone(), q.to.clone());
    let lines: Vec<DiffLine> = store(&state, move |s| s.diff(&op, &id, &from, &to)).await?;
    Ok(Json(json!({ "from": q.from, "to": q.to, "lines": lines })))
}

pub async fn schedule(
    State(state): State<PortalState>,
    who: Principal,
    Path(id): Path<String>,
) -> Result<Json<Value>, PortalError> {
    let op = who.operator.clone();
    let head = store(&state, move |s| s.get(&op, &id)).await?;
    let compiled = compile_for(&state, &who.operator, head.source).await?;
    let t = compiled.single(&who.operator)?;
    Ok(Json(schedule_of(t)))
}

/// Start, end and pre-warm start, each in the tournament's time zone and in UTC.
pub fn schedule_of(t: &Tournament) -> Value {
    let s = &t.schedule;
    let tz: chrono_tz::Tz = s.timezone.parse().unwrap_or(chrono_tz::UTC);
    let at = |ms: i64| {
        DateTime::<Utc>::from_timestamp_millis(ms).map(|utc| {
            json!({
                "utc": utc.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                "local": utc.with_timezone(&tz).to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
            })
        })
    };
    let prewarm = i64::try_from(s.prewarm_ms).unwrap_or(i64::MAX);
    json!({
        "timezone": s.timezone,
        "start": at(s.start_ms),
        "end": at(s.end_ms),
        "end_inclusive": s.end_inclusive,
        "prewarm": at(s.start_ms.saturating_sub(prewarm)),
        "prewarm_s": s.prewarm_ms / 1000,
    })
}
