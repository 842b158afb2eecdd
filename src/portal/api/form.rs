//! `POST /v1/portal/form/read` and `/form/write`: the source as form fields, and form
//! fields written back into the source (what the form cannot show is kept as it is).

use super::source::bounded;
use super::{joined, PortalError, PortalState};
use crate::portal::auth::Principal;
use crate::portal::form::{self, Form, FormRead};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Deserialize)]
pub struct ReadBody {
    source: String,
}

#[derive(Debug, Deserialize)]
pub struct WriteBody {
    source: String,
    form: Form,
}

pub async fn read(
    State(_state): State<PortalState>,
    _who: Principal,
    Json(body): Json<ReadBody>,
) -> Result<Json<FormRead>, PortalError> {
    bounded(&body.source)?;
    let read = joined(tokio::task::spawn_blocking(move || form::read(&body.source)).await)?;
    Ok(Json(read))
}

pub async fn write(
    State(_state): State<PortalState>,
    _who: Principal,
    Json(body): Json<WriteBody>,
) -> Result<Json<Value>, PortalError> {
    bounded(&body.source)?;
    let written =
        joined(tokio::task::spawn_blocking(move || form::write(&body.source, &body.form)).await)?;
    match written {
        Ok(source) => Ok(Json(json!({ "source": source }))),
        Err(e) => Err(
            PortalError::new(StatusCode::UNPROCESSABLE_ENTITY, e.code(), e.to_string())
                .with(serde_json::to_value(&e).unwrap_or(Value::Null)),
        ),
    }
}
