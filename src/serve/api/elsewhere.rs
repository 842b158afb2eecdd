//! One address for every tournament of a pool. Each replica of the scoring pool serves
//! the read API of the tournaments it holds; a request for one held by another replica
//! is forwarded to it (its address is written with the lease), and the answer comes
//! back unchanged: JSON, a Server-Sent Events stream, or a WebSocket relayed message
//! by message. So a Service in front of all the replicas answers for every tournament,
//! whichever replica the request lands on. A forwarded request carries
//! [`FORWARDED`] and is never forwarded again.

use super::ApiState;
use axum::body::Body;
use axum::extract::ws::{Message as AxumMessage, WebSocket, WebSocketUpgrade};
use axum::extract::{FromRequestParts, Request};
use axum::http::{HeaderMap, HeaderName, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message as WireMessage;

/// Marks a request one replica forwarded to another.
pub const FORWARDED: &str = "x-tourney-forwarded";

/// Where the replica holding a tournament answers. Called off the async runtime (it
/// may ask a database).
pub trait Locate: Send + Sync {
    fn holder(&self, operator: &str, id: &str) -> Holder;
}

/// Who holds a tournament this replica does not serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holder {
    /// Another replica, answering at this address (`http://host:port`).
    Elsewhere(String),
    /// Passing between replicas (released and not yet taken, or taken by this one
    /// and not yet restored): answered with 503 and `Retry-After`, not 404.
    Moving,
    /// Nobody: this replica answers itself (404 for a tournament it does not know).
    Nobody,
}

/// Headers passed on in both directions.
const PASSED: [&str; 6] = [
    "authorization",
    "if-none-match",
    "accept",
    "origin",
    "etag",
    "cache-control",
];

/// The middleware: forwards requests for tournaments this replica does not hold.
pub async fn forward(state: axum::extract::State<ApiState>, req: Request, next: Next) -> Response {
    let Some(locate) = state.elsewhere.clone() else {
        return next.run(req).await;
    };
    if req.headers().contains_key(FORWARDED) {
        return next.run(req).await;
    }
    let Some((op, id)) = tournament_of(&state, &req) else {
        return next.run(req).await;
    };
    if state.registry.get(&op, &id).is_some() {
        return next.run(req).await;
    }
    let holder = tokio::task::spawn_blocking(move || locate.holder(&op, &id))
        .await
        .unwrap_or(Holder::Nobody);
    let base = match holder {
        Holder::Elsewhere(base) => base,
        Holder::Moving => return moving(),
        Holder::Nobody => return next.run(req).await,
    };
    let path = req
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_string();
    if path.ends_with("/ws") || path.contains("/ws?") {
        return relay_ws(req, &base, &path).await;
    }
    proxy_http(&state, req.headers(), &base, &path).await
}

/// The operator and id a tournament route names: from the path for the player
/// routes, from the bearer token for the operator routes.
fn tournament_of(state: &ApiState, req: &Request) -> Option<(String, String)> {
    let path = req.uri().path();
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match parts.as_slice() {
        ["v1", "play", op, id, ..] => Some((decode(op)?, decode(id)?)),
        ["v1", "tournaments", id, ..] => {
            let value = req.headers().get(axum::http::header::AUTHORIZATION)?;
            let token = crate::serve::auth::bearer(value)?;
            let op = state.tokens.operator(token)?;
            Some((op.to_string(), decode(id)?))
        }
        _ => None,
    }
}

/// A path segment with its `%XX` sequences decoded; `None` when they do not make
/// UTF-8.
fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

async fn proxy_http(state: &ApiState, headers: &HeaderMap, base: &str, path: &str) -> Response {
    let mut req = state
        .forwarder
        .get(format!("{base}{path}"))
        .header(FORWARDED, "1");
    for name in PASSED {
        if let Some(v) = headers.get(name) {
            req = req.header(name, v.clone());
        }
    }
    let res = match req.send().await {
        Ok(r) => r,
        Err(e) => return unavailable(&e.to_string()),
    };
    let mut out = Response::builder().status(res.status().as_u16());
    for name in PASSED.iter().chain(&["content-type"]) {
        if let Some(v) = res.headers().get(*name) {
            out = out.header(HeaderName::from_static(name), v.as_bytes());
        }
    }
    out.body(Body::from_stream(res.bytes_stream()))
        .unwrap_or_else(|e| unavailable(&e.to_string()))
}

/// Accepts the player's WebSocket here and relays it to the holder's, both ways.
async fn relay_ws(req: Request, base: &str, path: &str) -> Response {
    let (mut parts, _) = req.into_parts();
    let upgrade = match WebSocketUpgrade::from_request_parts(&mut parts, &()).await {
        Ok(u) => u,
        Err(e) => return e.into_response(),
    };
    let url = format!("{}{path}", base.replacen("http", "ws", 1));
    let mut request =
        match tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(
            url.as_str(),
        ) {
            Ok(r) => r,
            Err(e) => return unavailable(&e.to_string()),
        };
    request
        .headers_mut()
        .insert(FORWARDED, axum::http::HeaderValue::from_static("1"));
    if let Some(o) = parts.headers.get("origin") {
        request.headers_mut().insert("origin", o.clone());
    }
    let upstream = match tokio_tungstenite::connect_async(request).await {
        Ok((s, _)) => s,
        Err(e) => return unavailable(&e.to_string()),
    };
    upgrade.on_upgrade(move |socket| pipe(socket, upstream))
}

async fn pipe(
    socket: WebSocket,
    upstream: tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
) {
    let (mut to_player, mut from_player) = socket.split();
    let (mut to_holder, mut from_holder) = upstream.split();
    let up = async {
        while let Some(Ok(m)) = from_player.next().await {
            let m = match m {
                AxumMessage::Text(t) => WireMessage::Text(t.as_str().into()),
                AxumMessage::Binary(b) => WireMessage::Binary(b),
                AxumMessage::Ping(p) => WireMessage::Ping(p),
                AxumMessage::Pong(p) => WireMessage::Pong(p),
                AxumMessage::Close(_) => break,
            };
            if to_holder.send(m).await.is_err() {
                break;
            }
        }
        let _ = to_holder.close().await;
    };
    let down = async {
        while let Some(Ok(m)) = from_holder.next().await {
            let m = match m {
                WireMessage::Text(t) => AxumMessage::Text(t.as_str().into()),
                WireMessage::Binary(b) => AxumMessage::Binary(b),
                WireMessage::Ping(p) => AxumMessage::Ping(p),
                WireMessage::Pong(p) => AxumMessage::Pong(p),
                WireMessage::Close(_) | WireMessage::Frame(_) => break,
            };
            if to_player.send(m).await.is_err() {
                break;
            }
        }
        let _ = to_player.close().await;
    };
    tokio::select! { () = up => {}, () = down => {} }
}

fn unavailable(why: &str) -> Response {
    let body = serde_json::json!({"error": format!("the replica holding this tournament did not answer: {why}")});
    (StatusCode::BAD_GATEWAY, axum::Json(body)).into_response()
}

/// A tournament between two replicas: ask again in a second.
fn moving() -> Response {
    let body = serde_json::json!({"error": "the tournament is moving between replicas; retry in a second"});
    let mut res = (StatusCode::SERVICE_UNAVAILABLE, axum::Json(body)).into_response();
    res.headers_mut().insert(
        axum::http::header::RETRY_AFTER,
        axum::http::HeaderValue::from_static("1"),
    );
    res
}

/// A [`Locate`] for tests and fixed layouts: holders from a function.
pub struct LocateFn<F>(pub F);

impl<F: Fn(&str, &str) -> Holder + Send + Sync> Locate for LocateFn<F> {
    fn holder(&self, operator: &str, id: &str) -> Holder {
        (self.0)(operator, id)
    }
}
