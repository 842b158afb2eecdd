//! The read API over HTTP (axum).
//!
//! | route | auth | answer |
//! |---|---|---|
//! | `GET /v1/tournaments/{id}` | bearer | status: phase, window, counters |
//! | `GET /v1/tournaments/{id}/leaderboard?top=N` | bearer | the top `N` places (default the board size, at most 1000) |
//! | `GET /v1/tournaments/{id}/leaderboard?at=T` | bearer | the top places as they were at `T` (RFC 3339), from the history |
//! | `GET /v1/tournaments/{id}/analytics` | bearer | events by outcome over time, players over time, score distribution, in the money, prize budget, top-of-board history |
//! | `GET /v1/tournaments/{id}/players/{player}?around=K` | bearer | the player's place and `K` players above and below (at most 100) |
//! | `GET /v1/tournaments/{id}/changes` | bearer | position changes as Server-Sent Events |
//! | `GET /play/{operator}/{id}` | none (player token in the URL fragment) | the player page (HTML) |
//! | `GET /play/embed.js` | none | the script that embeds the player page in an iframe |
//! | `GET /play/assets/{file}` | none | the page's script and style |
//! | `GET /v1/play/{operator}/{id}/board?top=N` | player token when the board is private | the top `N` (default 10, at most 100) with others shown by the `display` rule; `ETag`, `Cache-Control: public` |
//! | `GET /v1/play/{operator}/{id}/me` | player token | the player's place, score and neighbours; `ETag`, `Cache-Control: private` |
//! | `GET /v1/play/{operator}/{id}/ws` | player token in the `subscribe` message | WebSocket: pushes what the player sees change |
//! | `GET /healthz` | none | `{"status": "ok"}`; 503 `{"status": "stalled"}` once a worker's scoring loop has not gone round for its stall limit |
//! | `GET /readyz` | none | 200 once the server is ready (a pool member: joined its group), 503 before |
//! | `GET /metrics` | none | Prometheus text |
//!
//! A tournament is looked up by the token's operator and the id, never the id alone:
//! another operator's tournament answers 404 like one that does not exist. A player
//! token is not an operator token: the bearer routes refuse it (401). See
//! [`crate::serve::player`] for the player routes.

mod activity;
pub mod analytics;
mod board;
pub mod elsewhere;
mod error;
pub mod json_errors;
pub mod liveness;
mod operator;
mod ops;
pub mod server;
mod status;
mod stream;

pub use board::{Entry, Leaderboard, PlayerView, MAX_AROUND, MAX_TOP};
pub use error::ApiError;
pub use operator::Operator;
pub use server::{serve, serve_app, serve_with, Limits};

use super::auth::Tokens;
use super::metrics::Metrics;
use super::player::{self, HubOptions, PlayerKeys, PlayerState};
use super::registry::Registry;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::watch;

/// Another way to name the operator of a request than a bearer token (the portal's
/// session cookie); asked only when the request has no `Authorization` header.
pub trait CookieAuth: Send + Sync {
    /// The operator the request's cookies sign in as.
    fn operator(&self, headers: &axum::http::HeaderMap) -> Option<String>;
}

/// What every handler shares.
#[derive(Clone)]
pub struct ApiState {
    pub registry: Arc<Registry>,
    pub tokens: Arc<Tokens>,
    pub metrics: Arc<Metrics>,
    pub player: Arc<PlayerState>,
    /// Signed-in sessions, when the portal serves the read API too.
    pub cookies: Option<Arc<dyn CookieAuth>>,
    /// Who holds the tournaments this server does not (a pool's other replicas).
    pub elsewhere: Option<Arc<dyn elsewhere::Locate>>,
    forwarder: reqwest::Client,
    /// Whether `/readyz` says ready.
    pub ready: Arc<AtomicBool>,
    /// The scoring loop `/healthz` watches, where there is one.
    pub liveness: Option<Arc<liveness::Liveness>>,
    closing: Arc<watch::Sender<bool>>,
}

impl ApiState {
    pub fn new(registry: Arc<Registry>, tokens: Tokens, metrics: Arc<Metrics>) -> Self {
        ApiState {
            registry,
            tokens: Arc::new(tokens),
            metrics,
            player: Arc::new(PlayerState::default()),
            cookies: None,
            elsewhere: None,
            forwarder: reqwest::Client::new(),
            ready: Arc::new(AtomicBool::new(true)),
            liveness: None,
            closing: Arc::new(watch::Sender::new(false)),
        }
    }

    /// The player keys and fan-out options of the player routes.
    pub fn with_player(mut self, keys: PlayerKeys, opts: HubOptions) -> Self {
        self.player = Arc::new(PlayerState::new(keys, opts));
        self
    }

    /// A receiver that sees `true` once the server closes.
    pub fn closing(&self) -> watch::Receiver<bool> {
        self.closing.subscribe()
    }

    /// Also accepts the operator `cookies` names (the read routes are GETs: no state
    /// changes, so no CSRF token is involved).
    pub fn with_cookies(mut self, cookies: Arc<dyn CookieAuth>) -> Self {
        self.cookies = Some(cookies);
        self
    }

    /// Forwards requests for tournaments not held here to their holder.
    pub fn with_elsewhere(mut self, locate: Arc<dyn elsewhere::Locate>) -> Self {
        self.elsewhere = Some(locate);
        self
    }

    /// `/readyz` follows `ready` (true by default).
    pub fn with_readiness(mut self, ready: Arc<AtomicBool>) -> Self {
        self.ready = ready;
        self
    }

    /// `/healthz` answers 503 once one of the `loops` stalls.
    pub fn with_liveness(mut self, loops: Arc<liveness::Liveness>) -> Self {
        self.liveness = Some(loops);
        self
    }

    /// Ends the live streams and lets [`serve`] return once requests in flight are done.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    async fn closed(&self) {
        let mut rx = self.closing.subscribe();
        let _ = rx.wait_for(|closing| *closing).await;
    }
}

/// The routes, ready for [`serve`] or for tests.
pub fn router(state: ApiState) -> Router {
    Router::new()
        .route("/v1/tournaments/{id}", get(status::status))
        .route("/v1/tournaments/{id}/leaderboard", get(board::leaderboard))
        .route("/v1/tournaments/{id}/players/{player}", get(board::player))
        .route("/v1/tournaments/{id}/analytics", get(analytics::analytics))
        .route("/v1/tournaments/{id}/changes", get(stream::changes))
        .route("/play/embed.js", get(player::page::embed_js))
        .route("/play/assets/{file}", get(player::page::asset))
        .route("/play/{operator}/{id}", get(player::page::page))
        .route("/v1/play/{operator}/{id}/board", get(player::routes::board))
        .route("/v1/play/{operator}/{id}/me", get(player::routes::me))
        .route("/v1/play/{operator}/{id}/ws", get(player::ws::ws))
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .fallback(|| async { ApiError::not_found("no such route") })
        .layer(middleware::from_fn_with_state(
            state.clone(),
            elsewhere::forward,
        ))
        .layer(middleware::from_fn(json_errors::json_errors))
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

async fn log_request(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let started = Instant::now();
    let res = next.run(req).await;
    tracing::debug!(
        %method,
        path,
        status = res.status().as_u16(),
        micros = started.elapsed().as_micros() as u64,
        "request"
    );
    res
}
