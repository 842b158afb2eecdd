//! `POST /v1/portal/preview`: what the source compiles to, the very text
//! `tourney preview` prints, with the statements and configs as data.

use super::check::SourceBody;
use super::source::compile_for;
use super::{audit, PortalError, PortalState};
use crate::emit::{emit, preview, EmitOptions};
use crate::portal::auth::{Principal, Role};
use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

pub async fn preview(
    State(state): State<PortalState>,
    who: Principal,
    Json(body): Json<SourceBody>,
) -> Result<Json<Value>, PortalError> {
    who.require(Role::Editor)?;
    let compiled = compile_for(&state, &who.operator, body.source).await?;
    if compiled.has_errors() {
        return Err(PortalError::invalid(
            "the source has errors: check it first",
        ));
    }
    let opts = EmitOptions::default();
    let mut emitted = Vec::new();
    for t in compiled.tournaments() {
        let e = emit(t, &opts)
            .map_err(|e| PortalError::invalid(format!("cannot compile `{}`: {e}", t.id)))?;
        emitted.push((t, e));
    }
    if emitted.is_empty() {
        return Err(PortalError::invalid("the source has no tournament"));
    }
    let text = preview::texts(emitted.iter().map(|(t, e)| (*t, e)));
    let statements: Vec<Value> = emitted
        .iter()
        .map(|(t, e)| {
            json!({"id": t.id, "source_stream": e.source_stream, "statement": e.statement,
            "stream": e.stream, "topic": e.topic})
        })
        .collect();
    let config: Vec<Value> = emitted
        .iter()
        .map(|(_, e)| serde_json::to_value(&e.config).unwrap_or(Value::Null))
        .collect();
    let ids: Vec<&str> = emitted.iter().map(|(t, _)| t.id.as_str()).collect();
    audit(
        &state,
        &who,
        "preview",
        ids.first().copied(),
        None,
        "ok",
        String::new(),
    )
    .await;
    Ok(Json(
        json!({ "text": text, "statements": statements, "config": config }),
    ))
}
