//! Errors of the portal API: a status, a stable code and a message, answered as
//! `{"error": {"code": "...", "message": "..."}}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// A refused or failed portal request.
#[derive(Debug, Clone, PartialEq)]
pub struct PortalError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// More fields of the error object (the current head of a conflict).
    pub extra: Option<Value>,
}

impl PortalError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        PortalError {
            status,
            code,
            message: message.into(),
            extra: None,
        }
    }

    /// Adds fields to the error object.
    pub fn with(mut self, extra: Value) -> Self {
        self.extra = Some(extra);
        self
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        PortalError::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        PortalError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        PortalError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        PortalError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        PortalError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message)
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        PortalError::new(StatusCode::CONFLICT, code, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        PortalError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }

    pub fn unavailable(message: impl Into<String>) -> Self {
        PortalError::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", message)
    }
}

impl IntoResponse for PortalError {
    fn into_response(self) -> Response {
        let mut error = json!({ "code": self.code, "message": self.message });
        if let (Some(Value::Object(more)), Some(obj)) = (self.extra, error.as_object_mut()) {
            obj.extend(more);
        }
        (self.status, Json(json!({ "error": error }))).into_response()
    }
}

/// A blocking task that did not finish (it panicked or the runtime is closing).
pub fn joined<T>(r: Result<T, tokio::task::JoinError>) -> Result<T, PortalError> {
    r.map_err(|e| PortalError::internal(format!("the request's task stopped: {e}")))
}
