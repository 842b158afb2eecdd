//! Every error answer is JSON: `{"error": "..."}` with its status code.
//!
//! The handlers answer their own errors as [`super::ApiError`]; what axum answers by
//! itself (a path that does not decode, a method a route does not serve, a body too
//! large) comes as plain text or empty, and is rewritten here, keeping the status and
//! the other headers (`Allow` on a `405`).

use super::error::ApiError;
use axum::body::to_bytes;
use axum::extract::Request;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Longest plain-text error kept as the message.
const MAX_MESSAGE: usize = 1024;

pub async fn json_errors(req: Request, next: Next) -> Response {
    as_json(next.run(req).await, |status, message| {
        ApiError::new(status, message).into_response()
    })
    .await
}

/// `res` itself, unless it is an error that is not JSON: then the answer `json` makes of
/// its status and its text (or the status's reason when it has none), with the other
/// headers of `res` kept.
pub async fn as_json(res: Response, json: impl FnOnce(StatusCode, String) -> Response) -> Response {
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) || is_json(&res) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let text = to_bytes(body, MAX_MESSAGE)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let message = if text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_lowercase()
    } else {
        text
    };
    let (json_parts, json_body) = json(status, message).into_parts();
    parts.headers.remove(CONTENT_LENGTH);
    for (name, value) in &json_parts.headers {
        parts.headers.insert(name.clone(), value.clone());
    }
    Response::from_parts(parts, json_body)
}

fn is_json(res: &Response) -> bool {
    res.headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}
