//! The portal's HTTP server: the portal API, the read API, the pages, and the headers
//! that keep the pages safe.
//!
//! - `/` and `/portal/...`: the embedded application (an unknown path under `/portal/`
//!   without a file extension is a screen of the application: `index.html`).
//! - Every answer carries a strict `Content-Security-Policy` (scripts, styles and
//!   connections from the portal itself only, no inline script, no framing),
//!   `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer`; API answers
//!   are `Cache-Control: no-store`.
//! - Errors of the portal API are JSON `{"error": {"code", "message"}}`, including
//!   what axum answers by itself (a body that is not JSON, a method not served).

use super::api::{routes, PortalError, PortalState};
use super::assets::asset;
use super::openapi;
use crate::serve::api::json_errors::as_json;
use crate::serve::api::{serve_app, Limits};
use axum::extract::{DefaultBodyLimit, Path, Request};
use axum::http::header::{self, HeaderValue};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;

/// Largest request body (an NDJSON file for a dry-run or an activation).
pub const MAX_BODY: usize = 64 << 20;

/// The policy of every answer.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; \
base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The whole application: portal API, read API, pages.
pub fn router(state: PortalState) -> Router {
    let read = crate::serve::api::router(state.api.clone());
    let (api, _) = routes();
    let api = api
        .route("/v1/openapi.json", get(openapi::document))
        .route_layer(middleware::from_fn(api_errors))
        .route_layer(middleware::from_fn(no_store));
    Router::new()
        .merge(api)
        .route("/", get(index))
        .route("/portal", get(index))
        .route("/portal/", get(index))
        .route("/portal/{*path}", get(page))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state)
        .fallback_service(read)
        .layer(middleware::from_fn(security_headers))
}

/// Serves the application on `listener` until the read API's state is closed.
pub async fn serve(
    listener: TcpListener,
    state: PortalState,
    limits: Limits,
) -> std::io::Result<()> {
    let api = state.api.clone();
    serve_app(listener, router(state), api, limits).await
}

async fn index() -> Response {
    served("index.html")
}

async fn page(Path(path): Path<String>) -> Response {
    if asset(&path).is_some() {
        return served(&path);
    }
    let last = path.rsplit('/').next().unwrap_or("");
    if last.contains('.') {
        return PortalError::not_found(format!("no file `/portal/{path}`")).into_response();
    }
    served("index.html")
}

fn served(path: &str) -> Response {
    let Some((content_type, bytes)) = asset(path) else {
        return PortalError::not_found(format!("no file `{path}`")).into_response();
    };
    let cache = if path == "index.html" {
        "no-cache"
    } else {
        "public, max-age=3600"
    };
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, cache),
        ],
        bytes,
    )
        .into_response()
}

/// The portal's own headers. A page that sets its own policy (the player page, which
/// operators embed in their sites with `frame-ancestors`) keeps it, and may be framed.
async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.entry(header::REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("no-referrer"));
    res
}

async fn no_store(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Rewrites what axum answers by itself (plain text) into the portal's JSON errors.
async fn api_errors(req: Request, next: Next) -> Response {
    as_json(next.run(req).await, |status, message| {
        let code = match status {
            StatusCode::BAD_REQUEST => "bad_request",
            StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
            StatusCode::PAYLOAD_TOO_LARGE => "too_large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
            StatusCode::UNPROCESSABLE_ENTITY => "invalid",
            _ => "error",
        };
        PortalError::new(status, code, message).into_response()
    })
    .await
}
