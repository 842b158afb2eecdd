//! The read API over HTTP (axum).
//!
//! | route | auth | answer |
//! |---|---|---|
//! | `GET /v1/tournaments/{id}` | bearer | status: phase, window, counters |
//! | `GET /v1/tournaments/{id}/leaderboard?top=N` | bearer | the top `N` places (default the board size, at most 1000) |
//! | `GET /v1/tournaments/{id}/players/{player}?around=K` | bearer | the player's place and `K` players above and below (at most 100) |
//! | `GET /v1/tournaments/{id}/changes` | bearer | position changes as Server-Sent Events |
//! | `GET /healthz` | none | `{"status": "ok"}` |
//! | `GET /metrics` | none | Prometheus text |
//!
//! A tournament is looked up by the token's operator and the id, never the id alone:
//! another operator's tournament answers 404 like one that does not exist.

mod activity;
mod board;
mod error;
mod json_errors;
mod operator;
mod ops;
pub mod server;
mod status;
mod stream;

pub use board::{Entry, Leaderboard, PlayerView, MAX_AROUND, MAX_TOP};
pub use error::ApiError;
pub use operator::Operator;
pub use server::{serve, serve_with, Limits};

use super::auth::Tokens;
use super::metrics::Metrics;
use super::registry::Registry;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::watch;

/// What every handler shares.
#[derive(Clone)]
pub struct ApiState {
    pub registry: Arc<Registry>,
    pub tokens: Arc<Tokens>,
    pub metrics: Arc<Metrics>,
    closing: Arc<watch::Sender<bool>>,
}

impl ApiState {
    pub fn new(registry: Arc<Registry>, tokens: Tokens, metrics: Arc<Metrics>) -> Self {
        ApiState {
            registry,
            tokens: Arc::new(tokens),
            metrics,
            closing: Arc::new(watch::Sender::new(false)),
        }
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
        .route("/v1/tournaments/{id}/changes", get(stream::changes))
        .route("/healthz", get(ops::healthz))
        .route("/metrics", get(ops::metrics))
        .fallback(|| async { ApiError::not_found("no such route") })
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
